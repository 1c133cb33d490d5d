import type { DataSource, QueryRunner } from 'typeorm';

/** A statement and its positional parameters (`$1`, `$2`, …), as `getQueryAndParameters()` gives them. */
export type Statement = readonly [sql: string, parameters: readonly unknown[]];

/** A snapshot id as `pg_export_snapshot()` prints it (hex groups and dashes), checked before it is put into SQL. */
const SNAPSHOT_ID = /^[0-9A-F]+(-[0-9A-F]+)+$/i;

/**
 * The end of the queue of callers taking connections here: one caller at a time acquires its
 * connections, so two callers cannot each hold one and wait for the other's (with a pool of 20 and
 * ten concurrent callers that would wait until the pool's timeout).
 */
let acquiring: Promise<unknown> = Promise.resolve();

/**
 * PostgreSQL only: runs read-only `statements` at the same time, each on its own pooled connection
 * in its own `REPEATABLE READ READ ONLY` transaction, all reading the same data. The first
 * transaction exports its snapshot (`pg_export_snapshot()`) and the others import it (`SET
 * TRANSACTION SNAPSHOT`) before their first query (PostgreSQL manual, "Snapshot Synchronization
 * Functions"), so a lead created meanwhile is in none of the answers or in all of them; together
 * they answer as one statement would, on as many cores as statements. Each transaction runs
 * `setup` first (e.g. `SET LOCAL work_mem = '16MB'`: it ends with the transaction).
 *
 * Why: a single statement runs on one core, and some aggregates (ordered-set ones such as
 * `percentile_cont`) never run in parallel workers.
 *
 * @param dataSource a PostgreSQL data source
 * @returns the raw rows of each statement, in the order given
 * @throws what the driver throws (every transaction is rolled back and every connection released)
 */
export async function readInOneSnapshot(dataSource: DataSource, statements: readonly Statement[], setup: readonly string[] = []): Promise<Array<Array<Record<string, unknown>>>> {
  const runners: QueryRunner[] = [];
  const acquired = acquiring.then(async () => {
    while (runners.length < statements.length) {
      const runner = dataSource.createQueryRunner();
      await runner.connect();
      runners.push(runner);
    }
  });
  acquiring = acquired.catch(() => undefined);
  try {
    await acquired;
    const begin = async (runner: QueryRunner, snapshot?: string) => {
      await runner.query('START TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
      // Before the transaction's first query, as PostgreSQL requires.
      if (snapshot) await runner.query(`SET TRANSACTION SNAPSHOT '${snapshot}'`);
      for (const sql of setup) await runner.query(sql);
    };
    const [first, ...others] = runners;
    await begin(first);
    const [{ id }] = (await first.query('SELECT pg_export_snapshot() AS id')) as Array<{ id: string }>;
    if (!SNAPSHOT_ID.test(id)) throw new Error(`unexpected snapshot id ${JSON.stringify(id)}`);
    await Promise.all(others.map((runner) => begin(runner, id)));
    const results = (await Promise.all(statements.map(([sql, parameters], i) => runners[i].query(sql, [...parameters])))) as Array<Array<Record<string, unknown>>>;
    await Promise.all(runners.map((runner) => runner.query('COMMIT')));
    return results;
  } catch (error) {
    // Harmless on a connection with no transaction open (a warning, not an error).
    await Promise.all(runners.map((runner) => runner.query('ROLLBACK').catch(() => undefined)));
    throw error;
  } finally {
    await Promise.all(runners.map((runner) => runner.release().catch(() => undefined)));
  }
}
