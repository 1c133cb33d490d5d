import type { INestApplication } from '@nestjs/common';
import type { Response } from 'supertest';
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
