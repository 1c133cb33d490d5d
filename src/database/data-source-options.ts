import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/config.js';
import { ENTITIES } from './entities.js';
import { POSTGRES_MIGRATIONS } from './migrations/postgres/index.js';
import { SQLITE_MIGRATIONS } from './migrations/sqlite/index.js';
import { SnakeNamingStrategy } from '../common/persistence/naming-strategy.js';

/**
 * TypeORM options for either database (DESIGN §2): SQLite through better-sqlite3 with WAL and
 * foreign keys, or PostgreSQL. `synchronize` is always off; the driver's own migration set runs
 * on start.
 */
export function dataSourceOptions(db: DatabaseConfig): DataSourceOptions {
  const common = {
    entities: ENTITIES,
    synchronize: false,
    migrationsRun: false,
    namingStrategy: new SnakeNamingStrategy(),
    // Off by default: TypeORM logs failed queries with their parameters (phones) past our redaction.
    logging: process.env.TYPEORM_LOGGING === 'true' ? ['query' as const, 'error' as const] : false,
  };
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
    prepareDatabase: (conn: { pragma(source: string): unknown }) => {
      conn.pragma('synchronous = NORMAL');
    },
  };
}
