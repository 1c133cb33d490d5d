import { randomUUID } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApiKey } from '../src/users/entities/api-key.entity.js';
import { RefreshToken } from '../src/users/entities/refresh-token.entity.js';
import { User } from '../src/users/entities/user.entity.js';
import { stopClock } from './support/clock.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct-horse-battery';

describe('auth', () => {
  let t: TestApp;
  let admin: TestUser;
  const api = () => request(t.server);
  const login = (email: string, password = PASSWORD) => api().post('/api/v1/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => api().post('/api/v1/auth/refresh').send({ refreshToken });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factory.user('admin');
  });
  afterAll(() => t.close());

  describe('POST /auth/login', () => {
    it('answers a token pair for the right email and password (email case-insensitive)', async () => {
      const ops = await t.factory.user('central_ops');
      const res = await login(ops.user.email.toUpperCase()).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
      expect(res.body.accessToken.split('.')).toHaveLength(3);
      const me = await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
      expect(me.body).toMatchObject({ id: ops.user.id, email: ops.user.email, role: 'central_ops', isActive: true });
      expect(me.body).not.toHaveProperty('passwordHash');
    });

    it('answers the same 401 AUTH_INVALID_CREDENTIALS for a wrong password and an unknown email', async () => {
      const ops = await t.factory.user('central_ops');
      const wrong = expectProblem(await login(ops.user.email, 'not-the-password'), 401, 'AUTH_INVALID_CREDENTIALS');
      const unknown = expectProblem(await login('nobody@test.chargeops.dev'), 401, 'AUTH_INVALID_CREDENTIALS');
      expect(wrong.detail).toBe(unknown.detail);
      expect(wrong.instance).toBe('/api/v1/auth/login');
      expect(wrong.type).toMatch(/^https:\/\//);
    });

    it('refuses a deactivated user even with the right password', async () => {
      const oem = await t.factory.user('oem');
      await api().patch(`/api/v1/users/${oem.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
      expectProblem(await login(oem.user.email), 401, 'AUTH_INVALID_CREDENTIALS');
    });

    it('validates the body: 400 naming the missing or malformed field', async () => {
      const missing = expectProblem(await api().post('/api/v1/auth/login').send({ email: 'a@b.dev' }), 400, 'VALIDATION_FAILED');
      expect(missing.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'password' })]));
      const malformed = expectProblem(await login('not-an-email'), 400, 'VALIDATION_FAILED');
      expect(malformed.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'email' })]));
    });

    it('answers 400 MALFORMED_JSON for a body that is not JSON', async () => {
      const res = await api().post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":');
      expectProblem(res, 400, 'MALFORMED_JSON');
    });
  });

  describe('GET /auth/me and access tokens', () => {
    it('answers 401 UNAUTHENTICATED without credentials, with a garbage token and with a token signed by another secret', async () => {
      expectProblem(await api().get('/api/v1/auth/me'), 401, 'UNAUTHENTICATED');
      expectProblem(await api().get('/api/v1/auth/me').set('Authorization', 'Bearer not.a.jwt'), 401, 'UNAUTHENTICATED');
      expectProblem(await api().get('/api/v1/auth/me').set('Authorization', 'Basic Zm9vOmJhcg=='), 401, 'UNAUTHENTICATED');
      const forged = await new JwtService({ secret: 'y'.repeat(40) }).signAsync({ sub: admin.user.id, role: 'admin' });
      expectProblem(await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${forged}`), 401, 'UNAUTHENTICATED');
    });

    it('rejects an expired access token', async () => {
      const expired = await new JwtService({ secret: t.config.jwtSecret }).signAsync(
        { sub: admin.user.id, role: 'admin', iat: Math.floor(Date.now() / 1000) - 1000 },
        { expiresIn: 900 },
      );
      expectProblem(await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${expired}`), 401, 'UNAUTHENTICATED');
    });

    it('rejects a token the moment it expires, though it was accepted a moment before (its checked signature is remembered)', async () => {
      const ops = await t.factory.user('central_ops');
      // Expires 2 s from now; the server remembers a verified token for up to AUTH_CACHE_TTL_MS.
      const shortLived = await new JwtService({ secret: t.config.jwtSecret }).signAsync({ sub: ops.user.id, role: 'central_ops' }, { expiresIn: 2 });
      const { exp } = JSON.parse(Buffer.from(shortLived.split('.')[1], 'base64url').toString()) as { exp: number };
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(exp * 1000 - 1);
        await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${shortLived}`).expect(200);
        vi.setSystemTime(exp * 1000);
        expectProblem(await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${shortLived}`), 401, 'UNAUTHENTICATED');
      } finally {
        vi.useRealTimers();
      }
    });

    it("stops accepting a deactivated user's still-valid access token at once", async () => {
      const ops = await t.factory.user('central_ops');
      await api().get('/api/v1/auth/me').set('Authorization', ops.auth).expect(200);
      await api().patch(`/api/v1/users/${ops.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
      expectProblem(await api().get('/api/v1/auth/me').set('Authorization', ops.auth), 401, 'UNAUTHENTICATED');
      expectProblem(await api().get('/api/v1/leads').set('Authorization', ops.auth), 401, 'UNAUTHENTICATED');
    });

    it('applies a deactivation made through another replica (straight in the database) within AUTH_CACHE_TTL_MS, not later', async () => {
      const ops = await t.factory.user('central_ops');
      const clock = stopClock(t.app);
      await api().get('/api/v1/auth/me').set('Authorization', ops.auth).expect(200);
      await t.app.get(DataSource).getRepository(User).update({ id: ops.user.id }, { isActive: false });
      // This replica read the account a moment ago: it may use that for AUTH_CACHE_TTL_MS (default 2 s, at most 5 s).
      clock.advanceTo(t.config.authCacheTtlMs - 1);
      await api().get('/api/v1/auth/me').set('Authorization', ops.auth).expect(200);
      clock.advanceTo(t.config.authCacheTtlMs);
      expectProblem(await api().get('/api/v1/auth/me').set('Authorization', ops.auth), 401, 'UNAUTHENTICATED');
    });

    it('takes the role from the account, not from the token claims', async () => {
      const tech = await t.factory.user('field_technician');
      const lying = await new JwtService({ secret: t.config.jwtSecret }).signAsync({ sub: tech.user.id, role: 'admin' }, { expiresIn: 900 });
      expectProblem(await api().get('/api/v1/users').set('Authorization', `Bearer ${lying}`), 403, 'FORBIDDEN_ROLE');
    });
  });

  describe('refresh tokens', () => {
    it('rotate: a refresh answers a new pair, the old refresh token is then refused and its reuse revokes the whole login', async () => {
      const ops = await t.factory.user('central_ops');
      const first = (await login(ops.user.email).expect(200)).body;

      const second = (await refresh(first.refreshToken).expect(200)).body;
      expect(second).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${second.accessToken}`).expect(200);

      const third = (await refresh(second.refreshToken).expect(200)).body;
      // The first token was already used, and so was its successor: presenting it again is a theft signal.
      expectProblem(await refresh(first.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REUSED');
      // …so the newest token of the same login no longer works either.
      expectProblem(await refresh(third.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    });

    it('a refresh sent again because its answer was lost gets a fresh pair; the undelivered pair is revoked, the login kept', async () => {
      const tech = await t.factory.user('field_technician');
      const first = (await login(tech.user.email).expect(200)).body;
      const lost = (await refresh(first.refreshToken).expect(200)).body;
      // The phone never saw `lost` and sends its token again, 15 s or a few minutes later.
      const retried = (await refresh(first.refreshToken).expect(200)).body;
      expect(retried.refreshToken).not.toBe(lost.refreshToken);
      await api().get('/api/v1/auth/me').set('Authorization', `Bearer ${retried.accessToken}`).expect(200);
      expectProblem(await refresh(lost.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      // A second retry still finds the answer undelivered.
      const again = (await refresh(first.refreshToken).expect(200)).body;
      expectProblem(await refresh(retried.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      // Once the phone has used its new token, the old one is a theft signal again.
      const used = (await refresh(again.refreshToken).expect(200)).body;
      expectProblem(await refresh(first.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REUSED');
      expectProblem(await refresh(used.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    });

    it('past JWT_REFRESH_REUSE_GRACE_SECONDS after its rotation, a token sent again revokes the login', async () => {
      const tech = await t.factory.user('field_technician');
      const first = (await login(tech.user.email).expect(200)).body;
      const lost = (await refresh(first.refreshToken).expect(200)).body;
      const [id] = (first.refreshToken as string).split('.');
      const rotatedAt = new Date(Date.now() - (t.config.refreshReuseGraceSeconds + 1) * 1000);
      await t.app.get(DataSource).getRepository(RefreshToken).update({ id }, { rotatedAt });
      expectProblem(await refresh(first.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REUSED');
      expectProblem(await refresh(lost.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    });

    it('of two concurrent refreshes with the same token both answer, and exactly one of the two new tokens works', async () => {
      const ops = await t.factory.user('central_ops');
      const pair = (await login(ops.user.email).expect(200)).body;
      const results = await Promise.all([refresh(pair.refreshToken), refresh(pair.refreshToken)]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      const next = await Promise.all(results.map((r) => refresh(r.body.refreshToken)));
      expect(next.map((r) => r.status).sort()).toEqual([200, 401]);
    });

    it('revoking one login leaves the same user’s other logins working', async () => {
      const ops = await t.factory.user('central_ops');
      const laptop = (await login(ops.user.email).expect(200)).body;
      const phone = (await login(ops.user.email).expect(200)).body;
      await refresh((await refresh(laptop.refreshToken).expect(200)).body.refreshToken).expect(200);
      expectProblem(await refresh(laptop.refreshToken), 401, 'AUTH_REFRESH_TOKEN_REUSED');
      const next = (await refresh(phone.refreshToken).expect(200)).body;
      await refresh(next.refreshToken).expect(200);
    });

    it('refuses garbage, tampered and unknown refresh tokens with 401', async () => {
      const ops = await t.factory.user('central_ops');
      const pair = (await login(ops.user.email).expect(200)).body;
      const [id] = (pair.refreshToken as string).split('.');
      expectProblem(await refresh('garbage'), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      expectProblem(await refresh(`${id}.not-the-secret`), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      expectProblem(await refresh(`${randomUUID()}.whatever`), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      // Tampering did not burn the real token.
      await refresh(pair.refreshToken).expect(200);
    });

    it("refuses a deactivated user's refresh token", async () => {
      const ops = await t.factory.user('central_ops');
      const pair = (await login(ops.user.email).expect(200)).body;
      await api().patch(`/api/v1/users/${ops.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
      expectProblem(await refresh(pair.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    });
  });

  describe('POST /auth/logout', () => {
    it('revokes the refresh token (and its login) and needs an access token', async () => {
      const tech = await t.factory.user('field_technician');
      const pair = (await login(tech.user.email).expect(200)).body;
      const rotated = (await refresh(pair.refreshToken).expect(200)).body;
      expectProblem(await api().post('/api/v1/auth/logout').send({ refreshToken: rotated.refreshToken }), 401, 'UNAUTHENTICATED');

      await api().post('/api/v1/auth/logout').set('Authorization', `Bearer ${rotated.accessToken}`).send({ refreshToken: rotated.refreshToken }).expect(204);
      expectProblem(await refresh(rotated.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      // Logging out twice is harmless.
      await api().post('/api/v1/auth/logout').set('Authorization', `Bearer ${rotated.accessToken}`).send({ refreshToken: rotated.refreshToken }).expect(204);
    });

    it("cannot revoke somebody else's refresh token", async () => {
      const victim = await t.factory.user('central_ops');
      const attacker = await t.factory.user('central_ops');
      const pair = (await login(victim.user.email).expect(200)).body;
      await api().post('/api/v1/auth/logout').set('Authorization', attacker.auth).send({ refreshToken: pair.refreshToken }).expect(204);
      await refresh(pair.refreshToken).expect(200);
    });
  });

  describe('OEM API keys', () => {
    it('work as X-API-Key on OEM routes, record lastUsedAt, and are shown in full only on creation', async () => {
      const oem = await t.factory.user('oem');
      const created = await api().post(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'Tata Motors DMS' }).expect(201);
      expect(created.body).toMatchObject({ id: expect.any(String), name: 'Tata Motors DMS', prefix: expect.any(String), key: expect.any(String), lastUsedAt: null, revokedAt: null });
      const key = created.body.key as string;
      expect(key.length).toBeGreaterThanOrEqual(43);
      expect(created.body.prefix).toHaveLength(8);
      expect(key.startsWith(created.body.prefix)).toBe(true);

      const before = await api().get(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).expect(200);
      expect(before.body).toEqual([expect.objectContaining({ id: created.body.id, prefix: created.body.prefix, lastUsedAt: null })]);
      expect(before.body[0]).not.toHaveProperty('key');
      expect(before.body[0]).not.toHaveProperty('keyHash');
      expect(JSON.stringify(before.body)).not.toContain(key);

      const me = await api().get('/api/v1/auth/me').set('X-API-Key', key).expect(200);
      expect(me.body).toMatchObject({ id: oem.user.id, role: 'oem' });
      await api().get('/api/v1/leads').set('X-API-Key', key).expect(200);
      await api().get('/api/v1/lead-sources').set('X-API-Key', key).expect(200);

      const after = await api().get(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).expect(200);
      expect(after.body[0].lastUsedAt).toEqual(expect.any(String));
      expect(Math.abs(Date.parse(after.body[0].lastUsedAt) - Date.now())).toBeLessThan(60_000);
    });

    it('give an OEM no more than the oem role', async () => {
      const oem = await t.factory.user('oem');
      const key = await t.factory.apiKey(oem);
      expectProblem(await api().get('/api/v1/users').set('X-API-Key', key), 403, 'FORBIDDEN_ROLE');
    });

    it('stop working once revoked', async () => {
      const oem = await t.factory.user('oem');
      const created = (await api().post(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'old' }).expect(201)).body;
      // Issued a second later, so "newest first" below has one right answer.
      vi.useFakeTimers({ toFake: ['Date'] });
      let other: string;
      try {
        vi.setSystemTime(Date.now() + 1000);
        other = await t.factory.apiKey(oem, 'other');
      } finally {
        vi.useRealTimers();
      }
      await api().get('/api/v1/leads').set('X-API-Key', created.key).expect(200);

      await api().delete(`/api/v1/users/${oem.user.id}/api-keys/${created.id}`).set('Authorization', admin.auth).expect(204);
      expectProblem(await api().get('/api/v1/leads').set('X-API-Key', created.key), 401, 'UNAUTHENTICATED');
      // Revoking twice is harmless and the list shows when it happened.
      await api().delete(`/api/v1/users/${oem.user.id}/api-keys/${created.id}`).set('Authorization', admin.auth).expect(204);
      const list = await api().get(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).expect(200);
      expect(list.body.map((k: { name: string }) => k.name)).toEqual(['other', 'old']); // newest first
      expect(list.body[1].revokedAt).toEqual(expect.any(String));
      expect(list.body[0].revokedAt).toBeNull();
      // The OEM's other keys keep working.
      await api().get('/api/v1/leads').set('X-API-Key', other).expect(200);
    });

    it('refuse a wrong key and the key of a deactivated OEM with 401', async () => {
      expectProblem(await api().get('/api/v1/leads').set('X-API-Key', 'x'.repeat(43)), 401, 'UNAUTHENTICATED');
      const oem = await t.factory.user('oem');
      const key = await t.factory.apiKey(oem);
      expectProblem(await api().get('/api/v1/leads').set('X-API-Key', `${key}x`), 401, 'UNAUTHENTICATED');
      await api().patch(`/api/v1/users/${oem.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
      expectProblem(await api().get('/api/v1/leads').set('X-API-Key', key), 401, 'UNAUTHENTICATED');
    });

    it("stop working at once when their OEM is deactivated, even right after a use", async () => {
      const oem = await t.factory.user('oem');
      const key = await t.factory.apiKey(oem);
      await api().get('/api/v1/leads').set('X-API-Key', key).expect(200);
      await api().patch(`/api/v1/users/${oem.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
      expectProblem(await api().get('/api/v1/leads').set('X-API-Key', key), 401, 'UNAUTHENTICATED');
    });

    it('revoked through another replica (straight in the database) stop working within AUTH_CACHE_TTL_MS', async () => {
      const oem = await t.factory.user('oem');
      const created = (await api().post(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'elsewhere' }).expect(201)).body;
      const clock = stopClock(t.app);
      await api().get('/api/v1/leads').set('X-API-Key', created.key).expect(200);
      await t.app.get(DataSource).getRepository(ApiKey).update({ id: created.id }, { revokedAt: new Date() });
      clock.advanceTo(t.config.authCacheTtlMs);
      expectProblem(await api().get('/api/v1/leads').set('X-API-Key', created.key), 401, 'UNAUTHENTICATED');
    });

    it('record lastUsedAt at most once a minute, so an ingestion burst does not write per request', async () => {
      const oem = await t.factory.user('oem');
      const created = (await api().post(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'burst' }).expect(201)).body;
      const lastUsedAt = async () => (await t.app.get(DataSource).getRepository(ApiKey).findOneByOrFail({ id: created.id })).lastUsedAt?.getTime();
      const use = () => api().get('/api/v1/leads').set('X-API-Key', created.key).expect(200);
      const clock = stopClock(t.app, Date.parse('2031-03-01T10:00:00.000Z'));
      await use();
      expect(await lastUsedAt()).toBe(clock.start);
      // Uses within the minute (past the auth cache's few seconds, so the key is read again) write nothing.
      for (const later of [30_000, 60_000]) {
        clock.advanceTo(later);
        await use();
      }
      expect(await lastUsedAt()).toBe(clock.start);
      clock.advanceTo(60_001);
      await use();
      expect(await lastUsedAt()).toBe(clock.start + 60_001);
    });

    it('can be issued to OEM users only (409 API_KEY_OEM_ONLY)', async () => {
      for (const role of ['admin', 'central_ops', 'field_technician'] as const) {
        const user = await t.factory.user(role);
        const res = await api().post(`/api/v1/users/${user.user.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'nope' });
        expectProblem(res, 409, 'API_KEY_OEM_ONLY');
      }
    });

    it('answer 404 for an unknown user or key and 400 for a missing, blank or too long name', async () => {
      const oem = await t.factory.user('oem');
      expectProblem(await api().post(`/api/v1/users/${randomUUID()}/api-keys`).set('Authorization', admin.auth).send({ name: 'x' }), 404, 'USER_NOT_FOUND');
      expectProblem(await api().get(`/api/v1/users/${randomUUID()}/api-keys`).set('Authorization', admin.auth), 404, 'USER_NOT_FOUND');
      expectProblem(await api().delete(`/api/v1/users/${oem.user.id}/api-keys/${randomUUID()}`).set('Authorization', admin.auth), 404, 'API_KEY_NOT_FOUND');
      for (const body of [{}, { name: '   ' }, { name: 'x'.repeat(101) }]) {
        const bad = expectProblem(await api().post(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).send(body), 400, 'VALIDATION_FAILED');
        expect(bad.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'name' })]));
      }
      expect((await api().get(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).expect(200)).body).toEqual([]);
    });

    it("cannot be revoked through another OEM's id", async () => {
      const owner = await t.factory.user('oem');
      const stranger = await t.factory.user('oem');
      const created = (await api().post(`/api/v1/users/${owner.user.id}/api-keys`).set('Authorization', admin.auth).send({ name: 'k' }).expect(201)).body;
      expectProblem(await api().delete(`/api/v1/users/${stranger.user.id}/api-keys/${created.id}`).set('Authorization', admin.auth), 404, 'API_KEY_NOT_FOUND');
      await api().get('/api/v1/leads').set('X-API-Key', created.key).expect(200);
    });
  });
});

describe('auth: AUTH_CACHE_TTL_MS=0', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ AUTH_CACHE_TTL_MS: '0' });
  });
  afterAll(() => t.close());

  it('reads the account and the key on every request: a change made through another replica applies to the next one', async () => {
    const ops = await t.factory.user('central_ops');
    const oem = await t.factory.user('oem');
    const key = await t.factory.apiKey(oem);
    await request(t.server).get('/api/v1/auth/me').set('Authorization', ops.auth).expect(200);
    await request(t.server).get('/api/v1/leads').set('X-API-Key', key).expect(200);
    await t.app.get(DataSource).getRepository(User).update({ id: ops.user.id }, { isActive: false });
    await t.app.get(DataSource).getRepository(ApiKey).update({ oemId: oem.user.id }, { revokedAt: new Date() });
    expectProblem(await request(t.server).get('/api/v1/auth/me').set('Authorization', ops.auth), 401, 'UNAUTHENTICATED');
    expectProblem(await request(t.server).get('/api/v1/leads').set('X-API-Key', key), 401, 'UNAUTHENTICATED');
  });
});

describe('auth: login rate limit', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '3' });
  });
  afterAll(() => t.close());

  it('answers 429 problem+json with Retry-After on the 4th attempt within a minute, even with the right password', async () => {
    const ops = await t.factory.user('central_ops');
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      await request(t.server).post('/api/v1/auth/login').send({ email: ops.user.email, password: 'wrong-password' }).expect(401);
    }
    const res = await request(t.server).post('/api/v1/auth/login').send({ email: ops.user.email, password: PASSWORD });
    expectProblem(res, 429, 'AUTH_THROTTLED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    // Only login is limited: the rest of the API keeps answering.
    await request(t.server).get('/api/v1/auth/me').set('Authorization', ops.auth).expect(200);
  });
});
