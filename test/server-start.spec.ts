import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_MAIN, ensureServerBuilt, freePort, spawnedServerEnv } from './support/server-process.js';
import { freshDatabase } from './support/test-app.js';

/** Runs the built server with `env` until it exits; its exit code and what it printed. */
function runServer(env: NodeJS.ProcessEnv): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [BUILT_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((done) => child.once('close', (code) => done({ code, output })));
}

describe('a server that cannot listen', () => {
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let dataDir: string;
  beforeAll(async () => {
    ensureServerBuilt();
    const db = await freshDatabase();
    ({ drop, url: databaseUrl } = db);
    dataDir = mkdtempSync(join(tmpdir(), 'chargeops-start-'));
  }, 180_000);
  afterAll(async () => {
    await drop?.();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('stops with exit code 1 and one line naming HOST and PORT when the port is taken, not a stack trace', async () => {
    const port = await freePort();
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(port, '127.0.0.1', listening));
    try {
      const { code, output } = await runServer(spawnedServerEnv(port, databaseUrl, dataDir));
      expect(code).toBe(1);
      expect(output).toContain(`Cannot listen on 127.0.0.1:${port} (EADDRINUSE): check HOST and PORT`);
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      await new Promise((closed) => taken.close(closed));
    }
  }, 120_000);

  it('stops naming HOST when it is not an address or a host name', async () => {
    const { code, output } = await runServer(spawnedServerEnv(await freePort(), databaseUrl, dataDir, { HOST: 'bad host' }));
    expect(code).toBe(1);
    expect(output.trim()).toBe('Invalid configuration: HOST must be an IP address or a host name, not "bad host"');
  }, 120_000);
});
