import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager, QueryFailedError } from 'typeorm';

/**
 * Runs one use case in one transaction (STANDARDS: nothing half-written stays behind).
 *
 * SQLite has a single connection in TypeORM, where a second `transaction()` started while one is
 * open would silently nest as a savepoint and interleave with it; so on SQLite transactions are
 * queued and run one after another. PostgreSQL transactions run concurrently on the pool.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  /** @returns what `work` returns, after COMMIT; rethrows `work`'s error after ROLLBACK. */
  run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (this.dataSource.options.type !== 'better-sqlite3') return this.dataSource.transaction(work);
    const result = this.tail.then(() => this.dataSource.transaction(work));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * Runs a use case whose only write is one statement, after reads. PostgreSQL: on the pool,
   * without BEGIN/COMMIT (the statement is its own transaction, and under READ COMMITTED the reads
   * before it see what they would inside one and take no locks either): two round trips fewer.
   * SQLite: as {@link run}, since its one shared connection would otherwise let the reads see
   * another use case's uncommitted rows; there `work` may write in several statements.
   */
  runSingleWrite<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.options.type === 'postgres' ? work(this.dataSource.manager) : this.run(work);
  }
}

/** True for a UNIQUE constraint violation on either database (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  return driverError?.code === '23505' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' || driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
