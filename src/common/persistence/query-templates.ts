import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';
import { type EntityManager, type ObjectLiteral, QueryFailedError, type SelectQueryBuilder } from 'typeorm';
import type { Alias } from 'typeorm/query-builder/Alias.js';
import type { JoinAttribute } from 'typeorm/query-builder/JoinAttribute.js';
import { dialectOf, whereAnyOf } from './dialect.js';

/** Shapes kept per process; the hot queries have a few dozen (filters present × page size). */
const MAX_TEMPLATES = 1_000;

/** One cached shape: its SQL text with `:named` parameters, and what binding it needs. */
interface Template {
  text: string;
  /** For a shape the caller named: the shape derived from the builder when first seen (checked outside production). */
  derived?: string;
  /** PostgreSQL: the text with `$n` placeholders and the parameter names in their order; null when it cannot be reused. */
  positional?: Positional | null;
  /** The builder's main alias ({@link entitiesOf} hydrates its entity without the builder). */
  mainAlias?: Alias;
}

const templates = new Map<string, Template>();

/** Whether a caller's named shape is checked against the builder on every call (see {@link TemplateOptions.shape}). */
const CHECK_NAMED_SHAPES = process.env.NODE_ENV !== 'production';

/** How a query of {@link rawRowsOf} and {@link arrayRowsOf} runs. */
export interface TemplateOptions {
  /** Run as a named prepared statement on PostgreSQL ({@link preparedQuery}): only for a plan that cannot depend on the values. */
  prepared?: boolean;
  /**
   * The caller's name for the query's shape, when the caller builds it the same way every time:
   * calls with the same `name` and `shape` must build the same SQL. It saves deriving the shape
   * from the builder, a JSON walk of its selections, joins and WHERE tree on every call (issue #13:
   * a few per cent of `GET /leads/{id}`'s CPU). Outside production the derived shape is still
   * compared with the first one seen under that name, and a difference throws, so a wrong claim
   * fails the tests rather than running another query's SQL.
   */
  shape?: string;
}

/**
 * A query its caller builds the same way for a given `shape` and whose parameters it knows without
 * building it: in production `build` runs only on the shape's first call, so later calls cost no
 * query builder at all (TypeORM's builder, its alias and metadata lookups and its parameter
 * copies were ~6 % of `GET /leads/{id}`'s CPU; bench/README.md, session 12). Outside production
 * `build` runs on every call, and a shape or parameters other than the given ones throw.
 */
export interface ShapedQuery {
  /** The caller's name for the shape, as {@link TemplateOptions.shape}. */
  shape: string;
  /** Every parameter the built query holds, by name, with this call's values. */
  parameters: ObjectLiteral;
  /** Builds the query with this call's values. */
  build: () => SelectQueryBuilder<ObjectLiteral>;
}

/** A SELECT to run: its builder, or a {@link ShapedQuery} built only when its shape is not cached yet. */
export type QuerySource = SelectQueryBuilder<ObjectLiteral> | ShapedQuery;

function isShaped(source: QuerySource): source is ShapedQuery {
  return typeof (source as ShapedQuery).build === 'function';
}

/**
 * Runs a SELECT built with TypeORM's query builder and returns its raw rows, like `getRawMany()`,
 * but builds the SQL text only once per shape of the query. TypeORM renders the whole statement
 * again on every call (aliases, escaping, a regular expression per property); on the lead list
 * that was ~6 % of the server's CPU (bench/README.md, issue #6).
 *
 * The shape is `name` plus what the builder holds of selections, joins (kind, target, alias,
 * condition), WHERE tree, GROUP BY, HAVING, ORDER BY, LIMIT/OFFSET, DISTINCT and locking, or the
 * caller's own `options.shape`; parameter values are not part of it (they stay `:named` in the
 * cached text and are bound per call, arrays expanded as usual). So two queries under one name
 * that differ only by a join get SQL of their own (test/query-templates.spec.ts).
 *
 * @param em where to run it: the transaction's manager, or the data source's for a plain read
 * @param source the builder, or a {@link ShapedQuery} (its `shape` stands for `options.shape`)
 * @returns the driver's rows, column names as TypeORM aliases them (`lead_id`, or the alias given)
 * @throws Error outside production when `options.shape` names a shape the builder does not have, or
 *   a {@link ShapedQuery} builds other parameters than it gives
 */
