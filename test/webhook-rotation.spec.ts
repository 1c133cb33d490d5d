import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { WebhookSubscription } from '../src/events/entities/webhook-subscription.entity.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { type ReceivedWebhook, verifyWithLibrary, WebhookReceiver } from './support/webhook-receiver.js';

const SUBS = '/api/v1/webhook-subscriptions';
const DAY_MS = 24 * 60 * 60 * 1000;

interface Subscription {
  id: string;
  secret: string;
  previousSecretExpiresAt: string | null;
}

/** Whether a receiver holding `secret` accepts the call (`new Webhook(secret).verify`, as an OEM's code would). */
const verifies = (secret: string, hit: ReceivedWebhook) => {
  try {
    verifyWithLibrary(secret, hit);
    return true;
  } catch {
    return false;
  }
};
const signatures = (hit: ReceivedWebhook) => String(hit.headers['webhook-signature']).split(' ');

describe('zero-downtime secret rotation (Standard Webhooks: one signature per secret while the old one is kept)', () => {
  let t: TestApp;
  const receiver = new WebhookReceiver();
  const hits = (path: string) => receiver.received.filter((r) => r.path === path);

  /** Outbox passes until `done()` holds (retries are due at once with a 0 s schedule). */
  const pump = async (done: () => boolean, passes = 30) => {
    for (let i = 0; i < passes && !done(); i++) await t.app.get(OutboxRunner).runOnce();
    expect(done()).toBe(true);
  };
  const subscribe = async (oem: TestUser, path: string) =>
    (await request(t.server).post(SUBS).set('Authorization', oem.auth).send({ url: receiver.url(path), events: ['lead.created'] }).expect(201)).body as Subscription;
  const rotate = async (oem: TestUser, id: string) => (await request(t.server).post(`${SUBS}/${id}/rotate-secret`).set('Authorization', oem.auth).expect(200)).body as Subscription;

  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,0' });
  });
  afterEach(() => {
    receiver.respond = () => 204;
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('for 24 h after a rotation every delivery (new events, retries queued before, the test event) verifies with the old secret and with the new one; the old one is never shown', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/window');
    expect(sub.previousSecretExpiresAt).toBeNull();
    // The first attempt fails: its retry is queued before the rotation and sent after it.
    receiver.respond = (hit) => (hit.path === '/window' && hits('/window').length === 1 ? 503 : 204);
    await t.factory.lead(oem);
    await pump(() => hits('/window').length === 1);
    expect(signatures(hits('/window')[0])).toHaveLength(1);
    expect(verifies(sub.secret, hits('/window')[0])).toBe(true);

    const before = Date.now();
    const rotated = await rotate(oem, sub.id);
    const after = Date.now();
    expect(rotated.secret).not.toBe(sub.secret);
    expect(Date.parse(rotated.previousSecretExpiresAt!)).toBeGreaterThanOrEqual(before + DAY_MS);
    expect(Date.parse(rotated.previousSecretExpiresAt!)).toBeLessThanOrEqual(after + DAY_MS);
    // The replaced secret is in no answer.
    const read = await request(t.server).get(`${SUBS}/${sub.id}`).set('Authorization', oem.auth).expect(200);
    const list = await request(t.server).get(SUBS).set('Authorization', oem.auth).expect(200);
    expect(read.body.previousSecretExpiresAt).toBe(rotated.previousSecretExpiresAt);
    for (const body of [rotated, read.body, list.body]) expect(JSON.stringify(body)).not.toContain(sub.secret.slice(6));
    expect(Object.keys(rotated)).not.toContain('previousSecret');

    await t.factory.lead(oem);
    await request(t.server).post(`${SUBS}/${sub.id}/test`).set('Authorization', oem.auth).expect(202);
    await pump(() => hits('/window').length === 4);
    const sent = hits('/window').slice(1);
    expect(sent.map((h) => h.json.type).sort()).toEqual(['lead.created', 'lead.created', 'webhook.test']);
    expect(new Set(sent.map((h) => h.headers['webhook-id'])).has(hits('/window')[0].headers['webhook-id'])).toBe(true);
    for (const hit of sent) {
      expect(signatures(hit)).toHaveLength(2);
      expect(signatures(hit)[0]).toMatch(/^v1,/);
      expect(verifies(sub.secret, hit), `${hit.json.type} with the old secret`).toBe(true);
      expect(verifies(rotated.secret, hit), `${hit.json.type} with the new secret`).toBe(true);
    }
  });

  it('the old secret signs until 24 h after the rotation, judged when each attempt is sent; then only the new one, as the single signature', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/expiry');
    const rotated = await rotate(oem, sub.id);
    // The first attempt fails: its retry, queued while the old secret still signs, is sent after that ends.
    receiver.respond = (hit) => (hit.path === '/expiry' && hits('/expiry').length === 1 ? 503 : 204);
    await t.factory.lead(oem);
    await pump(() => hits('/expiry').length === 1);
    const [first] = hits('/expiry');
    expect(signatures(first)).toHaveLength(2);
    expect(verifies(sub.secret, first)).toBe(true);
    expect(verifies(rotated.secret, first)).toBe(true);

    // 24 h and a second later, as the subscription sees it. The stored expiry moves instead of the
    // clock: the worker reads the time with `new Date()`, and while `Date` is faked TypeORM hydrates
    // no date columns (it compares column types with `Date`).
    await t.app.get(DataSource).getRepository(WebhookSubscription).update({ id: sub.id }, { previousSecretExpiresAt: new Date(Date.now() - 1000) });
    await pump(() => hits('/expiry').length === 2);
    const retried = hits('/expiry')[1];
    expect(retried.headers['webhook-id']).toBe(first.headers['webhook-id']);
    expect(signatures(retried)).toHaveLength(1);
    expect(verifies(sub.secret, retried)).toBe(false);
    expect(verifies(rotated.secret, retried)).toBe(true);
    await t.factory.lead(oem);
    await pump(() => hits('/expiry').length === 3);
    expect(signatures(hits('/expiry')[2])).toHaveLength(1);
    expect(verifies(rotated.secret, hits('/expiry')[2])).toBe(true);
  });

  it('a second rotation within the 24 h keeps the secret it replaces and drops the first one', async () => {
    const oem = await t.factory.user('oem');
    const sub = await subscribe(oem, '/twice');
    const first = await rotate(oem, sub.id);
    const before = Date.now();
    const second = await rotate(oem, sub.id);
    expect(Date.parse(second.previousSecretExpiresAt!)).toBeGreaterThanOrEqual(before + DAY_MS);

    await t.factory.lead(oem);
    await pump(() => hits('/twice').length === 1);
    const [hit] = hits('/twice');
    expect(signatures(hit)).toHaveLength(2);
    expect(verifies(second.secret, hit)).toBe(true);
    expect(verifies(first.secret, hit)).toBe(true);
    expect(verifies(sub.secret, hit)).toBe(false);
  });
});
