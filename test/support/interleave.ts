import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
import type { EntityManager } from 'typeorm';
import { expect, onTestFinished, vi } from 'vitest';
import { TransactionRunner } from '../../src/common/persistence/transaction-runner.service.js';

/**
 * Runs `other` (a request) to its answer just before the application's next transaction starts, so
 * that it commits between the read and the write of the request under test when that request reads
 * its row outside the transaction: a fixed interleaving for lost-update tests, without timing.
 * `other` must answer 200. The spy is removed when the test ends.
 * @returns whether `other` ran (it must have, for the test to mean anything)
 */
export function beforeNextTransaction(app: INestApplication, other: () => PromiseLike<Response>): () => boolean {
  const tx = app.get(TransactionRunner);
  const run = tx.run.bind(tx);
  let started: Promise<Response> | undefined;
  const spy = vi.spyOn(tx, 'run').mockImplementation(async (work) => {
    if (!started) {
      started = Promise.resolve(other());
      expect((await started).status).toBe(200);
    }
    return run(work);
  });
  onTestFinished(() => spy.mockRestore());
  return () => started !== undefined;
}

/** Another use case's transaction, held open: {@link openTransaction}. */
export interface OpenTransaction {
  /** Resolves once `write` has run and the transaction waits. */
  opened: Promise<void>;
  /** Lets it fail and roll back. */
  rollBack: () => void;
  /** Resolves once it has rolled back. */
  ended: Promise<unknown>;
}

/**
 * Opens a transaction through the application's TransactionRunner that runs `write`, then waits
 * for `rollBack()` and fails: on SQLite's one shared connection, what a statement sent beside the
 * runner's queue meanwhile joins, and loses when this rolls back.
 */
export function openTransaction(app: INestApplication, write: (em: EntityManager) => Promise<unknown>, run = app.get(TransactionRunner).run.bind(app.get(TransactionRunner))): OpenTransaction {
  let opened!: () => void;
  let rollBack!: () => void;
  const isOpen = new Promise<void>((resolve) => (opened = resolve));
  const gate = new Promise<void>((resolve) => (rollBack = resolve));
  const ended = run(async (em) => {
    await write(em);
    opened();
    await gate;
    throw new Error('rolled back on purpose');
  }).catch(() => undefined);
  return { opened: isOpen, rollBack, ended };
}