export function rawRowsOf<T = Record<string, unknown>>(em: EntityManager, name: string, source: QuerySource, options: TemplateOptions = {}): Promise<T[]> {
  return promised(() => {
    const { sql, parameters } = statementOf(em, name, source, options.shape);
    return runStatement<T>(em, sql, parameters, options.prepared);
  });
}

/** Runs a bound statement as {@link preparedQuery} when `prepared`, else as `em.query()` (on SQLite, {@link sqliteRows}). */
function runStatement<T>(em: EntityManager, sql: string, parameters: unknown[], prepared = false): Promise<T[]> {
  if (dialectOf(em) === 'sqlite') return sqliteRows<T>(em, sql, parameters);
  return (prepared ? preparedQuery<T>(em, sql, parameters) : em.query(sql, parameters)) as Promise<T[]>;
}

/**
 * What `run()` returns, or a rejected promise for what it throws at once, as an `async` function
 * would answer. For the functions of a read's path written with `then()` instead of `async` layers:
 * each layer's promise pays Node 20's AsyncLocalStorage hooks (issue #13, bench/README.md).
 */
function promised<T>(run: () => Promise<T>): Promise<T> {
  try {
    return run();
  } catch (error) {
    return Promise.reject(error);
  }
}

/** A PostgreSQL client or pool as pg gives it, called with a callback (no promise of the driver's). */
interface PgQueryable {
  query<R>(config: object, callback: (error: Error | null | undefined, result: R) => void): void;
}

/**
 * Logs a failed statement as TypeORM does and throws it as TypeORM's QueryFailedError, as
 * `em.query()` throws it.
 */
function failedStatement(em: EntityManager, sql: string, parameters: unknown[]): (error: unknown) => never {
  return (error) => {
    em.connection.logger.logQueryError(error as Error, sql, parameters, em.queryRunner);
    throw new QueryFailedError(sql, parameters, error as Error);
  };
}

/**
 * Runs `config` on PostgreSQL and answers `map` of its result: on the transaction's connection, or
 * outside a transaction on the pool, which takes and gives back a connection itself (no TypeORM
 * query runner to create, connect and release per statement). The driver is called with a
 * callback, so a statement on the pool costs one promise, this one: pg-pool's and pg's promise
 * API made two more per statement, each paying Node 20's AsyncLocalStorage hooks (issue #13,
 * bench/README.md, session 22).
 * @throws QueryFailedError as `em.query()` does, rejected; also for what the driver throws at once
 */
function onPostgres<R, T>(em: EntityManager, sql: string, parameters: unknown[], config: object, map: (result: R) => T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const settle = (error: unknown, result?: R) => {
      try {
        // failedStatement() logs the error and throws it wrapped as TypeORM's QueryFailedError.
        resolve(error ? failedStatement(em, sql, parameters)(error) : map(result as R));
      } catch (thrown) {
        reject(thrown);
      }
    };
    const run = (client: PgQueryable) => {
      try {
        client.query<R>(config, settle);
      } catch (error) {
        settle(error);
      }
    };
    if (em.queryRunner) (em.queryRunner.connect() as Promise<PgQueryable>).then(run, settle);
    else run((em.connection.driver as unknown as { master: PgQueryable }).master);
  });
}

/** The shape of `qb` as its builder holds it (see {@link rawRowsOf}). */
function derivedShape(name: string, qb: SelectQueryBuilder<ObjectLiteral>): string {
  const map = qb.expressionMap;
  return `${name}\u0000${JSON.stringify([map.selects, joinShape(map.joinAttributes), map.wheres, map.groupBys, map.havings, map.orderBys, map.limit, map.offset, map.selectDistinct, map.lockMode, map.onLocked])}`;
}

