import request from 'supertest';
import { DataSource, Not } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { User } from '../src/users/entities/user.entity.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Deactivating admins never leaves nobody to manage users, API keys and lead sources. */
describe('the last active admin', () => {
  let t: TestApp;
  let admin: TestUser;
  const api = () => request(t.server);
  const deactivate = (who: TestUser, id: string) => api().patch(`/api/v1/users/${id}`).set('Authorization', who.auth).send({ isActive: false });
  const activeAdmins = () => t.app.get(DataSource).getRepository(User).find({ where: { role: 'admin', isActive: true } });

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factory.user('admin');
    // The seeded first admin (and any other) leaves through the API, as an admin would do it.
    for (const other of await t.app.get(DataSource).getRepository(User).find({ where: { role: 'admin', isActive: true, id: Not(admin.user.id) } })) {
      await deactivate(admin, other.id).expect(200);
    }
  });
  afterAll(() => t.close());

  it('cannot deactivate itself when it is the last active admin (409 USER_LAST_ADMIN), and keeps working', async () => {
    expect((await activeAdmins()).map((a) => a.id)).toEqual([admin.user.id]);
    const problem = expectProblem(await deactivate(admin, admin.user.id), 409, { code: 'USER_LAST_ADMIN' });
    expect(problem.detail).toMatch(/last active admin/);
    await api().get('/api/v1/users').set('Authorization', admin.auth).expect(200);
    expect((await activeAdmins()).map((a) => a.id)).toEqual([admin.user.id]);
    // Other changes to the last admin still go through.
    await api().patch(`/api/v1/users/${admin.user.id}`).set('Authorization', admin.auth).send({ fullName: 'Anita Rao', isActive: true }).expect(200);
  });

  it('with another active admin, an admin may be deactivated; of two admins deactivating each other at once one stays', async () => {
    const second = await t.factory.user('admin');
    const third = await t.factory.user('admin');
    await deactivate(second, third.user.id).expect(200);
    const results = await Promise.all([deactivate(admin, second.user.id), deactivate(second, admin.user.id)]);
    // The loser is refused as the last admin, or (when the winner committed before its token was checked) signed out.
    expect(results.filter((r) => r.status === 200)).toHaveLength(1);
    expect(results.map((r) => r.status).filter((s) => s !== 200)[0]).toBeOneOf([401, 409]);
    expect(await activeAdmins()).toHaveLength(1);
  });
});
