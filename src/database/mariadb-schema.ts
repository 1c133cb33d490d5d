import { getMetadataArgsStorage } from 'typeorm';
import type { ColumnMetadataArgs } from 'typeorm/metadata-args/ColumnMetadataArgs.js';

import { snake } from '../common/persistence/naming-strategy.js';

let adapted = false;

/**
 * MariaDB has no partial indexes, and TypeORM's MySQL driver drops an index's `where` without a
 * word: a partial UNIQUE index (`uq_installations_survey_open`: one installation per survey
 * besides cancelled ones) would become a plain UNIQUE index and forbid planning again after a
 * cancellation. So, for MariaDB only, each single-column partial UNIQUE index becomes a UNIQUE
 * index of the same name on a stored generated column `<index name>_key` =
 * `CASE WHEN <where> THEN <column> END`: NULL (never in conflict) where the row is outside the
 * index, the column's value where it is inside. The database still decides the race. And each
 * `Date` column without a precision becomes DATETIME(6) (MariaDB's DATETIME keeps whole seconds;
 * PostgreSQL's timestamp and the create/update date columns keep microseconds).
 *
 * It rewrites TypeORM's decorator metadata, which is global: call it before the MariaDB data
 * source is built, and build no SQLite or PostgreSQL data source in the same process
 * ({@link assertEntitiesNotAdapted}). Idempotent.
 * @throws Error for a partial UNIQUE index over several columns (none exists; write its key by hand)
 */
export function adaptEntitiesForMariaDb(): void {
  if (adapted) return;
  adapted = true;
  const storage = getMetadataArgsStorage();
  for (const column of storage.columns) {
    // DATETIME keeps whole seconds unless told otherwise; PostgreSQL's timestamp keeps microseconds.
    if (column.options.type === Date && column.options.precision === undefined) (column.options as { precision?: number }).precision = 6;
  }
  for (const index of storage.indices) {
    if (!index.where) continue;
    if (!index.unique) {
      // A plain index over all rows serves the same queries; TypeORM ignores `where` on MySQL anyway.
      index.where = undefined;
      continue;
    }
    const properties = typeof index.columns === 'function' || !index.columns ? [] : index.columns;
    const source = properties.length === 1 ? storage.columns.find((c) => c.target === index.target && c.propertyName === properties[0]) : undefined;
    if (!source || !index.name) throw new Error(`adaptEntitiesForMariaDb: partial unique index ${index.name ?? '?'} must be named and cover one column`);
    const column = source.options.name ?? snake(source.propertyName);
    const key: ColumnMetadataArgs = {
      target: index.target,
      propertyName: `${index.name}Key`,
      mode: 'regular',
      options: {
        name: `${index.name}_key`,
        type: source.options.type,
        length: source.options.length,
        nullable: true,
        asExpression: `CASE WHEN ${index.where} THEN "${column}" END`,
        generatedType: 'STORED',
        insert: false,
        update: false,
        select: false,
      },
    };
    (storage.columns as ColumnMetadataArgs[]).push(key);
    index.columns = [key.propertyName];
    index.where = undefined;
  }
}

/** @throws Error when {@link adaptEntitiesForMariaDb} already rewrote the entities in this process */
export function assertEntitiesNotAdapted(kind: string): void {
  if (adapted) throw new Error(`a ${kind} data source cannot be built in a process whose entities were adapted for MariaDB`);
}
