import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';
import { constants } from 'node:buffer';
import { isEmail } from 'class-validator';

/** How duplicate leads are handled (DESIGN §7: same E.164 phone and pincode as an open lead). */
export type DuplicateCheckMode = 'off' | 'flag' | 'reject';
export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
/** What an upload is, for its size limit (DESIGN §6): lead documents now, survey/installation media later. */
export type UploadKind = 'document' | 'photo' | 'video';

const MIB = 1024 * 1024;
/** DESIGN §6 upload limits in bytes: documents 10 MB, photos 15 MB, videos 200 MB (MiB). */
export const DEFAULT_UPLOAD_LIMITS: Readonly<Record<UploadKind, number>> = { document: 10 * MIB, photo: 15 * MIB, video: 200 * MIB };

/** Where the relational data lives, parsed from `DATABASE_URL`. */
export type DatabaseConfig =
  | { type: 'better-sqlite3'; path: string }
  | { type: 'postgres'; url: string }
  /** MariaDB ≥ 10.11 through mysql2 (`mysql://` or `mariadb://`); `url` is normalised to `mysql://`. */
  | { type: 'mariadb'; url: string };

/**
 * An S3-compatible bucket for stored files, parsed from `STORAGE_URL=s3://bucket?endpoint=…&region=…&forcePathStyle=true`.
 * Credentials are not part of it: the AWS SDK reads them from its standard environment
 * (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, a profile or an instance role).
 */
export interface ObjectStorageConfig {
  bucket: string;
  /** The service's base URL (MinIO, Ceph, R2 …); unset: AWS S3 for `region`. */
  endpoint?: string;
  region: string;
  /** `http://endpoint/bucket/key` instead of `http://bucket.endpoint/key` (most S3-compatible servers want it). */
  forcePathStyle: boolean;
}

/**
 * The validated configuration shared by the HTTP server and the CLI.
 * Durations are in seconds, sizes in requests.
 */
