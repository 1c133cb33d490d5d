import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LEAD_STATUSES, type LeadStatus } from '../src/leads/entities/lead.entity.js';
import type { TestUser } from './support/factory.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * DESIGN §5, written out independently of the implementation: the targets `POST /leads/{id}/transitions`
 * accepts from each status. `on_hold` is entered from `contacted` here, so resume goes back there.
 */
const MANUAL: Record<LeadStatus, LeadStatus[]> = {
  new: ['contacted', 'on_hold', 'cancelled'],
  contacted: ['documents_pending', 'on_hold', 'cancelled'],
  documents_pending: ['documents_received', 'on_hold', 'cancelled'],
  documents_received: ['on_hold', 'cancelled'],
  survey_scheduled: ['on_hold', 'cancelled'],
  survey_completed: ['on_hold', 'cancelled'],
  installation_scheduled: ['on_hold', 'cancelled'],
  installation_completed: ['on_hold', 'cancelled'],
  on_hold: ['contacted', 'cancelled'],
  closed: [],
  cancelled: [],
};

const PAIRS = LEAD_STATUSES.flatMap((from) => LEAD_STATUSES.map((to) => [from, to, MANUAL[from].includes(to) ? 200 : 409] as const));

describe('POST /leads/{id}/transitions', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(() => t.close());

  const move = (id: string, body: object, ifMatch?: string) => {
    const req = request(t.server).post(`${LEADS}/${id}/transitions`).set('Authorization', ops.auth);
    if (ifMatch) req.set('If-Match', ifMatch);
    return req.send(body);
  };
  const get = async (id: string) => (await request(t.server).get(`${LEADS}/${id}`).set('Authorization', ops.auth).expect(200)).body;
  const events = (id: string) => allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), id);

  it.each(PAIRS)('%s → %s answers %i', async (from, to, expected) => {
    const lead = await t.factory.leadInStatus(oem, ops, from);
    expect(lead.status).toBe(from);
    expect([...lead.allowedTransitions].sort()).toEqual([...MANUAL[from]].sort());
    const res = await move(lead.id, { to, reason: 'customer asked' });
    if (expected === 200) {
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body.status).toBe(to);
      expect(res.body.version).toBe(lead.version + 1);
      expect(res.headers.etag).toBe(`W/"${lead.version + 1}"`);
    } else {
      const problem = expectProblem(res, 409, { code: 'LEAD_INVALID_TRANSITION' });
      expect([...(problem.allowed as string[])].sort()).toEqual([...MANUAL[from]].sort());
      expect((await get(lead.id)).status).toBe(from);
    }
  });

  it('new → contacted sets introCallCompleted and records status_changed with the actor', async () => {
    const lead = await t.factory.lead(oem);
    const res = await move(lead.id, { to: 'contacted' }).expect(200);
    expect(res.body).toMatchObject({ status: 'contacted', introCallCompleted: true, allowedTransitions: ['documents_pending', 'on_hold', 'cancelled'] });
    const timeline = await events(lead.id);
    expect(timeline.map((e) => e.type)).toEqual(['created', 'status_changed']);
    expect(timeline[1]).toMatchObject({ fromStatus: 'new', toStatus: 'contacted', actorUserId: ops.user.id });
  });

  it('a status change dated before the lead was created (a server whose clock lags) counts from the creation', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(new Date('2026-03-01T10:00:00.000Z'));
      const lead = await t.factory.lead(oem);
      vi.setSystemTime(new Date('2026-03-01T09:59:59.000Z'));
      const moved = (await move(lead.id, { to: 'contacted' }).expect(200)).body;
      expect(moved.statusEnteredAt).toBe('2026-03-01T10:00:00.000Z');
      expect(moved.sla).toEqual({ stage: 'documents_pending', dueAt: '2026-03-02T10:00:00.000Z', overdue: expect.any(Boolean) });
    } finally {
      vi.useRealTimers();
    }
  });

  it.each(['on_hold', 'cancelled'])('%s needs a reason: 400 naming reasonCode (or a blank legacy reason)', async (to) => {
    const lead = await t.factory.lead(oem);
    expectProblem(await move(lead.id, { to }), 400, { field: 'reasonCode' });
    expectProblem(await move(lead.id, { to, reason: '   ' }), 400, { field: 'reason' });
    expect((await get(lead.id)).status).toBe('new');
  });

  it('on_hold stores the reason and remembers the status; resume returns to it and clears both', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'survey_scheduled');
    const held = await move(lead.id, { to: 'on_hold', reason: 'Customer travelling until March' }).expect(200);
    expect(held.body).toMatchObject({
      status: 'on_hold',
      statusBeforeHold: 'survey_scheduled',
      closingReason: 'Customer travelling until March',
      allowedTransitions: ['survey_scheduled', 'cancelled'],
    });
    const wrong = expectProblem(await move(lead.id, { to: 'new' }), 409, { code: 'LEAD_INVALID_TRANSITION' });
    expect(wrong.allowed).toEqual(['survey_scheduled', 'cancelled']);
    expectProblem(await move(lead.id, { to: 'on_hold', reason: 'again' }), 409);

    const resumed = await move(lead.id, { to: 'survey_scheduled' }).expect(200);
    expect(resumed.body).toMatchObject({ status: 'survey_scheduled', statusBeforeHold: null, closingReason: null });
    const timeline = (await events(lead.id)).filter((e) => e.type === 'status_changed').slice(-2);
    expect(timeline[0]).toMatchObject({ fromStatus: 'survey_scheduled', toStatus: 'on_hold', data: { reason: 'Customer travelling until March' } });
    expect(timeline[1]).toMatchObject({ fromStatus: 'on_hold', toStatus: 'survey_scheduled' });
  });

  it('cancelling from on_hold stores the cancel reason; cancelled is final', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'on_hold', { heldFrom: 'documents_pending' });
    const res = await move(lead.id, { to: 'cancelled', reason: 'Bought a charger elsewhere' }).expect(200);
    expect(res.body).toMatchObject({ status: 'cancelled', closingReason: 'Bought a charger elsewhere', allowedTransitions: [] });
    for (const to of ['documents_pending', 'new', 'on_hold', 'cancelled']) {
      expect(expectProblem(await move(lead.id, { to, reason: 'retry' }), 409, { code: 'LEAD_INVALID_TRANSITION' }).allowed).toEqual([]);
    }
  });

  it('closed is final', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'closed');
    expect(lead.allowedTransitions).toEqual([]);
    expect(expectProblem(await move(lead.id, { to: 'cancelled', reason: 'late' }), 409).allowed).toEqual([]);
  });

  it('honours If-Match: the current ETag moves the lead, a stale one is 412 and changes nothing', async () => {
    const lead = await t.factory.lead(oem);
    const ok = await move(lead.id, { to: 'contacted' }, 'W/"1"').expect(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expectProblem(await move(lead.id, { to: 'documents_pending' }, 'W/"1"'), 412, { code: 'LEAD_PRECONDITION_FAILED' });
    expect((await get(lead.id)).status).toBe('contacted');
    await move(lead.id, { to: 'documents_pending' }, 'W/"2"').expect(200);
  });

  it('a PATCH in between makes the earlier ETag stale for transitions too', async () => {
    const lead = await t.factory.lead(oem);
    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).send({ city: 'Thane' }).expect(200);
    expectProblem(await move(lead.id, { to: 'contacted' }, 'W/"1"'), 412);
  });

  it('a transition and a PATCH racing with the same If-Match: exactly one wins, the other is 412', async () => {
    const leads = await Promise.all(Array.from({ length: 15 }, () => t.factory.lead(oem)));
    const outcomes = await Promise.all(
      leads.map(async (lead) => {
        const [moved, patched] = await Promise.all([
          move(lead.id, { to: 'contacted' }, 'W/"1"'),
          request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).set('If-Match', 'W/"1"').send({ city: 'Nagpur' }),
        ]);
        return { lead: lead.id, statuses: [moved.status, patched.status].sort() };
      }),
    );
    for (const outcome of outcomes) {
      expect(outcome.statuses, outcome.lead).toEqual([200, 412]);
      expect((await get(outcome.lead)).version).toBe(2);
    }
  });

  it('an unknown lead is 404; an unknown status is 400 naming to', async () => {
    expectProblem(await move('00000000-0000-4000-8000-000000000000', { to: 'contacted' }), 404, { code: 'LEAD_NOT_FOUND' });
    const lead = await t.factory.lead(oem);
    expectProblem(await move(lead.id, { to: 'won' }), 400, { field: 'to' });
  });

  it('20 concurrent new → contacted: exactly one 200, nineteen 409, one status_changed event', async () => {
    const lead = await t.factory.lead(oem);
    const responses = await Promise.all(Array.from({ length: 20 }, () => move(lead.id, { to: 'contacted' })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of responses.filter((x) => x.status === 409)) expect(r.body.code).toBe('LEAD_INVALID_TRANSITION');
    expect(await get(lead.id)).toMatchObject({ status: 'contacted', version: 2 });
    expect((await events(lead.id)).filter((e) => e.type === 'status_changed')).toHaveLength(1);
  });

  it('20 concurrent cancellations with different reasons: one wins and its reason is kept', async () => {
    const lead = await t.factory.lead(oem);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => move(lead.id, { to: 'cancelled', reason: `reason ${i}` })));
    const winners = responses.filter((r) => r.status === 200);
    expect(winners).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(19);
    expect((await get(lead.id)).closingReason).toBe(winners[0].body.closingReason);
    expect((await events(lead.id)).filter((e) => e.type === 'status_changed')).toHaveLength(1);
  });
});
