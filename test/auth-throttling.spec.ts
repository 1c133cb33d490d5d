import { randomUUID } from 'node:crypto';
import request, { type Response, type Test } from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { LoginThrottle } from '../src/auth/throttling/login-throttle.entity.js';
import { ADDRESS_MAX_IN_FLIGHT, LoginThrottler, ThrottledException } from '../src/auth/throttling/login-throttler.service.js';
import { stopClock } from './support/clock.js';
import { expectProblem } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const WRONG = 'not-the-password';
/** Tests sharing an app run days apart on its clock, past every window and the lock-out memory (24 h). */
const DAY = 86_400_000;

/** A fresh e-mail address nobody has, so each attempt below is charged to an account of its own. */
let unknownSequence = 0;
const unknownEmail = () => `nobody.${(unknownSequence += 1)}.${Date.now()}@test.chargeops.dev`;

/** A documentation-range address (RFC 5737), different per call. */
let addressSequence = 0;
const someAddress = () => `203.0.113.${(addressSequence = (addressSequence % 250) + 1)}`;

function login(t: TestApp, email: string, password: string, forwardedFor?: string): Test {
  const call = request(t.server).post('/api/v1/auth/login');
  if (forwardedFor) call.set('X-Forwarded-For', forwardedFor);
  return call.send({ email, password });
}

/**
 * Holds every password check of the next `count` sign-ins until each of them has been let through
 * or refused by the throttle, so that all of them are in flight at once whatever the database
 * (SQLite's queue would otherwise let early ones finish first).
 */
function allInFlightAtOnce(t: TestApp, count: number): void {
  const throttler = t.app.get(LoginThrottler);
  const attempt = throttler.attempt.bind(throttler);
  let arrived = 0;
  let allIn!: () => void;
  const everyoneIn = new Promise<void>((resolve) => (allIn = resolve));
  const arrive = () => {
    arrived += 1;
    if (arrived === count) allIn();
  };
  const spy = vi.spyOn(throttler, 'attempt').mockImplementation(<T>(subjects: Parameters<LoginThrottler['attempt']>[0], work: () => Promise<T>) => {
    const run = attempt(subjects, async () => {
      arrive();
      await everyoneIn;
      return work();
    });
    // Refused before its check: it is in too.
    run.catch((error: unknown) => error instanceof ThrottledException && arrive());
    return run;
  });
  onTestFinished(() => spy.mockRestore());
}

/** Asserts a lock-out answer and returns it with its wait in seconds. */
function expectLockedOut(res: Response, retryAfterSeconds?: number): { detail: string; retryAfter: number } {
  const body = expectProblem(res, 429, 'AUTH_THROTTLED');
  const retryAfter = Number(res.headers['retry-after']);
  expect(res.headers['retry-after']).toMatch(/^\d+$/);
  if (retryAfterSeconds !== undefined) expect(retryAfter).toBe(retryAfterSeconds);
  return { detail: body.detail, retryAfter };
}

