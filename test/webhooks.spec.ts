import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataSource, In } from 'typeorm';
import { OutboxDelivery } from '../src/events/entities/outbox-delivery.entity.js';
import { CLAIM_PER_SUBSCRIPTION, CONCURRENCY, DeliveryWorker } from '../src/events/outbox/delivery-worker.service.js';
import { OutboxDispatcher } from '../src/events/outbox/outbox-dispatcher.service.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { verifyWithLibrary, WebhookReceiver } from './support/webhook-receiver.js';

const SUBS = '/api/v1/webhook-subscriptions';

describe('webhooks to OEMs (issue 15)', () => {
  let t: TestApp;
  let oem: TestUser;
  let otherOem: TestUser;
  let ops: TestUser;
  let key: string;
  const receiver = new WebhookReceiver();

  /** Outbox passes until `done()` holds (bounded: no sleeps, retries are due at once with a 0 s schedule). */
  const pump = async (done: () => boolean, passes = 30) => {
    for (let i = 0; i < passes && !done(); i++) await t.app.get(OutboxRunner).runOnce();
    expect(done()).toBe(true);
  };
  const subscribe = async (as: TestUser, body: object) => (await request(t.server).post(SUBS).set('Authorization', as.auth).send(body).expect(201)).body as { id: string; secret: string };

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,0' });
    [oem, otherOem, ops] = await Promise.all([t.factory.user('oem', { fullName: 'Voltra Motors' }), t.factory.user('oem'), t.factory.user('central_ops', { fullName: 'Priya Staffname' })]);
    key = await t.factory.apiKey(oem);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('manages subscriptions: the secret once, 404 for another OEM, staff name the OEM', async () => {
    const created = await subscribe(oem, { url: receiver.url('/manage'), events: ['lead.created'], description: 'CRM' });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(created.secret.slice(6), 'base64').length).toBeGreaterThanOrEqual(24);
    const got = await request(t.server).get(`${SUBS}/${created.id}`).set('Authorization', oem.auth).expect(200);
    expect(got.body).toMatchObject({ id: created.id, oemId: oem.user.id, events: ['lead.created'], active: true, description: 'CRM' });
    expect(got.body.secret).toBeUndefined();
    expectProblem(await request(t.server).get(`${SUBS}/${created.id}`).set('Authorization', otherOem.auth), 404, 'WEBHOOK_SUBSCRIPTION_NOT_FOUND');
    const list = await request(t.server).get(SUBS).set('Authorization', otherOem.auth).expect(200);
    expect(list.body.data).toEqual([]);
    expectProblem(await request(t.server).post(SUBS).set('Authorization', ops.auth).send({ url: receiver.url(), events: ['lead.created'] }), 400, { field: 'oemId' });
    expectProblem(await request(t.server).post(SUBS).set('Authorization', oem.auth).send({ url: receiver.url(), events: ['lead.sold'] }), 400, { field: 'events' });
    expectProblem(await request(t.server).post(SUBS).set('Authorization', oem.auth).send({ url: 'ftp://example.com/x', events: ['lead.created'] }), 400, { code: 'WEBHOOK_URL_NOT_ALLOWED', field: 'url' });
    const byStaff = await subscribe(ops, { url: receiver.url('/staff'), events: ['lead.created'], oemId: otherOem.user.id, active: false });
    const patched = await request(t.server).patch(`${SUBS}/${byStaff.id}`).set('Authorization', otherOem.auth).send({ events: ['lead.status_changed'], active: true }).expect(200);
    expect(patched.body).toMatchObject({ oemId: otherOem.user.id, events: ['lead.status_changed'], active: true });
    const rotated = await request(t.server).post(`${SUBS}/${created.id}/rotate-secret`).set('Authorization', oem.auth).expect(200);
    expect(rotated.body.secret).not.toBe(created.secret);
    await request(t.server).delete(`${SUBS}/${byStaff.id}`).set('Authorization', ops.auth).expect(204);
    expectProblem(await request(t.server).get(`${SUBS}/${byStaff.id}`).set('Authorization', ops.auth), 404);
    await request(t.server).delete(`${SUBS}/${created.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('a PATCH with null for the URL, the events or the active flag is 400 naming the field and changes nothing; a null description clears it', async () => {
    const created = await subscribe(oem, { url: receiver.url('/nulls'), events: ['lead.created'], description: 'CRM' });
    const url = `${SUBS}/${created.id}`;
    const before = (await request(t.server).get(url).set('Authorization', oem.auth).expect(200)).body as Record<string, unknown>;
    for (const field of ['events', 'active', 'url']) {
      expectProblem(await request(t.server).patch(url).set('Authorization', oem.auth).send({ [field]: null }), 400, { code: 'VALIDATION_FAILED', field });
    }
    expect((await request(t.server).get(url).set('Authorization', oem.auth).expect(200)).body).toEqual(before);
    expect((await request(t.server).patch(url).set('Authorization', oem.auth).send({ description: null }).expect(200)).body.description).toBeNull();
    await request(t.server).delete(url).set('Authorization', oem.auth).expect(204);
  });

  it('sends nothing of what happened before the outbox existed (an upgrade of a running system), then all that follows', async () => {
    // A database from before the outbox: its timeline has entries, it has no cursor yet.
    await t.app.get(DataSource).query('DELETE FROM outbox_cursors');
    const sub = await subscribe(oem, { url: receiver.url('/upgrade'), events: ['lead.created'] });
    const old = (await request(t.server).post(LEADS).set('X-API-Key', key).send(t.factory.leadPayload()).expect(201)).body as { id: string };
    await t.app.get(OutboxDispatcher).onApplicationBootstrap(); // what a process starting on it does
    const fresh = (await request(t.server).post(LEADS).set('X-API-Key', key).send(t.factory.leadPayload()).expect(201)).body as { id: string };
    const mine = () => receiver.received.filter((r) => r.path === '/upgrade');
    await pump(() => mine().length >= 1);
    for (let i = 0; i < 3; i++) await t.app.get(OutboxRunner).runOnce();
    expect(mine().map((r) => (r.json.data as { leadId: string }).leadId)).toEqual([fresh.id]);
    expect(old.id).not.toBe(fresh.id);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('delivers signed events the OEM verifies with standardwebhooks, carrying what its API shows and no staff names', async () => {
    const sub = await subscribe(oem, { url: receiver.url('/events'), events: ['lead.created', 'lead.status_changed'] });
    const lead = (await request(t.server).post(LEADS).set('X-API-Key', key).send(t.factory.leadPayload({ externalRef: 'WH-1' })).expect(201)).body as { id: string };
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'contacted' }).expect(200);
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'on_hold', reason: 'Customer travelling' }).expect(200);
    const mine = () => receiver.received.filter((r) => r.path === '/events');
    await pump(() => mine().length === 3);
    expect(mine().map((r) => r.json.type)).toEqual(['lead.created', 'lead.status_changed', 'lead.status_changed']);
    for (const hit of mine()) expect(verifyWithLibrary(sub.secret, hit)).toEqual(hit.json);
    expect(() => verifyWithLibrary(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, mine()[0])).toThrow();
    expect(new Set(mine().map((r) => r.headers['webhook-id'])).size).toBe(3);

    const change = mine()[2].json;
    expect(change.data).toMatchObject({ leadId: lead.id, externalRef: 'WH-1', status: 'on_hold', fromStatus: 'contacted', toStatus: 'on_hold' });
    // The payload says what GET /leads/{id}/events shows this OEM for the same entry.
    const timeline = (await request(t.server).get(`${LEADS}/${lead.id}/events`).set('X-API-Key', key).expect(200)).body.data as Array<Record<string, unknown>>;
    const entry = change.data.timelineEntry as Record<string, unknown>;
    const shown = timeline.find((e) => e.id === entry.id)!;
    expect(entry).toEqual(shown);
    expect(change.data.occurredAt).toBe(shown.createdAt);
    expect(entry.actorName).toBe('Central Ops');
    for (const hit of mine()) {
      expect(hit.body).not.toContain('Priya Staffname');
      expect(hit.body).not.toContain(ops.user.email);
    }
    const deliveries = await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).set('Authorization', oem.auth).expect(200);
    expect(deliveries.body.data).toHaveLength(3);
    for (const d of deliveries.body.data) expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastResponseCode: 204, nextAttemptAt: null });
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('sends the milestones of surveys and installations as their own types, and nothing of another OEM', async () => {
    const sub = await subscribe(otherOem, { url: receiver.url('/milestones'), events: ['survey.scheduled', 'lead.created'] });
    await t.factory.leadInStatus(oem, ops, 'survey_scheduled');
    const theirs = await t.factory.leadInStatus(otherOem, ops, 'survey_scheduled');
    const mine = () => receiver.received.filter((r) => r.path === '/milestones');
    await pump(() => mine().length === 2);
    await t.app.get(OutboxRunner).runOnce();
    expect(mine().map((r) => [r.json.type, r.json.data.leadId])).toEqual([
      ['lead.created', theirs.id],
      ['survey.scheduled', theirs.id],
    ]);
    expect(mine()[1].json.data).toMatchObject({ status: 'survey_scheduled', toStatus: 'survey_scheduled', fromStatus: 'documents_received' });
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', otherOem.auth).expect(204);
  });

  it('sends a milestone once, on the step forward: a lead that resumes from hold into survey_scheduled raises lead.status_changed only', async () => {
    const sub = await subscribe(oem, { url: receiver.url('/resumed'), events: ['survey.scheduled', 'lead.status_changed'] });
    const lead = await t.factory.leadInStatus(oem, ops, 'survey_scheduled');
    const move = (body: Record<string, unknown>) => request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send(body).expect(200);
    await move({ to: 'on_hold', reasonCode: 'other', note: 'Customer travelling' });
    await move({ to: 'survey_scheduled' });
    const mine = () => receiver.received.filter((r) => r.path === '/resumed' && r.json.data.leadId === lead.id).map((r) => [r.json.type, r.json.data.fromStatus, r.json.data.toStatus]);
    await pump(() => mine().some(([type, from]) => type === 'lead.status_changed' && from === 'on_hold'));
    await t.app.get(OutboxRunner).runOnce();
    expect(mine().slice(-4)).toEqual([
      ['lead.status_changed', 'documents_received', 'survey_scheduled'],
      ['survey.scheduled', 'documents_received', 'survey_scheduled'],
      ['lead.status_changed', 'survey_scheduled', 'on_hold'],
      ['lead.status_changed', 'on_hold', 'survey_scheduled'],
    ]);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it("holds back an OEM's deliveries while its account is deactivated, and sends them once it is reactivated", async () => {
    const leaving = await t.factory.user('oem');
    const sub = await subscribe(leaving, { url: receiver.url('/deactivated'), events: ['lead.status_changed'] });
    const lead = await t.factory.lead(leaving);
    await t.factory.deactivate(leaving);
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'contacted' }).expect(200);
    const hits = () => receiver.received.filter((r) => r.path === '/deactivated');
    for (let i = 0; i < 5; i++) await t.app.get(OutboxRunner).runOnce();
    expect(hits()).toEqual([]);
    const held = (await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).set('Authorization', ops.auth).expect(200)).body.data as Array<{ status: string; attempts: number }>;
    expect(held).toEqual([expect.objectContaining({ status: 'pending', attempts: 0 })]);
    await request(t.server).patch(`/api/v1/users/${leaving.user.id}`).set('Authorization', (await t.factory.user('admin')).auth).send({ isActive: true }).expect(200);
    await pump(() => hits().length === 1);
    expect(hits()[0].json.data).toMatchObject({ leadId: lead.id, toStatus: 'contacted' });
    // Staff cannot subscribe a deactivated OEM (its deliveries would only be held).
    await t.factory.deactivate(leaving);
    expectProblem(await request(t.server).post(SUBS).set('Authorization', ops.auth).send({ url: receiver.url('/deactivated'), events: ['lead.created'], oemId: leaving.user.id }), 400, { field: 'oemId' });
  });

  it('retries failures, holds back only the failing lead, fails after the schedule and retries on request', async () => {
    const sub = await subscribe(oem, { url: receiver.url('/flaky'), events: ['lead.created', 'lead.status_changed'] });
    const a = await t.factory.lead(oem, { externalRef: 'FLAKY-A' });
    const b = await t.factory.lead(oem, { externalRef: 'FLAKY-B' });
    await request(t.server).post(`${LEADS}/${a.id}/transitions`).set('Authorization', ops.auth).send({ to: 'contacted' }).expect(200);
    // Lead A's receiver is down; lead B's events go through meanwhile.
    receiver.respond = (hit) => (hit.path === '/flaky' && hit.json.data.leadId === a.id ? 500 : 204);
    const hits = () => receiver.received.filter((r) => r.path === '/flaky');
    await pump(() => hits().filter((h) => h.json.data.leadId === a.id).length === 2);
    // While A's first event is pending, its second one waits; B's went out.
    const pending = (await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).set('Authorization', oem.auth).expect(200)).body.data as Array<{ leadId: string; eventType: string; status: string; nextAttemptAt: string | null }>;
    expect(pending.find((d) => d.leadId === a.id && d.eventType === 'lead.status_changed')).toMatchObject({ status: 'pending' });
    expect(pending.find((d) => d.leadId === a.id && d.eventType === 'lead.created')).toMatchObject({ status: 'pending', nextAttemptAt: expect.any(String) });
    await pump(() => hits().filter((h) => h.json.data.leadId === a.id).length === 3);
    const forA = hits().filter((h) => h.json.data.leadId === a.id);
    // One attempt and two retries of A's first event, all with one webhook-id; A's second event never went out.
    expect(forA.map((h) => h.json.type)).toEqual(['lead.created', 'lead.created', 'lead.created']);
    expect(new Set(forA.map((h) => h.headers['webhook-id'])).size).toBe(1);
    expect(hits().filter((h) => h.json.data.leadId === b.id).map((h) => h.json.type)).toEqual(['lead.created']);

    const list = (await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).set('Authorization', oem.auth).expect(200)).body.data as Array<{ id: string; leadId: string; eventType: string; status: string; attempts: number; lastResponseCode: number }>;
    const failed = list.find((d) => d.leadId === a.id && d.eventType === 'lead.created')!;
    expect(failed).toMatchObject({ status: 'failed', attempts: 3, lastResponseCode: 500 });
    expect((await request(t.server).get(`${SUBS}/${sub.id}`).set('Authorization', oem.auth)).body.failingSince).not.toBeNull();

    // The receiver is fixed; A's later event went out once the first one had failed for good.
    receiver.respond = () => 204;
    await pump(() => hits().some((h) => h.json.data.leadId === a.id && h.json.type === 'lead.status_changed'));
    expectProblem(await request(t.server).post(`/api/v1/webhook-deliveries/${list.find((d) => d.leadId === b.id)!.id}/retry`).set('Authorization', oem.auth), 409, 'WEBHOOK_DELIVERY_NOT_RETRYABLE');
    expectProblem(await request(t.server).post(`/api/v1/webhook-deliveries/${failed.id}/retry`).set('Authorization', otherOem.auth), 404, 'WEBHOOK_DELIVERY_NOT_FOUND');
    // Two retries at once (a double click): one is taken, the other finds the delivery pending again.
    const retries = await Promise.all([0, 1].map(() => request(t.server).post(`/api/v1/webhook-deliveries/${failed.id}/retry`).set('Authorization', oem.auth)));
    expect(retries.map((r) => r.status).sort()).toEqual([202, 409]);
    expect(retries.find((r) => r.status === 202)!.body).toMatchObject({ status: 'pending', attempts: 0 });
    expectProblem(retries.find((r) => r.status === 409)!, 409, 'WEBHOOK_DELIVERY_NOT_RETRYABLE');
    await pump(() => hits().filter((h) => h.json.data.leadId === a.id && h.json.type === 'lead.created').length === 4);
    const after = (await request(t.server).get(`${SUBS}/${sub.id}`).set('Authorization', oem.auth)).body;
    expect(after.failingSince).toBeNull();
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('pages through every delivery of one outbox pass (PostgreSQL timestamps carry microseconds; cursors milliseconds)', async () => {
    const sub = await subscribe(oem, { url: receiver.url('/paged'), events: ['lead.created'] });
    for (let i = 0; i < 5; i++) await t.factory.lead(oem);
    const hits = () => receiver.received.filter((r) => r.path === '/paged');
    await pump(() => hits().length === 5);
    const listed: string[] = [];
    let cursor: string | null = null;
    do {
      const page = (await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).query({ limit: 2, ...(cursor && { cursor }) }).set('Authorization', oem.auth).expect(200)).body as { data: Array<{ id: string }>; nextCursor: string | null };
      listed.push(...page.data.map((d) => d.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(listed).size).toBe(5);
    expect(listed).toHaveLength(5);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('records the successes of one pass with each row its own code and times, and none whose lease another worker took over', async () => {
    const sub = await subscribe(oem, { url: receiver.url('/batch'), events: ['lead.created'] });
    const [a, b, c] = [await t.factory.lead(oem, { externalRef: 'BATCH-A' }), await t.factory.lead(oem, { externalRef: 'BATCH-B' }), await t.factory.lead(oem, { externalRef: 'BATCH-C' })];
    const rows = t.app.get(DataSource).getRepository(OutboxDelivery);
    const codes: Record<string, number> = { [a.id]: 200, [b.id]: 202, [c.id]: 204 };
    receiver.respond = (hit) => (hit.path === '/batch' ? codes[String(hit.json.data.leadId)] : 204);
    // While C's call is in flight its lease passes to another worker (as when a lease expires); B answers only after that.
    let tookOver!: () => void;
    const takenOver = new Promise<void>((resolve) => (tookOver = resolve));
    receiver.holdUntil = (hit) => {
      if (hit.path !== '/batch') return undefined;
      if (hit.json.data.leadId === c.id) return rows.update({ id: String(hit.headers['webhook-id']).replace(/^msg_/, '') }, { claimToken: 'other-worker' }).then(tookOver);
      return hit.json.data.leadId === b.id ? takenOver : undefined;
    };
    // Fan out first (PostgreSQL reads new entries on a second pass), so that one delivery pass sends all three.
    for (let i = 0; i < 10 && (await rows.countBy({ subscriptionId: sub.id })) < 3; i++) await t.app.get(OutboxDispatcher).dispatch();
    const before = Date.now();
    const pass = await t.app
      .get(OutboxRunner)
      .runOnce()
      .finally(() => {
        receiver.holdUntil = undefined;
        receiver.respond = () => 204;
      });
    const after = Date.now();
    expect(pass.attempted).toBeGreaterThanOrEqual(3);
    expect(receiver.received.filter((r) => r.path === '/batch')).toHaveLength(3);

    const list = (await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).set('Authorization', oem.auth).expect(200)).body.data as Array<{ leadId: string; status: string; attempts: number; lastResponseCode: number | null; lastAttemptAt: string | null; deliveredAt: string | null }>;
    const of = (lead: { id: string }) => list.find((d) => d.leadId === lead.id)!;
    for (const lead of [a, b]) {
      const d = of(lead);
      expect(d).toMatchObject({ status: 'delivered', attempts: 1, lastResponseCode: codes[lead.id] });
      const [attempted, delivered] = [Date.parse(d.lastAttemptAt!), Date.parse(d.deliveredAt!)];
      expect(attempted).toBeGreaterThanOrEqual(before);
      expect(delivered).toBeGreaterThanOrEqual(attempted);
      expect(delivered).toBeLessThanOrEqual(after);
    }
    // The other worker's row is left to it: not marked delivered by this pass.
    expect(of(c)).toMatchObject({ status: 'pending', attempts: 0, lastResponseCode: null, deliveredAt: null });
    expect((await rows.findOneByOrFail({ leadId: c.id, subscriptionId: sub.id })).claimToken).toBe('other-worker');
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('a 410 Gone disables the subscription; the test event and a rotated secret verify', async () => {
    const sub = await subscribe(oem, { url: receiver.url('/gone'), events: ['lead.created'] });
    const sent = await request(t.server).post(`${SUBS}/${sub.id}/test`).set('Authorization', oem.auth).expect(202);
    expect(sent.body).toMatchObject({ eventType: 'webhook.test', status: 'pending', webhookId: `msg_${sent.body.id}` });
    const hits = () => receiver.received.filter((r) => r.path === '/gone');
    await pump(() => hits().length === 1);
    expect(verifyWithLibrary(sub.secret, hits()[0])).toMatchObject({ type: 'webhook.test' });
    expect(hits()[0].headers['webhook-id']).toBe(sent.body.webhookId);

    const rotated = (await request(t.server).post(`${SUBS}/${sub.id}/rotate-secret`).set('Authorization', oem.auth).expect(200)).body as { secret: string };
    receiver.respond = (hit) => (hit.path === '/gone' ? 410 : 204);
    await t.factory.lead(oem);
    await pump(() => hits().length === 2);
    expect(verifyWithLibrary(rotated.secret, hits()[1])).toMatchObject({ type: 'lead.created' });
    // The replaced secret still verifies for 24 h (test/webhook-rotation.spec.ts).
    expect(verifyWithLibrary(sub.secret, hits()[1])).toMatchObject({ type: 'lead.created' });
    const after = (await request(t.server).get(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(200)).body;
    expect(after).toMatchObject({ active: false, disabledReason: 'gone' });
    await t.factory.lead(oem);
    await t.app.get(OutboxRunner).runOnce();
    await t.app.get(OutboxRunner).runOnce();
    expect(hits()).toHaveLength(2);
    expectProblem(await request(t.server).post(`${SUBS}/${sub.id}/test`).set('Authorization', oem.auth), 409, 'WEBHOOK_SUBSCRIPTION_INACTIVE');
    receiver.respond = () => 204;
  });
});

describe('outbox leases while receivers are slow (README "Replicas": no entry is handled twice at once)', () => {
  let t: TestApp;
  // One pass takes CLAIM_PER_SUBSCRIPTION rows of a subscription: the test's rows are spread over enough OEMs' subscriptions for one pass to take them all.
  let oems: TestUser[];
  const receiver = new WebhookReceiver();
  afterEach(() => vi.useRealTimers());

  beforeAll(async () => {
    await receiver.start();
    // A 60 s call timeout (lease 125 s) that no call reaches in real time; retries far off, so a failed row stays out of the way.
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_SECONDS: '60', WEBHOOK_RETRY_SCHEDULE_SECONDS: '3600' });
    oems = await Promise.all(Array.from({ length: Math.ceil((2 * CONCURRENCY + 2) / CLAIM_PER_SUBSCRIPTION) }, () => t.factory.user('oem')));
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('a row whose turn in a pass comes after slow calls is sent only while the pass still holds it, never by two workers at once', async () => {
    const worker = t.app.get(DeliveryWorker);
    const rows = t.app.get(DataSource).getRepository(OutboxDelivery);
    const subs: string[] = [];
    for (const oem of oems) subs.push(((await request(t.server).post(SUBS).set('Authorization', oem.auth).send({ url: receiver.url('/slow'), events: ['lead.created'] }).expect(201)).body as { id: string }).id);
    // Every lane of a pass sends two rows, then the third round: `last` (renewed) and `takenOver` (claimed by another worker meanwhile).
    const leads: string[] = [];
    for (let i = 0; i < 2 * CONCURRENCY + 2; i++) leads.push((await t.factory.lead(oems[i % oems.length], { externalRef: `SLOW-${i}` })).id);
    const [last, takenOver] = leads.slice(2 * CONCURRENCY);
    for (let i = 0; i < 10 && (await rows.countBy({ subscriptionId: In(subs) })) < leads.length; i++) await t.app.get(OutboxDispatcher).dispatch();
    const rowOf = async (leadId: string) => rows.findOneByOrFail({ subscriptionId: In(subs), leadId });

    // The receiver holds each round's calls until the test has moved time on; the first two rounds answer 503 (recorded at once).
    const rounds = [deferred(), deferred(), deferred()];
    const round = (leadId: string) => Math.min(Math.floor(leads.indexOf(leadId) / CONCURRENCY), 2);
    const hits = () => receiver.received.filter((r) => r.path === '/slow');
    const arrivals: Array<{ count: number; reached: () => void }> = [];
    const arrived = (count: number) => new Promise<void>((reached) => (hits().length >= count ? reached() : arrivals.push({ count, reached })));
    receiver.onArrive = () => arrivals.filter((a) => hits().length >= a.count).forEach((a) => a.reached());
    receiver.respond = (hit) => (hit.path === '/slow' && round(String(hit.json.data.leadId)) < 2 ? 503 : 204);
    receiver.holdUntil = (hit) => {
      if (hit.path !== '/slow') return undefined;
      // A second call with the same id (another worker's) is answered at once: the test only needs to see it arrive.
      if (hits().filter((h) => h.headers['webhook-id'] === hit.headers['webhook-id']).length > 1) return undefined;
      return rounds[round(String(hit.json.data.leadId))].promise;
    };

    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const at = (seconds: number) => vi.setSystemTime(start + seconds * 1000);
    let second: { attempted: number } | undefined;
    try {
      const first = worker.deliverDue();
      await arrived(CONCURRENCY);
      // Each first call takes 55 s; the second rows go out with 70 s of their 125 s lease left (a whole call and the margin: no renewal).
      at(55);
      rounds[0].resolve();
      await arrived(2 * CONCURRENCY);
      await rows.update({ id: (await rowOf(takenOver)).id }, { claimToken: 'other-worker', claimedUntil: new Date(start + 600_000) });
      // Each second call takes 55 s too: `last` would go out with 15 s of lease left, less than a call may take.
      at(110);
      rounds[1].resolve();
      await arrived(2 * CONCURRENCY + 1);
      await vi.waitFor(async () => expect(await rows.countBy({ subscriptionId: In(subs), attempts: 1 })).toBe(2 * CONCURRENCY), { timeout: 10_000 });
      // Its first lease is over, its call has run 16 s of the 60 it may: another process's pass comes by.
      at(126);
      second = await worker.deliverDue();
      // Real time again before the success is recorded: TypeORM's PostgreSQL driver names column types by comparing with `Date`.
      vi.useRealTimers();
      rounds[2].resolve();
      await first;
    } finally {
      vi.useRealTimers();
      receiver.onArrive = undefined;
      receiver.holdUntil = undefined;
      receiver.respond = () => 204;
      for (const r of rounds) r.resolve();
    }

    const ids = hits().map((h) => String(h.headers['webhook-id']));
    expect(receiver.concurrent.filter((id) => ids.includes(id))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
    expect(second?.attempted).toBe(0);
    // Sent once, by the pass that renewed its lease; the row another worker holds is left to it.
    expect(ids).toContain(`msg_${(await rowOf(last)).id}`);
    expect(ids).not.toContain(`msg_${(await rowOf(takenOver)).id}`);
    expect(await rowOf(last)).toMatchObject({ status: 'delivered', attempts: 1, lastResponseCode: 204 });
    expect(await rowOf(takenOver)).toMatchObject({ status: 'pending', attempts: 0, claimToken: 'other-worker' });
  });
});

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
