import { isDeepStrictEqual } from 'node:util';
import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { dialectOf } from './dialect.js';

/** Shapes kept per process: a few entities × row counts × which columns are left to their default. */
const MAX_TEMPLATES = 1_000;
const templates = new Map<string, string>();

/** Whether every shortcut statement is also built by TypeORM and compared (see {@link insertStatement}). */
const CHECK_AGAINST_TYPEORM = process.env.NODE_ENV !== 'production';

/**
 * The INSERT of `rows` into `entity` as TypeORM's query builder writes it
 * (`insert().into(entity).values(rows).updateEntity(false)`, plus `.returning(returning)` when
 * given): the SQL text with `$n` placeholders and the bound values, for the caller to run or to fold
 * into a larger statement.
 *
 * On PostgreSQL the text is built by TypeORM once per shape (the entity, the number of rows, which
 * of each row's columns are left to their default, `returning`); later calls only convert each
 * value with the driver's `preparePersistentValue`, as TypeORM does, in column order. Building the
 * INSERT of a lead and of its timeline events anew was ~5 % of `POST /leads`' CPU (issue #13,
 * bench/README.md). Elsewhere, and for what the shortcut does not cover (a function value, a
 * discriminator or spatial column, a UUID the driver cannot generate), TypeORM builds it. Outside
 * production every shortcut is compared with TypeORM's own statement, so a divergence fails the tests.
 *
 * @param returning property names for `RETURNING` (PostgreSQL, MariaDB ≥ 10.5)
 * @returns `[sql, parameters]`, parameters numbered from `$1`
 * @throws Error outside production when the shortcut's statement differs from TypeORM's
 */
export function insertStatement<T extends ObjectLiteral>(em: EntityManager, entity: EntityTarget<T>, rows: T[], returning?: string[]): [string, unknown[]] {
  const build = (): [string, unknown[]] => {
    const qb = em
      .createQueryBuilder()
      .insert()
      .into(entity)
      .values(rows as QueryDeepPartialEntity<T>[])
      .updateEntity(false);
    if (returning) qb.returning(returning);
    return qb.getQueryAndParameters();
  };
  if (dialectOf(em) !== 'postgres') return build();
  const metadata = em.connection.getMetadata(entity);
  const columns = insertedColumns(metadata.columns);
  const values: unknown[] = [];
  let key = `${metadata.name}\u0000${returning?.join(',') ?? ''}`;
  for (const row of rows) {
    const slots = slotsOf(em, columns, row, values);
    if (slots === null) return build();
    key += `\u0000${slots}`;
  }
  let text = templates.get(key);
  if (text === undefined) {
    text = build()[0];
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(key, text);
  }
  if (CHECK_AGAINST_TYPEORM && !isDeepStrictEqual([text, values], build())) {
    throw new Error(`insertStatement(${metadata.name}): the cached statement differs from TypeORM's`);
  }
  return [text, values];
}

const insertedColumnsOf = new WeakMap<readonly ColumnMetadata[], ColumnMetadata[]>();

/** The columns TypeORM's PostgreSQL INSERT lists (`InsertQueryBuilder.getInsertedColumns` without an explicit column list). */
function insertedColumns(all: readonly ColumnMetadata[]): ColumnMetadata[] {
  let columns = insertedColumnsOf.get(all);
  if (!columns) {
    columns = all.filter((column) => column.isInsert && !(column.isGenerated && column.generationStrategy === 'increment'));
    insertedColumnsOf.set(all, columns);
  }
  return columns;
}

/**
 * One row's slots, as `InsertQueryBuilder.createColumnValueExpression` renders them on PostgreSQL:
 * `p` a bound value (appended to `values`), `d` DEFAULT, `v` the version literal 1. Null for a value
 * the shortcut leaves to TypeORM.
 */
function slotsOf(em: EntityManager, columns: readonly ColumnMetadata[], row: ObjectLiteral, values: unknown[]): string | null {
  const { driver } = em.connection;
  let slots = '';
  for (const column of columns) {
    const raw: unknown = column.getEntityValue(row);
    if (typeof raw === 'function' || column.isDiscriminator || driver.spatialTypes.includes(column.type as never)) return null;
    const value: unknown = driver.preparePersistentValue(raw, column);
    if (column.isVersion && value === undefined) slots += 'v';
    else if (column.isGenerated && column.generationStrategy === 'uuid' && value === undefined && !driver.isUUIDGenerationSupported()) return null;
    else if (value === undefined) slots += 'd';
    else if (typeof value === 'function') return null;
    else {
      slots += 'p';
      values.push(value);
    }
  }
  return slots;
}