/** The statement of `source` from the cache of shapes (see {@link rawRowsOf}), its parameters bound. */
function statementOf(em: EntityManager, name: string, source: QuerySource, shape?: string): { template: Template; sql: string; parameters: unknown[] } {
  let template: Template | undefined;
  let parameters: ObjectLiteral;
  if (isShaped(source)) {
    parameters = source.parameters;
    template = templates.get(namedKey(em, name, source.shape));
    if (template === undefined || CHECK_NAMED_SHAPES) {
      const qb = source.build();
      if (!isDeepStrictEqual(qb.getParameters(), parameters)) throw new Error(`Query "${name}" (${source.shape}) holds other parameters than the ones given`);
      template = templateOf(em, name, qb, source.shape);
    }
  } else {
    parameters = source.getParameters();
    template = templateOf(em, name, source, shape);
  }
  const [sql, values] = bound(em, template, parameters);
  return { template, sql, parameters: values };
}

/** The key of a shape the caller names (see {@link TemplateOptions.shape}). */
function namedKey(em: EntityManager, name: string, shape: string): string {
  return `${name}\u0001${dialectOf(em)}\u0001${shape}`;
}

/** The cached template of `qb`'s shape, built on a miss (see {@link rawRowsOf}). */
function templateOf(em: EntityManager, name: string, qb: SelectQueryBuilder<ObjectLiteral>, shape?: string): Template {
  const key = shape === undefined ? derivedShape(name, qb) : namedKey(em, name, shape);
  let template = templates.get(key);
  if (template === undefined) {
    template = { text: qb.getQuery(), derived: shape !== undefined && CHECK_NAMED_SHAPES ? derivedShape(name, qb) : undefined, mainAlias: qb.expressionMap.mainAlias };
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(key, template);
  } else if (template.derived !== undefined && template.derived !== derivedShape(name, qb)) {
    throw new Error(`Query "${name}" was built in another shape than the one first seen as "${shape}"`);
  }
  return template;
}

/** `template`'s text and `parameters` as the driver takes them: on PostgreSQL numbered once per template, else by TypeORM per call. */
function bound(em: EntityManager, template: Template, parameters: ObjectLiteral): [string, unknown[]] {
  if (dialectOf(em) === 'postgres') {
    if (template.positional === undefined) template.positional = positionalOf(template.text, parameters);
    const values = template.positional && boundValues(template.positional, parameters);
    if (values) return [template.positional!.text, values];
  }
  return em.connection.driver.escapeQueryWithParameters(template.text, parameters) as [string, unknown[]];
}

/** A PostgreSQL statement with `$n` placeholders, and the `:named` parameters that fill them, in order. */
interface Positional {
  text: string;
  names: string[];
  /** `:word` sequences left in the text because no parameter had that name (`::text` casts). */
  unbound: string[];
}

const NAMED_PARAMETER = /:(\.\.\.)?([A-Za-z0-9_.]+)/g;

/**
 * `text` with its `:named` parameters numbered as TypeORM's PostgreSQL driver numbers them (each
 * name once, `$1`… in order of first use), so that binding later calls is a lookup per name
 * instead of a regular-expression pass over the statement. Null when the numbering depends on the
 * values: a spread parameter (`:...ids`, one placeholder per element) or a function value (SQL
 * text spliced in).
 */
function positionalOf(text: string, parameters: ObjectLiteral): Positional | null {
  const names: string[] = [];
  const unbound: string[] = [];
  let reusable = true;
  const numbered = text.replaceAll(NAMED_PARAMETER, (full: string, spread: string | undefined, key: string) => {
    if (!Object.hasOwn(parameters, key)) {
      unbound.push(key);
      return full;
    }
    if (spread || typeof parameters[key] === 'function') reusable = false;
    let index = names.indexOf(key);
    if (index < 0) index = names.push(key) - 1;
    return `$${index + 1}`;
  });
  return reusable ? { text: numbered, names, unbound } : null;
}

