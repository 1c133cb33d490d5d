import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { TestUser } from './support/factory.js';
import { allEvents, expectProblem, LEAD_SOURCES, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('GET /leads/{id}/events: the timeline', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let admin: TestUser;
  let keyId: string;
  let lead: LeadResponseDto;
  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops, admin] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops'), t.factory.user('admin')]);
    const key = await t.factory.apiKey(oem);
    const created = await request(t.server).post(LEADS).set('X-API-Key', key).send(t.factory.leadPayload({ externalRef: 'TL-1' })).expect(201);
    lead = created.body;
    keyId = (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), lead.id))[0].actorApiKeyId as string;
    const transition = (as: TestUser, body: object) => request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', as.auth).send(body).expect(200);
    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', admin.auth).send({ assignedToId: ops.user.id }).expect(200);
    await transition(ops, { to: 'contacted' });
    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).send({ addressLine2: 'Near the temple' }).expect(200);
    await transition(ops, { to: 'on_hold', reason: 'Waiting for the society NOC' });
    await transition(admin, { to: 'contacted' });
    await transition(ops, { to: 'documents_pending' });
  });
  afterAll(() => t.close());

  const EXPECTED = () => [
    { type: 'created', fromStatus: null, toStatus: 'new', actorUserId: oem.user.id, actorApiKeyId: keyId },
    { type: 'assigned', fromStatus: null, toStatus: null, actorUserId: admin.user.id, actorApiKeyId: null, data: { assignedToId: ops.user.id } },
    { type: 'status_changed', fromStatus: 'new', toStatus: 'contacted', actorUserId: ops.user.id },
    { type: 'updated', actorUserId: ops.user.id, data: { fields: ['addressLine2'] } },
    { type: 'status_changed', fromStatus: 'contacted', toStatus: 'on_hold', actorUserId: ops.user.id, data: { reason: 'Waiting for the society NOC' } },
    { type: 'status_changed', fromStatus: 'on_hold', toStatus: 'contacted', actorUserId: admin.user.id },
    { type: 'status_changed', fromStatus: 'contacted', toStatus: 'documents_pending', actorUserId: ops.user.id },
  ];

  it('lists every change oldest first, each with its actor', async () => {
    const res = await request(t.server).get(`${LEADS}/${lead.id}/events`).set('Authorization', ops.auth).expect(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.data).toMatchObject(EXPECTED());
    const times = (res.body.data as { createdAt: string }[]).map((e) => new Date(e.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const e of res.body.data) expect(e.leadId).toBe(lead.id);
  });

  it('pages with limit and cursor, with no duplicates or gaps, and counts with withTotal', async () => {
    const seen: { id: number; type: string }[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(t.server)
        .get(`${LEADS}/${lead.id}/events`)
        .query({ limit: '3', withTotal: 'true', ...(cursor && { cursor }) })
        .set('Authorization', ops.auth)
        .expect(200);
      expect(res.body.total).toBe(7);
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data);
      cursor = res.body.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toMatchObject(EXPECTED());
    expect(new Set(seen.map((e) => e.id)).size).toBe(7);
  });

  it('the owning OEM reads its lead\'s timeline, by bearer token or API key', async () => {
    const res = await request(t.server).get(`${LEADS}/${lead.id}/events`).set('Authorization', oem.auth).expect(200);
    expect(res.body.data).toHaveLength(7);
  });

  it('rejects a bad cursor or limit with 400; an unknown lead is 404', async () => {
    expectProblem(await request(t.server).get(`${LEADS}/${lead.id}/events?cursor=%%%`).set('Authorization', ops.auth), 400, { field: 'cursor' });
    for (const raw of ['-4', '1.5', '', 'abc', '99999999999999999999', '2147483648']) {
      const cursor = Buffer.from(raw).toString('base64url') || '=';
      expectProblem(await request(t.server).get(`${LEADS}/${lead.id}/events`).query({ cursor }).set('Authorization', ops.auth), 400, { field: 'cursor' });
    }
    expectProblem(await request(t.server).get(`${LEADS}/${lead.id}/events?limit=0`).set('Authorization', ops.auth), 400, { field: 'limit' });
    expectProblem(await request(t.server).get(`${LEADS}/${lead.id}/events?limit=101`).set('Authorization', ops.auth), 400, { field: 'limit' });
    expectProblem(await request(t.server).get(`${LEADS}/00000000-0000-4000-8000-000000000000/events`).set('Authorization', ops.auth), 404, { code: 'LEAD_NOT_FOUND' });
  });
});

