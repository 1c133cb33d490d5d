import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CacheInvalidation } from '../src/common/cache-invalidation.service.js';
import { Clock } from '../src/common/clock.service.js';
import { JobLeases } from '../src/common/persistence/job-leases.service.js';
import { StorageSweeper, StorageSweepScheduler, type SweepReport } from '../src/documents/storage/storage-sweeper.service.js';
import { UsersService } from '../src/users/users.service.js';
import { expectProblem } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const EMPTY_REPORT: SweepReport = { scanned: 0, young: 0, referenced: 0, removed: 0, removedBytes: 0, durationMs: 0 };

/** Two replicas on one database (issue 18 item 3): `env` for both. */
async function twoReplicas(env: Record<string, string> = {}): Promise<[TestApp, TestApp]> {
  const a = await startTestApp(env);
  const b = await startTestApp({ ...env, DATABASE_URL: a.databaseUrl });
  return [a, b];
}

/** Polls `check` every 20 ms until it holds or `withinMs` passes; returns the last answer. */
async function eventually<T>(check: () => Promise<T>, holds: (value: T) => boolean, withinMs: number): Promise<T> {
  const deadline = Date.now() + withinMs;
  let value = await check();
  while (!holds(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    value = await check();
  }
  return value;
}

describe('two replicas on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    [a, b] = await twoReplicas({ LOGIN_RATE_LIMIT_PER_MINUTE: '1000' });
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('sign-in throttling: failures counted on either replica lock the account out on both', async () => {
    const user = await a.factory.user('central_ops');
    const login = (t: TestApp, password: string) => request(t.server).post('/api/v1/auth/login').send({ email: user.user.email, password });
    // Five wrong passwords (the account limit), alternating replicas.
    for (const t of [a, b, a, b, a]) expectProblem(await login(t, 'wrong-password'), 401);
    for (const t of [b, a]) {
      const res = await login(t, 'correct-horse-battery');
      expectProblem(res, 429, 'AUTH_THROTTLED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    }
  });

  it('the storage sweep runs in one replica at a time: the other skips while the first holds the lease, and runs once it is free', async () => {
    let finish!: () => void;
    const slow = vi.spyOn(a.app.get(StorageSweeper), 'sweep').mockImplementation(() => new Promise((resolve) => (finish = () => resolve(EMPTY_REPORT))));
    const other = vi.spyOn(b.app.get(StorageSweeper), 'sweep').mockResolvedValue(EMPTY_REPORT);
    const first = a.app.get(StorageSweepScheduler).runOnce();
    await eventually(async () => slow.mock.calls.length, (n) => n === 1, 5000);
    expect(await b.app.get(StorageSweepScheduler).runOnce()).toBe(false);
    expect(other).not.toHaveBeenCalled();
    finish();
    expect(await first).toBe(true);
    // Tests run the sweep with interval 0: the lease is not kept past the run.
    expect(await b.app.get(StorageSweepScheduler).runOnce()).toBe(true);
    expect(other).toHaveBeenCalledTimes(1);
  });

  it('a lease whose holder was killed (never released) passes to another replica once it expires, not before; concurrent claims have one winner', async () => {
    const name = `killed-holder-${Date.now()}`;
    expect(await a.app.get(JobLeases).acquire(name, 60_000)).toBe(true);
    expect(await b.app.get(JobLeases).acquire(name, 60_000)).toBe(false);
    const now = Date.now();
    vi.spyOn(b.app.get(Clock), 'now').mockReturnValue(now + 61_000);
    expect(await b.app.get(JobLeases).acquire(name, 60_000)).toBe(true);
    expect(await a.app.get(JobLeases).acquire(name, 60_000)).toBe(false);
    vi.restoreAllMocks();

    const fresh = `raced-${Date.now()}`;
    const claims = await Promise.all([a, b, a, b].map((t) => t.app.get(JobLeases).runExclusive(fresh, { ttlMs: 60_000 }, () => new Promise((r) => setTimeout(r, 50)))));
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('without Redis, a key revoked on one replica still works on the other until its cache entry expires (the documented AUTH_CACHE_TTL_MS)', async () => {
    const [x, y] = await twoReplicas({ AUTH_CACHE_TTL_MS: '5000' });
    try {
      expect(await revokedKeyAnswerOnOtherReplica(x, y)).toBe(200);
    } finally {
      await y.close();
      await x.close();
    }
  });
});

describe('two replicas with REDIS_URL', () => {
  it('a revoked API key and a deactivated account are refused by the other replica at once, well inside the cache TTL', async () => {
    const [x, y] = await twoReplicas({ AUTH_CACHE_TTL_MS: '5000', REDIS_URL });
    try {
      await Promise.all([x, y].map((t) => t.app.get(CacheInvalidation).ready));
      expect(y.app.get(CacheInvalidation).shared).toBe(true);
      expect(await revokedKeyAnswerOnOtherReplica(x, y)).toBe(401);

      const oem = await x.factory.user('oem');
      const key = await x.factory.apiKey(oem);
      const leads = () => request(y.server).get('/api/v1/leads').set('X-API-Key', key);
      expect((await leads()).status).toBe(200); // now cached on y
      await x.app.get(UsersService).update(oem.user.id, { isActive: false });
      expect((await eventually(leads, (res) => res.status !== 200, 1500)).status).toBe(401);
    } finally {
      await y.close();
      await x.close();
    }
  });
});

/**
 * Creates an OEM key on `x`, uses it on `y` (which caches it), revokes it on `x`, and returns what
 * `y` answers within 1.5 s (a third of the 5 s TTL): 401 once `y` has dropped the key, else 200.
 */
async function revokedKeyAnswerOnOtherReplica(x: TestApp, y: TestApp): Promise<number> {
  const oem = await x.factory.user('oem');
  const key = await x.factory.apiKey(oem);
  const leads = () => request(y.server).get('/api/v1/leads').set('X-API-Key', key);
  expect((await leads()).status).toBe(200);
  const [listed] = await x.app.get(UsersService).listApiKeys(oem.user.id);
  await x.app.get(UsersService).revokeApiKey(oem.user.id, listed.id);
  expect((await request(x.server).get('/api/v1/leads').set('X-API-Key', key)).status).toBe(401);
  return (await eventually(leads, (res) => res.status !== 200, 1500)).status;
}
