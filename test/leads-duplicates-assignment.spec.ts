import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './support/factory.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Boots an app with `env`, loads the sample directory and makes an OEM and a Central Ops user. */
function suite(env: Record<string, string>) {
  const s = {} as { t: TestApp; oem: TestUser; ops: TestUser };
  beforeAll(async () => {
    s.t = await startTestApp(env);
    await s.t.factory.loadPincodes();
    [s.oem, s.ops] = await Promise.all([s.t.factory.user('oem'), s.t.factory.user('central_ops')]);
  });
  afterAll(() => s.t.close());
  return s;
}

const pune = { pincode: '411001', city: 'Pune', state: 'Maharashtra' };

describe('duplicate check: LEAD_DUPLICATE_CHECK=flag (the default)', () => {
  const s = suite({ LEAD_DUPLICATE_CHECK: 'flag' });
  const create = (as: TestUser, overrides: object) => request(s.t.server).post(LEADS).set('Authorization', as.auth).send(s.t.factory.leadPayload(overrides));

  it('flags a lead with the phone (in any format) and pincode of an open lead of the same OEM, and records duplicate_flagged', async () => {
    const first = await create(s.oem, { ...pune, customerPhone: '+919811100001' }).expect(201);
    expect(first.body.possibleDuplicateOfId).toBeNull();
    const second = await create(s.oem, { ...pune, customerPhone: '098111 00001', customerName: 'Another Name' }).expect(201);
    expect(second.body.id).not.toBe(first.body.id);
    expect(second.body.possibleDuplicateOfId).toBe(first.body.id);
    const events = await allEvents((url) => request(s.t.server).get(url).set('Authorization', s.ops.auth), second.body.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'duplicate_flagged']);
    expect(events[1].data).toEqual({ possibleDuplicateOfId: first.body.id });
  });

  it('does not flag another pincode, another phone or another OEM', async () => {
    await create(s.oem, { ...pune, customerPhone: '+919811100002' }).expect(201);
    const otherPincode = await create(s.oem, { pincode: '411014', city: 'Pune', state: 'Maharashtra', customerPhone: '+919811100002' }).expect(201);
    const otherPhone = await create(s.oem, { ...pune, customerPhone: '+919811100003' }).expect(201);
    const otherOem = await create(await s.t.factory.user('oem'), { ...pune, customerPhone: '+919811100002' }).expect(201);
    for (const res of [otherPincode, otherPhone, otherOem]) expect(res.body.possibleDuplicateOfId).toBeNull();
  });

  it('a cancelled lead does not count as a duplicate', async () => {
    const cancelled = await s.t.factory.leadInStatus(s.oem, s.ops, 'cancelled', { overrides: { ...pune, customerPhone: '+919811100004' } });
    expect(cancelled.status).toBe('cancelled');
    const res = await create(s.oem, { ...pune, customerPhone: '+919811100004' }).expect(201);
    expect(res.body.possibleDuplicateOfId).toBeNull();
  });

  it('a lead on hold still counts as open', async () => {
    const held = await s.t.factory.leadInStatus(s.oem, s.ops, 'on_hold', { overrides: { ...pune, customerPhone: '+919811100005' } });
    const res = await create(s.oem, { ...pune, customerPhone: '+919811100005' }).expect(201);
    expect(res.body.possibleDuplicateOfId).toBe(held.id);
  });
});

