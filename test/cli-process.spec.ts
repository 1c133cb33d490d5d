import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportLeadsCommand } from '../src/cli/lead-commands.js';
import { cliModule, outputSink } from './support/cli.js';
import { BUILT_MAIN, ensureServerBuilt } from './support/server-process.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The CLI as `npm run cli` runs it, built next to the server the process tests spawn (see {@link ensureServerBuilt}). */
const BUILT_CLI = join(dirname(BUILT_MAIN), 'cli.js');

/** Leads in the database: two CSV chunks of the export (batches of 1,000 rows, ~420 KB), far more than a pipe holds. */
const LEADS = 1_500;

interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `export-leads` and `import-leads` as a person runs them, in a process of their own: what the
 * exit code and stderr are for an ordinary mistake, and for a reader that goes away (`| head -1`).
 */
describe('cli as a process: exit codes and stderr', () => {
  let t: TestApp;
  let cli: TestingModule;

  beforeAll(async () => {
    ensureServerBuilt();
    t = await startTestApp();
    await t.factory.loadPincodes();
    const oem = await t.factory.user('oem');
    const file = join(t.config.dataDir, 'leads.csv');
    const rows = Array.from({ length: LEADS }, (_, i) => `P-${i},Pipe Reader ${i},+9198555${String(i).padStart(5, '0')},1 FC Road,Pune,Maharashtra,411001`);
    writeFileSync(file, `externalRef,customerName,customerPhone,addressLine1,city,state,pincode\n${rows.join('\n')}\n`);
    cli = await cliModule(t.config, outputSink());
    await cli.get(ImportLeadsCommand).run([file], { oem: oem.user.id });
  }, 240_000);
  afterAll(async () => {
    await cli?.close();
    await t?.close();
  });

  /** `node cli.js ...args` on the test app's database; `onStdout` sees each chunk of stdout and may close it (`child.stdout.destroy()`). */
  function run(args: string[], onStdout?: (chunk: Buffer, close: () => void) => void): Promise<Finished> {
    const child = spawn(process.execPath, [BUILT_CLI, ...args], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'test',
        DATABASE_URL: t.databaseUrl,
        DATA_DIR: t.config.dataDir,
        STORAGE_DIR: join(t.config.dataDir, 'storage'),
        JWT_SECRET: 'cli-process-jwt-secret-for-tests-0123456789abcdef',
        NO_COLOR: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      stdout.push(chunk);
      onStdout?.(chunk, () => child.stdout.destroy());
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }));
    });
  }

  it('export-leads --out into a missing directory: exit 1 and one line on stderr naming the path, no stack trace', async () => {
    const result = await run(['export-leads', '--out', '/no/such/dir/x.csv']);
    expect(result).toMatchObject({ code: 1, signal: null, stdout: '' });
    expect(result.stderr).toBe('cannot write /no/such/dir/x.csv: no such directory\n');
  });

  it('export-leads into a pipe whose reader takes the header and leaves (| head -1): stops quietly, exit 0', async () => {
    let first = '';
    const result = await run(['export-leads'], (chunk, close) => {
      first += chunk.toString('utf8');
      if (first.includes('\n')) close();
    });
    expect(first.split('\r\n')[0]).toMatch(/^id,externalRef,oemId,/);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
  });

  it('export-leads to a pipe read to the end: every lead, the header first, exit 0', async () => {
    const result = await run(['export-leads']);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    const lines = result.stdout.split('\r\n');
    expect(lines[0]).toMatch(/^id,externalRef,oemId,/);
    expect(lines.filter((line) => line.includes('Pipe Reader'))).toHaveLength(LEADS);
  });
});
