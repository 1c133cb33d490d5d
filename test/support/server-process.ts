import { execFileSync, spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root. */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The built server the benchmarks run too (bench/lib.mjs BUILD_DIR): `nest build --path bench/tsconfig.build.json`. */
export const BUILT_MAIN = join(ROOT, 'bench', 'results', 'build', 'main.js');
/** Admin account every spawned server seeds on its first start. */
export const SPAWNED_ADMIN = { email: 'admin@spawned.chargeops.dev', password: 'admin-password-for-spawned-servers' };

/** Production requires a closure-pack signing key; one per test run serves every spawned server. */
const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Makes sure {@link BUILT_MAIN} is newer than every file under src/: builds it otherwise, holding
 * `/tmp/chargeops-build.lock` (flock) so that two spec files or engineers never build into one
 * directory at once. Takes a minute when it builds. @throws when the build fails and left no main.js
 */
export function ensureServerBuilt(): void {
  const fresh = () => existsSync(BUILT_MAIN) && statSync(BUILT_MAIN).mtimeMs >= newestMtime(join(ROOT, 'src'));
  if (fresh()) return;
  const nest = join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  // Checked again under the lock: whoever held it may have just built.
  const script = `[ -f "$1" ] && [ -z "$(find "$2" -newer "$1" -type f -print -quit)" ] || nice -n 10 "$3" "$4" build --path bench/tsconfig.build.json`;
  execFileSync('flock', ['/tmp/chargeops-build.lock', 'sh', '-c', script, 'sh', BUILT_MAIN, join(ROOT, 'src'), process.execPath, nest], { cwd: ROOT, stdio: 'inherit' });
  if (!existsSync(BUILT_MAIN)) throw new Error(`no ${BUILT_MAIN} after nest build`);
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/** A `node main.js` the test started: its pid, base URL and stdout lines. */
export interface ServerProcess {
  pid: number;
  /** `http://127.0.0.1:<port>/api/v1`. */
  api: string;
  output: string[];
  /** SIGKILL: no shutdown hook runs, leases stay as they were. Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (SIGKILL after 10 s). Resolves once the process is gone. */
  stop(): Promise<void>;
}

/** How often {@link spawnServer} picks another port when the one {@link freePort} found was taken before the server bound it. */
const PORT_ATTEMPTS = 3;

/** Thrown by one spawn attempt when the server exited with EADDRINUSE before it was ready. */
class PortTakenError extends Error {}

/**
 * Spawns the built server (`node bench/results/build/main.js`, see {@link ensureServerBuilt}) as
 * production runs it, on `databaseUrl` with its own port and a data directory (removed when it
 * stops), and resolves once it prints that it listens (at most `timeoutMs`). A port found free can
 * be taken by another process before the server binds it; then it starts again on a new port (at
 * most {@link PORT_ATTEMPTS} times).
 * @param env more settings, e.g. `{ OUTBOX_POLL_INTERVAL_MS: '50' }`; they win over the defaults here
 * @throws when it exits or stays silent before it is ready (its output is in the message)
 */
export async function spawnServer(databaseUrl: string, env: Record<string, string> = {}, timeoutMs = 60_000): Promise<ServerProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnPort(await freePort(), databaseUrl, env, timeoutMs);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt === PORT_ATTEMPTS) throw error;
    }
  }
}

/** The environment of a spawned server on `port` with its files under `dataDir`; `env` overrides. */
export function spawnedServerEnv(port: number, databaseUrl: string, dataDir: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    STORAGE_DIR: join(dataDir, 'storage'),
    JWT_SECRET: 'spawned-server-jwt-secret-for-tests-0123456789abcdef',
    CLOSURE_PACK_SIGNING_KEY: SIGNING_KEY,
    ADMIN_EMAIL: SPAWNED_ADMIN.email,
    ADMIN_PASSWORD: SPAWNED_ADMIN.password,
    LOG_LEVEL: 'warn',
    LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
    WEB_CONCURRENCY: '1',
    NO_COLOR: '1',
    ...env,
  };
}

async function spawnOnPort(port: number, databaseUrl: string, env: Record<string, string>, timeoutMs: number): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'chargeops-spawned-'));
  const child = spawn(process.execPath, [BUILT_MAIN], { cwd: ROOT, env: spawnedServerEnv(port, databaseUrl, dataDir, env), stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const cleanUp = () => rmSync(dataDir, { recursive: true, force: true });
  void exited.then(cleanUp);
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the server printed no "ChargeOps API on" within ${timeoutMs} ms:\n${output.join('\n')}`));
    }, timeoutMs);
    const check = () => {
      if (!output.some((line) => line.includes('ChargeOps API on'))) return;
      clearTimeout(timer);
      child.stdout.off('data', check);
      ready();
    };
    child.stdout.on('data', check);
    void exited.then(() => {
      clearTimeout(timer);
      const message = `the server exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${output.join('\n')}`;
      fail(output.some((line) => line.includes('EADDRINUSE')) ? new PortTakenError(message) : new Error(message));
    });
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    pid: child.pid!,
    api: `http://127.0.0.1:${port}/api/v1`,
    output,
    async kill9() {
      if (!gone()) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone()) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

/**
 * Which of `pids` holds the TCP connection from 127.0.0.1:`remotePort` to 127.0.0.1:`localPort`
 * (a request's sender, asked while the connection is open), from /proc/net/tcp and each process's
 * fds (Linux). @returns the pid, or null when none of them does
 */
export function connectionOwner(remotePort: number, localPort: number, pids: readonly number[]): number | null {
  const hex = (port: number) => port.toString(16).toUpperCase().padStart(4, '0');
  const line = readFileSync('/proc/net/tcp', 'utf8')
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((f) => f[1] === `0100007F:${hex(remotePort)}` && f[2] === `0100007F:${hex(localPort)}`);
  if (!line) return null;
  const socket = `socket:[${line[9]}]`;
  for (const pid of pids) {
    try {
      const dir = `/proc/${pid}/fd`;
      if (readdirSync(dir).some((fd) => safeReadlink(join(dir, fd)) === socket)) return pid;
    } catch {
      // the process is gone
    }
  }
  return null;
}

function safeReadlink(path: string): string | null {
  try {
    return readlinkSync(path);
  } catch {
    return null;
  }
}