export interface AppConfig {
  nodeEnv: 'development' | 'production' | 'test';
  port: number;
  host: string;
  database: DatabaseConfig;
  /** HS256 secret for access tokens. */
  jwtSecret: string;
  /** Access-token lifetime in seconds (DESIGN §2: 15 min). */
  accessTokenTtlSeconds: number;
  /** Refresh-token lifetime in seconds. */
  refreshTokenTtlSeconds: number;
  /**
   * Seconds after a rotation during which the rotated refresh token, sent again while its successor
   * has never been used (the answer was lost on the way), gets a fresh pair instead of revoking the
   * login (`JWT_REFRESH_REUSE_GRACE_SECONDS`; 0: every reuse revokes).
   */
  refreshReuseGraceSeconds: number;
  /** Root directory of the local-disk file storage (`STORAGE_DIR`); unused when {@link objectStorage} is set. */
  storageDir: string;
  /** The S3-compatible bucket files are stored in (`STORAGE_URL`); unset: the local disk under {@link storageDir}. */
  objectStorage?: ObjectStorageConfig;
  /**
   * Redis (`REDIS_URL`, `redis://[user:pass@]host:6379[/db]` or `rediss://`), used by replicas to
   * tell each other at once when a cached credential or reference entry changed; unset: each
   * replica's cache expires within its TTL.
   */
  redisUrl?: string;
  /** Largest accepted upload per kind, in bytes; `UPLOAD_LIMIT_DOCUMENT_BYTES` overrides the document limit. */
  uploadLimits: Record<UploadKind, number>;
  /** Whether `GET /metrics` (Prometheus text, outside the API prefix) is served and requests are counted (`METRICS_ENABLED`, default true). */
  metricsEnabled: boolean;
  /** Seconds between storage sweeps in the server (files no row references); 0 turns the periodic sweep off. */
  storageSweepIntervalSeconds: number;
  /**
   * Server worker processes (`WEB_CONCURRENCY`, node:cluster): default the number of cores on a
   * database server; always 1 on SQLite (one writer, one process).
   */
  webConcurrency: number;
  /** Allowed CORS origins; empty means CORS is off. `*` allows any origin. */
  corsOrigins: string[];
  leadAutoAssign: boolean;
  leadDuplicateCheck: DuplicateCheckMode;
  logLevel: LogLevel;
  /**
   * Failed sign-ins (and, counted apart, failed refreshes) allowed per client address per minute
   * (`LOGIN_RATE_LIMIT_PER_MINUTE`); the next attempt is locked out (src/auth/throttling).
   */
  loginRateLimitPerMinute: number;
  /** Failed sign-ins allowed per account (e-mail address) within 15 minutes before it is locked out (`LOGIN_ACCOUNT_MAX_FAILURES`). */
  loginAccountMaxFailures: number;
  /** Seconds of the first lock-out of an account or address (`LOGIN_LOCKOUT_SECONDS`); each further one doubles. */
  loginLockoutSeconds: number;
  /** Longest lock-out in seconds (`LOGIN_LOCKOUT_MAX_SECONDS`), at least `loginLockoutSeconds`. */
  loginLockoutMaxSeconds: number;
  /**
   * Which peers may set `X-Forwarded-For` (`TRUST_PROXY`), in Express's `trust proxy` terms:
   * `false` trusts nobody (the socket's address is the client), a number trusts that many hops,
   * a list trusts those addresses or CIDR ranges (`loopback`, `10.0.0.0/8`, …).
   */
  trustProxy: boolean | number | string[];
  /** Largest JSON body accepted, in bytes (`JSON_BODY_LIMIT_BYTES`); one byte more answers 413. */
  jsonBodyLimitBytes: number;
  /** Deepest nesting of objects and arrays accepted in a JSON body (`JSON_MAX_DEPTH`); deeper answers 400. */
  jsonMaxDepth: number;
  /** Seconds a request's headers or body may make no progress before the connection is cut (`REQUEST_TIMEOUT_SECONDS`). */
  requestTimeoutSeconds: number;
  /**
   * How long, in milliseconds, the auth guard may reuse an account's or API key's status (active,
   * role, revoked) read from the database; 0–5,000, 0 reads it on every request. A change made
   * through this process applies at once; one made through another replica within this time.
   */
  authCacheTtlMs: number;
  /** How long, in seconds, pincode directory entries and lead sources are reused from memory; 0 turns that off. */
  referenceCacheTtlSeconds: number;
  /**
   * Stage SLA targets in hours by stage as `SLA_HOURS` gives them (`contacted=24,…`); leads/sla.ts
   * checks the stage names and merges them over its defaults at start-up.
   */
  slaHours: Readonly<Record<string, number>>;
  /** Most data rows a lead import file may have (`IMPORT_MAX_ROWS`); more answers 413. */
  importMaxRows: number;
  /** Largest lead import file in bytes (`IMPORT_MAX_BYTES`, at most {@link MAX_IMPORT_BYTES}); more answers 413. */
  importMaxBytes: number;
  adminEmail?: string;
  adminPassword?: string;
  /** Where development-only secrets are kept. */
  dataDir: string;
  /**
   * The Ed25519 private key (PKCS#8 PEM) that signs closure packs' manifest.json
   * (`CLOSURE_PACK_SIGNING_KEY`; issue #16). Required in production; in development and tests one
   * is generated once and kept in DATA_DIR/dev-secrets.json, as the JWT secret is.
   */
  closurePackSigningKey: string;
  /**
   * The public keys of closure-pack signing keys used before a rotation
   * (`CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS`: Ed25519 SPKI PEMs, one after another), each as SPKI PEM:
   * packs they signed still verify, and they are served beside the current one. Empty by default.
   */
  closurePackPreviousPublicKeys: string[];
  /**
   * The public base URL of the API as an OEM reaches it (`PUBLIC_BASE_URL`, default
   * `http://localhost:<PORT>`), for links printed in documents: the closure pack's verify QR code.
   */
  publicBaseUrl: string;
  /**
   * Seconds to wait before each retry of a failed webhook or e-mail delivery
   * (`WEBHOOK_RETRY_SCHEDULE_SECONDS`, comma-separated; issue #15: 5 s, 5 min, 30 min, 2 h, 5 h,
   * 10 h, 10 h). A delivery gets one attempt plus one per entry; each wait is jittered by ±20 %.
   */
  webhookRetryScheduleSeconds: number[];
  /** Seconds an outbound webhook call may take in all, connect to last body byte (`WEBHOOK_TIMEOUT_SECONDS`, default 10). */
  webhookTimeoutSeconds: number;
  /** Allow `http:` subscription URLs (`WEBHOOK_ALLOW_HTTP`, default false: https only). */
  webhookAllowHttp: boolean;
  /** Allow URLs resolving to loopback, private, link-local or metadata addresses (`WEBHOOK_ALLOW_PRIVATE_NETWORKS`, default false). */
  webhookAllowPrivateNetworks: boolean;
  /** Seconds a subscription may keep failing (no success since its first failure) before it is disabled (`WEBHOOK_DISABLE_AFTER_SECONDS`, default 3 days). */
  webhookDisableAfterSeconds: number;
  /** Milliseconds between outbox passes in each server process (`OUTBOX_POLL_INTERVAL_MS`, default 500); 0 turns the timer off (tests call `runOnce()`). */
  outboxPollIntervalMs: number;
  /** SMTP server for staff notifications (`SMTP_URL`, e.g. `smtp://user:pass@mail:587`); unset: e-mails are recorded as skipped. */
  smtpUrl?: string;
  /** Sender of notification e-mails (`MAIL_FROM`). */
  mailFrom: string;
  /** Where new-lead and failed-subscription e-mails go when no Central Ops user owns the lead (`LEAD_NOTIFICATION_EMAIL`; seed 002 `lead_notification_email`). */
  leadNotificationEmail?: string;
  /** Days after closing or cancelling a lead before its personal data is anonymised (`LEAD_RETENTION_DAYS`; unset: never; 0: at the next run). */
  leadRetentionDays: number | null;
}

