// Shared helpers of the benchmark scripts (bench/*.mjs): settings from the environment, the bench
// database's URL, building the server (bench/results/build) when it is stale, starting and stopping the built server, reading
// the SQL TypeORM logs, and the fixed accounts the generator creates. Not run on its own.
import { spawn, execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import autocannon from 'autocannon';

/** The project root (the directory holding package.json). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Git-ignored output: tables, logs, profiles, the SQLite bench database. */
export const RESULTS_DIR = join(ROOT, 'bench', 'results');
/**
 * The built server the benchmark runs: `nest build` (same compiler, same swagger plugin as dist/)
 * with bench/tsconfig.build.json, whose only change is this private outDir, so another build of
 * dist/ (nest build deletes its outDir first) cannot pull files from under a running benchmark.
 */
export const BUILD_DIR = join(RESULTS_DIR, 'build');
/** The real India Post directory (DESIGN §8). */
export const PINCODES_CSV = resolve(ROOT, '..', 'shared', 'data', 'india-pincodes.csv');

/**
 * The NODE_OPTIONS production runs the server with: the Dockerfile's `ENV NODE_OPTIONS="…"`, read
 * from it so the benchmark cannot drift from the image (a 256 MB heap, see the Dockerfile).
 */
export const PRODUCTION_NODE_OPTIONS = (() => {
  const match = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').match(/^ENV NODE_OPTIONS="([^"]*)"/m);
  if (!match) throw new Error('Dockerfile: no ENV NODE_OPTIONS="…" line to run the server with');
  return match[1];
})();

/** Password of every account the generator creates (bench data only, never a real deployment). */
export const BENCH_PASSWORD = 'bench-password-2026';

/** An Ed25519 key for the servers this process starts (NODE_ENV=production requires one). */
const BENCH_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
/** The accounts the benchmark signs in as. */
export const BENCH_ADMIN_EMAIL = 'bench-admin@bench.chargeops.example';
export const BENCH_OPS_EMAIL = 'bench-ops@bench.chargeops.example';
/** externalRef prefix of the leads `POST /leads` creates during a run (removed by resetBenchChanges). */
export const POST_REF_PREFIX = 'BENCHPOST-';
/** externalRef prefix of the leads the import case of bench/reports.bench.mjs creates (removed by resetBenchChanges). */
export const IMPORT_REF_PREFIX = 'BENCHIMP-';
/** Name prefix of the API keys a run creates. */
export const RUN_KEY_PREFIX = 'bench-run-';
/**
 * How the app's query log ends a statement it runs as a named prepared statement
 * (src/common/persistence/query-templates.ts). raw-server.mjs keeps its own copy: the yardstick
 * loads nothing of the harness.
 */
export const PREPARED_MARK = ' /* prepared */';

function positiveInt(env, name, fallback) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/**
 * The benchmark settings, from the environment:
 * BENCH_DB (postgres|sqlite, default postgres), BENCH_LEADS (default 1,000,000), BENCH_DURATION
 * (seconds measured per case and server, default 10), BENCH_TURNS (the turns run.mjs splits them
 * into, default 3), BENCH_WARMUP (seconds, default 3), BENCH_CONNECTIONS (default 10),
 * BENCH_PG_URL (an existing database to connect to for CREATE DATABASE, default
 * postgres://postgres@127.0.0.1:5432/test), BENCH_PG_DATABASE (default chargeops_bench),
 * BENCH_SQLITE_PATH (default bench/results/chargeops-bench.sqlite), BENCH_SEED (default 42),
 * BENCH_LOG_LEVEL (the server's LOG_LEVEL, default warn), BENCH_PROFILE=1 (server runs with --cpu-prof),
 * BENCH_NODE_OPTIONS (the server's NODE_OPTIONS; default {@link PRODUCTION_NODE_OPTIONS}, empty for Node's defaults).
 */
export function benchSettings(env = process.env) {
  const db = (env.BENCH_DB || 'postgres').trim();
  if (!['postgres', 'sqlite'].includes(db)) throw new Error(`BENCH_DB must be postgres or sqlite, got "${db}"`);
  const pgAdminUrl = env.BENCH_PG_URL || 'postgres://postgres@127.0.0.1:5432/test';
  const pgDatabase = env.BENCH_PG_DATABASE || 'chargeops_bench';
  if (!/^[a-z_][a-z0-9_]*$/.test(pgDatabase)) throw new Error(`BENCH_PG_DATABASE must be a plain lower-case identifier, got "${pgDatabase}"`);
  const pgUrl = new URL(pgAdminUrl);
  pgUrl.pathname = `/${pgDatabase}`;
  const sqlitePath = resolve(ROOT, env.BENCH_SQLITE_PATH || join('bench', 'results', 'chargeops-bench.sqlite'));
  return {
    db,
    leads: positiveInt(env, 'BENCH_LEADS', 1_000_000),
    duration: positiveInt(env, 'BENCH_DURATION', 10),
    warmup: positiveInt(env, 'BENCH_WARMUP', 3),
    turns: positiveInt(env, 'BENCH_TURNS', 3),
    connections: positiveInt(env, 'BENCH_CONNECTIONS', 10),
    seed: positiveInt(env, 'BENCH_SEED', 42),
    logLevel: env.BENCH_LOG_LEVEL || 'warn',
    profile: env.BENCH_PROFILE === '1',
    nodeOptions: env.BENCH_NODE_OPTIONS ?? PRODUCTION_NODE_OPTIONS,
    workers: positiveInt(env, 'BENCH_WORKERS', 2),
    pgAdminUrl,
    pgDatabase,
    sqlitePath,
    databaseUrl: db === 'postgres' ? pgUrl.toString() : `sqlite:${sqlitePath}`,
  };
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Runs `nest build` into {@link BUILD_DIR} when its main.js is missing or older than any file under
 * src/, holding `/tmp/chargeops-build.lock` (flock; the spawned-server tests take it too) so that
 * two builds never write into it at once.
 */
export function ensureBuilt(log = console.error) {
  const main = join(BUILD_DIR, 'main.js');
  if (existsSync(main) && statSync(main).mtimeMs >= newestMtime(join(ROOT, 'src'))) return;
  log(`building ${BUILD_DIR} (older than src/) …`);
  const nest = join(ROOT, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js');
  try {
    execFileSync('flock', ['/tmp/chargeops-build.lock', process.execPath, nest, 'build', '--path', join('bench', 'tsconfig.build.json')], { cwd: ROOT, stdio: 'inherit' });
  } catch (error) {
    // tsc still emits on type errors (e.g. someone's work in progress elsewhere in src/); refuse only when there is nothing to run.
    if (!existsSync(main)) throw error;
    log('WARNING: nest build reported type errors (see above); benchmarking the JavaScript it emitted');
  }
}

/** A module of the built app, for the scripts that reuse its code (migrations, password hashing). */
export function builtModule(path) {
  return import(pathToFileURL(join(BUILD_DIR, path)).href);
}

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Peak resident set size (VmHWM) of one live process in MB, from /proc; null when unavailable. */
function ownPeakRssMb(pid) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(/^VmHWM:\s+(\d+)\s+kB/m);
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Peak resident set size (VmHWM) in MB of a live server: the process itself, or with
 * `WEB_CONCURRENCY` > 1 its largest worker (each worker is a whole server; the primary only forks
 * and passes connections). Null when unavailable.
 */
export function peakRssMb(pid) {
  const own = ownPeakRssMb(pid);
  const workers = childPids(pid).map(ownPeakRssMb).filter((mb) => mb !== null);
  return workers.length ? Math.max(...workers) : own;
}

/**
 * A process's command name and CPU times from its /proc/<pid>/stat line, in seconds: its own
 * (user + system) and its reaped children's. The name is in parentheses and may hold spaces.
 */
function procStat(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return {
    name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
    own: (Number(fields[11]) + Number(fields[12])) / 100,
    children: (Number(fields[13]) + Number(fields[14])) / 100,
  };
}

/** The pids of a process's live child processes (a cluster primary's workers), from /proc. */
export function childPids(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return children;
}

/**
 * CPU time (user + system) a live process has used so far, in seconds, from /proc, with its live
 * children's (a cluster's workers) and its reaped children's (a worker that exited); null when
 * unavailable.
 */
export function cpuSeconds(pid) {
  try {
    const self = procStat(pid);
    let total = self.own + self.children;
    for (const child of childPids(pid)) {
      try {
        total += procStat(child).own;
      } catch {
        // exited while we looked: counted in the reaped children's time from now on
      }
    }
    return total;
  } catch {
    return null;
  }
}

/**
 * CPU seconds used so far by every process named `name` (e.g. PostgreSQL's), from /proc: each
 * one's own time plus its reaped children's (so a backend that exits, e.g. an idle pool
 * connection closed, still counts, in its postmaster's children time).
 * @param cmdlineIncludes only processes whose command line contains it (PostgreSQL's backends show
 *   their database's name there: the bench's own, not other databases' on a shared server)
 */
export function cpuSecondsOfAll(name, cmdlineIncludes) {
  let total = 0;
  for (const seconds of cpuByPid(name, cmdlineIncludes).values()) total += seconds;
  return total;
}

/** CPU seconds so far of each process named `name` (and whose command line has `cmdlineIncludes`), by pid. */
function cpuByPid(name, cmdlineIncludes) {
  const byPid = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = procStat(entry);
      if (stat.name !== name) continue;
      if (cmdlineIncludes && !readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(cmdlineIncludes)) continue;
      byPid.set(entry, stat.own + stat.children);
    } catch {
      // the process ended while we looked
    }
  }
  return byPid;
}

/**
 * CPU seconds the processes of {@link cpuSecondsOfAll} use from now on: call the returned function
 * at the end. Counted per process (a backend that started since counts whole; one that was there
 * counts from now), so a backend that exits meanwhile drops only its own share, never makes the sum
 * negative (the filtered backends' reaped time is counted in no matching process).
 */
export function cpuSinceOfAll(name, cmdlineIncludes) {
  const start = cpuByPid(name, cmdlineIncludes);
  return () => {
    let used = 0;
    for (const [pid, seconds] of cpuByPid(name, cmdlineIncludes)) used += seconds - (start.get(pid) ?? 0);
    return used;
  };
}

/** CPU seconds the whole machine has been busy (all cores; not idle or waiting for I/O), from /proc/stat. */
export function machineBusySeconds() {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  return (ticks.slice(0, 8).reduce((a, b) => a + b, 0) - ticks[3] - ticks[4]) / 100;
}

// Strips the colour codes TypeORM's console logger adds.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

/**
 * Starts a Node script (the built server or the raw handler) and resolves once `readyLine`
 * appears on its stdout. Output is kept in memory (for the query log) and copied to `logFile`.
 * @returns {{ pid, url, port, output: string[], stop(): Promise<number|null>, peakRssMb(): number|null, cpuSeconds(): number|null }}
 */
export async function startProcess({ script, args = [], nodeArgs = [], env, readyLine, logFile, timeoutMs = 180_000 }) {
  mkdirSync(dirname(logFile), { recursive: true });
  const port = Number(env.PORT);
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile);
  const output = [];
  let partial = '';
  const waiters = new Set();
  const onData = (chunk) => {
    log.write(chunk);
    const text = partial + chunk.toString('utf8');
    const lines = text.split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) output.push(line.replace(ANSI, ''));
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', (chunk) => log.write(chunk));
  const exited = new Promise((resolveExit) => child.on('exit', (code, signal) => resolveExit(code ?? signal)));
  await new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      child.kill('SIGKILL');
      reject(new Error(`${script} did not print "${readyLine}" within ${timeoutMs / 1000}s; see ${logFile}`));
    }, timeoutMs);
    const check = () => {
      if (output.some((line) => line.includes(readyLine))) {
        cleanup();
        resolveReady();
      }
    };
    const cleanup = () => {
      clearTimeout(timer);
      waiters.delete(check);
    };
    waiters.add(check);
    void exited.then((code) => {
      cleanup();
      reject(new Error(`${script} exited (${code}) before it was ready; see ${logFile}`));
    });
  });
  let lastRss = null;
  return {
    pid: child.pid,
    port,
    url: `http://127.0.0.1:${port}`,
    output,
    /** Resolves when a stdout line after index `from` satisfies `test`. */
    waitForLine(from, test, timeoutMs = 10_000) {
      return new Promise((resolveLine, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no matching output line within ${timeoutMs} ms`));
        }, timeoutMs);
        const check = () => {
          const index = output.findIndex((line, i) => i >= from && test(line));
          if (index >= 0) {
            clearTimeout(timer);
            waiters.delete(check);
            resolveLine(index);
          }
        };
        waiters.add(check);
        check();
      });
    },
    peakRssMb() {
      lastRss = peakRssMb(child.pid) ?? lastRss;
      return lastRss;
    },
    /** CPU seconds the process has used so far (USER_HZ 100: 10 ms resolution). */
    cpuSeconds() {
      return cpuSeconds(child.pid);
    },
    /** SIGTERM (SIGKILL after 15 s); resolves with the exit code. */
    async stop() {
      this.peakRssMb();
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        const code = await exited;
        clearTimeout(timer);
        log.end();
        return code;
      }
      log.end();
      return exited;
    },
  };
}

/**
 * Starts the built server (`node bench/results/build/main.js`, see {@link BUILD_DIR}, or another build's `script`) on `databaseUrl` and a free port.
 * @param options.logLevel LOG_LEVEL of the server; options.typeormLogging logs every query (for capture);
 *        options.profileDir runs the server with --cpu-prof into that directory; options.nodeOptions is its NODE_OPTIONS;
 *        options.nodeArgs are more flags for `node` itself, for V8 flags NODE_OPTIONS refuses (`--trace-gc`)
 */
export async function startApp({ script = join(BUILD_DIR, 'main.js'), databaseUrl, logLevel = 'warn', typeormLogging = false, profileDir, nodeOptions = PRODUCTION_NODE_OPTIONS, nodeArgs = [], logFile, env = {} }) {
  const port = await freePort();
  return startProcess({
    script,
    nodeArgs: [...nodeArgs, ...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [])],
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      // A fixed secret: production requires one, and tokens from one start stay valid for the next.
      JWT_SECRET: 'bench-jwt-secret-not-for-production-0123456789',
      // Production requires the closure-pack signing key too (issue 16): one per bench process.
      CLOSURE_PACK_SIGNING_KEY: BENCH_SIGNING_KEY,
      LOG_LEVEL: logLevel,
      LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
      DATA_DIR: join(RESULTS_DIR, 'app-data'),
      STORAGE_DIR: join(RESULTS_DIR, 'app-data', 'storage'),
      TYPEORM_LOGGING: typeormLogging ? 'true' : 'false',
      NODE_OPTIONS: nodeOptions,
      // One worker unless a run asks for more (BENCH_WORKERS): the yardstick is one process too.
      WEB_CONCURRENCY: '1',
      ...env,
    },
    readyLine: 'ChargeOps API on',
    logFile,
  });
}

/** The median of `values` (the mean of the middle two for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** One autocannon run; resolves with its result. */
export function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: options.connections, pipelining: 1, timeout: 10, ...options }, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Measures servers against each other in alternating turns, so that a slow spell of the machine
 * (another tenant, a CPU clocked down) lands on all of them instead of on the one measured then:
 * `settings.duration` seconds per server split into `settings.turns` turns, run A B, B A, A B …
 * Each server's first turn has the full warm-up, later turns 1 s (the other server's turn ran in
 * between). Compare the sides with {@link pairedRatio}, not with their totals.
 * @param sides `[options, server, drain]` per server, as {@link measure} takes them
 * @returns per side, the turns' figures summed ({@link combinedTurns}) with the turns in `turns`
 */
export async function measureInTurns(settings, sides) {
  const seconds = turnSeconds(settings);
  const turns = sides.map(() => []);
  for (let turn = 0; turn < settings.turns; turn += 1) {
    const order = sides.map((_, i) => (turn % 2 ? sides.length - 1 - i : i));
    for (const i of order) turns[i].push(await measure({ ...settings, duration: seconds, warmup: turn === 0 ? settings.warmup : 1 }, ...sides[i]));
  }
  return turns.map(combinedTurns);
}

/** Seconds measured per turn of {@link measureInTurns}: BENCH_DURATION split over BENCH_TURNS, rounded up. */
export function turnSeconds(settings) {
  return Math.max(1, Math.ceil(settings.duration / settings.turns));
}

/**
 * The figures of one server's turns ({@link measure}'s shape) as one: requests, errors and CPU
 * summed (CPU per request over all the turns' requests), req/s the mean of the turns', the
 * latencies the median turn's (max the largest), and the turns themselves in `turns`.
 */
function combinedTurns(turns) {
  const total = turns.reduce((sum, t) => sum + t.total, 0);
  const perRequest = (field) => (turns.some((t) => t[field] === null) || !total ? null : turns.reduce((sum, t) => sum + t[field] * t.total, 0) / total);
  const statusCodes = {};
  for (const t of turns) for (const [code, count] of Object.entries(t.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    cpuMsPerRequest: perRequest('cpuMsPerRequest'),
    databaseCpuMsPerRequest: perRequest('databaseCpuMsPerRequest'),
    clientCpuMsPerRequest: perRequest('clientCpuMsPerRequest'),
    machineCpuMsPerRequest: perRequest('machineCpuMsPerRequest'),
    rps: turns.reduce((sum, t) => sum + t.rps, 0) / turns.length,
    total,
    p50: median(turns.map((t) => t.p50)),
    p99: median(turns.map((t) => t.p99)),
    mean: median(turns.map((t) => t.mean)),
    max: Math.max(...turns.map((t) => t.max)),
    errors: turns.reduce((sum, t) => sum + t.errors, 0),
    statusCodes,
    turns,
  };
}

/**
 * The median over the turns of `a`'s `field` ÷ `b`'s, each turn of `a` against the turn of `b`
 * that ran next to it ({@link measureInTurns}); null when either has no figure.
 */
export function pairedRatio(a, b, field) {
  const ratios = a.turns.map((turn, i) => turn[field] / b.turns[i][field]).filter((v) => Number.isFinite(v));
  return ratios.length ? median(ratios) : null;
}

/**
 * Warm-up (discarded), then the measured run against `server` (whose CPU time is read around it).
 * `drain` resolves once the server has answered what was still queued (a slow case must not spill
 * into the next one).
 */
export async function measure(settings, options, server, drain) {
  await cannon({ ...options, duration: settings.warmup, connections: settings.connections });
  await drain();
  const database = settings.db === 'postgres' ? () => cpuSecondsOfAll('postgres') : () => 0;
  const before = { server: server.cpuSeconds(), database: database(), machine: machineBusySeconds(), client: process.cpuUsage() };
  const result = await cannon({ ...options, duration: settings.duration, connections: settings.connections });
  await drain();
  const cpu = server.cpuSeconds() - before.server;
  const client = process.cpuUsage(before.client);
  const perRequest = (seconds) => (result.requests.total ? (1000 * seconds) / result.requests.total : null);
  return {
    // Server CPU per answered request: moved less than req/s by other load on the machine.
    cpuMsPerRequest: perRequest(cpu),
    // Where the rest of the two cores went: PostgreSQL's processes, autocannon (this process) and
    // the whole machine (which includes whatever else ran at the time).
    databaseCpuMsPerRequest: settings.db === 'postgres' ? perRequest(database() - before.database) : null,
    clientCpuMsPerRequest: perRequest((client.user + client.system) / 1e6),
    machineCpuMsPerRequest: perRequest(machineBusySeconds() - before.machine),
    rps: result.requests.average,
    total: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.average,
    max: result.latency.max,
    errors: result.errors + result.timeouts + result.non2xx,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count])),
  };
}

/** The directory's places with a district and coordinates, which {@link leadBody} picks its addresses from. */
export async function leadPlaces(settings) {
  const db = await openDb(settings);
  try {
    return await db.query(`SELECT pincode, district, state FROM pincodes WHERE district <> '' AND latitude IS NOT NULL ORDER BY pincode`);
  } finally {
    await db.close();
  }
}

/**
 * autocannon's `requests` for `POST /leads` with the API key `apiKey`: each request a new lead
 * ({@link leadBody}, numbered from 0 on under `runId`). Reuse one array for one run: a second array
 * under the same `runId` would send the same externalRefs again (replays, not creations).
 */
export function createLeadRequests(apiKey, runId, places) {
  let n = 0;
  return [{ method: 'POST', path: '/api/v1/leads', headers: { 'content-type': 'application/json', 'x-api-key': apiKey }, setupRequest: (req) => ({ ...req, body: leadBody(runId, n++, places) }) }];
}

/**
 * Where `runId`'s phone numbers start (FNV-1a of it): each run, and each phase of a run with its
 * own id, then creates leads with phones no earlier phase used. With the same numbers, every lead
 * of run.mjs's two-worker phase was an open lead's duplicate (same OEM, phone and pincode) and
 * cost a second timeline entry, which made that phase's POST /leads dearer than the first's.
 */
function phoneOffset(runId) {
  let hash = 2166136261;
  for (const char of runId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash;
}

/**
 * A realistic `POST /leads` body for request `n` of this run: a real pincode, a fresh E.164 mobile
 * and externalRef. The phones of one run are distinct (7919 is prime to 10^9, so the map below is
 * one to one), and those of two runs apart but by chance ({@link phoneOffset}).
 */
export function leadBody(runId, n, places) {
  const place = places[n % places.length];
  const phone = `+91${7 + (n % 3)}${String(((n + phoneOffset(runId)) * 7919 + 1234567) % 1e9).padStart(9, '0')}`;
  return JSON.stringify({
    externalRef: `${POST_REF_PREFIX}${runId}-${n}`,
    customerName: `Bench Customer ${n}`,
    customerPhone: phone,
    customerEmail: `bench.customer${n}@example.in`,
    addressLine1: `Flat ${(n % 40) + 1}01, Bench Residency`,
    city: place.district,
    state: place.state,
    pincode: place.pincode,
    chargerModel: '7.2 kW AC Wallbox',
  });
}

/** One HTTP request with a JSON body; resolves with `{ status, headers, body }` (body parsed when JSON). */
export async function http(method, url, { body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON; keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** Like {@link http} but throws unless the status is `expected`. */
export async function httpOk(method, url, options = {}, expected = [200, 201, 204]) {
  const res = await http(method, url, options);
  if (!expected.includes(res.status)) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 500)}`);
  return res;
}

/** Signs in through the API; returns the `Authorization` header value. */
export async function login(baseUrl, email, password = BENCH_PASSWORD) {
  const res = await httpOk('POST', `${baseUrl}/api/v1/auth/login`, { body: { email, password } });
  return `Bearer ${res.body.accessToken}`;
}

/** The app's cursor format (src/common/pagination.ts encodeCursor). */
export function encodeCursor(createdAt, id) {
  return Buffer.from(JSON.stringify([new Date(createdAt).toISOString(), id])).toString('base64url');
}

/**
 * The SQL statements TypeORM logged (TYPEORM_LOGGING=true) while `work` ran, as
 * `{ sql, parameters }`. `server` must have been started with typeormLogging; the health check's
 * `SELECT 1` marks the end, so every statement of `work` has been read when this resolves.
 */
export async function captureQueries(server, work) {
  const from = server.output.length;
  await work();
  const res = await http('GET', `${server.url}/api/v1/health`);
  if (res.status !== 200) throw new Error(`health answered ${res.status}`);
  const end = await server.waitForLine(from, (line) => /^query: SELECT 1\b/.test(line));
  return server.output
    .slice(from, end)
    .filter((line) => line.startsWith('query: '))
    .map((line) => {
      const text = line.slice('query: '.length);
      const at = text.indexOf(' -- PARAMETERS: ');
      return at < 0 ? { sql: text, parameters: [] } : { sql: text.slice(0, at), parameters: JSON.parse(text.slice(at + ' -- PARAMETERS: '.length)) };
    });
}

/** The app's list/get statements among captured ones: every SELECT that reads "leads" (not the auth or lookup queries). */
export function leadSelects(queries) {
  const found = queries.filter((q) => /^SELECT\b/.test(q.sql) && /"leads" "lead"/.test(q.sql) && !/COUNT\(/i.test(q.sql));
  if (!found.length) throw new Error(`no lead SELECT among:\n${queries.map((q) => q.sql).join('\n')}`);
  return found;
}

/** Formats a number with thousands separators and `digits` decimals. */
export function fmt(value, digits = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return '–';
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/**
 * A small query helper over the bench database, independent of the app:
 * `query(sql, params)` resolves with the rows (PostgreSQL `$1` or SQLite `?` placeholders).
 */
export async function openDb(settings) {
  if (settings.db === 'postgres') {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: settings.databaseUrl });
    await client.connect();
    return {
      query: async (sql, params = []) => (await client.query(sql, params)).rows,
      // As the app's preparedQuery() runs a statement: named, parsed once on this connection.
      queryPrepared: async (name, sql, params = []) => (await client.query({ name, text: sql, values: params })).rows,
      close: () => client.end(),
    };
  }
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(settings.sqlitePath, { fileMustExist: true });
  return { query: async (sql, params = []) => db.prepare(sql).all(...params), close: async () => db.close() };
}

/** A database timestamp (PostgreSQL Date, SQLite `YYYY-MM-DD HH:MM:SS.mmm` UTC) as a Date. */
export function dbDate(value) {
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
}

/**
 * Real values from the loaded data for every filter: an OEM, its API source, a Central Ops
 * assignee, a busy city and pincode, a lead to search by phone/email/externalRef, the cursor
 * 1,000 pages (of `limit`) deep, and `new` leads for the transition case.
 */
export async function sampleValues(settings, { limit = 50, newLeads = 0 } = {}) {
  const db = await openDb(settings);
  try {
    const p = settings.db === 'postgres' ? (i) => `$${i}` : () => '?';
    const [oem] = await db.query(`SELECT id FROM users WHERE email = 'oem.tata@bench.chargeops.example'`);
    const [source] = await db.query(`SELECT id FROM lead_sources WHERE oem_id = ${p(1)}`, [oem.id]);
    const [ops] = await db.query(`SELECT id FROM users WHERE email = 'ops-07@bench.chargeops.example'`);
    const [pin] = await db.query(`SELECT pincode FROM leads GROUP BY pincode ORDER BY count(*) DESC, pincode LIMIT 1`);
    // A lead from the middle of the table with an email and an externalRef.
    const [lead] = await db.query(
      `SELECT id, customer_phone, customer_email, external_ref, customer_name FROM leads
        WHERE created_at < (SELECT max(created_at) FROM leads) AND customer_email IS NOT NULL AND external_ref IS NOT NULL AND external_ref NOT LIKE '${POST_REF_PREFIX}%'
        ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET 400000`,
    );
    const deepRow = async (where = '') => {
      const [row] = await db.query(`SELECT id, created_at FROM leads ${where} ORDER BY created_at DESC, id DESC LIMIT 1 OFFSET ${1000 * limit - 1}`);
      return row ? encodeCursor(dbDate(row.created_at), row.id) : null;
    };
    const phone = lead.customer_phone; // +91XXXXXXXXXX
    return {
      oemId: oem.id,
      sourceId: source.id,
      assignedToId: ops.id,
      city: 'Pune',
      state: 'Maharashtra',
      stateCode: 'IN-MH',
      pincode: pin.pincode,
      leadId: lead.id,
      phone,
      // How an operator types it: national format with a space.
      phoneTyped: `${phone.slice(3, 8)} ${phone.slice(8)}`,
      email: lead.customer_email.toUpperCase(),
      externalRef: lead.external_ref,
      name: 'sharma',
      deepCursor: await deepRow(),
      deepCursorClosed: await deepRow(`WHERE status = 'closed'`),
      newLeadIds: newLeads
        ? (await db.query(`SELECT id FROM leads WHERE status = 'new' ORDER BY created_at DESC LIMIT ${newLeads}`)).map((r) => r.id)
        : [],
    };
  } finally {
    await db.close();
  }
}

/** An OEM id no user has (a version-4 UUID, so the API takes it): its list is empty. */
const NO_LEADS_OEM = '6f1c2d3e-0000-4000-8000-000000000000';

/**
 * The `GET /leads` query strings of every DESIGN §6 filter (and the deep cursor pages), built
 * from {@link sampleValues}. `bench` marks the four list cases the HTTP benchmark measures.
 */
export function listCases(v, limit = 50) {
  const qs = (params) => {
    const s = new URLSearchParams();
    for (const [k, val] of Object.entries({ limit: String(limit), ...params })) for (const x of [val].flat()) s.append(k, x);
    return s.toString();
  };
  return [
    { name: 'first page (no filter)', query: qs({}), bench: 'list-first' },
    { name: 'status=new', query: qs({ status: 'new' }), bench: 'list-status' },
    { name: 'status=contacted&status=on_hold', query: qs({ status: ['contacted', 'on_hold'] }) },
    { name: 'status=new&state=IN-MH', query: qs({ status: 'new', state: v.stateCode }), bench: 'list-status-state' },
    { name: 'oemId', query: qs({ oemId: v.oemId }) },
    // An OEM with no lead: a plan walking (created_at, id) and skipping other OEMs' leads reads them all.
    { name: 'oemId of an OEM with no leads', query: qs({ oemId: NO_LEADS_OEM }) },
    { name: 'sourceId', query: qs({ sourceId: String(v.sourceId) }) },
    { name: 'assignedToId', query: qs({ assignedToId: v.assignedToId }) },
    { name: 'city', query: qs({ city: v.city }) },
    { name: 'state (name)', query: qs({ state: v.state }) },
    { name: 'pincode', query: qs({ pincode: v.pincode }) },
    { name: 'createdFrom+createdTo (one month)', query: qs({ createdFrom: '2025-06-01T00:00:00+05:30', createdTo: '2025-07-01T00:00:00+05:30' }) },
    { name: 'q=phone', query: qs({ q: v.phoneTyped }), bench: 'list-q-phone' },
    { name: 'q=name', query: qs({ q: v.name }) },
    { name: 'q=email', query: qs({ q: v.email }) },
    { name: 'q=externalRef', query: qs({ q: v.externalRef }) },
    { name: 'cursor 1,000 pages deep', query: qs({ cursor: v.deepCursor }), bench: 'list-deep' },
    { name: 'status=closed, cursor 1,000 pages deep', query: qs({ status: 'closed', cursor: v.deepCursorClosed }) },
    // Issue 14: the SLA filter (a walk of the list's own index bounded by the latest SLA cutoff, LeadsRepository.applyFilters), and changes since a sync.
    { name: 'overdue=true', query: qs({ overdue: 'true' }) },
    { name: 'overdue=true&oemId', query: qs({ overdue: 'true', oemId: v.oemId }) },
    { name: 'overdue=true&status=contacted&state=IN-MH', query: qs({ overdue: 'true', status: 'contacted', state: v.stateCode }) },
    { name: 'overdue=true, cursor 1,000 pages deep', query: qs({ overdue: 'true', cursor: v.deepCursor }) },
    { name: 'overdue=false', query: qs({ overdue: 'false' }) },
    { name: 'updatedFrom a week back', query: qs({ updatedFrom: new Date(Date.now() - 7 * 86_400_000).toISOString() }) },
  ];
}

/**
 * s3rver in its own process (scripts/s3rver.mjs: it needs --openssl-legacy-provider), keeping its
 * files under `dir`. @returns `{ endpoint, stop() }`; stop() resolves once the process is gone.
 */
export async function startS3rver(dir) {
  const child = spawn(process.execPath, ['--openssl-legacy-provider', join(ROOT, 'scripts', 's3rver.mjs'), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolvePort, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /S3RVER_PORT=(\d+)/.exec(out);
      if (match) resolvePort(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`s3rver exited (${code}): ${out}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await gone;
    },
  };
}