describe('sign-in throttling per account (defaults: 5 failures, then 1 min, 2 min, 4 min …)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('locks an account out after 5 wrong passwords: 429 with Retry-After, even for the right password, until the time has passed', async () => {
    const ops = await t.factory.user('central_ops');
    const clock = stopClock(t.app);
    for (let attempt = 1; attempt <= 5; attempt += 1) expectProblem(await login(t, ops.user.email, WRONG), 401, 'AUTH_INVALID_CREDENTIALS');
    expectLockedOut(await login(t, ops.user.email, PASSWORD), 60);
    // The password is not even looked at while locked out, and a lock-out does not spill onto other accounts.
    clock.advanceTo(59_001);
    expectLockedOut(await login(t, ops.user.email.toUpperCase(), PASSWORD), 1);
    const other = await t.factory.user('central_ops');
    await login(t, other.user.email, PASSWORD).expect(200);

    clock.advanceTo(60_000);
    const res = await login(t, ops.user.email, PASSWORD).expect(200);
    await request(t.server).get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
  });

  it("an admin's password reset or reactivation lifts the account's lock-out: the person signs in at once", async () => {
    const admin = await t.factory.user('admin');
    const [tech, driver] = [await t.factory.user('field_technician'), await t.factory.user('field_technician')];
    const patch = (id: string, body: object) => request(t.server).patch(`/api/v1/users/${id}`).set('Authorization', admin.auth).send(body);
    for (const who of [tech, driver]) {
      for (let attempt = 1; attempt <= 5; attempt += 1) expectProblem(await login(t, who.user.email, WRONG), 401, 'AUTH_INVALID_CREDENTIALS');
      expectLockedOut(await login(t, who.user.email, PASSWORD));
    }
    await patch(tech.user.id, { password: 'a-brand-new-password' }).expect(200);
    await login(t, tech.user.email, 'a-brand-new-password').expect(200);
    // A reactivation too; another change (a new name) leaves the lock-out alone.
    await patch(driver.user.id, { fullName: 'Ravi Kumar' }).expect(200);
    expectLockedOut(await login(t, driver.user.email, PASSWORD));
    await patch(driver.user.id, { isActive: false }).expect(200);
    await patch(driver.user.id, { isActive: true }).expect(200);
    await login(t, driver.user.email, PASSWORD).expect(200);
  });

  it('answers an unknown e-mail address exactly as a known one: the same 401s, then the same 429', async () => {
    const known = await t.factory.user('oem');
    const unknown = unknownEmail();
    stopClock(t.app, Date.now() + 2 * DAY);
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const a = expectProblem(await login(t, known.user.email, WRONG), 401);
      const b = expectProblem(await login(t, unknown, WRONG), 401);
      expect([a.code, a.detail]).toEqual([b.code, b.detail]);
    }
    const knownRes = await login(t, known.user.email, PASSWORD);
    const unknownRes = await login(t, unknown, PASSWORD);
    const a = expectLockedOut(knownRes);
    const b = expectLockedOut(unknownRes);
    expect(a).toEqual(b);
    expect(knownRes.body.code).toBe(unknownRes.body.code);
    expect(Object.keys(knownRes.body).sort()).toEqual(Object.keys(unknownRes.body).sort());
  });

  it('grows each lock-out (1, 2, 4 min) and forgets them after a successful sign-in', async () => {
    const tech = await t.factory.user('field_technician');
    const clock = stopClock(t.app, Date.now() + 4 * DAY);
    let elapsed = 0;
    for (const seconds of [60, 120, 240]) {
      for (let attempt = 1; attempt <= 5; attempt += 1) await login(t, tech.user.email, WRONG).expect(401);
      expectLockedOut(await login(t, tech.user.email, PASSWORD), seconds);
      elapsed += seconds * 1000;
      clock.advanceTo(elapsed);
    }
    await login(t, tech.user.email, PASSWORD).expect(200);
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(t, tech.user.email, WRONG).expect(401);
    expectLockedOut(await login(t, tech.user.email, PASSWORD), 60);
  });

  it('counts concurrent wrong passwords each: of 10 sent at once, 5 are verified and 5 refused, with one lock-out', async () => {
    const ops = await t.factory.user('central_ops');
    stopClock(t.app, Date.now() + 6 * DAY);
    const answers = await Promise.all(Array.from({ length: 10 }, () => login(t, ops.user.email, WRONG)));
    expect(answers.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    for (const res of answers.filter((r) => r.status === 429)) expectLockedOut(res, 60);
    const row = await t.app.get(DataSource).getRepository(LoginThrottle).findOneByOrFail({ key: `account:${ops.user.email}` });
    expect(row).toMatchObject({ lockouts: 1, failures: 0 });
  });

  it('holds across replicas: a second application on the same database refuses the locked account', async () => {
    const ops = await t.factory.user('central_ops');
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(t, ops.user.email, WRONG).expect(401);
    expectLockedOut(await login(t, ops.user.email, WRONG), 60);

    const replica = await startTestApp({ DATABASE_URL: t.databaseUrl });
    try {
      const { retryAfter } = expectLockedOut(await login(replica, ops.user.email, PASSWORD));
      expect(retryAfter).toBeGreaterThan(55);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // …and what the replica counts, the first one sees.
      const other = await t.factory.user('central_ops');
      for (let attempt = 1; attempt <= 5; attempt += 1) await login(replica, other.user.email, WRONG).expect(401);
      expectLockedOut(await login(t, other.user.email, PASSWORD));
    } finally {
      await replica.close();
    }
  });
});