/** Thrown when an environment variable is missing or malformed; the message names the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const DUPLICATE_MODES: readonly DuplicateCheckMode[] = ['off', 'flag', 'reject'];

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `must be an integer, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

/**
 * The most `IMPORT_MAX_BYTES` may be: V8's longest string (2^29 - 24 characters on 64-bit Node 20+,
 * `buffer.constants.MAX_STRING_LENGTH`). The import decodes the whole file into one string, so a
 * larger file could only fail (TextDecoder throws ERR_STRING_TOO_LONG past it).
 */
export const MAX_IMPORT_BYTES = constants.MAX_STRING_LENGTH;

/**
 * `IMPORT_MAX_BYTES`, 1,024 to {@link MAX_IMPORT_BYTES} bytes (default 64 MiB).
 * @throws ConfigError naming the variable when it is not an integer or out of range
 */
function importMaxBytes(env: NodeJS.ProcessEnv): number {
  const value = integer(env, 'IMPORT_MAX_BYTES', 64 * MIB, 1024, Number.MAX_SAFE_INTEGER);
  if (value > MAX_IMPORT_BYTES) throw new ConfigError('IMPORT_MAX_BYTES', `must be at most ${MAX_IMPORT_BYTES} (the longest text Node.js can decode an import file into), got ${value}`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new ConfigError(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  }
  return raw as T;
}

/** Parses `name=hours,…` (hours > 0 and at most a year, fractions allowed) into a record; names are checked by their user. */
function parseHoursList(env: NodeJS.ProcessEnv, variable: string): Record<string, number> {
  const hours: Record<string, number> = {};
  for (const entry of (env[variable] ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const match = /^([a-z_]+)\s*=\s*(\d+(?:\.\d+)?)$/.exec(entry);
    if (!match) throw new ConfigError(variable, `has an entry that is not stage=hours: "${entry}"`);
    const n = Number(match[2]);
    if (!(n > 0) || n > 24 * 365) throw new ConfigError(variable, `must give ${match[1]} more than 0 and at most 8760 hours, got ${match[2]}`);
    hours[match[1]] = n;
  }
  return hours;
}

/**
 * Parses `TRUST_PROXY`: empty or `false` trusts nobody; `true` trusts every hop (only behind a proxy
 * that overwrites the header); an integer trusts that many hops; otherwise a comma-separated list of
 * addresses, CIDR ranges or Express's names `loopback`, `linklocal`, `uniquelocal`.
 * @throws ConfigError for an entry that is none of those
 */
export function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
  for (const entry of entries) {
    const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
    const [address, bits, ...extra] = entry.split('/');
    // isIP, as proxy-addr parses them (a loose pattern let `fe80::1::2` through to crash the adapter's build).
    const ipv4 = isIP(address) === 4;
    const ipv6 = isIP(address) === 6;
    const prefixOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (ipv4 ? 32 : 128));
    if (!named && (!(ipv4 || ipv6) || !prefixOk || extra.length)) {
      throw new ConfigError('TRUST_PROXY', `has an entry that is not an address, a CIDR range or loopback/linklocal/uniquelocal: "${entry}"`);
    }
  }
  return entries;
}