describe('duplicate check: LEAD_DUPLICATE_CHECK=reject', () => {
  const s = suite({ LEAD_DUPLICATE_CHECK: 'reject' });
  const create = (overrides: object) => request(s.t.server).post(LEADS).set('Authorization', s.oem.auth).send(s.t.factory.leadPayload(overrides));

  it('rejects the duplicate with 409 LEAD_DUPLICATE naming the open lead, and stores nothing', async () => {
    const first = await create({ ...pune, customerPhone: '+919822200001' }).expect(201);
    const problem = expectProblem(await create({ ...pune, customerPhone: '98222 00001' }), 409, { code: 'LEAD_DUPLICATE' });
    expect(problem.duplicateOf).toBe(first.body.id);
    const list = await request(s.t.server).get(LEADS).query({ q: '+919822200001', withTotal: 'true' }).set('Authorization', s.ops.auth).expect(200);
    expect(list.body.total).toBe(1);
  });

  it('accepts the same phone and pincode once the earlier lead is cancelled', async () => {
    await s.t.factory.leadInStatus(s.oem, s.ops, 'cancelled', { overrides: { ...pune, customerPhone: '+919822200002' } });
    await create({ ...pune, customerPhone: '+919822200002' }).expect(201);
  });

  it('a replay of the same externalRef is still 200, not a duplicate', async () => {
    const payload = s.t.factory.leadPayload({ ...pune, customerPhone: '+919822200003', externalRef: 'REJ-1' });
    const first = await request(s.t.server).post(LEADS).set('Authorization', s.oem.auth).send(payload).expect(201);
    const again = await request(s.t.server).post(LEADS).set('Authorization', s.oem.auth).send(payload).expect(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('10 concurrent identical requests still give one 201 and nine 200', async () => {
    const payload = s.t.factory.leadPayload({ ...pune, customerPhone: '+919822200004', externalRef: 'REJ-BURST' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(s.t.server).post(LEADS).set('Authorization', s.oem.auth).send(payload)));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(responses.map((r) => r.body.id as string)).size).toBe(1);
  });
});

describe('duplicate check: LEAD_DUPLICATE_CHECK=off', () => {
  const s = suite({ LEAD_DUPLICATE_CHECK: 'off' });

  it('neither flags nor rejects', async () => {
    const create = () => request(s.t.server).post(LEADS).set('Authorization', s.oem.auth).send(s.t.factory.leadPayload({ ...pune, customerPhone: '+919833300001' }));
    await create().expect(201);
    const second = await create().expect(201);
    expect(second.body.possibleDuplicateOfId).toBeNull();
    const events = await allEvents((url) => request(s.t.server).get(url).set('Authorization', s.ops.auth), second.body.id);
    expect(events.map((e) => e.type)).toEqual(['created']);
  });
});

describe('auto-assignment: LEAD_AUTO_ASSIGN=true', () => {
  let t: TestApp;
  let oem: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp({ LEAD_AUTO_ASSIGN: 'true' });
    oem = await t.factory.user('oem');
    admin = await t.factory.user('admin');
  });
  afterAll(() => t.close());

  const create = async () => (await request(t.server).post(LEADS).set('Authorization', oem.auth).send(t.factory.leadPayload()).expect(201)).body as LeadResponseDto;
  // The OEM's answers do not name the Central Ops owner (audience policy, issue 16): staff read it.
  const asStaff = async (id: string) => (await request(t.server).get(`${LEADS}/${id}`).set('Authorization', admin.auth).expect(200)).body as LeadResponseDto;

  it('leaves the lead unassigned while there is no active Central Ops user', async () => {
    expect((await asStaff((await create()).id)).assignedToId).toBeNull();
  });

  it('gives a new lead to the active Central Ops user with the fewest open leads, and records an assigned event', async () => {
    const busy = await t.factory.user('central_ops');
    const idle = await t.factory.user('central_ops');
    const away = await t.factory.user('central_ops');
    await t.factory.deactivate(away);
    await t.factory.user('admin');
    const assign = async (assignedToId: string) => {
      const lead = await t.factory.lead(oem);
      await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', busy.auth).send({ assignedToId }).expect(200);
      return lead.id;
    };
    // busy: two open leads; idle: one open lead and two finished ones, which do not count.
    await assign(busy.user.id);
    await assign(busy.user.id);
    await assign(idle.user.id);
    await t.factory.moveLead(busy, await assign(idle.user.id), 'cancelled');
    await t.factory.moveLead(busy, await assign(idle.user.id), 'closed');

    const lead = await create();
    expect(lead).toMatchObject({ assignedToId: null, assignedTo: null });
    // The POST answer is what a GET reads back.
    expect((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', oem.auth).expect(200)).body).toEqual(lead);
    const owned = await asStaff(lead.id);
    expect(owned.assignedToId).toBe(idle.user.id);
    expect(owned.assignedTo).toEqual({ id: idle.user.id, fullName: idle.user.fullName });
    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', busy.auth), lead.id);
    expect(events.map((e) => e.type)).toEqual(['created', 'assigned']);
    expect(events[1].data).toMatchObject({ assignedToId: idle.user.id, auto: true });

    // Now both hold two open leads: the tie goes to the older account.
    expect((await asStaff((await create()).id)).assignedToId).toBe(busy.user.id);
    expect((await asStaff((await create()).id)).assignedToId).toBe(idle.user.id);
  });
});

describe('auto-assignment spreads a burst round-robin', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ LEAD_AUTO_ASSIGN: 'true' });
  });
  afterAll(() => t.close());

  it('nine leads over three Central Ops users: three each, in account order', async () => {
    const oem = await t.factory.user('oem');
    const team: TestUser[] = [];
    for (let i = 0; i < 3; i++) team.push(await t.factory.user('central_ops'));
    const assigned: string[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(t.factory.leadPayload()).expect(201);
      const staffView = await request(t.server).get(`${LEADS}/${res.body.id as string}`).set('Authorization', team[0].auth).expect(200);
      assigned.push(staffView.body.assignedToId as string);
    }
    const ids = team.map((m) => m.user.id);
    expect(assigned).toEqual([...ids, ...ids, ...ids]);
  });
});

describe('auto-assignment is off by default', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('leaves new leads unassigned with only a created event', async () => {
    const oem = await t.factory.user('oem');
    const ops = await t.factory.user('central_ops');
    const res = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(t.factory.leadPayload()).expect(201);
    expect((await request(t.server).get(`${LEADS}/${res.body.id as string}`).set('Authorization', ops.auth).expect(200)).body.assignedToId).toBeNull();
    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), res.body.id);
    expect(events.map((e) => e.type)).toEqual(['created']);
  });
});
