import { createHash, randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AuditLogService } from '../src/users/audit/audit-log.service.js';
import type { AuditEventPageDto } from '../src/users/audit/dto/audit-event.dto.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const AUDIT = '/api/v1/audit-events';
const USERS = '/api/v1/users';
const TEAMS = '/api/v1/teams';
const LEAD_SOURCES = '/api/v1/lead-sources';

/** An audit event as `GET /audit-events` answers it. */
interface AuditEventBody {
  id: string;
  occurredAt: string;
  actorId: string | null;
  actorRole: string | null;
  apiKeyId: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  requestId: string | null;
}

/** Issue 11 item 6: every administrative change leaves one audit event, written with the change. */
describe('audit log of administrative changes', () => {
  let t: TestApp;
  let admin: TestUser;
  let ops: TestUser;
  let techs: TestUser[];
  let oem: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [admin, ops, oem] = await Promise.all([t.factory.user('admin'), t.factory.user('central_ops'), t.factory.user('oem')]);
    techs = await Promise.all([1, 2].map(() => t.factory.user('field_technician')));
  });
  afterAll(() => t.close());

  const as = (who: TestUser) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', who.auth),
    post: (url: string, body: object = {}) => request(t.server).post(url).set('Authorization', who.auth).send(body),
    patch: (url: string, body: object = {}) => request(t.server).patch(url).set('Authorization', who.auth).send(body),
    delete: (url: string) => request(t.server).delete(url).set('Authorization', who.auth),
  });

  /** Every event matching `query` (all pages), newest first. */
  const audit = async (query: Record<string, string>): Promise<AuditEventBody[]> => {
    const events: AuditEventBody[] = [];
    let cursor: string | null = null;
    do {
      const res = await as(admin)
        .get(AUDIT)
        .query({ ...query, limit: '100', ...(cursor && { cursor }) });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const page = res.body as AuditEventPageDto;
      events.push(...(page.data as unknown as AuditEventBody[]));
      cursor = page.nextCursor;
    } while (cursor);
    return events;
  };
  const eventsOf = (entityId: string) => audit({ entityId });
  const count = async (query: Record<string, string>): Promise<number> =>
    (await as(admin).get(AUDIT).query({ ...query, withTotal: 'true', limit: '1' }).expect(200)).body.total as number;

  let seq = 0;
  const newUserBody = (overrides: Record<string, unknown> = {}) => {
    seq += 1;
    return { email: `audited.${seq}.${randomUUID().slice(0, 8)}@example.in`, password: 'first-password-123', fullName: 'Meera Iyer', role: 'central_ops', ...overrides };
  };
  const createUser = async (overrides: Record<string, unknown> = {}): Promise<{ id: string; email: string }> => {
    const res = await as(admin).post(USERS, newUserBody(overrides));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const newTeam = async (who: TestUser, name = `Audit crew ${randomUUID().slice(0, 8)}`): Promise<{ id: string; name: string }> => {
    const res = await as(who).post(TEAMS, { name, city: 'Bengaluru Urban', state: 'IN-KA' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  describe('users', () => {
    it('records a user created by an admin once, with the actor, the request id and no password', async () => {
      const requestId = `audit-test-${randomUUID()}`;
      const body = newUserBody({ phone: '98123 45678', role: 'field_technician' });
      const res = await as(admin).post(USERS).set('X-Request-Id', requestId).send(body).expect(201);
      const events = await eventsOf(res.body.id);
      expect(events).toEqual([
        {
          id: expect.any(String),
          occurredAt: expect.any(String),
          actorId: admin.user.id,
          actorRole: 'admin',
          apiKeyId: null,
          action: 'user.created',
          entityType: 'user',
          entityId: res.body.id,
          before: null,
          after: { email: body.email, fullName: 'Meera Iyer', phone: '+919812345678', role: 'field_technician', isActive: true },
          requestId,
        },
      ]);
      // Millisecond precision, as written.
      expect(events[0].occurredAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      const json = JSON.stringify(events);
      expect(json).not.toContain(body.password);
      expect(json).not.toContain('$argon2');
    });

    it('records a profile change with the changed fields only, and nothing for a no-op', async () => {
      const user = await createUser({ fullName: 'Arjun Nair' });
      await as(admin).patch(`${USERS}/${user.id}`, { fullName: 'Arjun K. Nair', phone: '+919812345678' }).expect(200);
      await as(admin).patch(`${USERS}/${user.id}`, { fullName: 'Arjun K. Nair' }).expect(200);
      const events = await eventsOf(user.id);
      expect(events.map((e) => e.action)).toEqual(['user.updated', 'user.created']);
      expect(events[0]).toMatchObject({
        actorId: admin.user.id,
        actorRole: 'admin',
        entityType: 'user',
        before: { fullName: 'Arjun Nair', phone: null },
        after: { fullName: 'Arjun K. Nair', phone: '+919812345678' },
      });
    });

    it('records deactivation (isActive true → false) and reactivation, once each', async () => {
      const user = await createUser();
      await as(admin).patch(`${USERS}/${user.id}`, { isActive: false }).expect(200);
      // Already inactive: nothing changes, nothing is recorded.
      await as(admin).patch(`${USERS}/${user.id}`, { isActive: false }).expect(200);
      await as(admin).patch(`${USERS}/${user.id}`, { isActive: true }).expect(200);
      const events = await eventsOf(user.id);
      expect(events.map((e) => [e.action, e.before, e.after])).toEqual([
        ['user.reactivated', { isActive: false }, { isActive: true }],
        ['user.deactivated', { isActive: true }, { isActive: false }],
        ['user.created', null, expect.any(Object)],
      ]);
    });

    it('records a password reset without the password or its hash anywhere in the log', async () => {
      const user = await createUser();
      const newPassword = `reset-${randomUUID()}`;
      await as(admin).patch(`${USERS}/${user.id}`, { password: newPassword }).expect(200);
      const events = await eventsOf(user.id);
      expect(events.filter((e) => e.action === 'user.password_reset')).toEqual([
        expect.objectContaining({ actorId: admin.user.id, entityType: 'user', entityId: user.id, before: null, after: null }),
      ]);
      expect(events).toHaveLength(2);
      const everything = JSON.stringify(await audit({}));
      expect(everything).not.toContain(newPassword);
      expect(everything).not.toContain('first-password-123');
      expect(everything).not.toContain('$argon2');
    });

    it('records a PATCH that changes several kinds of thing as one event per kind', async () => {
      const user = await createUser({ fullName: 'Kavya Rao' });
      await as(admin).patch(`${USERS}/${user.id}`, { fullName: 'Kavya S. Rao', isActive: false, password: 'another-password-456' }).expect(200);
      const events = await eventsOf(user.id);
      expect(events.map((e) => e.action).sort()).toEqual(['user.created', 'user.deactivated', 'user.password_reset', 'user.updated']);
    });

    it('records nothing for a change that fails: a duplicate email (409)', async () => {
      const body = newUserBody();
      await as(admin).post(USERS, body).expect(201);
      const created = await count({ action: 'user.created' });
      expectProblem(await as(admin).post(USERS, { ...body, email: body.email.toUpperCase() }), 409, 'USER_EMAIL_TAKEN');
      expect(await count({ action: 'user.created' })).toBe(created);
    });
  });

  describe('API keys', () => {
    it('records issuing and revoking a key, never the key or its hash', async () => {
      const issued = await as(admin).post(`${USERS}/${oem.user.id}/api-keys`, { name: 'Dealer portal' }).expect(201);
      const key = issued.body.key as string;
      await as(admin).delete(`${USERS}/${oem.user.id}/api-keys/${issued.body.id}`).expect(204);
      // Revoking twice is harmless and records nothing more.
      await as(admin).delete(`${USERS}/${oem.user.id}/api-keys/${issued.body.id}`).expect(204);
      const events = await eventsOf(issued.body.id);
      expect(events).toEqual([
        expect.objectContaining({ action: 'api_key.revoked', actorId: admin.user.id, entityType: 'api_key', before: { revokedAt: null }, after: { revokedAt: expect.any(String) } }),
        expect.objectContaining({ action: 'api_key.issued', actorId: admin.user.id, entityType: 'api_key', before: null, after: { oemId: oem.user.id, name: 'Dealer portal', prefix: key.slice(0, 8) } }),
      ]);
      const json = JSON.stringify(events);
      expect(json).not.toContain(key);
      expect(json).not.toContain(createHash('sha256').update(key).digest('hex'));
    });

    it('records nothing when issuing fails (a key for a non-OEM, 409)', async () => {
      const before = await count({ action: 'api_key.issued' });
      expectProblem(await as(admin).post(`${USERS}/${ops.user.id}/api-keys`, { name: 'nope' }), 409, 'API_KEY_OEM_ONLY');
      expect(await count({ action: 'api_key.issued' })).toBe(before);
    });
  });

  describe('teams', () => {
    it('records a team created and changed by Central Ops, with the fields that changed', async () => {
      const team = await newTeam(ops);
      await as(ops).patch(`${TEAMS}/${team.id}`, { city: 'Mysuru' }).expect(200);
      await as(admin).patch(`${TEAMS}/${team.id}`, { isActive: false }).expect(200);
      const events = await audit({ entityType: 'team', entityId: team.id });
      expect(events.map((e) => [e.action, e.actorId, e.actorRole, e.before, e.after])).toEqual([
        ['team.updated', admin.user.id, 'admin', { isActive: true }, { isActive: false }],
        ['team.updated', ops.user.id, 'central_ops', { city: 'Bengaluru Urban' }, { city: 'Mysuru' }],
        ['team.created', ops.user.id, 'central_ops', null, { name: team.name, city: 'Bengaluru Urban', state: 'Karnataka', isActive: true }],
      ]);
    });

    it('records members added, a change of lead, and a member removed, against the team', async () => {
      const team = await newTeam(ops);
      const url = `${TEAMS}/${team.id}/members`;
      await as(ops).post(url, { userId: techs[0].user.id, isLead: true }).expect(200);
      await as(ops).post(url, { userId: techs[1].user.id, isLead: true }).expect(200);
      await as(ops).delete(`${url}/${techs[1].user.id}`).expect(204);
      const events = await audit({ entityType: 'team_member', entityId: team.id });
      // Events of one request may share a millisecond, so their order among themselves is not asserted.
      expect(events).toHaveLength(4);
      expect(events.map((e) => [e.action, e.before, e.after])).toEqual(
        expect.arrayContaining([
          ['team.member_added', null, { userId: techs[0].user.id, isLead: true }],
          ['team.member_added', null, { userId: techs[1].user.id, isLead: true }],
          ['team.member_updated', { userId: techs[0].user.id, isLead: true }, { userId: techs[0].user.id, isLead: false }],
          ['team.member_removed', { userId: techs[1].user.id, isLead: true }, null],
        ]),
      );
      expect(events.every((e) => e.actorId === ops.user.id && e.entityType === 'team_member')).toBe(true);
      // The newest first: the removal is the last change.
      expect(events[0].action).toBe('team.member_removed');
    });

    it('records nothing for a duplicate team name (409) on create or rename', async () => {
      const first = await newTeam(ops);
      const other = await newTeam(ops);
      const created = await count({ action: 'team.created' });
      expectProblem(await as(ops).post(TEAMS, { name: first.name, city: 'Pune', state: 'Maharashtra' }), 409, 'TEAM_NAME_TAKEN');
      expectProblem(await as(ops).patch(`${TEAMS}/${other.id}`, { name: first.name }), 409, 'TEAM_NAME_TAKEN');
      expect(await count({ action: 'team.created' })).toBe(created);
      expect(await audit({ entityType: 'team', entityId: other.id })).toHaveLength(1);
    });
  });

  describe('webhook subscriptions and password changes', () => {
    const SUBS = '/api/v1/webhook-subscriptions';

    it('records a subscription created, changed, its secret rotated and deleted, by whom, never the secret', async () => {
      const created = (await as(oem).post(SUBS, { url: 'https://crm.example.com/chargeops', events: ['lead.status_changed', 'lead.created'], description: 'CRM' }).expect(201)).body as { id: string; secret: string };
      await as(ops).patch(`${SUBS}/${created.id}`, { url: 'https://attacker.example.net/collect', description: 'CRM' }).expect(200);
      // A change to nothing writes nothing.
      await as(oem).patch(`${SUBS}/${created.id}`, { description: 'CRM' }).expect(200);
      const rotated = (await as(oem).post(`${SUBS}/${created.id}/rotate-secret`).expect(200)).body as { secret: string };
      await as(admin).delete(`${SUBS}/${created.id}`).expect(204);

      const events = (await audit({ entityType: 'webhook_subscription', entityId: created.id })).reverse();
      expect(events.map((e) => [e.action, e.actorId])).toEqual([
        ['webhook_subscription.created', oem.user.id],
        ['webhook_subscription.updated', ops.user.id],
        ['webhook_subscription.secret_rotated', oem.user.id],
        ['webhook_subscription.deleted', admin.user.id],
      ]);
      expect(events[0].after).toEqual({ oemId: oem.user.id, url: 'https://crm.example.com/chargeops', events: 'lead.created,lead.status_changed', description: 'CRM', isActive: true });
      expect(events[1]).toMatchObject({ before: { url: 'https://crm.example.com/chargeops' }, after: { url: 'https://attacker.example.net/collect' } });
      expect(events[1].requestId).toEqual(expect.any(String));
      expect(events[3].before).toMatchObject({ oemId: oem.user.id, url: 'https://attacker.example.net/collect' });
      const text = JSON.stringify(events);
      for (const secret of [created.secret, rotated.secret]) expect(text).not.toContain(secret.replace(/^whsec_/, ''));
    });

    it("records a person's own password change, never the password", async () => {
      const tech = await t.factory.user('field_technician');
      await request(t.server).post('/api/v1/auth/password').set('Authorization', tech.auth).send({ currentPassword: 'correct-horse-battery', newPassword: 'a-new-long-password' }).expect(200);
      const [event] = await audit({ entityType: 'user', entityId: tech.user.id, action: 'user.password_changed' });
      expect(event).toMatchObject({ actorId: tech.user.id, actorRole: 'field_technician', before: null, after: null });
    });
  });

  describe('lead sources', () => {
    it('records a source created and changed, and nothing for a duplicate name (409)', async () => {
      const name = `Audit source ${randomUUID().slice(0, 8)}`;
      const created = (await as(admin).post(LEAD_SOURCES, { name, sourceType: 'portal' }).expect(201)).body as { id: number };
      await as(admin).patch(`${LEAD_SOURCES}/${created.id}`, { sourceType: 'api', oemId: oem.user.id }).expect(200);
      expectProblem(await as(admin).post(LEAD_SOURCES, { name, sourceType: 'api' }), 409, 'LEAD_SOURCE_NAME_TAKEN');
      expectProblem(await as(admin).patch(`${LEAD_SOURCES}/${created.id}`, { name: 'OEM API' }), 409, 'LEAD_SOURCE_NAME_TAKEN');
      const events = await audit({ entityType: 'lead_source', entityId: String(created.id) });
      expect(events.map((e) => [e.action, e.actorId, e.before, e.after])).toEqual([
        ['lead_source.updated', admin.user.id, { oemId: null, sourceType: 'portal' }, { oemId: oem.user.id, sourceType: 'api' }],
        ['lead_source.created', admin.user.id, null, { name, oemId: null, sourceType: 'portal' }],
      ]);
    });
  });

  describe('same transaction', () => {
    /** Makes the next audit write fail, as a full disk or a lost connection would. */
    const failNextAuditWrite = () => {
      const spy = vi.spyOn(t.app.get(AuditLogService), 'record').mockRejectedValueOnce(new Error('audit write failed'));
      return () => spy.mockRestore();
    };

    it('does not create a user, a team or a lead source whose event cannot be written', async () => {
      const body = newUserBody();
      let restore = failNextAuditWrite();
      expectProblem(await as(admin).post(USERS, body), 500);
      restore();
      expect((await as(admin).get(USERS).query({ email: body.email }).expect(200)).body.data).toEqual([]);

      const name = `Unrecorded ${randomUUID().slice(0, 8)}`;
      restore = failNextAuditWrite();
      expectProblem(await as(ops).post(TEAMS, { name, city: 'Pune', state: 'Maharashtra' }), 500);
      restore();
      // The name is still free: the team was rolled back with its event.
      await newTeam(ops, name);

      restore = failNextAuditWrite();
      expectProblem(await as(admin).post(LEAD_SOURCES, { name, sourceType: 'manual' }), 500);
      restore();
      const sources = (await as(admin).get(LEAD_SOURCES).expect(200)).body as { name: string }[];
      expect(sources.map((source) => source.name)).not.toContain(name);
    });

    it('does not deactivate a user, or revoke a key, whose event cannot be written', async () => {
      const user = await createUser();
      const restore = failNextAuditWrite();
      expectProblem(await as(admin).patch(`${USERS}/${user.id}`, { isActive: false }), 500);
      restore();
      expect((await as(admin).get(`${USERS}/${user.id}`).expect(200)).body.isActive).toBe(true);

      const issued = (await as(admin).post(`${USERS}/${oem.user.id}/api-keys`, { name: 'Kept' }).expect(201)).body as { id: string; key: string };
      const restoreKey = failNextAuditWrite();
      expectProblem(await as(admin).delete(`${USERS}/${oem.user.id}/api-keys/${issued.id}`), 500);
      restoreKey();
      const keys = (await as(admin).get(`${USERS}/${oem.user.id}/api-keys`).expect(200)).body as { id: string; revokedAt: string | null }[];
      expect(keys.find((k) => k.id === issued.id)?.revokedAt).toBeNull();
      expect(await eventsOf(issued.id)).toHaveLength(1);
    });
  });

  describe('GET /audit-events', () => {
    it('filters by actor, entity type, entity and action', async () => {
      const team = await newTeam(ops);
      const byOps = await audit({ actorId: ops.user.id });
      expect(byOps.length).toBeGreaterThan(0);
      expect(byOps.every((e) => e.actorId === ops.user.id)).toBe(true);
      expect(byOps.map((e) => e.entityId)).toContain(team.id);
      const teamsOnly = await audit({ entityType: 'team' });
      expect(teamsOnly.every((e) => e.entityType === 'team')).toBe(true);
      expect(await audit({ entityType: 'team', entityId: team.id, action: 'team.created' })).toHaveLength(1);
      expect(await audit({ entityType: 'team', entityId: team.id, action: 'team.updated' })).toEqual([]);
      expect(await audit({ actorId: randomUUID() })).toEqual([]);
    });

    it('filters by time: from inclusive, to exclusive', async () => {
      const user = await createUser();
      await as(admin).patch(`${USERS}/${user.id}`, { fullName: 'Changed Later' }).expect(200);
      const events = await eventsOf(user.id);
      expect(events).toHaveLength(2);
      const [updated, created] = events;
      expect((await audit({ entityId: user.id, from: created.occurredAt })).map((e) => e.id)).toEqual([updated.id, created.id]);
      expect((await audit({ entityId: user.id, from: updated.occurredAt })).map((e) => e.id)).toEqual(
        created.occurredAt === updated.occurredAt ? [updated.id, created.id] : [updated.id],
      );
      expect(await audit({ entityId: user.id, to: created.occurredAt })).toEqual([]);
      const later = new Date(Date.parse(updated.occurredAt) + 1).toISOString();
      expect((await audit({ entityId: user.id, from: created.occurredAt, to: later })).map((e) => e.id)).toEqual([updated.id, created.id]);
    });

    it('pages newest first with an opaque cursor: pages do not overlap and cover every event; total on request', async () => {
      const team = await newTeam(ops);
      const url = `${TEAMS}/${team.id}/members`;
      for (const lead of [false, true, false, true, false]) await as(ops).post(url, { userId: techs[0].user.id, isLead: lead }).expect(200);
      const all = await audit({ entityId: team.id });
      expect(all.length).toBeGreaterThanOrEqual(5);
      const first = (await as(admin).get(AUDIT).query({ entityId: team.id, limit: '3', withTotal: 'true' }).expect(200)).body as AuditEventPageDto;
      expect(first.data).toHaveLength(3);
      expect(first.total).toBe(all.length);
      expect(first.nextCursor).toEqual(expect.any(String));
      const second = (await as(admin).get(AUDIT).query({ entityId: team.id, limit: '3', cursor: first.nextCursor as string }).expect(200)).body as AuditEventPageDto;
      expect(second.total).toBeUndefined();
      const ids = [...first.data, ...second.data].map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids).toEqual(all.slice(0, ids.length).map((e) => e.id));
      const times = all.map((e) => Date.parse(e.occurredAt));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
    });

    it.each([
      ['actorId', { actorId: 'not-a-uuid' }],
      ['entityType', { entityType: 'lead' }],
      ['action', { action: 'user.deleted' }],
      ['entityId', { entityId: 'x'.repeat(65) }],
      ['from', { from: 'yesterday' }],
      ['to', { to: '2026-13-01T00:00:00Z' }],
      // ISO 8601 forms `new Date()` cannot read: an Invalid Date reached the database before.
      ['from', { from: '20260101' }],
      ['from', { from: '2026-W03-1' }],
      ['to', { to: '2026-123' }],
      ['to', { to: '2026-01-01T10:00:00,5Z' }],
      ['from', { from: '2026-01-01T10' }],
      ['to', { from: '2026-02-01T00:00:00Z', to: '2026-01-01T00:00:00Z' }],
      ['limit', { limit: '0' }],
      ['limit', { limit: '101' }],
    ])('answers 400 naming %s for a bad filter', async (field, query) => {
      const problem = expectProblem(await as(admin).get(AUDIT).query(query), 400);
      expect(problem.errors?.map((e) => e.field)).toContain(field);
    });

    it('answers 400 INVALID_CURSOR for a cursor it did not make', async () => {
      expectProblem(await as(admin).get(AUDIT).query({ cursor: 'garbage' }), 400, 'INVALID_CURSOR');
    });

    it('is for admins only: 403 for Central Ops, technicians and OEMs (token or API key), 401 without credentials', async () => {
      for (const who of [ops, techs[0], oem]) expectProblem(await as(who).get(AUDIT), 403);
      const key = await t.factory.apiKey(oem);
      expectProblem(await request(t.server).get(AUDIT).set('X-API-Key', key), 403);
      expectProblem(await request(t.server).get(AUDIT), 401);
    });
  });
});
