import { AdvancedConsoleLogger, type DataSource, type ObjectLiteral } from 'typeorm';

/** A number TypeORM's SQLite driver is to bind, not write into the statement ({@link bindSqliteNumbers}). */
class BoundNumber {
  constructor(readonly value: number) {}

  /** What better-sqlite3 binds as the literal's type: a safe integer as INTEGER (a BigInt), anything else as REAL. */
  get bound(): bigint | number {
    return Number.isSafeInteger(this.value) ? BigInt(this.value) : this.value;
  }
}

type Escape = (sql: string, parameters: ObjectLiteral) => [string, unknown[]];

/**
 * Makes TypeORM's SQLite driver bind numeric parameters instead of writing them into the SQL text.
 * TypeORM (1.1, `AbstractSqliteDriver.escapeQueryWithParameters`) writes a number as a literal, so
 * every new lead's coordinates made its INSERT a statement never seen before: prepared afresh on
 * each request, past both statement caches, and each prepared statement's native memory (~5 KB)
 * held until V8 collected its wrapper, which V8 does not hurry for memory it cannot see. Sustained
 * `POST /leads` grew the server's RSS by ~300 MB (bench/README.md, session 25).
 *
 * The binding keeps the literal's type: better-sqlite3 binds a JS number as REAL, so a safe integer
 * goes as a BigInt (INTEGER: `7 / :n` stays integer division, a TEXT column stores `8`, not `8.0`).
 * Everything else (booleans, dates, arrays, SQL functions) keeps TypeORM's own handling. Call on a
 * new data source; other drivers are left alone.
 */
export function bindSqliteNumbers(dataSource: DataSource): DataSource {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource;
  const driver = dataSource.driver as unknown as { escapeQueryWithParameters: Escape };
  const escape = driver.escapeQueryWithParameters.bind(driver);
  driver.escapeQueryWithParameters = (sql, parameters) => {
    let boxed: ObjectLiteral | undefined;
    for (const key in parameters) {
      const value: unknown = parameters[key];
      if (typeof value === 'number') (boxed ??= Object.assign({}, parameters))[key] = new BoundNumber(value);
    }
    if (boxed === undefined) return escape(sql, parameters);
    const [text, values] = escape(sql, boxed);
    return [text, values.map((value) => (value instanceof BoundNumber ? value.bound : value))];
  };
  return dataSource;
}

/**
 * TypeORM's console query log (`TYPEORM_LOGGING=true`) with a bound BigInt
 * ({@link bindSqliteNumbers}) written as its number: `JSON.stringify` throws on a BigInt, and the
 * log then printed the bare array, which the bench's capture of the app's statements cannot read.
 */
export class QueryLogger extends AdvancedConsoleLogger {
  protected override stringifyParams(parameters: unknown[]): string {
    return JSON.stringify(parameters, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value));
  }
}
