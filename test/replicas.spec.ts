import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureServerBuilt } from './support/server-process.js';
import { onPostgres } from './support/test-app.js';

/**
 * The multi-replica test (issue 18 item 4) in its bounded form: bench/replicas.mjs with
 * REPLICAS_SCALE=small (three built servers on a new PostgreSQL database and s3rver, one killed with
 * SIGKILL and restarted). PostgreSQL only: SQLite allows one process per database file.
 */
/** Runs bench/replicas.mjs with `env`; resolves with its exit code and output. */
function runScript(env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [join('bench', 'replicas.mjs')], { env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

describe('three replicas on one PostgreSQL database and one S3 server (bench/replicas.mjs, small)', () => {
  it('refuses an unknown REPLICAS_SCALE before it builds or starts anything', async () => {
    const { code, stderr } = await runScript({ REPLICAS_SCALE: 'huge' });
    expect(code).not.toBe(0);
    expect(stderr).toContain('REPLICAS_SCALE must be small or full, got "huge"');
  });

  if (onPostgres)
    it('loses and duplicates no lead, has one winner per raced transition and slot, reads every upload and pack from every replica, leaves no orphan, locks out on all', async () => {
      ensureServerBuilt();
      const { code, stdout, stderr } = await runScript({ REPLICAS_SCALE: 'small', REPLICAS_PG_URL: process.env.DATABASE_URL });
      expect(code, `${stdout}\n${stderr.slice(-4000)}`).toBe(0);
      const rows = stdout.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| check'));
      expect(rows).toHaveLength(7);
      for (const row of rows) expect(row, stdout).toMatch(/\| pass \|$/);
      expect(stdout).toMatch(/replica 2 killed \(SIGKILL\) at [\d.]+ s and back at [\d.]+ s/);
    }, 300_000);
});
