// GET /technicians: the team member picker of the console (issue 17 gaps): admin and Central Ops
// search active field technicians by name or e-mail and read their id, name and e-mail only.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('GET /technicians', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  const list = async (auth: string, q?: string) => {
    const res = await request(t.server).get('/api/v1/technicians').query(q === undefined ? {} : { q }).set('Authorization', auth);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { id: string; fullName: string; email: string }[];
  };

  it('lists active field technicians by name with id, name and e-mail only, matching q in name or e-mail in any case', async () => {
    const zoya = await t.factory.user('field_technician', { fullName: 'Zoya Wireman' });
    const arjun = await t.factory.user('field_technician', { fullName: 'Arjun Wireman' });
    const retired = await t.factory.user('field_technician', { fullName: 'Bela Wireman' });
    const admin = await t.factory.user('admin');
    await request(t.server).patch(`/api/v1/users/${retired.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
    await t.factory.user('central_ops', { fullName: 'Chetan Wireman' });
    await t.factory.user('oem', { fullName: 'Wireman Motors' });
    for (const role of ['admin', 'central_ops'] as const) {
      const who = await t.factory.user(role);
      expect(await list(who.auth, 'wIrEmAn')).toEqual([
        { id: arjun.user.id, fullName: 'Arjun Wireman', email: arjun.user.email },
        { id: zoya.user.id, fullName: 'Zoya Wireman', email: zoya.user.email },
      ]);
    }
    // The e-mail matches too (the factory's addresses name the sequence number), in any case.
    const byEmail = await list(admin.auth, zoya.user.email.toUpperCase());
    expect(byEmail).toEqual([{ id: zoya.user.id, fullName: 'Zoya Wireman', email: zoya.user.email }]);
    // LIKE's wildcards are literal: `%` and `_` match only themselves.
    expect(await list(admin.auth, 'Wire%an')).toEqual([]);
    expect(await list(admin.auth, 'Wire_an')).toEqual([]);
    expect(await list(admin.auth, 'nobody by this name')).toEqual([]);
  });

  it('answers at most 50, the first by name, and all of them without q', async () => {
    const admin = await t.factory.user('admin');
    // Zero-padded: the same order on every database's collation.
    for (let i = 0; i < 55; i++) await t.factory.user('field_technician', { fullName: `Picker Tech ${String(i).padStart(2, '0')}` });
    const found = await list(admin.auth, 'picker tech');
    expect(found.map((tech) => tech.fullName)).toEqual(Array.from({ length: 50 }, (_, i) => `Picker Tech ${String(i).padStart(2, '0')}`));
    expect(await list(admin.auth, 'picker tech 54')).toHaveLength(1);
    expect(await list(admin.auth)).toHaveLength(50);
  });

  it('names q when it is too long (400), refuses OEMs and field technicians (403) and anonymous callers (401)', async () => {
    const admin = await t.factory.user('admin');
    expectProblem(await request(t.server).get('/api/v1/technicians').query({ q: 'x'.repeat(101) }).set('Authorization', admin.auth), 400, { field: 'q' });
    for (const role of ['oem', 'field_technician'] as const) {
      const who = await t.factory.user(role);
      expectProblem(await request(t.server).get('/api/v1/technicians').set('Authorization', who.auth), 403);
    }
    expectProblem(await request(t.server).get('/api/v1/technicians'), 401);
  });
});
