import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadPayload } from './support/factory.js';
import { connectionOwner, ensureServerBuilt, type ServerProcess, SPAWNED_ADMIN, spawnServer } from './support/server-process.js';
import { freshDatabase, onMariaDb, onPostgres, onServerDatabase } from './support/test-app.js';
import { type ReceivedWebhook, verifyWithLibrary, WebhookReceiver } from './support/webhook-receiver.js';

// Real server processes (the built main.js) against the outbox (issue 15, "Speed and reliability"):
// killed with SIGKILL mid-delivery, and two replicas on one PostgreSQL database.

/** What each lead goes through: created, then three manual steps; one webhook per step. */
const STEPS = ['contacted', 'documents_pending', 'documents_received'] as const;
const EXPECTED_PER_LEAD = ['lead.created', ...STEPS.map((s) => `lead.status_changed:${s}`)];

/** Settings of every spawned server: a fast outbox, short timeouts (so a lease of a killed process expires in seconds), plain http to 127.0.0.1. */
const OUTBOX_ENV = {
  OUTBOX_POLL_INTERVAL_MS: '50',
  WEBHOOK_ALLOW_HTTP: 'true',
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true',
  WEBHOOK_RETRY_SCHEDULE_SECONDS: '1,1,1,1,1,1,1,1',
};

/** One JSON call; throws unless the answer is one of `expect`. */
async function call<T = Record<string, unknown>>(base: string, method: string, path: string, options: { auth?: string; key?: string; body?: unknown } = {}): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(options.body !== undefined && { 'content-type': 'application/json' }),
      ...(options.auth && { authorization: options.auth }),
      ...(options.key && { 'x-api-key': options.key }),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** Polls `done` (every 20 ms) until it holds; fails with `what` and `state()` after `ms`. */
async function until(what: string, done: () => boolean | Promise<boolean>, ms: number, state: () => unknown = () => ''): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}; ${JSON.stringify(await state())}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const login = async (server: ServerProcess, email: string, password: string) =>
  `Bearer ${(await call<{ accessToken: string }>(server.api, 'POST', '/auth/login', { body: { email, password } })).accessToken}`;

/** An admin, an OEM with an API key, and the OEM's subscription to `url`: what an integrator sets up. */
async function setUpOem(server: ServerProcess, url: string) {
  const admin = await login(server, SPAWNED_ADMIN.email, SPAWNED_ADMIN.password);
  const oem = await call<{ id: string }>(server.api, 'POST', '/users', {
    auth: admin,
    body: { email: 'integrations@voltra.example', password: 'oem-password-123', fullName: 'Voltra Motors', role: 'oem' },
  });
  const { key } = await call<{ key: string }>(server.api, 'POST', `/users/${oem.id}/api-keys`, { auth: admin, body: { name: 'crm' } });
  const oemAuth = await login(server, 'integrations@voltra.example', 'oem-password-123');
  const sub = await call<{ id: string; secret: string }>(server.api, 'POST', '/webhook-subscriptions', { auth: oemAuth, body: { url, events: ['lead.created', 'lead.status_changed'] } });
  return { admin, key, oemAuth, sub };
}

/**
 * Creates `count` leads through the OEM's key and walks each through {@link STEPS}, spreading the
 * calls over `servers`; eight leads at a time, each lead's steps in order. @returns the lead ids
 */
async function workload(servers: ServerProcess[], admin: string, key: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const n = next++;
      const at = (k: number) => servers[(n + k) % servers.length].api;
      const lead = await call<{ id: string }>(at(0), 'POST', '/leads', { key, body: leadPayload({ externalRef: `PROC-${n}` }) });
      ids.push(lead.id);
      for (const [k, to] of STEPS.entries()) await call(at(k + 1), 'POST', `/leads/${lead.id}/transitions`, { auth: admin, body: { to } });
    }
  };
  await Promise.all(Array.from({ length: 8 }, lane));
  return ids;
}

