import './common/utc-process.js';
import cluster, { type Worker } from 'node:cluster';
import { createApp } from './app.factory.js';
import { isWorkerInvalidation } from './common/cache-invalidation.service.js';
import { tuneGarbageCollector } from './common/v8-flags.js';
import { type AppConfig, ConfigError, loadConfig } from './config/config.js';

/** What `listen` fails with when HOST or PORT cannot be used (Node's errno codes). */
const LISTEN_ERRORS = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL', 'ENOTFOUND', 'EAI_AGAIN']);

/** A worker that exits this soon after it was forked counts as failing to start. */
const EARLY_EXIT_MS = 10_000;
/** After this many early exits in a row the primary gives up instead of forking forever. */
const MAX_EARLY_EXITS = 5;

/**
 * Starts the API: validated config, migrations on start, then listen. Exits non-zero on a bad
 * config. With `WEB_CONCURRENCY` > 1 (PostgreSQL; the default there is one per core) this process
 * becomes the cluster's primary (issue #13): it migrates and seeds once, forks that many workers
 * that share the port (node:cluster hands each new connection to the next worker) and nothing
 * else but the database and the cache invalidations it relays between them, replaces a worker that dies, and on SIGTERM/SIGINT lets every worker
 * drain its requests before it exits.
 */
async function main(): Promise<void> {
  tuneGarbageCollector();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (cluster.isPrimary && config.webConcurrency > 1) return runPrimary(config);
  const app = await createApp(config);
  try {
    await app.listen(config.port, config.host);
  } catch (error) {
    // The port taken, a privileged port, a host that does not resolve: one line naming the settings, not a stack trace.
    const code = (error as NodeJS.ErrnoException).code;
    if (!code || !LISTEN_ERRORS.has(code)) throw error;
    process.stderr.write(`Cannot listen on ${config.host}:${config.port} (${code}): check HOST and PORT\n`);
    await app.close().catch(() => undefined);
    process.exit(1);
  }
  if (cluster.isPrimary) {
    process.stdout.write(`ChargeOps API on http://localhost:${config.port}/api/v1 (docs: /docs, database: ${config.database.type})\n`);
  }
}

/** The cluster's primary: one start-up pass (migrations, seeds), then the workers; see {@link main}. */
async function runPrimary(config: AppConfig): Promise<void> {
  // Migrations and first-run seeds once, here, so the workers do not race each other for them.
  const app = await createApp(config);
  await app.init();
  await app.close();

  let stopping = false;
  let earlyExits = 0;
  const started = new Map<Worker, number>();
  const fork = () => started.set(cluster.fork(), Date.now());
  cluster.on('exit', (worker, code, signal) => {
    const lived = Date.now() - (started.get(worker) ?? 0);
    started.delete(worker);
    if (stopping) {
      if (started.size === 0) process.exit(0);
      return;
    }
    earlyExits = lived < EARLY_EXIT_MS ? earlyExits + 1 : 0;
    process.stderr.write(`worker ${worker.process.pid} exited (${signal ?? code}); ${earlyExits >= MAX_EARLY_EXITS ? 'giving up' : 'starting another'}\n`);
    if (earlyExits >= MAX_EARLY_EXITS) process.exit(1);
    fork();
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    // Each worker closes its server and finishes its requests (Nest's shutdown hooks), then exits.
    for (const worker of started.keys()) worker.process.kill(signal);
    if (started.size === 0) process.exit(0);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // A worker's cache invalidation (a revoked key, a deactivated account) reaches its siblings at once (CacheInvalidation).
  cluster.on('message', (from, message: unknown) => {
    if (!isWorkerInvalidation(message)) return;
    for (const worker of started.keys()) if (worker !== from && worker.isConnected()) worker.send(message);
  });
  for (let i = 0; i < config.webConcurrency; i++) fork();
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === config.webConcurrency) {
      process.stdout.write(
        `ChargeOps API on http://localhost:${config.port}/api/v1 (docs: /docs, database: ${config.database.type}, ${config.webConcurrency} workers)\n`,
      );
    }
  });
}

void main();