/**
 * `HOST`, the listen address: an IPv4 or IPv6 address or a host name (RFC 1123 labels), default
 * `0.0.0.0` (every interface).
 * @throws ConfigError naming HOST for anything else (`bad host`, `http://x`), instead of a stack trace from listen
 */
export function parseHost(raw: string | undefined): string {
  const value = raw?.trim() ?? '';
  if (value === '') return '0.0.0.0';
  const hostName = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
  if (isIP(value) || hostName.test(value)) return value;
  throw new ConfigError('HOST', `must be an IP address or a host name, not "${value}"`);
}

/**
 * `value` as an error message may show it: the password of a `scheme://user:password@host` URL
 * replaced by `***` (up to the last `@`, since a password may hold one). Config errors reach the
 * container's log, which holds no secrets (DESIGN §2).
 */
export function withoutPassword(value: string): string {
  return value.replace(/^([a-z][\w+.-]*:\/\/[^/\s:@]*):.*@/i, '$1:***@');
}

/**
 * Parses `sqlite:<path>`, `postgres://…` or `mysql://…`/`mariadb://…` (MariaDB, mysql2); paths are
 * relative to the working directory. A MariaDB URL must name its database (`/chargeops`): the
 * operator creates it with `CHARACTER SET utf8mb4 COLLATE utf8mb4_bin` (README).
 * @throws ConfigError naming DATABASE_URL
 */
export function parseDatabaseUrl(raw: string | undefined, cwd: string): DatabaseConfig {
  const value = raw?.trim() || 'sqlite:./data/chargeops.sqlite';
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length);
    if (!path) throw new ConfigError('DATABASE_URL', 'needs a file path after "sqlite:"');
    return { type: 'better-sqlite3', path: path === ':memory:' ? path : resolve(cwd, path) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid postgres:// URL');
    }
    return { type: 'postgres', url: value };
  }
  if (/^(mysql|mariadb):\/\//.test(value)) {
    let url: URL;
    try {
      url = new URL(value.replace(/^mariadb:/, 'mysql:'));
    } catch {
      throw new ConfigError('DATABASE_URL', 'is not a valid mysql:// (or mariadb://) URL');
    }
    if (!url.hostname) throw new ConfigError('DATABASE_URL', 'needs a host, as in mysql://user:pass@host:3306/chargeops');
    if (!/^\/[^/]+$/.test(url.pathname)) throw new ConfigError('DATABASE_URL', 'needs the database name as its path, as in mysql://user:pass@host:3306/chargeops');
    return { type: 'mariadb', url: url.toString() };
  }
  throw new ConfigError('DATABASE_URL', `must start with "sqlite:", "postgres://" or "mysql://" (also "mariadb://"), got "${withoutPassword(value)}"`);
}