describe('sign-in throttling per client address (TRUST_PROXY unset: X-Forwarded-For is not believed)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', LOGIN_LOCKOUT_MAX_SECONDS: '100' });
  });
  afterAll(() => t.close());

  it('a different X-Forwarded-For per attempt does not reset the count: the 4th failure in a minute is refused', async () => {
    const ops = await t.factory.user('central_ops');
    stopClock(t.app);
    for (let attempt = 1; attempt <= 3; attempt += 1) await login(t, unknownEmail(), WRONG, someAddress()).expect(401);
    expectLockedOut(await login(t, unknownEmail(), WRONG, someAddress()), 60);
    // Every account is refused from this address now, the right password included.
    expectLockedOut(await login(t, ops.user.email, PASSWORD, someAddress()));
  });

  it('grows the address lock-outs up to LOGIN_LOCKOUT_MAX_SECONDS, and successful sign-ins do not count', async () => {
    const ops = await t.factory.user('central_ops');
    const clock = stopClock(t.app, Date.now() + 2 * DAY);
    // Many right passwords from one address (an office behind NAT) are not limited.
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(t, ops.user.email, PASSWORD).expect(200);
    let elapsed = 0;
    for (const seconds of [60, 100, 100]) {
      for (let attempt = 1; attempt <= 3; attempt += 1) await login(t, unknownEmail(), WRONG).expect(401);
      expectLockedOut(await login(t, unknownEmail(), WRONG), seconds);
      elapsed += seconds * 1000;
      clock.advanceTo(elapsed);
    }
    await login(t, ops.user.email, PASSWORD).expect(200);
  });

  it('throttles POST /auth/refresh with garbage tokens per address, apart from sign-ins', async () => {
    const ops = await t.factory.user('central_ops');
    const clock = stopClock(t.app, Date.now() + 4 * DAY);
    const refresh = (token: string) => request(t.server).post('/api/v1/auth/refresh').set('X-Forwarded-For', someAddress()).send({ refreshToken: token });
    for (const garbage of ['garbage', 'x.y', `${randomUUID()}.guess`]) expectProblem(await refresh(garbage), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    expectLockedOut(await refresh('another-guess'), 60);
    // A real refresh token waits too; signing in from the same address still works.
    const pair = (await login(t, ops.user.email, PASSWORD).expect(200)).body;
    expectLockedOut(await refresh(pair.refreshToken));
    clock.advanceTo(60_000);
    await refresh(pair.refreshToken).expect(200);
  });

  it('counts concurrent wrong passwords from one address each, once they have failed: the next attempt is locked out', async () => {
    const clock = stopClock(t.app, Date.now() + 6 * DAY);
    allInFlightAtOnce(t, 5);
    const answers = await Promise.all(Array.from({ length: 5 }, () => login(t, unknownEmail(), WRONG)));
    // Each was checked (none had failed yet when it came), and each failure counts.
    expect(answers.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);
    expectLockedOut(await login(t, unknownEmail(), WRONG), 60);
    clock.advanceTo(60_000);
    await login(t, (await t.factory.user('central_ops')).user.email, PASSWORD).expect(200);
  });
});

// `1`: one proxy hop whatever its address (docker-compose.yml's setting).
describe.each(['loopback', '1'])('sign-in throttling behind a trusted proxy (TRUST_PROXY=%s)', (trustProxy) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ TRUST_PROXY: trustProxy, LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('counts per address by X-Forwarded-For, while the per-account count still holds across addresses', async () => {
    const ops = await t.factory.user('central_ops');
    stopClock(t.app);
    // Six failures from six clients: no address reaches three.
    for (let attempt = 1; attempt <= 6; attempt += 1) await login(t, unknownEmail(), WRONG, someAddress()).expect(401);
    // One client past three failures is refused; the others are not.
    const client = '198.51.100.23';
    for (let attempt = 1; attempt <= 3; attempt += 1) await login(t, unknownEmail(), WRONG, client).expect(401);
    expectLockedOut(await login(t, ops.user.email, PASSWORD, client), 60);
    await login(t, ops.user.email, PASSWORD, '198.51.100.24').expect(200);

    // One account guessed from a new address each time is locked after five all the same.
    const target = await t.factory.user('admin');
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(t, target.user.email, WRONG, `192.0.2.${attempt}`).expect(401);
    expectLockedOut(await login(t, target.user.email, PASSWORD, '192.0.2.99'), 60);
  });
});

