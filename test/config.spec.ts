import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';

/** A valid secret, so the cases below fail on the variable they are about and nothing else. */
const SECRET = 'x'.repeat(32);
const SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** Runs loadConfig and returns the ConfigError it throws (fails the test if it does not throw one). */
function configError(env: NodeJS.ProcessEnv, cwd: string): ConfigError {
  try {
    loadConfig(env, cwd);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  let cwd: string;
  beforeEach(() => {
    cwd = mkdtempSync(join(tmpdir(), 'chargeops-config-'));
  });
  afterEach(() => rmSync(cwd, { recursive: true, force: true }));

  it('with an empty environment runs on SQLite under <cwd>/data with the documented defaults', () => {
    const config = loadConfig({}, cwd);
    expect(config.nodeEnv).toBe('development');
    expect(config.database).toEqual({ type: 'better-sqlite3', path: join(cwd, 'data', 'chargeops.sqlite') });
    expect(config.dataDir).toBe(join(cwd, 'data'));
    expect(config.storageDir).toBe(join(cwd, 'data', 'storage'));
    expect(config.port).toBe(3000);
    expect(config.accessTokenTtlSeconds).toBe(900);
    expect(config.corsOrigins).toEqual([]);
    expect(config.leadDuplicateCheck).toBe('flag');
    expect(config.leadAutoAssign).toBe(false);
    expect(config.logLevel).toBe('info');
    expect(config.authCacheTtlMs).toBe(2000);
    expect(config.referenceCacheTtlSeconds).toBe(60);
  });

  it('reads valid values of every kind', () => {
    const config = loadConfig(
      {
        NODE_ENV: 'production',
        JWT_SECRET: SECRET,
        CLOSURE_PACK_SIGNING_KEY: SIGNING_KEY,
        PORT: '8080',
        DATABASE_URL: 'postgres://app:pw@db:5432/chargeops',
        LEAD_DUPLICATE_CHECK: 'reject',
        LEAD_AUTO_ASSIGN: 'yes',
        LOG_LEVEL: 'debug',
        CORS_ORIGINS: 'https://admin.chargeops.dev, http://localhost:5173/',
        ADMIN_EMAIL: 'Ops@ChargeOps.dev',
        AUTH_CACHE_TTL_MS: '0',
        REFERENCE_CACHE_TTL_SECONDS: '600',
      },
      cwd,
    );
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({ type: 'postgres', url: 'postgres://app:pw@db:5432/chargeops' });
    expect(config.leadDuplicateCheck).toBe('reject');
    expect(config.leadAutoAssign).toBe(true);
    expect(config.logLevel).toBe('debug');
    // A trailing slash is dropped: browsers send the Origin header without one.
    expect(config.corsOrigins).toEqual(['https://admin.chargeops.dev', 'http://localhost:5173']);
    expect(config.adminEmail).toBe('ops@chargeops.dev');
    expect(config.jwtSecret).toBe(SECRET);
    expect(config.authCacheTtlMs).toBe(0);
    expect(config.referenceCacheTtlSeconds).toBe(600);
  });

  it('accepts MariaDB as mysql:// or mariadb:// (one URL form kept) and starts one worker per core there as on PostgreSQL', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'mysql://app:pw@db:3306/chargeops' }, cwd).database).toEqual({ type: 'mariadb', url: 'mysql://app:pw@db:3306/chargeops' });
    const config = loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'mariadb://app:pw@db/chargeops', WEB_CONCURRENCY: '3' }, cwd);
    expect(config.database).toEqual({ type: 'mariadb', url: 'mysql://app:pw@db/chargeops' });
    expect(config.webConcurrency).toBe(3);
  });

  it.each([
    ['mysql://x', 'database name'],
    ['mysql://db:3306/', 'database name'],
    ['mysql://db:3306/a/b', 'database name'],
    ['mariadb://db:99999/chargeops', 'not a valid'],
    ['mysqlx://db/chargeops', 'must start with'],
  ])('refuses DATABASE_URL=%s, saying what is wrong (%s)', (value, message) => {
    const error = configError({ JWT_SECRET: SECRET, DATABASE_URL: value }, cwd);
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toContain(message);
  });

  it('resolves a relative sqlite: path against cwd', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, DATABASE_URL: 'sqlite:./db/app.sqlite' }, cwd).database).toEqual({
      type: 'better-sqlite3',
      path: join(cwd, 'db', 'app.sqlite'),
    });
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['DATABASE_URL', 'sqlite:'],
    ['LEAD_DUPLICATE_CHECK', 'maybe'],
    ['LEAD_AUTO_ASSIGN', 'perhaps'],
    ['LOG_LEVEL', 'loud'],
    ['CORS_ORIGINS', 'not a url'],
    ['CORS_ORIGINS', 'https://ok.example, localhost:3000'],
    ['CORS_ORIGINS', 'https://admin.example/app'],
    ['JWT_SECRET', 'too-short-a-secret'],
    ['NODE_ENV', 'staging'],
    ['JWT_ACCESS_TTL_SECONDS', '5'],
    ['LOGIN_RATE_LIMIT_PER_MINUTE', '0'],
    ['ADMIN_EMAIL', 'not-an-email'],
    // Addresses sign-in's @IsEmail() refuses (an IP host, an underscore in the domain): the first admin could never sign in.
    ['ADMIN_EMAIL', 'admin@127.0.0.1'],
    ['ADMIN_EMAIL', 'admin@my_corp.com'],
    ['ADMIN_EMAIL', `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`],
    ['ADMIN_PASSWORD', 'short'],
    // Sign-in takes at most 200 characters: a longer first-admin password could never sign in.
    ['ADMIN_PASSWORD', 'x'.repeat(201)],
    ['UPLOAD_LIMIT_DOCUMENT_BYTES', '0'],
    ['UPLOAD_LIMIT_DOCUMENT_BYTES', '10MB'],
    ['STORAGE_SWEEP_INTERVAL_SECONDS', '-1'],
    // Longer than 5 s would let a deactivated account work that long on another replica.
    ['AUTH_CACHE_TTL_MS', '5001'],
    ['AUTH_CACHE_TTL_MS', '2s'],
    ['REFERENCE_CACHE_TTL_SECONDS', '86401'],
  ])('rejects %s=%s with a ConfigError naming the variable', (variable, value) => {
    const error = configError({ JWT_SECRET: SECRET, [variable]: value }, cwd);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it.each([
    ['DATABASE_URL', 'postgresql+asyncpg://app:S3cret-pw@db:5432/chargeops', 'postgresql+asyncpg://app:***@db:5432/chargeops'],
    ['DATABASE_URL', 'mongodb://app:p@ss/w0rd@db/chargeops', 'mongodb://app:***@db/chargeops'],
    ['REDIS_URL', 'valkey://:S3cret-pw@cache:6379', 'valkey://:***@cache:6379'],
    ['STORAGE_URL', 's3://key:S3cret-pw@bucket name', 's3://key:***@bucket name'],
  ])('names a bad %s without the password it holds', (variable, value, shown) => {
    const error = configError({ JWT_SECRET: SECRET, [variable]: value }, cwd);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(shown);
    expect(error.message).not.toMatch(/S3cret|p@ss|w0rd/);
  });

  it('refuses to start in production without JWT_SECRET', () => {
    const error = configError({ NODE_ENV: 'production' }, cwd);
    expect(error.variable).toBe('JWT_SECRET');
    expect(error.message).toContain('JWT_SECRET');
    expect(existsSync(join(cwd, 'data', 'dev-secrets.json'))).toBe(false);
  });

  it('in development generates a JWT secret once, keeps it in <dataDir>/dev-secrets.json and reuses it', () => {
    const first = loadConfig({}, cwd);
    const file = join(cwd, 'data', 'dev-secrets.json');
    expect(existsSync(file)).toBe(true);
    expect(first.jwtSecret.length).toBeGreaterThanOrEqual(32);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ JWT_SECRET: first.jwtSecret, CLOSURE_PACK_SIGNING_KEY: first.closurePackSigningKey });
    expect(first.closurePackSigningKey).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);

    const second = loadConfig({}, cwd);
    expect(second.jwtSecret).toBe(first.jwtSecret);
    expect(second.closurePackSigningKey).toBe(first.closurePackSigningKey);

    const elsewhere = loadConfig({ DATA_DIR: 'other' }, cwd);
    expect(elsewhere.jwtSecret).not.toBe(first.jwtSecret);
    expect(existsSync(join(cwd, 'other', 'dev-secrets.json'))).toBe(true);
  });

  it('upload limits default to DESIGN §6 (10/15/200 MB); the document limit and the sweep interval are configurable', () => {
    const defaults = loadConfig({ JWT_SECRET: SECRET }, cwd);
    expect(defaults.uploadLimits).toEqual({ document: 10 * 1024 * 1024, photo: 15 * 1024 * 1024, video: 200 * 1024 * 1024 });
    expect(defaults.storageSweepIntervalSeconds).toBe(3600);
    const set = loadConfig({ JWT_SECRET: SECRET, UPLOAD_LIMIT_DOCUMENT_BYTES: '1000', STORAGE_SWEEP_INTERVAL_SECONDS: '0', STORAGE_DIR: '/srv/files' }, cwd);
    expect(set.uploadLimits.document).toBe(1000);
    expect(set.storageSweepIntervalSeconds).toBe(0);
    expect(set.storageDir).toBe('/srv/files');
  });

  it('CLOSURE_PACK_SIGNING_KEY: required in production, an Ed25519 PEM private key; PUBLIC_BASE_URL an http(s) URL', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }, cwd)).toThrow(/CLOSURE_PACK_SIGNING_KEY is required/);
    expect(() => loadConfig({ JWT_SECRET: SECRET, CLOSURE_PACK_SIGNING_KEY: 'not a key' }, cwd)).toThrow(/CLOSURE_PACK_SIGNING_KEY is not a PEM private key/);
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    expect(() => loadConfig({ JWT_SECRET: SECRET, CLOSURE_PACK_SIGNING_KEY: rsa }, cwd)).toThrow(/must be an Ed25519 key, got rsa/);
    const config = loadConfig({ JWT_SECRET: SECRET, CLOSURE_PACK_SIGNING_KEY: SIGNING_KEY.replace(/\n/g, '\\n'), PUBLIC_BASE_URL: 'https://ops.example.in/' }, cwd);
    expect(config.closurePackSigningKey).toBe(SIGNING_KEY.trim());
    expect(config.publicBaseUrl).toBe('https://ops.example.in');
    expect(loadConfig({ JWT_SECRET: SECRET, CLOSURE_PACK_SIGNING_KEY: SIGNING_KEY, PORT: '8080' }, cwd).publicBaseUrl).toBe('http://localhost:8080');
    expect(() => loadConfig({ JWT_SECRET: SECRET, CLOSURE_PACK_SIGNING_KEY: SIGNING_KEY, PUBLIC_BASE_URL: 'ftp://x' }, cwd)).toThrow(/PUBLIC_BASE_URL/);
  });

  it('an explicit JWT_SECRET and signing key win and write no secrets file', () => {
    expect(loadConfig({ JWT_SECRET: SECRET, CLOSURE_PACK_SIGNING_KEY: SIGNING_KEY }, cwd).jwtSecret).toBe(SECRET);
    expect(existsSync(join(cwd, 'data', 'dev-secrets.json'))).toBe(false);
  });

  it('STORAGE_URL: unset keeps the local disk; s3://bucket?endpoint=&region=&forcePathStyle= selects a bucket; a bad one names the variable and the problem', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }, cwd).objectStorage).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: SECRET, STORAGE_URL: 's3://chargeops-files?endpoint=http://minio:9000&region=ap-south-1&forcePathStyle=true' }, cwd).objectStorage).toEqual({
      bucket: 'chargeops-files',
      endpoint: 'http://minio:9000',
      region: 'ap-south-1',
      forcePathStyle: true,
    });
    // AWS S3 itself: no endpoint, virtual-hosted style, the default region.
    expect(loadConfig({ JWT_SECRET: SECRET, STORAGE_URL: 's3://chargeops-files' }, cwd).objectStorage).toEqual({ bucket: 'chargeops-files', endpoint: undefined, region: 'us-east-1', forcePathStyle: false });
    for (const [value, problem] of [
      ['https://minio:9000/files', /must start with "s3:\/\/"/],
      ['s3://Files_Bucket', /invalid bucket name "files_bucket"|invalid bucket name "Files_Bucket"/],
      ['s3://ab', /invalid bucket name "ab"/],
      ['s3://files/sub/dir', /takes no path/],
      ['s3://files?endpoint=minio:9000', /endpoint that is not an http\(s\) base URL/],
      ['s3://files?forcePathStyle=yes', /forcePathStyle "yes"/],
      ['s3://files?acl=public', /unknown parameter "acl"/],
      ['s3://key:secret@files', /must not hold credentials: set AWS_ACCESS_KEY_ID/],
    ] as const) {
      const error = configError({ JWT_SECRET: SECRET, STORAGE_URL: value }, cwd);
      expect(error.message).toMatch(/^Invalid configuration: STORAGE_URL /);
      expect(error.message).toMatch(problem);
    }
  });

  it('REDIS_URL: unset means no Redis; a redis:// or rediss:// URL is kept; anything else names the variable', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }, cwd).redisUrl).toBeUndefined();
    expect(loadConfig({ JWT_SECRET: SECRET, REDIS_URL: 'redis://127.0.0.1:6379/2' }, cwd).redisUrl).toBe('redis://127.0.0.1:6379/2');
    expect(configError({ JWT_SECRET: SECRET, REDIS_URL: 'http://cache:6379' }, cwd).message).toMatch(/^Invalid configuration: REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL/);
  });

  it('HOST listens on every interface by default; takes an address or a host name; anything else names the variable', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }, cwd).host).toBe('0.0.0.0');
    for (const good of ['127.0.0.1', '::', '::1', 'localhost', 'api.chargeops.internal']) expect(loadConfig({ JWT_SECRET: SECRET, HOST: good }, cwd).host).toBe(good);
    for (const bad of ['bad host', 'http://0.0.0.0', '0.0.0.0:3000', '-x.example']) {
      const error = configError({ JWT_SECRET: SECRET, HOST: bad }, cwd);
      expect(error.variable).toBe('HOST');
      expect(error.message).toContain(bad);
    }
  });

  it('TRUST_PROXY trusts nobody by default; takes true, a hop count, or addresses, CIDR ranges and loopback/linklocal/uniquelocal', () => {
    expect(loadConfig({ JWT_SECRET: SECRET }, cwd).trustProxy).toBe(false);
    const trust = (value: string) => loadConfig({ JWT_SECRET: SECRET, TRUST_PROXY: value }, cwd).trustProxy;
    expect(trust('false')).toBe(false);
    expect(trust('true')).toBe(true);
    expect(trust('1')).toBe(1);
    expect(trust('10.0.0.0/8')).toEqual(['10.0.0.0/8']);
    expect(trust('Loopback, 172.16.0.0/12, fd00::/8, 192.0.2.10')).toEqual(['loopback', '172.16.0.0/12', 'fd00::/8', '192.0.2.10']);
    for (const bad of ['proxy.example.com', '10.0.0.0/33', '300.1.1.1', '10.0.0.0/8/1', 'yes', 'fe80::1::2', '::g']) {
      const error = configError({ JWT_SECRET: SECRET, TRUST_PROXY: bad }, cwd);
      expect(error.variable).toBe('TRUST_PROXY');
      expect(error.message).toContain(bad.toLowerCase());
    }
  });

  it('sign-in throttling defaults to 10 failures per address a minute, 5 per account, lock-outs from 1 min to 1 h; each is configurable', () => {
    const defaults = loadConfig({ JWT_SECRET: SECRET }, cwd);
    expect(defaults).toMatchObject({ loginRateLimitPerMinute: 10, loginAccountMaxFailures: 5, loginLockoutSeconds: 60, loginLockoutMaxSeconds: 3600 });
    const set = loadConfig(
      { JWT_SECRET: SECRET, LOGIN_RATE_LIMIT_PER_MINUTE: '50', LOGIN_ACCOUNT_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '30', LOGIN_LOCKOUT_MAX_SECONDS: '30' },
      cwd,
    );
    expect(set).toMatchObject({ loginRateLimitPerMinute: 50, loginAccountMaxFailures: 3, loginLockoutSeconds: 30, loginLockoutMaxSeconds: 30 });
    expect(configError({ JWT_SECRET: SECRET, LOGIN_ACCOUNT_MAX_FAILURES: '0' }, cwd).variable).toBe('LOGIN_ACCOUNT_MAX_FAILURES');
    expect(configError({ JWT_SECRET: SECRET, LOGIN_LOCKOUT_SECONDS: 'soon' }, cwd).variable).toBe('LOGIN_LOCKOUT_SECONDS');
    const inverted = configError({ JWT_SECRET: SECRET, LOGIN_LOCKOUT_SECONDS: '600', LOGIN_LOCKOUT_MAX_SECONDS: '60' }, cwd);
    expect(inverted.variable).toBe('LOGIN_LOCKOUT_MAX_SECONDS');
    expect(inverted.message).toContain('at least LOGIN_LOCKOUT_SECONDS (600)');
  });
});
