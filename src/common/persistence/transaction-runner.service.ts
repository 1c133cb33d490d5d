import { Injectable } from '@nestjs/common';
import { DataSource, type DeleteQueryBuilder, type EntityManager, type InsertQueryBuilder, type ObjectLiteral, QueryFailedError, type UpdateQueryBuilder } from 'typeorm';
import { dialectOf, isServerDatabase } from './dialect.js';
import { preparedQuery } from './query-templates.js';

/** One SQL statement with its parameters as the driver takes them (`$1…` on PostgreSQL, `?` on SQLite and MariaDB). */
export interface SqlStatement {
  sql: string;
  parameters: unknown[];
  /** Run it as a named prepared statement on PostgreSQL ({@link preparedQuery}: for plans that do not depend on the values). */
  prepared?: boolean;
}

/** A TypeORM INSERT, UPDATE or DELETE builder: one statement. */
export type WriteQueryBuilder = InsertQueryBuilder<ObjectLiteral> | UpdateQueryBuilder<ObjectLiteral> | DeleteQueryBuilder<ObjectLiteral>;

/**
 * A write that PostgreSQL says in one statement but SQLite and MariaDB cannot (neither has
 * data-modifying CTEs, e.g. a lead and its first events; MariaDB has no UPDATE … RETURNING):
 * `postgres` builds the one statement, `inSteps` writes in as many statements as it needs, inside
 * the transaction {@link TransactionRunner.runSingleWrite} opens there, and returns what RETURNING
 * would have.
 */
export interface PerDatabaseWrite<Row> {
  postgres: () => SqlStatement | WriteQueryBuilder;
  inSteps: (em: EntityManager) => Promise<Row[]>;
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
 * queued and run one after another. PostgreSQL and MariaDB transactions run concurrently on the
 * pool; one the database picks as a deadlock victim (or, on MariaDB, whose lock wait timed out) is
 * run again from the start, up to {@link MAX_ATTEMPTS} times in all, since it changed nothing:
 * InnoDB detects deadlocks where PostgreSQL would make one transaction wait (two INSERTs of one
 * unique key, a shared lock upgraded to an exclusive one), and the retry then sees the winner's
 * row and answers as the loser of the race should (409). On SQLite the same holds for another
 * process's commit (a CLI command beside the server): a transaction that read before it and then
 * writes fails at once with SQLITE_BUSY_SNAPSHOT (WAL mode; the busy timeout does not apply to it),
 * and is run again on a fresh snapshot.
 */
@Injectable()
export class TransactionRunner {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  /** @returns what `work` returns, after COMMIT; rethrows `work`'s error after ROLLBACK (a deadlock after the last attempt). */
  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    if (isServerDatabase(this.dataSource)) return this.attempt(work, isTransientConflict);
    const result = this.tail.then(() => this.attempt(work, isSqliteBusy));
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Runs `work` in a transaction, again from the start (up to {@link MAX_ATTEMPTS} in all) while it fails with an error `retryable` accepts. */
  private async attempt<T>(work: (em: EntityManager) => Promise<T>, retryable: (error: unknown) => boolean): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.dataSource.transaction(work);
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !retryable(error)) throw error;
      }
    }
  }

  /**
   * Runs a use case whose only write is one statement, after reads. `plan` reads with `em` (reads
   * only) and returns its {@link WritePlan}; the runner executes the write itself, so the use case
   * cannot send a second statement by accident. PostgreSQL: on the pool, without BEGIN/COMMIT (the
   * statement is its own transaction, and under READ COMMITTED the reads before it see what they
   * would inside one and take no locks either): two round trips fewer. SQLite: inside {@link run},
   * since its one shared connection would otherwise let the reads see another use case's
   * uncommitted rows; MariaDB: inside {@link run} too, since some writes take several statements
   * there (no RETURNING on UPDATE, no ON CONFLICT … RETURNING). On both a {@link PerDatabaseWrite}
   * writes in several statements.
   * @returns the plan's `done`, or its `result` applied to the write's returned rows
   */
  runSingleWrite<T, Row = Record<string, unknown>>(plan: (em: EntityManager) => WritePlan<T, Row> | Promise<WritePlan<T, Row>>): Promise<T> {
    const work = async (em: EntityManager): Promise<T> => {
      const decided = await plan(em);
      if ('done' in decided) return decided.done;
      return decided.result(await executeWrite<Row>(em, decided.write));
    };
    return dialectOf(this.dataSource) === 'postgres' ? work(this.dataSource.manager) : this.run(work);
  }
}

/** Runs `write` as one statement (a {@link PerDatabaseWrite}: its form for this database) and returns its rows. */
async function executeWrite<Row>(em: EntityManager, write: SingleWrite<Row>): Promise<Row[]> {
  let statement: SqlStatement | WriteQueryBuilder;
  if ('postgres' in write) {
    if (dialectOf(em) !== 'postgres') return write.inSteps(em);
    statement = write.postgres();
  } else {
    statement = write;
  }
  if ('sql' in statement) return (statement.prepared ? await preparedQuery(em, statement.sql, statement.parameters) : await em.query(statement.sql, statement.parameters)) as Row[];
  // Inside the SQLite or MariaDB transaction even if the builder came from another manager; on PostgreSQL the pool.
  if (em.queryRunner) statement.setQueryRunner(em.queryRunner);
  const { raw } = (await statement.execute()) as { raw: unknown };
  return Array.isArray(raw) ? (raw as Row[]) : [];
}

/** Attempts of a server-database transaction that keeps losing deadlocks (see {@link TransactionRunner}). */
const MAX_ATTEMPTS = 3;

/** The driver's error code of a failed query (`23505`, `SQLITE_CONSTRAINT_UNIQUE`, `ER_DUP_ENTRY`), if any. */
function driverCode(error: unknown): string | undefined {
  if (!(error instanceof QueryFailedError)) return undefined;
  return (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code;
}

/**
 * True for a UNIQUE (or primary key) violation on any database: PostgreSQL 23505, SQLite
 * SQLITE_CONSTRAINT_UNIQUE/PRIMARYKEY, MariaDB ER_DUP_ENTRY (1062).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = driverCode(error);
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'ER_DUP_ENTRY';
}

/** True when SQLite refused a write because another process holds or has just committed one (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT…). */
function isSqliteBusy(error: unknown): boolean {
  return driverCode(error)?.startsWith('SQLITE_BUSY') ?? false;
}

/**
 * True when the database gave up on the transaction for another one's sake, so running it again
 * may succeed: a deadlock (MariaDB ER_LOCK_DEADLOCK 1213, PostgreSQL 40P01), a serialization
 * failure (PostgreSQL 40001), or a lock wait timeout (MariaDB ER_LOCK_WAIT_TIMEOUT 1205).
 */
export function isTransientConflict(error: unknown): boolean {
  const code = driverCode(error);
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT' || code === '40P01' || code === '40001';
}
