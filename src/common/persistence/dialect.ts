import type { DataSource, EntityManager, EntityTarget, FindOptionsWhere, ObjectLiteral, SelectQueryBuilder } from 'typeorm';

/**
 * The SQL dialect a connection speaks: `sqlite` (better-sqlite3), `postgres`, or `mariadb`
 * (MariaDB ≥ 10.11 through mysql2; its sessions run with ANSI_QUOTES, so `"identifier"` quoting
 * is the same on all three: see database/mariadb-driver.ts).
 */
export type Dialect = 'sqlite' | 'postgres' | 'mariadb';

/** The dialect of a data source or of a manager's connection. */
export function dialectOf(source: EntityManager | DataSource): Dialect {
  const type = ('connection' in source ? source.connection : source).options.type;
  if (type === 'postgres') return 'postgres';
  if (type === 'mariadb' || type === 'mysql') return 'mariadb';
  return 'sqlite';
}

/** The `n`th (1-based) bound parameter in hand-written SQL: `$n` on PostgreSQL, `?` elsewhere. */
export function placeholder(dialect: Dialect, n: number): string {
  return dialect === 'postgres' ? `$${n}` : '?';
}

/**
 * The bound parameter `:name` in a form the planner cannot see: on PostgreSQL
 * `(SELECT CAST(:name AS type))`, a one-row subquery (an InitPlan) that it estimates as an
 * unknown value, elsewhere `:name`. A prepared statement whose custom plans look cheaper than its
 * generic plan only because they know such a value (a keyset cursor, a cutoff) then costs the
 * same both ways, and PostgreSQL keeps its generic plan after the first five runs instead of
 * planning every execution (plan_cache_mode `auto`; bench/README.md, issue 13, session 27).
 * @param type the SQL type the value is compared as (`timestamp`, `uuid`)
 */
export function unseenParameter(dialect: Dialect, name: string, type: string): string {
  return dialect === 'postgres' ? `(SELECT CAST(:${name} AS ${type}))` : `:${name}`;
}

/**
 * True on PostgreSQL and MariaDB: transactions run concurrently on a pool of connections and take
 * row locks (`FOR SHARE`, `FOR UPDATE`); SQLite queues them on its one connection (TransactionRunner).
 */
export function isServerDatabase(source: EntityManager | DataSource): boolean {
  return dialectOf(source) !== 'sqlite';
}

/**
 * One row of `entity` read in `em`'s transaction for a change saved from it: locked FOR UPDATE on
 * PostgreSQL and MariaDB (SQLite's transactions run one at a time), so that a concurrent change
 * of another column waits and is not written back with its old value by `save`.
 * @returns the row, or null when none matches
 */
export function findForUpdate<E extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<E>, where: FindOptionsWhere<E>): Promise<E | null> {
  return em.getRepository(entity).findOne({ where, ...(isServerDatabase(em) && { lock: { mode: 'pessimistic_write' as const } }) });
}

/** SQLite's function for {@link lowerCase}: JavaScript's `toLowerCase`, the one the code applies to the text it compares with. */
export const SQLITE_UNICODE_LOWER = 'unicode_lower';

/**
 * SQL lower-casing `column` for comparison with `text` lower-cased in JavaScript (a search, a
 * filter in any letter case): `LOWER(column)`, except on SQLite when `text` has a character beyond
 * ASCII. SQLite's `LOWER()` folds ASCII only, so `LOWER('Émile')` stays `Émile` and a search for
 * "Émile" found nothing even typed exactly; there the column goes through JavaScript's
 * `toLowerCase` ({@link SQLITE_UNICODE_LOWER}, registered in database/data-source-options.ts), a
 * call per row that an ASCII search, the usual one, does without. PostgreSQL and MariaDB fold
 * Unicode themselves.
 */
export function lowerCase(dialect: Dialect, column: string, text: string): string {
  return dialect === 'sqlite' && /[\u0080-\uffff]/.test(text) ? `${SQLITE_UNICODE_LOWER}(${column})` : `LOWER(${column})`;
}

/**
 * Narrows `qb` to rows whose `column` (a property path, `t.leadId`) is one of `values`: on
 * PostgreSQL `column = ANY(:name)` with the values as one array parameter, elsewhere
 * `column IN (:...name)`. One parameter instead of one per value: TypeORM renders and the driver
 * converts each of them (bench/README.md: the export's 1,000-lead batches), and the statement's
 * text stays the same whatever the number of values, so it can be prepared. `values` must not be
 * empty (IN () is not SQL).
 */
export function whereAnyOf<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, column: string, name: string, values: readonly unknown[]): SelectQueryBuilder<T> {
  return dialectOf(qb.connection) === 'postgres' ? qb.andWhere(`${column} = ANY(:${name})`, { [name]: values }) : qb.andWhere(`${column} IN (:...${name})`, { [name]: values });
}
