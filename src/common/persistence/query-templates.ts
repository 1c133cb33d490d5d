import { createHash } from 'node:crypto';
import pg from 'pg';
import { type EntityManager, type ObjectLiteral, QueryFailedError, type SelectQueryBuilder } from 'typeorm';
import type { JoinAttribute } from 'typeorm/query-builder/JoinAttribute.js';
import { dialectOf, whereAnyOf } from './dialect.js';

/** Shapes kept per process; the hot queries have a few dozen (filters present × page size). */
const MAX_TEMPLATES = 1_000;
const templates = new Map<string, string>();

/**
 * Runs a SELECT built with TypeORM's query builder and returns its raw rows, like `getRawMany()`,
 * but builds the SQL text only once per shape of the query. TypeORM renders the whole statement
 * again on every call (aliases, escaping, a regular expression per property); on the lead list
 * that was ~6 % of the server's CPU (bench/README.md, issue #6).
 *
 * The shape is `name` plus what the builder holds of selections, joins (kind, target, alias,
 * condition), WHERE tree, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET, DISTINCT and locking; parameter
 * values are not part of it (they stay `:named` in the cached text and are bound per call by the
 * driver, arrays expanded as usual). So two queries under one name that differ only by a join get
 * SQL of their own (test/query-templates.spec.ts).
 *
 * @param em where to run it: the transaction's manager, or the data source's for a plain read
 * @returns the driver's rows, column names as TypeORM aliases them (`lead_id`, or the alias given)
 */
export async function rawRowsOf<T = Record<string, unknown>>(em: EntityManager, name: string, qb: SelectQueryBuilder<ObjectLiteral>, options: { prepared?: boolean } = {}): Promise<T[]> {
  const [sql, parameters] = statementOf(em, name, qb);
  return (options.prepared ? await preparedQuery(em, sql, parameters) : await em.query(sql, parameters)) as T[];
}

/** The SQL text of `qb` from the cache of shapes (see {@link rawRowsOf}) and its bound parameters. */
function statementOf(em: EntityManager, name: string, qb: SelectQueryBuilder<ObjectLiteral>): [string, unknown[]] {
  const map = qb.expressionMap;
  const key = `${name}\u0000${JSON.stringify([map.selects, joinShape(map.joinAttributes), map.wheres, map.groupBys, map.havings, map.orderBys, map.limit, map.offset, map.selectDistinct, map.lockMode, map.onLocked])}`;
  let text = templates.get(key);
  if (text === undefined) {
    text = qb.getQuery();
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(key, text);
  }
  return em.connection.driver.escapeQueryWithParameters(text, qb.getParameters()) as [string, unknown[]];
}

/** Rows as the driver's arrays, with the column names once (see {@link arrayRowsOf}). */
export interface ArrayRows {
  columns: string[];
  rows: unknown[][];
}

const TIMESTAMP_OID = 1114;

/** pg's parsers, but `timestamp` (without time zone: UTC here) left as its text, as SQLite stores it. */
const TEXT_TIMESTAMPS = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === TIMESTAMP_OID ? (text: string) => text : pg.types.getTypeParser(oid, format)),
};

/** A mysql2 connection or pool (callback API), as TypeORM's MariaDB driver holds them. */
interface MysqlQueryable {
  query(options: { sql: string; rowsAsArray: boolean; dateStrings: boolean }, values: unknown[], callback: (error: Error | null, rows: unknown[][], fields: { name: string }[]) => void): void;
}

/** mysql2's rows as arrays (`rowsAsArray`), DATETIME as its text (`dateStrings`), on the transaction's connection or the pool. */
async function mysqlArrayRows(em: EntityManager, sql: string, parameters: unknown[]): Promise<ArrayRows> {
  const target = (em.queryRunner ? await em.queryRunner.connect() : (em.connection.driver as unknown as { pool: MysqlQueryable }).pool) as MysqlQueryable;
  return new Promise((resolve, reject) => {
    target.query({ sql, rowsAsArray: true, dateStrings: true }, parameters, (error, rows, fields) => {
      if (error) reject(error);
      else resolve({ columns: fields.map((field) => field.name), rows });
    });
  });
}