/** `lead.created` or `lead.status_changed:<toStatus>`. */
const label = (hit: ReceivedWebhook) => (hit.json.type === 'lead.status_changed' ? `${hit.json.type}:${String(hit.json.data.toStatus)}` : hit.json.type);

/** The first receipt of each `webhook-id` (how a receiver dedupes), per lead, in arrival order. */
function dedupedPerLead(received: ReceivedWebhook[]): Map<string, string[]> {
  const seen = new Set<string>();
  const perLead = new Map<string, string[]>();
  for (const hit of received) {
    const id = String(hit.headers['webhook-id']);
    if (seen.has(id)) continue;
    seen.add(id);
    const lead = String(hit.json.data.leadId);
    perLead.set(lead, [...(perLead.get(lead) ?? []), label(hit)]);
  }
  return perLead;
}

/** A row of `GET /webhook-subscriptions/{id}/deliveries`. */
interface Delivery {
  status: string;
  attempts: number;
  lastError?: string | null;
}

/** How many deliveries are in each status, and the errors: what a failed wait reports. */
const summary = (all: Delivery[]) => ({ total: all.length, byStatus: Object.fromEntries([...new Set(all.map((d) => d.status))].map((s) => [s, all.filter((d) => d.status === s).length])), errors: [...new Set(all.map((d) => d.lastError).filter(Boolean))] });

