import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leadPayload } from './support/factory.js';
import { ensureServerBuilt, type ServerProcess, SPAWNED_ADMIN, spawnServer } from './support/server-process.js';
import { freshDatabase } from './support/test-app.js';

// A server started with an Indian TZ, as an operator in India may well start it: times are stored
// and answered in UTC all the same (src/common/utc-process.ts). Each database the suite runs on.

/** One JSON call as `auth`; throws unless it answers 2xx. */
async function call<T>(server: ServerProcess, method: string, path: string, auth: string, body?: unknown): Promise<T> {
  const res = await fetch(`${server.api}${path}`, {
    method,
    headers: { authorization: auth, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

interface Lead {
  id: string;
  createdAt: string;
  statusEnteredAt: string;
  sla: { dueAt: string; stage: string } | null;
}

describe('a server started with TZ=Asia/Kolkata', () => {
  let server: ServerProcess;
  let drop: () => Promise<void>;
  let admin: string;

  beforeAll(async () => {
    ensureServerBuilt();
    const db = await freshDatabase();
    drop = db.drop;
    server = await spawnServer(db.url, { TZ: 'Asia/Kolkata' });
    const { accessToken } = await (await fetch(`${server.api}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(SPAWNED_ADMIN) })).json() as { accessToken: string };
    admin = `Bearer ${accessToken}`;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it('answers the times it stored in UTC, the same on every read, and pages by cursor without repeating a lead', async () => {
    const before = Date.now();
    const oem = await call<{ id: string }>(server, 'POST', '/users', admin, { email: 'tz@voltra.example', password: 'oem-password-123', fullName: 'Voltra Motors', role: 'oem' });
    const created: Lead[] = [];
    for (let i = 0; i < 3; i++) created.push(await call<Lead>(server, 'POST', '/leads', admin, { ...leadPayload({ externalRef: `TZ-${i}` }), oemId: oem.id }));
    const after = Date.now();
    for (const lead of created) {
      expect(Date.parse(lead.createdAt)).toBeGreaterThanOrEqual(before - 1000);
      expect(Date.parse(lead.createdAt)).toBeLessThanOrEqual(after + 1000);
      const read = await call<Lead>(server, 'GET', `/leads/${lead.id}`, admin);
      expect({ createdAt: read.createdAt, statusEnteredAt: read.statusEnteredAt, dueAt: read.sla?.dueAt }).toEqual({ createdAt: lead.createdAt, statusEnteredAt: lead.statusEnteredAt, dueAt: lead.sla?.dueAt });
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < 5; page++) {
      const query: string = `/leads?limit=1&oemId=${oem.id}${cursor ? `&cursor=${cursor}` : ''}`;
      const { data, nextCursor } = await call<{ data: Lead[]; nextCursor: string | null }>(server, 'GET', query, admin);
      seen.push(...data.map((lead) => lead.id));
      cursor = nextCursor;
      if (!cursor) break;
    }
    expect(seen).toEqual(created.map((lead) => lead.id).reverse());
    const since = await call<{ data: Lead[] }>(server, 'GET', `/leads?oemId=${oem.id}&createdFrom=${encodeURIComponent(created[1].createdAt)}`, admin);
    expect(since.data.map((lead) => lead.id)).toEqual([created[2].id, created[1].id]);
  }, 60_000);
});
