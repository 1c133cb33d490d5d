import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/** Bound parameters per statement, under SQLite's limit (32,766) and MariaDB's and PostgreSQL's (65,535). */
const MAX_PARAMETERS = 30_000;

/**
 * INSERTs `rows` of `target` in as few statements as the databases' parameter limits allow, every
 * value converted by the TypeORM driver as a save would convert it (transformers, dates, booleans,
 * JSON). The columns are those any row gives a value for; a row that leaves one of them out writes
 * NULL there (not the column's default), so give every row the same fields. No RETURNING, no
 * entity updated: the caller set the ids. For bulk writes (the lead import), where TypeORM's
 * InsertQueryBuilder spent more CPU building the statement than the database spent running it
 * (bench/README.md, issue 14).
 * @throws the driver's QueryFailedError (e.g. a unique violation) for the whole statement
 */
export async function bulkInsert<T extends ObjectLiteral>(em: EntityManager, target: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  if (!rows.length) return;
  const metadata = em.connection.getMetadata(target);
  const driver = em.connection.driver;
  const columns = metadata.columns.filter((column) => !column.isVirtual && rows.some((row) => column.getEntityValue(row) !== undefined));
  const head = `INSERT INTO ${driver.escape(metadata.tablePath)} (${columns.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES `;
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const parameters: unknown[] = [];
    const tuples = rows.slice(start, start + perStatement).map((row) => {
      const placeholders = columns.map((column) => {
        parameters.push(driver.preparePersistentValue(column.getEntityValue(row) ?? null, column));
        return driver.createParameter(`p${parameters.length}`, parameters.length - 1);
      });
      return `(${placeholders.join(', ')})`;
    });
    await em.query(head + tuples.join(', '), parameters);
  }
}