/**
 * Parses `STORAGE_URL`: empty means the local disk; otherwise `s3://<bucket>?endpoint=<http(s) URL>&region=<region>&forcePathStyle=true|false`
 * (region defaults to `us-east-1`, forcePathStyle to true when an endpoint is given, as MinIO needs).
 * Bucket names follow S3's rules (3–63 lower-case letters, digits, dots and hyphens).
 * @throws ConfigError naming STORAGE_URL and what is wrong
 */
export function parseStorageUrl(raw: string | undefined): ObjectStorageConfig | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  const fail = (problem: string) => new ConfigError('STORAGE_URL', `${problem} (expected s3://bucket?endpoint=http://minio:9000&region=us-east-1&forcePathStyle=true)`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw fail(`is not a URL: "${withoutPassword(value)}"`);
  }
  if (url.protocol !== 's3:') throw fail(`must start with "s3://", got "${url.protocol}//"`);
  if (url.username || url.password) throw fail('must not hold credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY');
  const bucket = url.hostname;
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket) || bucket.includes('..')) throw fail(`has an invalid bucket name "${bucket}" (3-63 lower-case letters, digits, dots, hyphens)`);
  if (url.pathname && url.pathname !== '/') throw fail(`takes no path after the bucket, got "${url.pathname}"`);
  const known = new Set(['endpoint', 'region', 'forcePathStyle']);
  for (const name of url.searchParams.keys()) if (!known.has(name)) throw fail(`has an unknown parameter "${name}"`);
  const endpoint = url.searchParams.get('endpoint')?.trim() || undefined;
  if (endpoint && !/^https?:\/\/[^\s/]+\/?$/.test(endpoint)) throw fail(`has an endpoint that is not an http(s) base URL: "${endpoint}"`);
  const region = url.searchParams.get('region')?.trim() || 'us-east-1';
  if (!/^[a-z0-9-]{1,40}$/.test(region)) throw fail(`has an invalid region "${region}"`);
  const style = url.searchParams.get('forcePathStyle')?.trim().toLowerCase();
  if (style !== undefined && style !== 'true' && style !== 'false') throw fail(`has forcePathStyle "${style}", not true or false`);
  return { bucket, endpoint: endpoint?.replace(/\/$/, ''), region, forcePathStyle: style === undefined ? endpoint !== undefined : style === 'true' };
}

