import { Logger } from '@nestjs/common';
import mysql from 'mysql2/promise';
import request from 'supertest';
import { DataSource, EntityManager, In } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OutboxCursor } from '../src/events/entities/outbox-cursor.entity.js';
import { OutboxDelivery } from '../src/events/entities/outbox-delivery.entity.js';
import { WebhookSubscription } from '../src/events/entities/webhook-subscription.entity.js';
import { CLAIM_PER_SUBSCRIPTION, CONCURRENCY, DeliveryWorker } from '../src/events/outbox/delivery-worker.service.js';
import { OutboxDispatcher } from '../src/events/outbox/outbox-dispatcher.service.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import type { TestUser } from './support/factory.js';
import { LEADS } from './support/lead-helpers.js';
import { onMariaDb, startTestApp, type TestApp } from './support/test-app.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

// How one outbox pass shares its lanes, survives a failing half, and judges a subscription's health.

const SUBS = '/api/v1/webhook-subscriptions';
const DAY_MS = 86_400_000;

describe('outbox passes', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  const rows = () => t.app.get(DataSource).getRepository(OutboxDelivery);
  const subscriptions = () => t.app.get(DataSource).getRepository(WebhookSubscription);
  const subscribe = async (oem: TestUser, path: string) =>
    (await request(t.server).post(SUBS).set('Authorization', oem.auth).send({ url: receiver.url(path), events: ['lead.created'] }).expect(201)).body as { id: string };
  /** Dispatcher passes until `count` rows exist for `subs` (PostgreSQL and MariaDB read new entries on a second pass). */
  const fanOut = async (subs: string[], count: number) => {
    for (let i = 0; i < 10 && (await rows().countBy({ subscriptionId: In(subs) })) < count; i++) await t.app.get(OutboxDispatcher).dispatch();
    expect(await rows().countBy({ subscriptionId: In(subs) })).toBe(count);
  };
  const hits = (path: string) => receiver.received.filter((r) => r.path === path);

  beforeAll(async () => {
    await receiver.start();
    // A 60 s call timeout that no call reaches in real time (the test answers held calls itself); a failed row is retried only in an hour.
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_TIMEOUT_SECONDS: '60', WEBHOOK_RETRY_SCHEDULE_SECONDS: '3600' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    receiver.holdUntil = undefined;
    receiver.onArrive = undefined;
    receiver.respond = () => 204;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('a receiver in a failure run that never answers holds at most CLAIM_PER_SUBSCRIPTION lanes: another subscription is sent in the same pass', async () => {
    const [slowOem, otherOem] = await Promise.all([t.factory.user('oem'), t.factory.user('oem')]);
    const [hanging, other] = [await subscribe(slowOem, '/hanging'), await subscribe(otherOem, '/other')];
    // Its first timeouts started its failure run (a healthy subscription, the other one here, is not capped).
    await subscriptions().update({ id: hanging.id }, { failingSince: new Date() });
    // More due rows of the hanging subscription than a pass has lanes, all older than the other subscription's one.
    const count = CONCURRENCY + CLAIM_PER_SUBSCRIPTION;
    for (let i = 0; i < count; i++) await t.factory.lead(slowOem, { externalRef: `HANG-${i}` });
    const otherLead = await t.factory.lead(otherOem, { externalRef: 'OTHER-1' });
    await fanOut([hanging.id, other.id], count + 1);

    // The hanging receiver answers only when the test lets it: once the other subscription's call arrived, or every lane hangs (the old claim).
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let seen!: () => void;
    const settled = new Promise<void>((resolve) => (seen = resolve));
    receiver.holdUntil = (hit) => (hit.path === '/hanging' ? released : undefined);
    receiver.onArrive = () => {
      if (hits('/other').length || hits('/hanging').length >= CONCURRENCY) seen();
    };
    const pass = t.app.get(DeliveryWorker).deliverDue();
    await settled;
    const otherWhileHanging = hits('/other').length;
    const hangingInFlight = hits('/hanging').length;
    release();
    const done = await pass;

    expect(otherWhileHanging).toBe(1);
    expect(hits('/other')[0].json.data.leadId).toBe(otherLead.id);
    expect(hangingInFlight).toBe(CLAIM_PER_SUBSCRIPTION);
    expect(done).toEqual({ attempted: CLAIM_PER_SUBSCRIPTION + 1, more: true });
    // It answered at last: its failure run is over, and the next pass takes all its rows left.
    expect(await subscriptions().findOneByOrFail({ id: hanging.id })).toMatchObject({ failingSince: null });
    expect(await t.app.get(DeliveryWorker).deliverDue()).toEqual({ attempted: count - CLAIM_PER_SUBSCRIPTION, more: false });
    expect(await rows().countBy({ subscriptionId: hanging.id, status: 'delivered' })).toBe(count);
    for (const sub of [hanging, other]) await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', (sub === hanging ? slowOem : otherOem).auth).expect(204);
  });

  it('delivers what is due when the dispatcher fails on every pass (e.g. a MariaDB user without PROCESS), and logs both halves', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/queued');
    await request(t.server).post(`${SUBS}/${sub.id}/test`).set('Authorization', oem.auth).expect(202);
    const refused = Object.assign(new Error('Access denied; you need (at least one of) the PROCESS privilege(s) for this operation'), { errno: 1227 });
    vi.spyOn(t.app.get(OutboxDispatcher), 'dispatch').mockRejectedValue(refused);
    const errors = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);

    const pass = await t.app.get(OutboxRunner).runOnce();
    expect(pass).toMatchObject({ dispatched: 0, attempted: 1 });
    expect(hits('/queued').map((h) => h.json.type)).toEqual(['webhook.test']);
    expect(errors).toHaveBeenCalledWith({ err: refused }, expect.stringMatching(/dispatch failed/));

    // And the other way round: a failing delivery pass is logged too, and the pass still resolves.
    vi.spyOn(t.app.get(DeliveryWorker), 'deliverDue').mockRejectedValue(new Error('database gone'));
    expect(await t.app.get(OutboxRunner).runOnce()).toEqual({ dispatched: 0, attempted: 0, more: false });
    expect(errors).toHaveBeenCalledWith({ err: expect.objectContaining({ message: 'database gone' }) }, expect.stringMatching(/delivery pass failed/));
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('a subscription failing for days that answers 2xx in a pass is not disabled by a failure of the same pass, even one recorded first', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/recovering');
    await subscriptions().update({ id: sub.id }, { failingSince: new Date(Date.now() - 4 * DAY_MS) });
    const leads = [];
    for (let i = 0; i < 5; i++) leads.push(await t.factory.lead(oem, { externalRef: `RECOVER-${i}` }));
    await fanOut([sub.id], leads.length);
    const failing = leads[0].id;
    receiver.respond = (hit) => (hit.json.data.leadId === failing ? 503 : 204);
    // The 2xx answers wait until the 503 is recorded: the failure is seen before any success of the pass.
    let failureRecorded: Promise<void> | undefined;
    receiver.holdUntil = (hit) => {
      if (hit.path !== '/recovering' || hit.json.data.leadId === failing) return undefined;
      failureRecorded ??= vi.waitFor(async () => expect(await rows().countBy({ subscriptionId: sub.id, leadId: failing, attempts: 1 })).toBe(1), { timeout: 10_000 });
      return failureRecorded;
    };

    await t.app.get(DeliveryWorker).deliverDue();
    expect(await subscriptions().findOneByOrFail({ id: sub.id })).toMatchObject({ isActive: true, disabledReason: null, failingSince: null });
    expect(await rows().countBy({ subscriptionId: sub.id, leadId: failing, status: 'pending', attempts: 1 })).toBe(1);
    expect(await rows().countBy({ subscriptionId: sub.id, status: 'delivered' })).toBe(leads.length - 1);
    expect(await rows().countBy({ eventType: 'mail.subscription_disabled' })).toBe(0);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('decides the disabling on the subscription as it is now: a success recorded by another worker since the claim starts a new failure run', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/cleared');
    const since = new Date(Date.now() - 4 * DAY_MS);
    await subscriptions().update({ id: sub.id }, { failingSince: since });
    await t.factory.lead(oem, { externalRef: 'CLEARED-1' });
    await fanOut([sub.id], 1);
    receiver.respond = () => 503;
    // While the call is in flight another worker records a success of this subscription.
    receiver.holdUntil = (hit) => (hit.path === '/cleared' ? subscriptions().update({ id: sub.id }, { failingSince: null }) : undefined);
    const before = Date.now();

    await t.app.get(DeliveryWorker).deliverDue();
    const now = await subscriptions().findOneByOrFail({ id: sub.id });
    expect(now).toMatchObject({ isActive: true, disabledReason: null });
    expect(now.failingSince!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it('a subscription that only fails, past WEBHOOK_DISABLE_AFTER_SECONDS, is disabled once and its OEM told when its run began', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/down');
    const since = new Date(Date.now() - 4 * DAY_MS);
    await subscriptions().update({ id: sub.id }, { failingSince: since });
    for (let i = 0; i < 2; i++) await t.factory.lead(oem, { externalRef: `DOWN-${i}` });
    await fanOut([sub.id], 2);
    receiver.respond = () => 503;

    await t.app.get(DeliveryWorker).deliverDue();
    expect(await rows().countBy({ subscriptionId: sub.id, attempts: 1 })).toBe(2);
    expect(await subscriptions().findOneByOrFail({ id: sub.id })).toMatchObject({ isActive: false, disabledReason: 'failing', failingSince: since });
    const notices = (await rows().findBy({ eventType: 'mail.subscription_disabled' })).filter((n) => n.dedupeKey.includes(sub.id));
    expect(notices.map((n) => (n.payload as { to: string }).to)).toEqual([oem.user.email]);
    expect((notices[0].payload as { text: string }).text).toContain(`kept failing since ${since.toISOString()}`);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  it("holds the events raised while the server had a subscription disabled and sends them in order once its OEM re-enables it; the OEM's own pause drops them", async () => {
    const [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    const sub = (await request(t.server).post(SUBS).set('Authorization', oem.auth).send({ url: receiver.url('/reenabled'), events: ['lead.created', 'lead.status_changed'] }).expect(201)).body as { id: string };
    const runner = t.app.get(OutboxRunner);
    const mine = () => hits('/reenabled');
    const pump = async (done: () => boolean) => {
      for (let i = 0; i < 30 && !done(); i++) await runner.runOnce();
      expect(done()).toBe(true);
    };
    const move = (leadId: string, to: string) => request(t.server).post(`${LEADS}/${leadId}/transitions`).set('Authorization', ops.auth).send({ to }).expect(200);
    // Disabled by the server, as after days of failures.
    await subscriptions().update({ id: sub.id }, { isActive: false, disabledReason: 'failing', failingSince: new Date(Date.now() - 4 * DAY_MS) });
    const lead = await t.factory.lead(oem, { externalRef: 'HELD-1' });
    await move(lead.id, 'contacted');
    for (let i = 0; i < 5; i++) await runner.runOnce();
    expect(mine()).toEqual([]);
    const held = (await request(t.server).get(`${SUBS}/${sub.id}/deliveries`).set('Authorization', oem.auth).expect(200)).body.data as Array<{ status: string }>;
    expect(held.map((d) => d.status)).toEqual(['pending', 'pending']);

    await request(t.server).patch(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).send({ active: true }).expect(200);
    await pump(() => mine().length === 2);
    expect(mine().map((h) => [h.json.type, h.json.data.toStatus])).toEqual([
      ['lead.created', 'new'],
      ['lead.status_changed', 'contacted'],
    ]);

    // Disabled by the server again, then paused by its OEM (its choice): what happens meanwhile is not delivered, not even once it is active again.
    await subscriptions().update({ id: sub.id }, { isActive: false, disabledReason: 'gone' });
    const paused = await request(t.server).patch(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).send({ active: false }).expect(200);
    expect(paused.body).toMatchObject({ active: false, disabledReason: null });
    await move(lead.id, 'documents_pending');
    for (let i = 0; i < 5; i++) await runner.runOnce();
    await request(t.server).patch(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).send({ active: true }).expect(200);
    for (let i = 0; i < 3; i++) await runner.runOnce();
    expect(mine()).toHaveLength(2);
    expect(await rows().countBy({ subscriptionId: sub.id })).toBe(2);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  // MariaDB's own settle check: registered there only (nothing to skip elsewhere).
  if (onMariaDb) it("MariaDB: another database's transaction left open on the same server does not hold the events back; one in this database does", async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/shared-server');
    const url = new URL(t.databaseUrl.replace(/^mariadb:/, 'mysql:'));
    const otherDb = `${url.pathname.slice(1)}_neighbour`;
    const neighbour = await mysql.createConnection({ host: url.hostname, port: Number(url.port || 3306), user: decodeURIComponent(url.username) || 'root', password: decodeURIComponent(url.password) });
    try {
      await neighbour.query(`CREATE DATABASE IF NOT EXISTS ${otherDb}`);
      await neighbour.query(`USE ${otherDb}`);
      await neighbour.query('CREATE TABLE IF NOT EXISTS work (id int PRIMARY KEY)');
      // Another application's long transaction, begun before our event: it holds a transaction id below the bound.
      await neighbour.query('BEGIN');
      await neighbour.query('INSERT INTO work VALUES (1)');
      await t.factory.lead(oem, { externalRef: 'NEIGHBOUR-1' });
      await fanOut([sub.id], 1);
      // This database's own open transaction (a request still running) does hold a later event back.
      await neighbour.query('ROLLBACK');
      await neighbour.query(`USE ${url.pathname.slice(1)}`);
      await neighbour.query('BEGIN');
      await neighbour.query("UPDATE users SET full_name = full_name WHERE role = 'oem' LIMIT 1");
      await t.factory.lead(oem, { externalRef: 'NEIGHBOUR-2' });
      const dispatcher = t.app.get(OutboxDispatcher);
      for (let i = 0; i < 3; i++) await dispatcher.dispatch();
      expect(await rows().countBy({ subscriptionId: sub.id })).toBe(1);
      await neighbour.query('ROLLBACK');
      await fanOut([sub.id], 2);
    } finally {
      await neighbour.query('ROLLBACK').catch(() => undefined);
      await neighbour.query(`DROP DATABASE IF EXISTS ${otherDb}`).catch(() => undefined);
      await neighbour.end();
    }
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });

  if (onMariaDb) it('MariaDB without the PROCESS privilege: the dispatcher warns once and reads new entries after the settle cap instead of failing', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/noprocess');
    const query = EntityManager.prototype.query;
    vi.spyOn(EntityManager.prototype, 'query').mockImplementation(function (this: EntityManager, sql: string, parameters?: Parameters<EntityManager['query']>[1]) {
      if (/SHOW ENGINE INNODB STATUS/i.test(sql)) return Promise.reject(Object.assign(new Error('Access denied; you need (at least one of) the PROCESS privilege(s) for this operation'), { errno: 1227 }));
      return query.call(this, sql, parameters);
    });
    const warnings = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    await t.factory.lead(oem, { externalRef: 'NOPROCESS-1' });
    const dispatcher = t.app.get(OutboxDispatcher);
    for (let i = 0; i < 3; i++) await dispatcher.dispatch();
    // Held back: nothing shows whether an older transaction still holds a smaller id.
    expect(await rows().countBy({ subscriptionId: sub.id })).toBe(0);
    // Each bound remembered is taken once it is over a minute old (the test ages it instead of waiting); one bound, or two if one was pending from before.
    for (let i = 0; i < 2 && !(await rows().countBy({ subscriptionId: sub.id })); i++) {
      await t.app.get(DataSource).getRepository(OutboxCursor).update({ name: 'lead_events' }, { pendingSince: new Date(Date.now() - 61_000) });
      await dispatcher.dispatch();
    }
    expect(await rows().countBy({ subscriptionId: sub.id })).toBe(1);
    expect(warnings.mock.calls.filter(([, message]) => /PROCESS privilege/.test(String(message)))).toHaveLength(1);
    await request(t.server).delete(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(204);
  });
});
