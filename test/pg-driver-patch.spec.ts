import pg from 'pg';
import { describe, expect, it } from 'vitest';

/** What pg's `Result` does with a statement's row description and each row (lib/result.js; @types/pg leaves these out). */
interface RowParser {
  addFields(fields: ReadonlyArray<{ name: string; dataTypeID: number; format: string }>): void;
  parseRow(values: ReadonlyArray<string | null>): unknown;
  _prebuiltEmptyResultObject: unknown;
}
const ParsedResult = pg.Result as unknown as new (rowMode?: 'array') => RowParser;

/**
 * The PostgreSQL driver as `npm ci` leaves it: patched by patches/pg+8.23.1.patch (patch-package,
 * the `postinstall` script; patches/README.md). The patch takes work out of every statement and must
 * keep what the driver promises its callers.
 */
describe('pg as patched (patches/pg+8.23.1.patch)', () => {
  const TEXT = 1043;
  const INT4 = 23;
  const fields = [
    { name: 'id', dataTypeID: INT4, format: 'text' },
    { name: 'name', dataTypeID: TEXT, format: 'text' },
  ];

  it('reads a query config without writing to it, so one config serves many queries', () => {
    const config = Object.freeze({ name: 'lead_by_id', text: 'SELECT $1::int', values: [1], rowMode: 'array' });
    const done = (): void => undefined;

    const query = new pg.Query(config, undefined, done);
    expect(query).toMatchObject({ name: 'lead_by_id', text: 'SELECT $1::int', values: [1], callback: done });
    // Values and a callback given beside the config win over the config's, as before the patch.
    expect(new pg.Query(config, [2], done)).toMatchObject({ values: [2], callback: done });
    expect(new pg.Query(config, done)).toMatchObject({ values: [1], callback: done });
    expect(new pg.Query('SELECT 1')).toMatchObject({ text: 'SELECT 1', values: undefined, callback: undefined });
    expect(config).toEqual({ name: 'lead_by_id', text: 'SELECT $1::int', values: [1], rowMode: 'array' });
  });

  it('parses rows as arrays without building the object rows it does not use', () => {
    const result = new ParsedResult('array');
    result.addFields(fields);
    expect(result.parseRow(['7', 'Asha'])).toEqual([7, 'Asha']);
    expect(result.parseRow([null, null])).toEqual([null, null]);
    expect(result._prebuiltEmptyResultObject).toBeNull();
  });

  it('still gives rows as objects with every column in order, nulls included', () => {
    const result = new ParsedResult();
    result.addFields(fields);
    const row = result.parseRow([null, 'Asha']) as Record<string, unknown>;
    expect(row).toEqual({ id: null, name: 'Asha' });
    expect(Object.keys(row)).toEqual(['id', 'name']);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('gives a column named __proto__ as a column, never as the row prototype', () => {
    const result = new ParsedResult();
    result.addFields([fields[0], { name: '__proto__', dataTypeID: TEXT, format: 'text' }]);
    const row = result.parseRow(['7', 'shadow']) as Record<string, unknown>;
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(row, '__proto__')?.value).toBe('shadow');
    expect(Object.keys(row)).toEqual(['id', '__proto__']);
  });
});
