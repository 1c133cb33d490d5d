import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { expectProblem, type TestUser } from './support/factory.js';
import { beforeNextTransaction } from './support/interleave.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface UserBody {
  id: string;
  email: string;
  fullName: string;
  phone: string | null;
  role: string;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

let seq = 0;
/** A valid POST /users body with a unique email. */
function newUser(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return { email: `person.${seq}.${randomUUID().slice(0, 8)}@example.in`, password: 'a-long-password', fullName: 'Priya Sharma', role: 'central_ops', ...overrides };
}

describe('users (admin)', () => {
  let t: TestApp;
  let admin: TestUser;
  const api = () => request(t.server);
  const create = (body: Record<string, unknown>) => api().post('/api/v1/users').set('Authorization', admin.auth).send(body);
  const login = (email: string, password: string) => api().post('/api/v1/auth/login').send({ email, password });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factory.user('admin');
  });
  afterAll(() => t.close());

  describe('POST /users', () => {
    it('creates a user with a lower-cased email and an E.164 phone; the password is never returned', async () => {
      const res = await create(newUser({ email: 'Priya.Sharma@Example.COM', phone: '98123 45678', role: 'field_technician' })).expect(201);
      const body = res.body as UserBody;
      expect(body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        email: 'priya.sharma@example.com',
        fullName: 'Priya Sharma',
        phone: '+919812345678',
        role: 'field_technician',
        isActive: true,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(body.updatedAt).toBe(body.createdAt);
      expect(JSON.stringify(body)).not.toContain('a-long-password');
      // The new user can sign in, with the email in any case.
      await login('PRIYA.SHARMA@example.com', 'a-long-password').expect(200);
    });

    it.each([
      ['+91 98123-45678', '+919812345678'],
      ['09812345678', '+919812345678'],
      ['+44 20 7946 0958', '+442079460958'],
    ])('normalises the phone %s to %s', async (phone, e164) => {
      const res = await create(newUser({ phone })).expect(201);
      expect(res.body.phone).toBe(e164);
    });

    it('answers 409 USER_EMAIL_TAKEN for an email already in use, whatever its case', async () => {
      const first = newUser();
      await create(first).expect(201);
      const again = expectProblem(await create({ ...first, email: String(first.email).toUpperCase() }), 409, 'USER_EMAIL_TAKEN');
      expect(again.detail).toContain(String(first.email));
    });

    it.each([
      ['email', { email: 'not-an-email' }],
      ['email', { email: undefined }],
      // 254 characters as sent, 255 once lower-cased ("İ" becomes "i" and a combining dot): the column holds 254.
      ['email', { email: `İx@${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(55)}.com` }],
      ['password', { password: 'short' }],
      ['password', { password: 12345678901 }],
      ['fullName', { fullName: '' }],
      ['fullName', { fullName: '   ' }],
      ['fullName', { fullName: 'x'.repeat(201) }],
      ['phone', { phone: '12345' }],
      ['phone', { phone: 9812345678 }],
      ['role', { role: 'superuser' }],
      ['role', { role: undefined }],
      ['isAdmin', { isAdmin: true }],
    ])('answers 400 naming %s for %j', async (field, overrides) => {
      const body = expectProblem(await create(newUser(overrides)), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, message: expect.any(String) })]));
      expect(body.errors?.every((e) => e.field === field)).toBe(true);
    });
  });

  describe('GET /users', () => {
    it('filters by role and pages newest first with limit/cursor/nextCursor and an optional total', async () => {
      const created: string[] = [];
      for (let i = 0; i < 5; i += 1) created.push((await create(newUser({ role: 'oem', fullName: `OEM ${i}` })).expect(201)).body.id);
      await create(newUser({ role: 'central_ops' })).expect(201);

      const seen: UserBody[] = [];
      let cursor: string | null = null;
      let total: number | undefined;
      let pages = 0;
      do {
        const query: Record<string, string | number | boolean> = { role: 'oem', limit: 2, withTotal: true };
        if (cursor) query.cursor = cursor;
        const res = await api().get('/api/v1/users').query(query).set('Authorization', admin.auth).expect(200);
        expect(res.body.data.length).toBeLessThanOrEqual(2);
        total = res.body.total;
        seen.push(...res.body.data);
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor && pages < 20);

      expect(seen.every((u) => u.role === 'oem')).toBe(true);
      expect(new Set(seen.map((u) => u.id)).size).toBe(seen.length);
      expect(total).toBe(seen.length);
      expect(pages).toBe(Math.ceil(seen.length / 2));
      // Newest first: the five created here appear in reverse creation order.
      expect(seen.map((u) => u.id).filter((id) => created.includes(id))).toEqual([...created].reverse());
      for (let i = 1; i < seen.length; i += 1) expect(Date.parse(seen[i - 1].createdAt)).toBeGreaterThanOrEqual(Date.parse(seen[i].createdAt));
    });

    it('pages users created in the same millisecond without losing or repeating any', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const ids: string[] = [];
      try {
        vi.setSystemTime(new Date('2030-01-01T00:00:00.000Z'));
        for (let i = 0; i < 5; i += 1) ids.push((await t.factory.user('field_technician')).user.id);
      } finally {
        vi.useRealTimers();
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: Record<string, string | number> = { role: 'field_technician', limit: 2 };
        if (cursor) query.cursor = cursor;
        const res = await api().get('/api/v1/users').query(query).set('Authorization', admin.auth).expect(200);
        seen.push(...res.body.data.map((u: UserBody) => u.id));
        cursor = res.body.nextCursor;
      } while (cursor && seen.length < 100);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());
    });

    it('answers without total unless withTotal=true, and finds a user by exact email (case-insensitive)', async () => {
      const email = String(newUser().email);
      const created = (await create({ ...newUser(), email }).expect(201)).body as UserBody;
      const res = await api().get('/api/v1/users').query({ email: email.toUpperCase() }).set('Authorization', admin.auth).expect(200);
      expect(res.body).toEqual({ data: [expect.objectContaining({ id: created.id, email })], nextCursor: null });
      expect(res.body).not.toHaveProperty('total');
    });

    it('answers 400 INVALID_CURSOR (not a server error) for a well-formed but forged cursor', async () => {
      for (const position of [['2026-01-01T00:00:00.000Z', 'not-a-uuid'], ['yesterday', randomUUID()], { createdAt: 1 }]) {
        const cursor = Buffer.from(JSON.stringify(position)).toString('base64url');
        const res = await api().get('/api/v1/users').query({ cursor }).set('Authorization', admin.auth);
        expectProblem(res, 400, 'INVALID_CURSOR');
      }
    });

    it.each([
      ['limit', { limit: '0' }],
      ['limit', { limit: '101' }],
      ['limit', { limit: 'ten' }],
      ['role', { role: 'superuser' }],
      ['withTotal', { withTotal: 'maybe' }],
      ['cursor', { cursor: 'not-a-cursor' }],
    ])('answers 400 naming %s for a bad query %j', async (field, query) => {
      const body = expectProblem(await api().get('/api/v1/users').query(query).set('Authorization', admin.auth), 400);
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
    });
  });

  describe('GET /users/{id} and PATCH /users/{id}', () => {
    it('reads one user', async () => {
      const created = (await create(newUser({ role: 'oem', phone: '98123 45678' })).expect(201)).body as UserBody;
      const res = await api().get(`/api/v1/users/${created.id}`).set('Authorization', admin.auth).expect(200);
      expect(res.body).toEqual(created);
    });

    it('answers 404 USER_NOT_FOUND for an unknown id and 400 for an id that is not a UUID', async () => {
      const id = randomUUID();
      const missing = expectProblem(await api().get(`/api/v1/users/${id}`).set('Authorization', admin.auth), 404, 'USER_NOT_FOUND');
      expect(missing.instance).toBe(`/api/v1/users/${id}`);
      expectProblem(await api().patch(`/api/v1/users/${id}`).set('Authorization', admin.auth).send({ fullName: 'X' }), 404, 'USER_NOT_FOUND');
      expectProblem(await api().get('/api/v1/users/42').set('Authorization', admin.auth), 400);
    });

    it('changes the password: the new one signs in, the old one no longer does', async () => {
      const body = newUser();
      const created = (await create(body).expect(201)).body as UserBody;
      const session = (await login(created.email, 'a-long-password').expect(200)).body as { refreshToken: string };
      await api().patch(`/api/v1/users/${created.id}`).set('Authorization', admin.auth).send({ password: 'another-long-password' }).expect(200);
      await login(created.email, 'another-long-password').expect(200);
      expectProblem(await login(created.email, 'a-long-password'), 401, 'AUTH_INVALID_CREDENTIALS');
      // Sessions signed in with the old password end with it.
      expectProblem(await api().post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken }), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    });

    it('a password reset racing a deactivation keeps both: the account stays deactivated, and the new password signs in once it is reactivated', async () => {
      const created = (await create(newUser()).expect(201)).body as UserBody;
      const url = `/api/v1/users/${created.id}`;
      // The reset has read the account and hashed its password; another admin's deactivation commits before its transaction.
      const deactivated = beforeNextTransaction(t.app, () => api().patch(url).set('Authorization', admin.auth).send({ isActive: false }));
      await api().patch(url).set('Authorization', admin.auth).send({ password: 'another-long-password' }).expect(200);
      expect(deactivated()).toBe(true);
      expect((await api().get(url).set('Authorization', admin.auth).expect(200)).body.isActive).toBe(false);
      expectProblem(await login(created.email, 'another-long-password'), 401, 'AUTH_INVALID_CREDENTIALS');
      await api().patch(url).set('Authorization', admin.auth).send({ isActive: true }).expect(200);
      await login(created.email, 'another-long-password').expect(200);
      expectProblem(await login(created.email, 'a-long-password'), 401, 'AUTH_INVALID_CREDENTIALS');
    });

    it('changes name and phone, clears the phone, and deactivates and reactivates an account', async () => {
      const created = (await create(newUser({ phone: '98123 45678' })).expect(201)).body as UserBody;
      const url = `/api/v1/users/${created.id}`;
      const editedAt = new Date(Date.parse(created.createdAt) + 2345);
      vi.useFakeTimers({ toFake: ['Date'] });
      let renamed: request.Response;
      try {
        vi.setSystemTime(editedAt);
        renamed = await api().patch(url).set('Authorization', admin.auth).send({ fullName: '  Rahul Verma ', phone: '+91 87654 32109' }).expect(200);
      } finally {
        vi.useRealTimers();
      }
      expect(renamed.body).toMatchObject({ id: created.id, fullName: 'Rahul Verma', phone: '+918765432109', email: created.email, role: created.role });
      expect(renamed.body.createdAt).toBe(created.createdAt);
      expect(renamed.body.updatedAt).toBe(editedAt.toISOString());

      const cleared = await api().patch(url).set('Authorization', admin.auth).send({ phone: null }).expect(200);
      expect(cleared.body.phone).toBeNull();

      expect((await api().patch(url).set('Authorization', admin.auth).send({ isActive: false }).expect(200)).body.isActive).toBe(false);
      expectProblem(await login(created.email, 'a-long-password'), 401, 'AUTH_INVALID_CREDENTIALS');
      expect((await api().patch(url).set('Authorization', admin.auth).send({ isActive: true }).expect(200)).body.isActive).toBe(true);
      await login(created.email, 'a-long-password').expect(200);

      expect((await api().get(url).set('Authorization', admin.auth).expect(200)).body).toMatchObject({ fullName: 'Rahul Verma', phone: null, isActive: true });
    });

    it.each([
      ['fullName', { fullName: '' }],
      ['fullName', { fullName: '   ' }],
      ['phone', { phone: 'call me' }],
      ['password', { password: 'short' }],
      ['isActive', { isActive: 'no' }],
      // null cannot clear a name, a password or the active flag (only the phone may be cleared).
      ['fullName', { fullName: null }],
      ['password', { password: null }],
      ['isActive', { isActive: null }],
      ['role', { role: 'admin' }],
      ['email', { email: 'new@example.in' }],
    ])('refuses a bad or unchangeable %s with 400', async (field, patch) => {
      const created = (await create(newUser()).expect(201)).body as UserBody;
      const body = expectProblem(await api().patch(`/api/v1/users/${created.id}`).set('Authorization', admin.auth).send(patch), 400, 'VALIDATION_FAILED');
      expect(body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field })]));
      expect((await api().get(`/api/v1/users/${created.id}`).set('Authorization', admin.auth).expect(200)).body).toEqual(created);
    });
  });

  describe('access', () => {
    it('is admin-only: every other role gets 403 FORBIDDEN_ROLE, anonymous callers 401', async () => {
      const target = (await create(newUser()).expect(201)).body as UserBody;
      const oem = await t.factory.user('oem');
      const callers: [string, (r: request.Test) => request.Test][] = [];
      for (const role of ['central_ops', 'oem', 'field_technician'] as const) {
        const user = role === 'oem' ? oem : await t.factory.user(role);
        callers.push([role, (r) => r.set('Authorization', user.auth)]);
      }
      const key = await t.factory.apiKey(oem);
      callers.push(['oem api key', (r) => r.set('X-API-Key', key)]);

      const calls = [
        () => api().get('/api/v1/users'),
        () => api().post('/api/v1/users').send(newUser({ role: 'admin' })),
        () => api().get(`/api/v1/users/${target.id}`),
        () => api().patch(`/api/v1/users/${target.id}`).send({ isActive: false }),
        () => api().get(`/api/v1/users/${oem.user.id}/api-keys`),
        () => api().post(`/api/v1/users/${oem.user.id}/api-keys`).send({ name: 'sneaky' }),
      ];
      for (const call of calls) {
        expectProblem(await call(), 401, 'UNAUTHENTICATED');
        for (const [, as] of callers) expectProblem(await as(call()), 403, 'FORBIDDEN_ROLE');
      }
      // Nothing changed.
      expect((await api().get(`/api/v1/users/${target.id}`).set('Authorization', admin.auth).expect(200)).body.isActive).toBe(true);
      expect((await api().get(`/api/v1/users/${oem.user.id}/api-keys`).set('Authorization', admin.auth).expect(200)).body).toHaveLength(1);
    });
  });
});
