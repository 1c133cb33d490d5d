import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DataSource, type DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { MYSQL_MIGRATIONS } from './migrations/mysql/index.js';
import { mariadbDriver } from './mariadb-driver.js';
import { adaptEntitiesForMariaDb, assertEntitiesNotAdapted, keepUuidsAsText } from './mariadb-schema.js';
import { bindSqliteNumbers, QueryLogger } from './sqlite-parameters.js';
import { SnakeNamingStrategy } from '../common/persistence/naming-strategy.js';
import { SQLITE_UNICODE_LOWER } from '../common/persistence/dialect.js';
import type { Database } from 'better-sqlite3';

/**
 * TypeORM options for each database (DESIGN §2): SQLite through better-sqlite3 with WAL and
 * foreign keys, PostgreSQL, or MariaDB through mysql2 (utf8mb4 with the binary collation, so
 * equality and UNIQUE compare text exactly as the other two do; UTC; sessions set up by
 * `mariadbDriver`). `synchronize` is always off; the driver's own migration set runs on start.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  // Off by default: TypeORM logs failed queries with their parameters (phones) past our redaction.
  const queryLog = process.env.TYPEORM_LOGGING === 'true' ? (['query', 'error'] as const) : false;
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    logging: queryLog ? [...queryLog] : false,
    logger: queryLog ? new QueryLogger([...queryLog]) : undefined,
  };
  if (db.type === 'mariadb') {
    adaptEntitiesForMariaDb();
    return {
      ...common,
      type: 'mariadb',
      url: db.url,
      driver: mariadbDriver,
      charset: 'utf8mb4_bin',
      timezone: 'Z',
      migrations: MYSQL_MIGRATIONS,
      extra: { connectionLimit: 20 },
    };
  }
  assertEntitiesNotAdapted(db.type);
  if (db.type === 'postgres') {
    return { ...common, type: 'postgres', url: db.url, migrations: POSTGRES_MIGRATIONS, uuidExtension: 'pgcrypto', extra: { max: 20 } };
  }
  if (db.path !== ':memory:') mkdirSync(dirname(db.path), { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: db.path,
    enableWAL: true,
    timeout: 10_000,
    migrations: SQLITE_MIGRATIONS,
    prepareDatabase: (conn: Database) => {
      conn.pragma('synchronous = NORMAL');
      conn.function(SQLITE_UNICODE_LOWER, { deterministic: true }, (text: unknown) => (typeof text === 'string' ? text.toLowerCase() : text));
    },
  };
}

/** A data source (not yet initialised) for `options`, with the MariaDB driver's UUID columns kept as text ({@link keepUuidsAsText}) and SQLite's numbers bound ({@link bindSqliteNumbers}). */
export function createDataSource(options: DataSourceOptions): DataSource {
  return bindSqliteNumbers(keepUuidsAsText(new DataSource(options)));
}