describe('sign-in throttling: sign-ins at once from one office router (default LOGIN_RATE_LIMIT_PER_MINUTE, 10)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '10' });
  });
  afterAll(() => t.close());

  it('12 right passwords sent at once from one address all sign in, and leave the address free', async () => {
    const people = [];
    for (let i = 0; i < 12; i += 1) people.push(await t.factory.user('field_technician'));
    stopClock(t.app);
    allInFlightAtOnce(t, people.length);
    const answers = await Promise.all(people.map((p) => login(t, p.user.email, PASSWORD)));
    expect(answers.map((r) => r.status)).toEqual(people.map(() => 200));
    // No lock-out and nothing counted: the next ten failures are still allowed.
    const rows = await t.app.get(DataSource).getRepository(LoginThrottle).find();
    expect(rows.filter((row) => row.lockedUntil !== null)).toEqual([]);
    for (let attempt = 1; attempt <= 10; attempt += 1) await login(t, unknownEmail(), WRONG).expect(401);
    expectLockedOut(await login(t, people[0].user.email, PASSWORD), 60);
  });

  it(`bounds a burst: past ${ADDRESS_MAX_IN_FLIGHT} attempts in flight from one address, one more waits a second (no lock-out)`, async () => {
    const people = [];
    for (let i = 0; i <= ADDRESS_MAX_IN_FLIGHT; i += 1) people.push(await t.factory.user('field_technician'));
    stopClock(t.app, Date.now() + 2 * DAY);
    allInFlightAtOnce(t, people.length);
    const answers = await Promise.all(people.map((p) => login(t, p.user.email, PASSWORD)));
    expect(answers.filter((r) => r.status === 200)).toHaveLength(ADDRESS_MAX_IN_FLIGHT);
    const refused = answers.filter((r) => r.status !== 200);
    expect(refused).toHaveLength(1);
    expectLockedOut(refused[0], 1);
    // Nothing stays charged: the address signs in again at once.
    await login(t, people[0].user.email, PASSWORD).expect(200);
  });
});

describe('sign-in throttling: e-mail addresses that lower-casing lengthens', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  // 160 characters as typed, within sign-in's 254; 'İ'.toLowerCase() is two, so 317 lower-cased: past the key column's 300.
  const longEmail = `${'İ'.repeat(32)}@${'İ'.repeat(62)}.${'İ'.repeat(61)}.İİ`;

  it('answers an unknown one 401 AUTH_INVALID_CREDENTIALS like any other, and locks it out after 5 failures', async () => {
    expect(longEmail.length).toBeLessThanOrEqual(254);
    expect(longEmail.toLowerCase().length).toBeGreaterThan(300);
    stopClock(t.app);
    for (let attempt = 1; attempt <= 5; attempt += 1) expectProblem(await login(t, longEmail, WRONG, someAddress()), 401, 'AUTH_INVALID_CREDENTIALS');
    expectLockedOut(await login(t, longEmail, PASSWORD), 60);
    const keys = (await t.app.get(DataSource).getRepository(LoginThrottle).find()).map((row) => row.key);
    expect(keys.every((key) => key.length <= 300)).toBe(true);
  });

  it('keeps the key of an ordinary address as it was (its counter and lock-out still apply)', async () => {
    const ops = await t.factory.user('central_ops');
    stopClock(t.app, Date.now() + 2 * DAY);
    await login(t, ops.user.email.toUpperCase(), WRONG).expect(401);
    const row = await t.app.get(DataSource).getRepository(LoginThrottle).findOneByOrFail({ key: `account:${ops.user.email}` });
    expect(row.failures).toBe(1);
  });
});
