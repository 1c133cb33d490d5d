// GET /oems: the OEM picker of the console (issue 17): staff read active OEMs' ids and names only.
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('GET /oems', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('lists the active OEM accounts by name with id and name only, for admin and Central Ops', async () => {
    const zeta = await t.factory.user('oem', { fullName: 'Zeta Motors' });
    const alpha = await t.factory.user('oem', { fullName: 'Alpha Cars' });
    const retired = await t.factory.user('oem', { fullName: 'Beta Retired' });
    const admin = await t.factory.user('admin');
    await request(t.server).patch(`/api/v1/users/${retired.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
    await t.factory.user('central_ops', { fullName: 'Aaron Not An Oem' });
    for (const role of ['admin', 'central_ops'] as const) {
      const who = await t.factory.user(role);
      const res = await request(t.server).get('/api/v1/oems').set('Authorization', who.auth);
      expect(res.status).toBe(200);
      expect(res.body).toEqual([
        { id: alpha.user.id, fullName: 'Alpha Cars' },
        { id: zeta.user.id, fullName: 'Zeta Motors' },
      ]);
    }
  });

  it('refuses OEMs and field technicians (403) and anonymous callers (401)', async () => {
    for (const role of ['oem', 'field_technician'] as const) {
      const who = await t.factory.user(role);
      expectProblem(await request(t.server).get('/api/v1/oems').set('Authorization', who.auth), 403);
    }
    expectProblem(await request(t.server).get('/api/v1/oems'), 401);
  });
});
