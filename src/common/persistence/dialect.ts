import type { DataSource, EntityManager } from 'typeorm';

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
 * True on PostgreSQL and MariaDB: transactions run concurrently on a pool of connections and take
 * row locks (`FOR SHARE`, `FOR UPDATE`); SQLite queues them on its one connection (TransactionRunner).
 */
export function isServerDatabase(source: EntityManager | DataSource): boolean {
  return dialectOf(source) !== 'sqlite';
}