/** Every delivery of the subscription as the API lists it (all pages). */
async function deliveries(server: ServerProcess, auth: string, subscriptionId: string): Promise<Delivery[]> {
  const all: Delivery[] = [];
  let cursor: string | null = null;
  do {
    const page: { data: Delivery[]; nextCursor: string | null } = await call(server.api, 'GET', `/webhook-subscriptions/${subscriptionId}/deliveries?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { auth });
    all.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

beforeAll(() => ensureServerBuilt(), 240_000);

describe(`outbox across real server processes on ${onPostgres ? 'PostgreSQL' : onMariaDb ? 'MariaDB' : 'SQLite'} (issue 15)`, () => {
  const receiver = new WebhookReceiver();
  const running = new Set<ServerProcess>();
  let drop: () => Promise<void> = async () => undefined;
  beforeAll(async () => {
    await receiver.start();
  });
  afterAll(async () => {
    await Promise.all([...running].map((s) => s.stop()));
    await receiver.close();
    await drop();
  });
  const start = async (databaseUrl: string, env: Record<string, string> = {}) => {
    const server = await spawnServer(databaseUrl, { ...OUTBOX_ENV, ...env });
    running.add(server);
    return server;
  };

  it('a server killed with SIGKILL mid-delivery resends after restart: every event at least once, in order per lead, deduped by webhook-id', async () => {
    const db = await freshDatabase();
    drop = db.drop;
    // A 1 s call timeout makes the lease of a killed process 7 s (2 × timeout + 5 s); the receiver answers in 300 ms.
    const env = { WEBHOOK_TIMEOUT_SECONDS: '1' };
    const first = await start(db.url, env);
    const { admin, key, oemAuth, sub } = await setUpOem(first, receiver.url('/crash'));
    receiver.delayMs = 300;
    const LEADS = 24;
    // Requests cut off by the kill reject; the leads they left half-way are finished on the restarted server.
    const work = workload([first], admin, key, LEADS).catch(() => undefined);
    // Kill once some deliveries went through and several are being answered.
    await until('deliveries in flight', () => receiver.received.length >= LEADS && receiver.inFlight.size >= 4, 30_000);
    const inFlightAtKill = [...receiver.inFlight.keys()];
    await first.kill9();
    running.delete(first);
    await work;
    const receivedAtKill = receiver.received.length;

    const second = await start(db.url, env);
    // Finish every lead the first process did not (its answer may have been lost with it): walk it from wherever it is.
    const created = await call<{ data: Array<{ id: string; status: string }> }>(second.api, 'GET', '/leads?limit=100', { auth: admin });
    for (const lead of created.data) {
      for (const to of STEPS.slice(STEPS.indexOf(lead.status as (typeof STEPS)[number]) + 1)) await call(second.api, 'POST', `/leads/${lead.id}/transitions`, { auth: admin, body: { to } });
    }
    const total = created.data.length * EXPECTED_PER_LEAD.length;
    await until(`${total} distinct webhook-ids`, () => new Set(receiver.received.map((h) => h.headers['webhook-id'])).size === total, 40_000);
    await until('every delivery recorded as delivered', async () => (await deliveries(second, oemAuth, sub.id)).every((d) => d.status === 'delivered'), 20_000, async () => summary(await deliveries(second, oemAuth, sub.id)));

    // The calls cut off by the kill were sent again (same webhook-id) after the restart.
    expect(inFlightAtKill.length).toBeGreaterThanOrEqual(4);
    const resent = new Set(receiver.received.slice(receivedAtKill).map((h) => String(h.headers['webhook-id'])));
    for (const id of inFlightAtKill) expect(resent.has(id), `webhook-id ${id} was in flight at the kill`).toBe(true);
    // Deduped by webhook-id, each lead's events arrived once each and in the order they happened.
    const perLead = dedupedPerLead(receiver.received);
    expect(perLead.size).toBe(created.data.length);
    for (const [lead, events] of perLead) expect(events, `lead ${lead}`).toEqual(EXPECTED_PER_LEAD);
    for (const hit of receiver.received) verifyWithLibrary(sub.secret, hit);
    expect(receiver.concurrent).toEqual([]);
    await second.stop();
    running.delete(second);
  }, 120_000);

  // PostgreSQL and MariaDB only, so defined only there: on SQLite one server process owns the
  // database file (WEB_CONCURRENCY=1, one writer), and the SIGKILL test above covers its outbox.
  if (onServerDatabase) it('two server processes on one database send each event once, never one webhook-id concurrently', async () => {
    const db = await freshDatabase();
    const previousDrop = drop;
    drop = async () => {
      await previousDrop();
      await db.drop();
    };
    const a = await start(db.url);
    const b = await start(db.url);
    const { admin, key, oemAuth, sub } = await setUpOem(a, receiver.url('/replicas'));
    const hits: ReceivedWebhook[] = [];
    const senders = new Map<number | null, number>();
    receiver.delayMs = 100;
    receiver.onArrive = (hit, remotePort) => {
      if (hit.path !== '/replicas') return;
      hits.push(hit);
      const owner = connectionOwner(remotePort, receiver.port, [a.pid, b.pid]);
      senders.set(owner, (senders.get(owner) ?? 0) + 1);
    };
    const LEADS = 40;
    await workload([a, b], admin, key, LEADS);
    const total = LEADS * EXPECTED_PER_LEAD.length;
    await until(`${total} deliveries recorded as delivered`, async () => {
      const all = await deliveries(b, oemAuth, sub.id);
      return all.length === total && all.every((d) => d.status === 'delivered');
    }, 40_000, async () => ({ ...summary(await deliveries(b, oemAuth, sub.id)), received: hits.length, senders: [...senders] }));

    const sends = new Map<string, number>();
    for (const hit of hits) sends.set(String(hit.headers['webhook-id']), (sends.get(String(hit.headers['webhook-id'])) ?? 0) + 1);
    expect(sends.size).toBe(total);
    expect([...sends.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    expect(receiver.concurrent).toEqual([]);
    // Both processes delivered (the race was real), and no send came from anywhere else.
    expect(senders.get(a.pid)).toBeGreaterThan(0);
    expect(senders.get(b.pid)).toBeGreaterThan(0);
    expect(senders.get(null)).toBeUndefined();
    for (const [lead, events] of dedupedPerLead(hits)) expect(events, `lead ${lead}`).toEqual(EXPECTED_PER_LEAD);
  }, 120_000);
});