/** The values of `positional`'s parameters in order, or null when this call's parameters would number them otherwise. */
function boundValues(positional: Positional, parameters: ObjectLiteral): unknown[] | null {
  for (const key of positional.unbound) if (Object.hasOwn(parameters, key)) return null;
  const values = new Array<unknown>(positional.names.length);
  for (let i = 0; i < values.length; i++) {
    const key = positional.names[i];
    if (!Object.hasOwn(parameters, key) || typeof parameters[key] === 'function') return null;
    values[i] = parameters[key];
  }
  return values;
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

/** A better-sqlite3 statement; `raw(true)` makes it answer rows as arrays, `reader` says it answers rows at all. */
interface SqliteStatement {
  readonly reader: boolean;
  all(...parameters: unknown[]): unknown[];
  columns(): { name: string }[];
  raw(on: boolean): SqliteStatement;
}

/**
 * Per better-sqlite3 connection (a statement belongs to its connection), its statements by SQL
 * text: those answering rows as arrays ({@link arrayRowsOf}) and those answering objects ({@link sqliteRows}).
 */
const sqliteStatements = new WeakMap<object, { arrays: Map<string, SqliteStatement>; objects: Map<string, SqliteStatement> }>();

/**
 * The connection's statement for `sql`, prepared once per connection, text and row form.
 * @throws what better-sqlite3 throws for SQL it cannot prepare
 */
function sqliteStatement(em: EntityManager, sql: string, arrays: boolean): SqliteStatement {
  const db = (em.connection.driver as unknown as { databaseConnection: { prepare(sql: string): SqliteStatement } }).databaseConnection;
  let cache = sqliteStatements.get(db);
  if (!cache) sqliteStatements.set(db, (cache = { arrays: new Map(), objects: new Map() }));
  const statements = arrays ? cache.arrays : cache.objects;
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (arrays) statement.raw(true);
    if (statements.size >= MAX_TEMPLATES) statements.clear();
    statements.set(sql, statement);
  }
  return statement;
}

/** `parameters` as better-sqlite3 binds them: it binds no booleans (TypeORM's own runner converts them the same way). */
function sqliteParameters(parameters: unknown[]): unknown[] {
  return parameters.map((p) => (typeof p === 'boolean' ? Number(p) : p));
}

/**
 * `em.query()` on SQLite for a statement that answers rows (a SELECT, or a write with RETURNING),
 * without TypeORM's query runner: the same rows, log line and QueryFailedError, on the same
 * connection (so inside the caller's transaction), but none of the runner's promises for its
 * connect, query-event broadcasts and statement cache per statement (issue #13, bench/README.md,
 * session 23). A statement that answers no rows still goes through `em.query()`, whose answer for
 * it is the last inserted rowid.
 * @throws QueryFailedError as `em.query()` does, at once (callers wrap it with `promised`)
 */
function sqliteRows<T>(em: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const bound = sqliteParameters(parameters);
  try {
    const statement = sqliteStatement(em, sql, false);
    if (!statement.reader) return em.query(sql, parameters) as Promise<T[]>;
    em.connection.logger.logQuery(sql, bound, em.queryRunner);
    return Promise.resolve(statement.all(...bound) as T[]);
  } catch (error) {
    return failedStatement(em, sql, bound)(error);
  }
}

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
export function arrayRowsOf(em: EntityManager, name: string, source: QuerySource, options: TemplateOptions = {}): Promise<ArrayRows> {
  return promised(() => {
    const { sql, parameters } = statementOf(em, name, source, options.shape);
    const dialect = dialectOf(em);
    em.connection.logger.logQuery(loggedText(sql, options.prepared === true && dialect === 'postgres'), parameters, em.queryRunner);
    if (dialect === 'postgres') {
      const config = { name: options.prepared ? statementName(sql) : undefined, text: sql, values: parameters, rowMode: 'array', types: TEXT_TIMESTAMPS };
      return onPostgres(em, sql, parameters, config, (result: { fields: { name: string }[]; rows: unknown[][] }) => ({ columns: result.fields.map((field) => field.name), rows: result.rows }));
    }
    if (dialect === 'mariadb') return mysqlArrayRows(em, sql, parameters).catch(failedStatement(em, sql, parameters));
    try {
      return Promise.resolve(sqliteArrayRows(em, sql, parameters));
    } catch (error) {
      return failedStatement(em, sql, parameters)(error);
    }
  });
}

