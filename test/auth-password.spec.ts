import request, { type Test } from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../src/users/entities/user.entity.js';
import { ROLES } from '../src/common/auth/roles.js';
import { stopClock } from './support/clock.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PASSWORD = 'correct-horse-battery';
const NEW_PASSWORD = 'a-much-better-passphrase';

interface TokenPair {
  accessToken: string;
  refreshToken: string;
}

describe('sessions end when they should', () => {
  let t: TestApp;
  let admin: TestUser;
  const api = () => request(t.server);
  const login = (email: string, password = PASSWORD) => api().post('/api/v1/auth/login').send({ email, password });
  const refresh = (refreshToken: string) => api().post('/api/v1/auth/refresh').send({ refreshToken });
  const me = (accessToken: string) => api().get('/api/v1/auth/me').set('Authorization', `Bearer ${accessToken}`);
  const changePassword = (accessToken: string, body: object): Test =>
    api().post('/api/v1/auth/password').set('Authorization', `Bearer ${accessToken}`).send(body);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factory.user('admin');
  });
  afterAll(() => t.close());

  describe('POST /auth/password', () => {
    it('answers a fresh pair; every older access and refresh token of the account stops working; only the new password signs in', async () => {
      const ops = await t.factory.user('central_ops');
      const laptop: TokenPair = (await login(ops.user.email).expect(200)).body;
      const phone: TokenPair = (await login(ops.user.email).expect(200)).body;
      await me(laptop.accessToken).expect(200);
      await me(phone.accessToken).expect(200);

      const res = await changePassword(laptop.accessToken, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
      expect(res.body).toEqual({ accessToken: expect.any(String), refreshToken: expect.any(String), expiresIn: 900, tokenType: 'Bearer' });
      const fresh: TokenPair = res.body;

      // Issued within the same second as the change (or the one before): refused all the same.
      for (const old of [laptop.accessToken, phone.accessToken, ops.token]) expectProblem(await me(old), 401, 'UNAUTHENTICATED');
      for (const old of [laptop.refreshToken, phone.refreshToken]) expectProblem(await refresh(old), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      await me(fresh.accessToken).expect(200);
      await refresh(fresh.refreshToken).expect(200);
      expectProblem(await login(ops.user.email), 401, 'AUTH_INVALID_CREDENTIALS');
      await login(ops.user.email, NEW_PASSWORD).expect(200);
    });

    it.each(ROLES)('is open to %s with a bearer token', async (role) => {
      const user = await t.factory.user(role);
      const res = await changePassword(user.token, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200);
      await me(res.body.accessToken).expect(200);
    });

    it('is refused with an API key: 403 AUTH_SESSION_REQUIRED, and the password stays', async () => {
      const oem = await t.factory.user('oem');
      const key = await t.factory.apiKey(oem);
      const res = await api().post('/api/v1/auth/password').set('X-API-Key', key).send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expectProblem(res, 403, 'AUTH_SESSION_REQUIRED');
      await login(oem.user.email).expect(200);
    });

    it('answers 403 AUTH_CURRENT_PASSWORD_WRONG for a wrong current password and changes nothing; guesses are throttled like sign-ins', async () => {
      const tech = await t.factory.user('field_technician');
      stopClock(t.app);
      for (let attempt = 1; attempt <= 5; attempt += 1) {
        expectProblem(await changePassword(tech.token, { currentPassword: 'a-wrong-guess', newPassword: NEW_PASSWORD }), 403, 'AUTH_CURRENT_PASSWORD_WRONG');
      }
      await me(tech.token).expect(200);
      const locked = await changePassword(tech.token, { currentPassword: PASSWORD, newPassword: NEW_PASSWORD });
      expectProblem(locked, 429, 'AUTH_THROTTLED');
      expect(locked.headers['retry-after']).toBe('60');
      // Guessing through a stolen token locks the account's sign-in too.
      expectProblem(await login(tech.user.email), 429, 'AUTH_THROTTLED');
    });

    it('applies the password policy of POST /users to newPassword: 400 naming the field', async () => {
      const ops = await t.factory.user('central_ops');
      for (const body of [
        { currentPassword: PASSWORD, newPassword: 'short' },
        { currentPassword: PASSWORD, newPassword: 'x'.repeat(201) },
        { currentPassword: PASSWORD, newPassword: 1234567890123 },
        { currentPassword: PASSWORD },
        { currentPassword: PASSWORD, newPassword: PASSWORD },
      ]) {
        const problem = expectProblem(await changePassword(ops.token, body), 400, 'VALIDATION_FAILED');
        expect(new Set(problem.errors?.map((e) => e.field)), JSON.stringify(body)).toEqual(new Set(['newPassword']));
      }
      const missing = expectProblem(await changePassword(ops.token, { newPassword: NEW_PASSWORD }), 400, 'VALIDATION_FAILED');
      expect(new Set(missing.errors?.map((e) => e.field))).toEqual(new Set(['currentPassword']));
      await login(ops.user.email).expect(200);
    });

    it('needs a signed-in caller', async () => {
      expectProblem(await api().post('/api/v1/auth/password').send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }), 401, 'UNAUTHENTICATED');
    });
  });

  describe('admin changes', () => {
    it("an admin's password reset (PATCH /users/{id}) ends the user's sessions", async () => {
      const ops = await t.factory.user('central_ops');
      const pair: TokenPair = (await login(ops.user.email).expect(200)).body;
      await me(pair.accessToken).expect(200);
      await api().patch(`/api/v1/users/${ops.user.id}`).set('Authorization', admin.auth).send({ password: NEW_PASSWORD }).expect(200);
      expectProblem(await me(pair.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await refresh(pair.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      const fresh: TokenPair = (await login(ops.user.email, NEW_PASSWORD).expect(200)).body;
      await me(fresh.accessToken).expect(200);
    });

    it('a deactivation ends the sessions for good: reactivating the account does not bring its old tokens back', async () => {
      const tech = await t.factory.user('field_technician');
      const pair: TokenPair = (await login(tech.user.email).expect(200)).body;
      await api().patch(`/api/v1/users/${tech.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
      expectProblem(await me(pair.accessToken), 401, 'UNAUTHENTICATED');
      await api().patch(`/api/v1/users/${tech.user.id}`).set('Authorization', admin.auth).send({ isActive: true }).expect(200);
      expectProblem(await me(pair.accessToken), 401, 'UNAUTHENTICATED');
      expectProblem(await refresh(pair.refreshToken), 401, 'AUTH_INVALID_REFRESH_TOKEN');
      await login(tech.user.email).expect(200);
    });

    it('other changes (name, phone) leave the sessions alone', async () => {
      const ops = await t.factory.user('central_ops');
      const pair: TokenPair = (await login(ops.user.email).expect(200)).body;
      await api().patch(`/api/v1/users/${ops.user.id}`).set('Authorization', admin.auth).send({ fullName: 'Renamed Person', phone: '9812345678' }).expect(200);
      await me(pair.accessToken).expect(200);
      await refresh(pair.refreshToken).expect(200);
    });
  });

  describe('across replicas', () => {
    it('another replica refuses the old access token within AUTH_CACHE_TTL_MS, and accepts the new one at once', async () => {
      const replica = await startTestApp({ DATABASE_URL: t.databaseUrl, JWT_SECRET: t.config.jwtSecret });
      try {
        const ops = await t.factory.user('central_ops');
        const clock = stopClock(t.app);
        await me(ops.token).expect(200);
        const fresh: TokenPair = (
          await request(replica.server).post('/api/v1/auth/password').set('Authorization', ops.auth).send({ currentPassword: PASSWORD, newPassword: NEW_PASSWORD }).expect(200)
        ).body;
        // This replica read the account a moment ago and may use that for AUTH_CACHE_TTL_MS…
        clock.advanceTo(t.config.authCacheTtlMs - 1);
        await me(ops.token).expect(200);
        // …but a token of a newer version than the one it remembers makes it read the account again.
        await me(fresh.accessToken).expect(200);
        expectProblem(await me(ops.token), 401, 'UNAUTHENTICATED');
        clock.advanceTo(t.config.authCacheTtlMs);
        expectProblem(await me(ops.token), 401, 'UNAUTHENTICATED');
        await me(fresh.accessToken).expect(200);
      } finally {
        await replica.close();
      }
    });

    it('a password change made straight in the database (another replica) applies within AUTH_CACHE_TTL_MS, not later', async () => {
      const ops = await t.factory.user('central_ops');
      const clock = stopClock(t.app);
      await me(ops.token).expect(200);
      await t.app.get(DataSource).getRepository(User).increment({ id: ops.user.id }, 'tokenVersion', 1);
      clock.advanceTo(t.config.authCacheTtlMs - 1);
      await me(ops.token).expect(200);
      clock.advanceTo(t.config.authCacheTtlMs);
      expectProblem(await me(ops.token), 401, 'UNAUTHENTICATED');
    });
  });
});
