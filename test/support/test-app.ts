import 'reflect-metadata';
// As main.ts runs the server: in UTC whatever TZ the suite was started with.
import '../../src/common/utc-process.js';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { createApp, type CreateAppOptions, readyApp } from '../../src/app.factory.js';
import { type AppConfig, loadConfig } from '../../src/config/config.js';
import { Factory } from './factory.js';
import { ageS3rverObject, S3RVER_CREDENTIALS, type S3Server, s3rverKeys, s3rverObjectPath, startS3Server } from './s3-server.js';

/** The file storage the tests run on: `TEST_STORAGE=s3` puts every test app on s3rver (one bucket each), otherwise the local disk. */
export const testStorageKind: 'local' | 's3' = process.env.TEST_STORAGE === 's3' ? 's3' : 'local';

let s3Server: Promise<S3Server> | undefined;
/** The one s3rver of this test process, started on first use; it stops when this process ends. */
export function sharedS3Server(): Promise<S3Server> {
  if (!s3Server) {
    Object.assign(process.env, S3RVER_CREDENTIALS);
    s3Server = startS3Server();
  }
  return s3Server;
}

/** What a test sees of an app's stored bytes, whichever the backend. */
export interface TestStorageView {
  kind: 'local' | 's3';
  /** Every stored key (and, on the local disk, `.tmp/…` file), sorted. */
  keys(): string[];
  /** The local file holding `key`'s bytes (the storage directory's, or s3rver's). */
  pathOf(key: string): string;
  /** Makes an object look `ms` old, as the sweep judges age by modification time. */
  age(key: string, ms: number): void;
}

/** A running test application on its own fresh database. */
export interface TestApp {
  app: NestFastifyApplication;
  /** The Node HTTP server, for supertest: `request(t.server)`. */
  server: ReturnType<NestFastifyApplication['getHttpServer']>;
  config: AppConfig;
  factory: Factory;
  /** Its `DATABASE_URL`: pass it to another `startTestApp` for a second replica on the same database. */
  databaseUrl: string;
  storage: TestStorageView;
  close(): Promise<void>;
}

/** The database kind the suite runs on: PostgreSQL when DATABASE_URL is postgres://…, MariaDB when mysql://… (or mariadb://…), else SQLite. */
export const onPostgres = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
/** True when the suite runs on MariaDB (`npm run test:mariadb`). */
export const onMariaDb = /^(mysql|mariadb):\/\//.test(process.env.DATABASE_URL ?? '');
/** True on either server database (PostgreSQL, MariaDB): concurrent transactions on a pool, several processes on one database. */
export const onServerDatabase = onPostgres || onMariaDb;

/**
 * A new empty database of the suite's kind: on PostgreSQL and MariaDB `chargeops_test_<random>`
 * created next to DATABASE_URL's (MariaDB: utf8mb4, binary collation, as the README asks of
 * operators), on SQLite a file in a new temporary directory. `drop()` removes it.
 */
export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  if (onMariaDb) {
    const adminUrl = (process.env.DATABASE_URL as string).replace(/^mariadb:/, 'mysql:');
    const name = `chargeops_test_${randomBytes(6).toString('hex')}`;
    const admin = await mysql.createConnection(adminUrl);
    await admin.query(`CREATE DATABASE ${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_bin`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const c = await mysql.createConnection(adminUrl);
        await c.query(`DROP DATABASE IF EXISTS ${name}`);
        await c.end();
      },
    };
  }
  if (onPostgres) {
    const adminUrl = process.env.DATABASE_URL as string;
    const name = `chargeops_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: adminUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'chargeops-test-'));
  return { url: `sqlite:${join(dir, 'test.sqlite')}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Starts the real application (same factory as `main.ts`) on a fresh database, migrated on start.
 * @param env extra environment, e.g. `{ LEAD_DUPLICATE_CHECK: 'reject' }`, or `{ DATABASE_URL: other.databaseUrl }`
 * @param appOptions e.g. a log destination to read the log back
 */
export async function startTestApp(env: Record<string, string> = {}, appOptions: CreateAppOptions = {}): Promise<TestApp> {
  // A DATABASE_URL in `env` is another app's database (a second replica): used as it is, dropped by its owner.
  const db = env.DATABASE_URL ? { url: env.DATABASE_URL, drop: async () => undefined } : await freshDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'chargeops-data-'));
  // A STORAGE_URL or STORAGE_DIR in `env` wins (e.g. a second replica on the first one's bucket).
  let bucket: { bucket: string; storageUrl: string; root: string } | undefined;
  if (testStorageKind === 's3' && !env.STORAGE_URL && !env.STORAGE_DIR) {
    const s3 = await sharedS3Server();
    bucket = { ...(await s3.newBucket()), root: s3.root };
  }
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      DATA_DIR: dataDir,
      STORAGE_DIR: join(dataDir, 'storage'),
      JWT_SECRET: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
      ADMIN_EMAIL: 'admin@test.chargeops.dev',
      ADMIN_PASSWORD: 'admin-password-for-tests',
      LOGIN_RATE_LIMIT_PER_MINUTE: '1000',
      // Tests sweep explicitly (StorageSweeper.sweep); no timer runs behind them.
      STORAGE_SWEEP_INTERVAL_SECONDS: '0',
      // Tests run the outbox explicitly (OutboxRunner.runOnce), as they sweep.
      OUTBOX_POLL_INTERVAL_MS: '0',
      ...(bucket ? { STORAGE_URL: bucket.storageUrl } : {}),
      ...env,
    },
    dataDir,
  );
  const app = await readyApp(await createApp(config, appOptions));
  const factory = new Factory(app);
  return {
    app,
    server: app.getHttpServer(),
    config,
    factory,
    databaseUrl: db.url,
    storage: storageView(config, bucket),
    close: async () => {
      await app.close();
      await db.drop();
      rmSync(dataDir, { recursive: true, force: true });
      if (bucket) rmSync(join(bucket.root, bucket.bucket), { recursive: true, force: true });
    },
  };
}

function storageView(config: AppConfig, bucket: { bucket: string; root: string } | undefined): TestStorageView {
  if (bucket) {
    return {
      kind: 's3',
      keys: () => s3rverKeys(bucket.root, bucket.bucket),
      pathOf: (key) => s3rverObjectPath(bucket.root, bucket.bucket, key),
      age: (key, ms) => ageS3rverObject(bucket.root, bucket.bucket, key, ms),
    };
  }
  const pathOf = (key: string) => join(config.storageDir, ...key.split('/'));
  return {
    kind: 'local',
    keys: () => localFiles(config.storageDir),
    pathOf,
    age: (key, ms) => {
      const when = new Date(Date.now() - ms);
      utimesSync(pathOf(key), when, when);
    },
  };
}

/** Every file under `root`, relative with `/`, sorted. */
function localFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else out.push(relative(root, path).split(sep).join('/'));
    }
  };
  walk(root);
  return out.sort();
}