/** better-sqlite3's rows as arrays (`raw()`), its statement prepared once per connection and text. */
function sqliteArrayRows(em: EntityManager, sql: string, parameters: unknown[]): ArrayRows {
  const statement = sqliteStatement(em, sql, true);
  const rows = statement.all(...sqliteParameters(parameters)) as unknown[][];
  return { columns: statement.columns().map((column) => column.name), rows };
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
 * depend on the values: primary and unique key lookups, INSERTs. On MariaDB, `em.query()`; on
 * SQLite, what `em.query()` answers, without TypeORM's query runner ({@link sqliteRows}).
 * @returns the rows (for an INSERT … RETURNING, the returned rows)
 */
export function preparedQuery<T = Record<string, unknown>>(em: EntityManager, sql: string, parameters: unknown[]): Promise<T[]> {
  const dialect = dialectOf(em);
  if (dialect === 'sqlite') return promised(() => sqliteRows<T>(em, sql, parameters));
  if (dialect !== 'postgres') return em.query(sql, parameters) as Promise<T[]>;
  return promised(() => {
    em.connection.logger.logQuery(loggedText(sql, true), parameters, em.queryRunner);
    return onPostgres(em, sql, parameters, { name: statementName(sql), text: sql, values: parameters }, (result: { rows: T[] }) => result.rows);
  });
}

/**
 * Like `getMany()` for a query that selects plain columns of its main entity only (no relations,
 * no embedded entities): {@link rawRowsOf}, then the entities with the driver's own conversions
 * of each selected column (dates, decimals, booleans, transformers).
 */
export function entitiesOf<T extends ObjectLiteral>(em: EntityManager, name: string, source: QuerySource, options: TemplateOptions = {}): Promise<T[]> {
  return promised(() => {
    const { template, sql, parameters } = statementOf(em, name, source, options.shape);
    const alias = template.mainAlias;
    if (!alias?.hasMetadata) throw new Error(`entitiesOf(${name}): the query has no main entity`);
    return runStatement<Record<string, unknown>>(em, sql, parameters, options.prepared).then((rows) => {
      if (!rows.length) return [];
      const { driver } = em.connection;
      // The template may have been built on another data source of this process (tests start several).
      const metadata = alias.metadata.connection === em.connection ? alias.metadata : em.connection.getMetadata(alias.metadata.target);
      const columns = metadata.columns.map((column) => ({ key: `${alias.name}_${column.databaseName}`, column })).filter(({ key }) => key in rows[0]);
      return rows.map((row) => {
        const entity = metadata.create() as Record<string, unknown>;
        for (const { key, column } of columns) entity[column.propertyName] = driver.prepareHydratedValue(row[key], column);
        return entity as T;
      });
    });
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
export function latestPerLead<T extends LeadJobRow>(em: EntityManager, entity: new () => T, numberProperty: keyof T & string, leadIds: readonly string[]): Promise<Map<string, T>> {
  if (!leadIds.length) return Promise.resolve(new Map());
  return entitiesOf<T>(
    em,
    `latest-per-lead:${entity.name}`,
    {
      shape: 'by-lead-ids',
      parameters: { leadIds },
      build: () =>
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
    },
    // Its plan is an index lookup per lead whatever the ids: safe to prepare.
    { prepared: true },
  ).then((rows) => {
    const latest = new Map<string, T>();
    for (const row of rows) if (!latest.has(row.leadId)) latest.set(row.leadId, row);
    return latest;
  });
}
