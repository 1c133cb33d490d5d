import { Injectable } from '@nestjs/common';
import { DataSource, type DeleteQueryBuilder, type EntityManager, type InsertQueryBuilder, type ObjectLiteral, QueryFailedError, type UpdateQueryBuilder } from 'typeorm';
import { preparedQuery } from './query-templates.js';

/** One SQL statement with its parameters as the driver takes them (`$1…` on PostgreSQL, `?` on SQLite). */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
  /** Run it as a named prepared statement on PostgreSQL ({@link preparedQuery}: for plans that do not depend on the values). */
  prepared?: boolean;
}

/** A TypeORM INSERT, UPDATE or DELETE builder: one statement. */
export type WriteQueryBuilder = InsertQueryBuilder<ObjectLiteral> | UpdateQueryBuilder<ObjectLiteral> | DeleteQueryBuilder<ObjectLiteral>;

/**
 * A write that PostgreSQL says in one statement but SQLite cannot (SQLite has no data-modifying
 * CTEs, e.g. a lead and its first events): `postgres` builds the one statement, `sqlite` writes in
 * as many statements as it needs, inside the transaction {@link TransactionRunner.runSingleWrite}
 * opens on SQLite, and returns what RETURNING would have.
 */
export interface PerDatabaseWrite<Row> {
  postgres: () => SqlStatement | WriteQueryBuilder;
  sqlite: (em: EntityManager) => Promise<Row[]>;
}

/** The one write of a {@link TransactionRunner.runSingleWrite} use case, executed by the runner itself. */
export type SingleWrite<Row> = SqlStatement | WriteQueryBuilder | PerDatabaseWrite<Row>;

/**
 * What a {@link TransactionRunner.runSingleWrite} use case decided after its reads: nothing to
 * write (`done`), or its one `write` and how the rows it returns (RETURNING; none without it)
 * become the `result` (not `then`: a plan is awaited, and an object with `then` is a thenable).
 */
export type WritePlan<T, Row = Record<string, unknown>> = { done: T } | { write: SingleWrite<Row>; result: (rows: Row[]) => T };

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
   * Runs a use case whose only write is one statement, after reads. `plan` reads with `em` (reads
   * only) and returns its {@link WritePlan}; the runner executes the write itself, so the use case
   * cannot send a second statement by accident. PostgreSQL: on the pool, without BEGIN/COMMIT (the
   * statement is its own transaction, and under READ COMMITTED the reads before it see what they
   * would inside one and take no locks either): two round trips fewer. SQLite: inside {@link run},
   * since its one shared connection would otherwise let the reads see another use case's
   * uncommitted rows; there a {@link PerDatabaseWrite} may write in several statements.
   * @returns the plan's `done`, or its `result` applied to the write's returned rows
   */
  runSingleWrite<T, Row = Record<string, unknown>>(plan: (em: EntityManager) => WritePlan<T, Row> | Promise<WritePlan<T, Row>>): Promise<T> {
    const work = async (em: EntityManager): Promise<T> => {
      const decided = await plan(em);
      if ('done' in decided) return decided.done;
      return decided.result(await executeWrite<Row>(em, decided.write));
    };
    return this.dataSource.options.type === 'postgres' ? work(this.dataSource.manager) : this.run(work);
  }
}

/** Runs `write` as one statement (a {@link PerDatabaseWrite}: its form for this database) and returns its rows. */
async function executeWrite<Row>(em: EntityManager, write: SingleWrite<Row>): Promise<Row[]> {
  let statement: SqlStatement | WriteQueryBuilder;
  if ('postgres' in write) {
    if (em.connection.options.type !== 'postgres') return write.sqlite(em);
    statement = write.postgres();
  } else {
    statement = write;
  }
  if ('sql' in statement) return (statement.prepared ? await preparedQuery(em, statement.sql, statement.parameters) : await em.query(statement.sql, statement.parameters)) as Row[];
  // Inside SQLite's transaction even if the builder came from another manager; on PostgreSQL the pool.
  if (em.queryRunner) statement.setQueryRunner(em.queryRunner);
  const { raw } = (await statement.execute()) as { raw: unknown };
  return Array.isArray(raw) ? (raw as Row[]) : [];
}

/** True for a UNIQUE constraint violation on either database (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_UNIQUE). */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = (error as QueryFailedError & { driverError?: { code?: string } }).driverError;
  return driverError?.code === '23505' || driverError?.code === 'SQLITE_CONSTRAINT_UNIQUE' || driverError?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