/** A better-sqlite3 statement in raw (array) mode. */
interface RawStatement {
  all(...parameters: unknown[]): unknown[][];
  columns(): { name: string }[];
}

/** Per better-sqlite3 connection (a statement belongs to its connection), its raw statements by SQL text. */
const rawStatements = new WeakMap<object, Map<string, RawStatement>>();

/**
 * Runs a SELECT built with TypeORM's query builder (SQL text cached per shape, as {@link rawRowsOf})
 * and returns the rows as the driver's arrays, the cheapest form every driver has (issue #13): no
 * object per row, and `timestamp` columns as their text (`YYYY-MM-DD HH:MM:SS[.fff…]`, UTC; see
 * `isoTimestamp`) instead of a `Date` parsed only to be printed again. For the hot reads, which
 * build their answer straight from each row. `prepared` as in {@link preparedQuery}. Outside a
 * transaction it runs on the pool (PostgreSQL, MariaDB) or the connection (SQLite) directly;
 * logged as TypeORM logs queries. MariaDB sends booleans as 0/1 and bigints as text, as SQLite
 * and PostgreSQL respectively do.
 * @throws QueryFailedError as `em.query()` does
 */
export async function arrayRowsOf(em: EntityManager, name: string, qb: SelectQueryBuilder<ObjectLiteral>, options: { prepared?: boolean } = {}): Promise<ArrayRows> {
  const [sql, parameters] = statementOf(em, name, qb);
  const { driver, logger } = em.connection;
  const dialect = dialectOf(em);
  logger.logQuery(loggedText(sql, options.prepared === true && dialect === 'postgres'), parameters, em.queryRunner);
  try {
    if (dialect === 'mariadb') return await mysqlArrayRows(em, sql, parameters);
    if (dialect === 'postgres') {
      type Client = { query(config: object): Promise<{ fields: { name: string }[]; rows: unknown[][] }> };
      const client = (em.queryRunner ? await em.queryRunner.connect() : (driver as unknown as { master: Client }).master) as Client;
      const result = await client.query({ name: options.prepared ? statementName(sql) : undefined, text: sql, values: parameters, rowMode: 'array', types: TEXT_TIMESTAMPS });
      return { columns: result.fields.map((field) => field.name), rows: result.rows };
    }
    const db = (driver as unknown as { databaseConnection: { prepare(sql: string): { raw(on: boolean): RawStatement } } }).databaseConnection;
    let statements = rawStatements.get(db);
    if (!statements) rawStatements.set(db, (statements = new Map()));
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql).raw(true);
      if (statements.size >= MAX_TEMPLATES) statements.clear();
      statements.set(sql, statement);
    }
    // better-sqlite3 binds no booleans (TypeORM's own runner converts them the same way).
    const rows = statement.all(...parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p)));
    return { columns: statement.columns().map((column) => column.name), rows };
  } catch (error) {
    logger.logQueryError(error as Error, sql, parameters, em.queryRunner);
    throw new QueryFailedError(sql, parameters, error as Error);
  }
}

/**
 * What of a query's joins its SQL depends on. The join attributes themselves hold the data source
 * and the builder (cycles, no JSON), and an entity target is a class, which JSON would drop: so its
 * name stands for it, and a subquery join for its SQL.
 */
function joinShape(joins: readonly JoinAttribute[]): unknown[] {
  return joins.map((join) => [
    join.direction,
    typeof join.entityOrProperty === 'function' ? `class:${join.entityOrProperty.name}` : join.entityOrProperty,
    join.alias.name,
    join.alias.subQuery ?? null,
    join.condition ?? null,
  ]);
}

/** Appended to the logged text of a statement run as a named prepared statement. */
const PREPARED_MARK = ' /* prepared */';

/**
 * A statement's text as the query log shows it: marked when it runs prepared, so that the log tells
 * which statements are (bench/raw-server.mjs prepares the same ones). What runs is `sql` itself.
 */
function loggedText(sql: string, prepared: boolean): string {
  return prepared ? sql + PREPARED_MARK : sql;
}

const statementNames = new Map<string, string>();

