import { constants } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { parseImportFile } from '../src/leads/imports/lead-import-file.js';

const HEADER = 'externalRef,customerName,customerPhone,addressLine1,city,state,pincode';
const row = (i: number, address: string) => `IMP-${i},Customer ${i},+9197${String(i).padStart(8, '0')},"${address}",Pune,Maharashtra,411001`;

describe('an import file (RFC 4180): rows are records, not lines', () => {
  it('reads every row when quoted cells hold line breaks (LF and CRLF), and keeps the breaks', () => {
    const text = [HEADER, ...Array.from({ length: 1000 }, (_, i) => row(i, i % 2 ? `Flat ${i}\nMG Road` : `Flat ${i}\r\nMG Road\r\nPune`))].join('\r\n');
    const rows = parseImportFile(Buffer.from(text, 'utf8'), 1500);
    expect(rows).toHaveLength(1000);
    expect(rows[999]).toMatchObject({ externalRef: 'IMP-999', addressLine1: 'Flat 999\nMG Road' });
    expect(rows[998]).toMatchObject({ externalRef: 'IMP-998', addressLine1: 'Flat 998\r\nMG Road\r\nPune' });
  });

  it('skips blank lines without counting them against IMPORT_MAX_ROWS, and refuses one row too many', () => {
    const rows = Array.from({ length: 5 }, (_, i) => row(i, `${i} MG Road`));
    expect(parseImportFile(Buffer.from([HEADER, '', ...rows.flatMap((r) => [r, ''])].join('\n'), 'utf8'), 5)).toHaveLength(5);
    expect(() => parseImportFile(Buffer.from([HEADER, ...rows, row(5, 'Flat 5\nMG Road')].join('\n'), 'utf8'), 5)).toThrow(expect.objectContaining({ status: 413 }));
  });

  it('reads coordinates as spreadsheets write them, and leaves anything else as text for validation to refuse', () => {
    const text = [`${HEADER},latitude,longitude`, `${row(1, 'a')},+19.1,72.`, `${row(2, 'b')},.5,-72.80`, `${row(3, 'c')},"19,1",72.8E0`].join('\n');
    expect(parseImportFile(Buffer.from(text, 'utf8'), 10).map(({ latitude, longitude }) => ({ latitude, longitude }))).toEqual([
      { latitude: 19.1, longitude: 72 },
      { latitude: 0.5, longitude: -72.8 },
      { latitude: '19,1', longitude: '72.8E0' },
    ]);
  });
});

describe('an import file as large as Node.js can decode, and no larger', () => {
  // V8's longest string (2^29 - 24 characters on 64-bit Node 20+): TextDecoder decodes the whole file into one.
  const limit = constants.MAX_STRING_LENGTH;

  it('IMPORT_MAX_BYTES may be set up to that length, and past it the configuration is refused naming the variable', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'chargeops-import-config-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    expect(loadConfig({ IMPORT_MAX_BYTES: String(limit) }, cwd).importMaxBytes).toBe(limit);
    for (const value of [limit + 1, 1024 * 1024 * 1024]) {
      const refused = (() => {
        try {
          loadConfig({ IMPORT_MAX_BYTES: String(value) }, cwd);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused).toMatchObject({ variable: 'IMPORT_MAX_BYTES', message: expect.stringContaining(`IMPORT_MAX_BYTES must be at most ${limit}`) });
    }
  });

  it('a longer file (the CLI reads any) is refused as too large, not as "not UTF-8"', () => {
    const bytes = Buffer.alloc(limit + 1, 'a');
    expect(() => parseImportFile(bytes, 10)).toThrow(expect.objectContaining({ status: 413, code: 'LEAD_IMPORT_TOO_LARGE', extras: { limitBytes: limit } }));
  });

  it('still calls a file with a malformed UTF-8 sequence not UTF-8', () => {
    expect(() => parseImportFile(Buffer.from([0x63, 0xff, 0x0a]), 10)).toThrow(expect.objectContaining({ status: 400, code: 'LEAD_IMPORT_INVALID_FILE', message: 'the file is not UTF-8 text' }));
  });
});