/** Parses `REDIS_URL` (`redis://` or `rediss://`); empty means no Redis. */
function parseRedisUrl(raw: string | undefined): string | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['redis:', 'rediss:'].includes(url.protocol) || !url.hostname) throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL with a host, got "${withoutPassword(value)}"`);
  return value;
}

/**
 * `CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS`: the public keys of closure-pack signing keys used before a
 * rotation, so that the packs they signed still verify (issue #16). One or more SPKI PEM blocks
 * (`-----BEGIN PUBLIC KEY-----`, as `openssl pkey -pubout` writes them) one after another, `\n`
 * escapes allowed as in `CLOSURE_PACK_SIGNING_KEY`; each must be Ed25519. Unset or empty: none.
 * @returns each key as SPKI PEM, in the order given
 * @throws ConfigError naming the variable (and the key, by its position) when a block is not an
 *         Ed25519 public key, a private key is given, or there is text outside the blocks
 */
function previousPublicKeys(env: NodeJS.ProcessEnv, name: string): string[] {
  const raw = env[name]?.replace(/\\n/g, '\n').trim() ?? '';
  if (!raw) return [];
  // A private key here would be served to anyone as a "public" key: refused outright.
  if (/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/.test(raw)) throw new ConfigError(name, 'holds a private key; give only the public key of each previous key (openssl pkey -in old.pem -pubout)');
  const block = /-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g;
  const blocks = [...raw.matchAll(block)];
  if (!blocks.length) throw new ConfigError(name, 'holds no PEM public key (-----BEGIN PUBLIC KEY-----, as openssl pkey -pubout writes it)');
  if (raw.replace(block, '').trim()) throw new ConfigError(name, 'has text outside its PEM public keys');
  return blocks.map(([pem], i) => {
    let key: KeyObject;
    try {
      key = createPublicKey(pem);
    } catch {
      throw new ConfigError(name, `key ${i + 1} of ${blocks.length} is not a valid PEM public key`);
    }
    if (key.asymmetricKeyType !== 'ed25519') throw new ConfigError(name, `key ${i + 1} of ${blocks.length} must be an Ed25519 key, got ${key.asymmetricKeyType}`);
    return key.export({ type: 'spki', format: 'pem' }).toString();
  });
}

/**
 * Reads the development secrets file, creating it with fresh random secrets on first use.
 * Only called outside production, where a missing secret is an error instead.
 */
function developmentSecret(dataDir: string, name: string, generate: () => string = () => randomBytes(32).toString('base64url')): string {
  const file = resolve(dataDir, 'dev-secrets.json');
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
  if (!secrets[name]) {
    secrets[name] = generate();
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets[name];
}

/**
 * Builds and validates the configuration from environment variables.
 *
 * @param env usually `process.env`
 * @param cwd the directory relative paths resolve against (default `process.cwd()`)
 * @throws ConfigError naming the first bad variable
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AppConfig {
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const production = nodeEnv === 'production';
  const dataDir = resolve(cwd, env.DATA_DIR?.trim() || './data');

  let jwtSecret = env.JWT_SECRET?.trim();
  if (!jwtSecret) {
    if (production) throw new ConfigError('JWT_SECRET', 'is required when NODE_ENV=production');
    jwtSecret = developmentSecret(dataDir, 'JWT_SECRET');
  } else if (jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');
  }

  let closurePackSigningKey = env.CLOSURE_PACK_SIGNING_KEY?.replace(/\\n/g, '\n').trim();
  if (!closurePackSigningKey) {
    if (production) throw new ConfigError('CLOSURE_PACK_SIGNING_KEY', 'is required when NODE_ENV=production (an Ed25519 private key, PKCS#8 PEM)');
    closurePackSigningKey = developmentSecret(dataDir, 'CLOSURE_PACK_SIGNING_KEY', () =>
      generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    );
  }
  let signingKey: KeyObject;
  try {
    signingKey = createPrivateKey(closurePackSigningKey);
  } catch {
    throw new ConfigError('CLOSURE_PACK_SIGNING_KEY', 'is not a PEM private key');
  }
  if (signingKey.asymmetricKeyType !== 'ed25519') throw new ConfigError('CLOSURE_PACK_SIGNING_KEY', `must be an Ed25519 key, got ${signingKey.asymmetricKeyType}`);
  const closurePackPreviousPublicKeys = previousPublicKeys(env, 'CLOSURE_PACK_PREVIOUS_PUBLIC_KEYS');

  const port = integer(env, 'PORT', 3000, 0, 65535);
  const publicBaseUrl = (env.PUBLIC_BASE_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, '');
  if (!/^https?:\/\/[^\s/]+(\/\S*)?$/.test(publicBaseUrl)) throw new ConfigError('PUBLIC_BASE_URL', `is not an http(s) URL: "${publicBaseUrl}"`);

  const corsRaw = env.CORS_ORIGINS?.trim() ?? '';
  // The cors middleware compares origins as exact strings, so each entry must be a bare
  // http(s) origin: `localhost:3000` or `https://host/app` would parse as URLs but never match.
  const corsOrigins = (corsRaw ? corsRaw.split(',').map((o) => o.trim()).filter(Boolean) : []).map((origin) => {
    if (origin === '*') return origin;
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== origin.replace(/\/$/, '')) {
      throw new ConfigError('CORS_ORIGINS', `has an invalid origin "${origin}" (expected e.g. https://admin.example.com)`);
    }
    return url.origin;
  });

  const adminEmailAsTyped = env.ADMIN_EMAIL?.trim() || undefined;
  // The check sign-in applies to the address typed (LoginDto's @IsEmail(), which also caps it at 254): one it refuses could never sign in.
  if (adminEmailAsTyped && !isEmail(adminEmailAsTyped)) {
    throw new ConfigError('ADMIN_EMAIL', `is not an email address sign-in accepts: "${adminEmailAsTyped}"`);
  }
  const adminEmail = adminEmailAsTyped?.toLowerCase();
  const adminPassword = env.ADMIN_PASSWORD || undefined;
  // At most 200: sign-in takes no longer password (LoginDto), so a longer one would lock the admin out.
  if (adminPassword !== undefined && (adminPassword.length < 8 || adminPassword.length > 200)) {
    throw new ConfigError('ADMIN_PASSWORD', 'must be 8 to 200 characters long');
  }

  const loginLockoutSeconds = integer(env, 'LOGIN_LOCKOUT_SECONDS', 60, 1, 86_400);
  const loginLockoutMaxSeconds = integer(env, 'LOGIN_LOCKOUT_MAX_SECONDS', 3600, 1, 7 * 86_400);
  if (loginLockoutMaxSeconds < loginLockoutSeconds) {
    throw new ConfigError('LOGIN_LOCKOUT_MAX_SECONDS', `must be at least LOGIN_LOCKOUT_SECONDS (${loginLockoutSeconds}), got ${loginLockoutMaxSeconds}`);
  }

  const database = parseDatabaseUrl(env.DATABASE_URL, cwd);
  const webConcurrency = integer(env, 'WEB_CONCURRENCY', database.type === 'better-sqlite3' ? 1 : availableParallelism(), 1, 64);
  if (database.type === 'better-sqlite3' && webConcurrency > 1) {
    throw new ConfigError('WEB_CONCURRENCY', `must be 1 on SQLite (one process owns the database file), got ${webConcurrency}`);
  }

  const retryRaw = env.WEBHOOK_RETRY_SCHEDULE_SECONDS?.trim() || '5,300,1800,7200,18000,36000,36000';
  const webhookRetryScheduleSeconds = retryRaw.split(',').map((entry) => {
    const value = entry.trim();
    if (!/^\d+$/.test(value) || Number(value) > 7 * 86_400) throw new ConfigError('WEBHOOK_RETRY_SCHEDULE_SECONDS', `must be comma-separated whole seconds up to 604800, got "${retryRaw}"`);
    return Number(value);
  });
  if (webhookRetryScheduleSeconds.length > 20) throw new ConfigError('WEBHOOK_RETRY_SCHEDULE_SECONDS', 'may list at most 20 retries');
  const leadNotificationEmail = env.LEAD_NOTIFICATION_EMAIL?.trim().toLowerCase() || undefined;
  if (leadNotificationEmail && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(leadNotificationEmail)) throw new ConfigError('LEAD_NOTIFICATION_EMAIL', `is not an email address: "${leadNotificationEmail}"`);
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl)) throw new ConfigError('SMTP_URL', 'must be an smtp:// or smtps:// URL');
  const retentionRaw = env.LEAD_RETENTION_DAYS?.trim();

  return {
    nodeEnv,
    port,
    host: parseHost(env.HOST),
    database,
    webConcurrency,
    jwtSecret,
    accessTokenTtlSeconds: integer(env, 'JWT_ACCESS_TTL_SECONDS', 900, 60, 86_400),
    refreshTokenTtlSeconds: integer(env, 'JWT_REFRESH_TTL_SECONDS', 30 * 86_400, 3600, 365 * 86_400),
    refreshReuseGraceSeconds: integer(env, 'JWT_REFRESH_REUSE_GRACE_SECONDS', 300, 0, 3600),
    storageDir: resolve(cwd, env.STORAGE_DIR?.trim() || './data/storage'),
    objectStorage: parseStorageUrl(env.STORAGE_URL),
    redisUrl: parseRedisUrl(env.REDIS_URL),
    uploadLimits: { ...DEFAULT_UPLOAD_LIMITS, document: integer(env, 'UPLOAD_LIMIT_DOCUMENT_BYTES', DEFAULT_UPLOAD_LIMITS.document, 1, 1024 * MIB) },
    storageSweepIntervalSeconds: integer(env, 'STORAGE_SWEEP_INTERVAL_SECONDS', 3600, 0, 7 * 86_400),
    corsOrigins,
    metricsEnabled: boolean(env, 'METRICS_ENABLED', true),
    leadAutoAssign: boolean(env, 'LEAD_AUTO_ASSIGN', false),
    leadDuplicateCheck: oneOf(env, 'LEAD_DUPLICATE_CHECK', DUPLICATE_MODES, 'flag'),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    loginRateLimitPerMinute: integer(env, 'LOGIN_RATE_LIMIT_PER_MINUTE', 10, 1, 100_000),
    loginAccountMaxFailures: integer(env, 'LOGIN_ACCOUNT_MAX_FAILURES', 5, 1, 1000),
    loginLockoutSeconds,
    loginLockoutMaxSeconds,
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    jsonBodyLimitBytes: integer(env, 'JSON_BODY_LIMIT_BYTES', MIB, 1024, 100 * MIB),
    jsonMaxDepth: integer(env, 'JSON_MAX_DEPTH', 32, 2, 1000),
    requestTimeoutSeconds: integer(env, 'REQUEST_TIMEOUT_SECONDS', 30, 1, 3600),
    // At most 5 s: how long a deactivated account or a revoked key may still work on another replica.
    authCacheTtlMs: integer(env, 'AUTH_CACHE_TTL_MS', 2000, 0, 5000),
    referenceCacheTtlSeconds: integer(env, 'REFERENCE_CACHE_TTL_SECONDS', 60, 0, 86_400),
    slaHours: parseHoursList(env, 'SLA_HOURS'),
    importMaxRows: integer(env, 'IMPORT_MAX_ROWS', 100_000, 1, 10_000_000),
    importMaxBytes: importMaxBytes(env),
    adminEmail,
    adminPassword,
    dataDir,
    closurePackSigningKey,
    closurePackPreviousPublicKeys,
    publicBaseUrl,
    webhookRetryScheduleSeconds,
    webhookTimeoutSeconds: integer(env, 'WEBHOOK_TIMEOUT_SECONDS', 10, 1, 60),
    webhookAllowHttp: boolean(env, 'WEBHOOK_ALLOW_HTTP', false),
    webhookAllowPrivateNetworks: boolean(env, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS', false),
    webhookDisableAfterSeconds: integer(env, 'WEBHOOK_DISABLE_AFTER_SECONDS', 3 * 86_400, 1, 365 * 86_400),
    outboxPollIntervalMs: integer(env, 'OUTBOX_POLL_INTERVAL_MS', 500, 0, 60_000),
    smtpUrl,
    mailFrom: env.MAIL_FROM?.trim() || 'ChargeOps <no-reply@chargeops.invalid>',
    leadNotificationEmail,
    leadRetentionDays: retentionRaw ? integer(env, 'LEAD_RETENTION_DAYS', 0, 0, 36_500) : null,
  };
}