/** The name a prepared statement of `sql` has on every pooled connection. */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `co_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
    if (statementNames.size >= MAX_TEMPLATES) statementNames.clear();
    statementNames.set(sql, name);
  }
  return name;
}

/**
 * Runs `sql` like `em.query()` (same logging, errors as TypeORM's QueryFailedError), but on
 * PostgreSQL as a named prepared statement: each pooled connection parses it once and then only
 * binds and executes it. PostgreSQL may then run it with a generic plan (after five runs, when
 * that plan costs no more than the custom ones), so use it for statements whose plan does not
 * depend on the values: primary and unique key lookups, INSERTs. On SQLite and MariaDB, `em.query()`.
 * @returns the rows (for an INSERT … RETURNING, the returned rows)
 */
export async function preparedQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  if (dialectOf(em) !== 'postgres') return (await em.query(sql, parameters)) as T[];
  const name = statementName(sql);
  const runner = em.queryRunner ?? em.connection.createQueryRunner();
  try {
    const client = (await runner.connect()) as { query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: T[] }> };
    em.connection.logger.logQuery(loggedText(sql, true), parameters, runner);
    try {
      return (await client.query({ name, text: sql, values: parameters })).rows;
    } catch (error) {
      em.connection.logger.logQueryError(error as Error, sql, parameters, runner);
      throw new QueryFailedError(sql, parameters, error as Error);
    }
  } finally {
    if (runner !== em.queryRunner) await runner.release();
  }
}

/**
 * Like `getMany()` for a query that selects plain columns of its main entity only (no relations,
 * no embedded entities): {@link rawRowsOf}, then the entities with the driver's own conversions
 * of each selected column (dates, decimals, booleans, transformers).
 */
export async function entitiesOf<T extends ObjectLiteral>(em: EntityManager, name: string, qb: SelectQueryBuilder<T>, options: { prepared?: boolean } = {}): Promise<T[]> {
  const alias = qb.expressionMap.mainAlias;
  if (!alias?.hasMetadata) throw new Error(`entitiesOf(${name}): the query has no main entity`);
  const rows = await rawRowsOf(em, name, qb as SelectQueryBuilder<ObjectLiteral>, options);
  if (!rows.length) return [];
  const { driver } = em.connection;
  const columns = alias.metadata.columns.map((column) => ({ key: `${alias.name}_${column.databaseName}`, column })).filter(({ key }) => key in rows[0]);
  return rows.map((row) => {
    const entity = alias.metadata.create() as Record<string, unknown>;
    for (const { key, column } of columns) entity[column.propertyName] = driver.prepareHydratedValue(row[key], column);
    return entity as T;
  });
}

/** A survey or an installation as the lead list summarises it: its own number, lead and booking. */
export interface LeadJobRow {
  id: string;
  leadId: string;
  status: string;
  scheduledDate: string;
  scheduledTimeSlot: string;
  createdAt: Date;
}

/**
 * The latest row of `entity` (surveys, installations) of each lead in `leadIds`, newest by
 * `createdAt` then by its human number `numberProperty` (`surveyId`, `installationId`), in one query
 * (so a page of leads costs one extra query, not one per lead). Leads without one are absent.
 */
export async function latestPerLead<T extends LeadJobRow>(em: EntityManager, entity: new () => T, numberProperty: keyof T & string, leadIds: readonly string[]): Promise<Map<string, T>> {
  const latest = new Map<string, T>();
  if (!leadIds.length) return latest;
  const rows = await entitiesOf(
    em,
    `latest-per-lead:${entity.name}`,
    whereAnyOf(
      em
        .getRepository(entity)
        .createQueryBuilder('job')
        .select(['id', numberProperty, 'leadId', 'status', 'scheduledDate', 'scheduledTimeSlot', 'createdAt'].map((property) => `job.${property}`)),
      'job.leadId',
      'leadIds',
      leadIds,
    )
      .orderBy('job.createdAt', 'DESC')
      .addOrderBy(`job.${numberProperty}`, 'DESC'),
    // Its plan is an index lookup per lead whatever the ids: safe to prepare.
    { prepared: true },
  );
  for (const row of rows) if (!latest.has(row.leadId)) latest.set(row.leadId, row);
  return latest;
}
