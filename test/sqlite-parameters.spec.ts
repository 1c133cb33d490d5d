import { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from 'vitest';
import { bindSqliteNumbers, QueryLogger } from '../src/database/sqlite-parameters.js';

// TypeORM's SQLite driver wrote numbers into the SQL text, so each new lead's coordinates made a
// statement SQLite had to prepare afresh (and hold in native memory until a GC): the server's RSS
// grew by ~300 MB under sustained POST /leads (bench/README.md, session 25). Runs on SQLite in
// every suite: the other drivers bind numbers already.
describe('SQLite numbers bound, not written into the statement', () => {
  let ds: DataSource;
  let prepare: MockInstance<(sql: string) => unknown>;

  beforeEach(async () => {
    ds = await bindSqliteNumbers(new DataSource({ type: 'better-sqlite3', database: ':memory:' })).initialize();
    await ds.query('CREATE TABLE places (id INTEGER PRIMARY KEY, code TEXT NOT NULL, latitude DECIMAL(9,6), longitude DECIMAL(9,6))');
    const connection = (ds.driver as unknown as { databaseConnection: { prepare(sql: string): unknown } }).databaseConnection;
    prepare = vi.spyOn(connection, 'prepare');
  });
  afterEach(() => ds.destroy());

  const insert = (code: string, latitude: number, longitude: number) =>
    ds.createQueryBuilder().insert().into('places', ['code', 'latitude', 'longitude']).values({ code, latitude, longitude }).execute();

  it('prepares one INSERT for rows that differ only in their numbers, and stores each row its own', async () => {
    await insert('a', 18.52043, 73.856744);
    await insert('b', 28.613939, 77.209021);
    await insert('c', 12.971599, 77.594566);
    const inserts = prepare.mock.calls.map(([sql]) => sql).filter((sql) => sql.startsWith('INSERT'));
    expect(inserts).toHaveLength(1);
    expect(inserts[0]).not.toMatch(/18\.52|28\.61|12\.97/);
    expect(await ds.query('SELECT code, latitude, longitude FROM places ORDER BY code')).toEqual([
      { code: 'a', latitude: 18.52043, longitude: 73.856744 },
      { code: 'b', latitude: 28.613939, longitude: 77.209021 },
      { code: 'c', latitude: 12.971599, longitude: 77.594566 },
    ]);
  });

  it('binds an integer as INTEGER and a fraction as REAL, as the literals were', async () => {
    const [sql, parameters] = ds.driver.escapeQueryWithParameters('SELECT typeof(:i) AS i, typeof(:r) AS r, 7 / :i AS quotient, :i || \'\' AS text, :flag AS flag', { i: 2, r: 2.5, flag: true });
    expect(sql).not.toMatch(/2\.5|\b2\b/);
    // Integer division and text without ".0": what `7 / 2` and `2 || ''` gave.
    expect(await ds.query(sql, parameters)).toEqual([{ i: 'integer', r: 'real', quotient: 3, text: '2', flag: 1 }]);
    expect(ds.driver.escapeQueryWithParameters('SELECT :n AS n', { n: 3 })[0]).toBe(ds.driver.escapeQueryWithParameters('SELECT :n AS n', { n: 4 })[0]);
  });

  it("keeps TypeORM's own handling of arrays and dates", async () => {
    await insert('a', 1, 2);
    await insert('b', 3, 4);
    const rows = await ds
      .createQueryBuilder()
      .select('p.code', 'code')
      .from('places', 'p')
      .where('p.id IN (:...ids)', { ids: [1, 2] })
      .andWhere('p.latitude < :most', { most: 2 })
      .andWhere(":now > '2026-12-06'", { now: new Date('2026-12-07T00:00:00Z') })
      .getRawMany();
    expect(rows).toEqual([{ code: 'a' }]);
  });

  it('writes a bound BigInt into the query log as its number', () => {
    const info = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    new QueryLogger(['query']).logQuery('SELECT ? AS n', [7n, 'x']);
    expect(info.mock.calls.flat().join(' ')).toContain('-- PARAMETERS: [7,"x"]');
    info.mockRestore();
  });
});
