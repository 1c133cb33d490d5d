import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isUniqueViolation, TransactionRunner } from '../src/common/persistence/transaction-runner.service.js';
import { onPostgres, onServerDatabase, startTestApp, type TestApp } from './support/test-app.js';

describe('TransactionRunner: one transaction per use case, a deadlock victim run again', () => {
  let t: TestApp;
  let tx: TransactionRunner;
  const p = (n: number) => (onPostgres ? `$${n}` : '?');
  beforeAll(async () => {
    t = await startTestApp();
    tx = t.app.get(TransactionRunner);
    await t.app.get(DataSource).query(`INSERT INTO id_sequences (name, value) VALUES (${p(1)}, 0), (${p(2)}, 0)`, ['race-a', 'race-b']);
  });
  afterAll(() => t.close());

  const bump = (em: Parameters<Parameters<TransactionRunner['run']>[0]>[0], name: string) => em.query(`UPDATE id_sequences SET value = value + 1 WHERE name = ${p(1)}`, [name]);
  const valueOfIn = async (em: Parameters<Parameters<TransactionRunner['run']>[0]>[0], name: string) => Number(((await em.query(`SELECT value FROM id_sequences WHERE name = ${p(1)}`, [name])) as Array<{ value: number | string }>)[0].value);
  const valueOf = async (name: string) => Number(((await t.app.get(DataSource).query(`SELECT value FROM id_sequences WHERE name = ${p(1)}`, [name])) as Array<{ value: number | string }>)[0].value);

  it('a unique violation is not run again: the work runs once and its error reaches the caller, nothing written', async () => {
    let attempts = 0;
    const failed = await tx
      .run(async (em) => {
        attempts++;
        await bump(em, 'race-a');
        await em.query(`INSERT INTO id_sequences (name, value) VALUES (${p(1)}, 1)`, ['race-b']);
      })
      .catch((error: unknown) => error);
    expect(isUniqueViolation(failed)).toBe(true);
    expect(attempts).toBe(1);
    expect(await valueOf('race-a')).toBe(0);
  });

  // SQLite only, so defined only there: another process (a CLI command beside the server) on the same file.
  if (!onServerDatabase)
    it('another process committing between a transaction\'s read and its write (SQLITE_BUSY_SNAPSHOT): the transaction runs again on a fresh snapshot', async () => {
      const file = t.databaseUrl.replace(/^sqlite:/, '');
      const cli = new Database(file, { timeout: 10_000 });
      let attempts = 0;
      try {
        await tx.run(async (em) => {
          attempts++;
          await valueOfIn(em, 'race-b');
          // The other process commits after this transaction's first read: its snapshot is now old.
          if (attempts === 1) cli.prepare('UPDATE id_sequences SET value = value + 10 WHERE name = ?').run('race-b');
          await bump(em, 'race-b');
        });
      } finally {
        cli.close();
      }
      expect(attempts).toBe(2);
      expect(await valueOf('race-b')).toBe(11);
    });

  // PostgreSQL and MariaDB only, so defined only there: SQLite runs one transaction at a time
  // (TransactionRunner queues them), so two can never wait for each other.
  if (onServerDatabase)
    it('two transactions locking two rows in opposite order both commit: the deadlock victim is run again, each change lands once', async () => {
      let attempts = 0;
      let arrived = 0;
      let release!: () => void;
      const bothHoldOne = new Promise<void>((resolve) => (release = resolve));
      const crossing = (first: string, second: string) =>
        tx.run(async (em) => {
          const attempt = ++attempts;
          await bump(em, first);
          if (attempt <= 2) {
            // The first attempts wait until each holds its first row, so the second UPDATEs cross.
            if (++arrived === 2) release();
            await bothHoldOne;
          }
          await bump(em, second);
          return attempt;
        });
      const [a, b] = await Promise.all([crossing('race-a', 'race-b'), crossing('race-b', 'race-a')]);
      // At least one run again. The retry may cross the other once more (both reach for the row the
      // victim's rollback frees), so a loaded machine can see a fourth attempt: either way the last
      // attempt is one that committed, and each use case's changes landed exactly once.
      expect(attempts).toBeGreaterThanOrEqual(3);
      expect(Math.max(a, b)).toBe(attempts);
      expect(await valueOf('race-a')).toBe(2);
      expect(await valueOf('race-b')).toBe(2);
    });
});