describe('who may touch which lead', () => {
  let t: TestApp;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;
  let admin: TestUser;
  let tech: TestUser;
  let keyB: string;
  let lead: LeadResponseDto;
  beforeAll(async () => {
    t = await startTestApp();
    [oemA, oemB, ops, admin, tech] = await Promise.all([
      t.factory.user('oem'),
      t.factory.user('oem'),
      t.factory.user('central_ops'),
      t.factory.user('admin'),
      t.factory.user('field_technician'),
    ]);
    keyB = await t.factory.apiKey(oemB);
    lead = await t.factory.lead(oemA, { externalRef: 'ISO-1' });
  });
  afterAll(() => t.close());

  const routes = () => [
    { name: 'GET /leads', call: () => request(t.server).get(LEADS) },
    { name: 'POST /leads', call: () => request(t.server).post(LEADS).send(t.factory.leadPayload()) },
    { name: 'GET /leads/{id}', call: () => request(t.server).get(`${LEADS}/${lead.id}`) },
    { name: 'PATCH /leads/{id}', call: () => request(t.server).patch(`${LEADS}/${lead.id}`).send({ city: 'Pune' }) },
    { name: 'POST /leads/{id}/transitions', call: () => request(t.server).post(`${LEADS}/${lead.id}/transitions`).send({ to: 'contacted' }) },
    { name: 'GET /leads/{id}/events', call: () => request(t.server).get(`${LEADS}/${lead.id}/events`) },
  ];

  it("another OEM gets 404 for the lead and its timeline, by bearer token or API key, exactly as for a lead that does not exist", async () => {
    for (const [header, value] of [
      ['Authorization', oemB.auth],
      ['X-API-Key', keyB],
    ]) {
      const mine = expectProblem(await request(t.server).get(`${LEADS}/${lead.id}`).set(header, value), 404, { code: 'LEAD_NOT_FOUND' });
      const none = expectProblem(await request(t.server).get(`${LEADS}/00000000-0000-4000-8000-000000000000`).set(header, value), 404);
      expect(mine.title).toBe(none.title);
      expectProblem(await request(t.server).get(`${LEADS}/${lead.id}/events`).set(header, value), 404, { code: 'LEAD_NOT_FOUND' });
      const list = await request(t.server).get(LEADS).query({ q: 'ISO-1' }).set(header, value).expect(200);
      expect(list.body.data).toEqual([]);
    }
  });

  it('the owning OEM never reads who at Central Ops owns its lead (audience policy, issue 16); Central Ops does', async () => {
    const owned = await t.factory.lead(oemA, { externalRef: 'ISO-OWNED' });
    const patched = await request(t.server).patch(`${LEADS}/${owned.id}`).set('Authorization', ops.auth).send({ assignedToId: ops.user.id }).expect(200);
    expect(patched.body.assignedTo).toEqual({ id: ops.user.id, fullName: ops.user.fullName });
    const single = await request(t.server).get(`${LEADS}/${owned.id}`).set('Authorization', oemA.auth).expect(200);
    const listed = await request(t.server).get(LEADS).query({ q: 'ISO-OWNED' }).set('Authorization', oemA.auth).expect(200);
    for (const body of [single.body, listed.body.data[0]]) {
      expect(body).toMatchObject({ id: owned.id, assignedToId: null, assignedTo: null });
      expect(JSON.stringify(body)).not.toContain(ops.user.fullName);
    }
  });

  it('an OEM, even the owner, gets 403 on the staff routes PATCH and transitions', async () => {
    for (const oem of [oemA, oemB]) {
      expectProblem(await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', oem.auth).send({ city: 'Pune' }), 403, { code: 'FORBIDDEN_ROLE' });
      expectProblem(await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', oem.auth).send({ to: 'contacted' }), 403, { code: 'FORBIDDEN_ROLE' });
    }
    expectProblem(await request(t.server).patch(`${LEADS}/${lead.id}`).set('X-API-Key', keyB).send({ city: 'Pune' }), 403);
    const read = await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200);
    expect(read.body).toMatchObject({ status: 'new', version: 1 });
  });

  it('a field technician gets 403 on every lead route', async () => {
    for (const route of routes()) expectProblem(await route.call().set('Authorization', tech.auth), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await request(t.server).get(LEAD_SOURCES).set('Authorization', tech.auth), 403);
  });

  it('no credentials is 401 on every lead route', async () => {
    for (const route of routes()) expectProblem(await route.call(), 401, { code: 'UNAUTHENTICATED' });
  });

  it('Central Ops and admin see and change every OEM\'s leads', async () => {
    for (const staff of [ops, admin]) {
      await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', staff.auth).expect(200);
      await request(t.server).get(`${LEADS}/${lead.id}/events`).set('Authorization', staff.auth).expect(200);
    }
    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', admin.auth).send({ addressLine2: 'Gate 2' }).expect(200);
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'contacted' }).expect(200);
  });
});
