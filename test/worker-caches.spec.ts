import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureServerBuilt, type ServerProcess, SPAWNED_ADMIN, spawnServer } from './support/server-process.js';
import { freshDatabase, onServerDatabase } from './support/test-app.js';

// Two workers of one replica (WEB_CONCURRENCY=2) without Redis: a revocation made on one worker
// reaches the other at once through the cluster's primary (CacheInvalidation, main.ts), as README
// promises for "the replica that made it", though each worker caches credentials for AUTH_CACHE_TTL_MS.

/** One request on a connection of its own (node:cluster hands each new connection to the next worker). */
function call(server: ServerProcess, method: string, path: string, headers: Record<string, string>, body?: unknown): Promise<{ status: number; body: string }> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.api}${path}`, { method, agent: false, headers: { ...headers, ...(payload && { 'content-type': 'application/json' }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}

async function json<T>(answer: Promise<{ status: number; body: string }>, expected: number): Promise<T> {
  const { status, body } = await answer;
  if (status !== expected) throw new Error(`answered ${status}, not ${expected}: ${body.slice(0, 300)}`);
  return (body ? JSON.parse(body) : null) as T;
}

describe('credential caches of the processes of one replica, without Redis', () => {
  if (!onServerDatabase) {
    it('on SQLite there is one process: WEB_CONCURRENCY=2 stops the start, naming the setting', async () => {
      ensureServerBuilt();
      const db = await freshDatabase();
      try {
        await expect(spawnServer(db.url, { WEB_CONCURRENCY: '2' })).rejects.toThrow(/WEB_CONCURRENCY must be 1 on SQLite/);
      } finally {
        await db.drop();
      }
    }, 180_000);
    return;
  }

  let server: ServerProcess;
  let drop: () => Promise<void>;
  let admin: Record<string, string>;

  beforeAll(async () => {
    ensureServerBuilt();
    const db = await freshDatabase();
    drop = db.drop;
    // The longest cache the config allows: without the relay a sibling would admit the old key this long.
    server = await spawnServer(db.url, { WEB_CONCURRENCY: '2', AUTH_CACHE_TTL_MS: '5000' });
    const { accessToken } = await json<{ accessToken: string }>(call(server, 'POST', '/auth/login', {}, SPAWNED_ADMIN), 200);
    admin = { authorization: `Bearer ${accessToken}` };
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await drop?.();
  });

  it('two workers: a revoked API key and a deactivated account are refused on every worker at once', async () => {
    const oem = await json<{ id: string }>(call(server, 'POST', '/users', admin, { email: 'workers@voltra.example', password: 'oem-password-123', fullName: 'Voltra Motors', role: 'oem' }), 201);
    const { id: keyId, key } = await json<{ id: string; key: string }>(call(server, 'POST', `/users/${oem.id}/api-keys`, admin, { name: 'crm' }), 201);
    const { accessToken } = await json<{ accessToken: string }>(call(server, 'POST', '/auth/login', {}, { email: 'workers@voltra.example', password: 'oem-password-123' }), 200);
    const byKey = { 'x-api-key': key };
    const byToken = { authorization: `Bearer ${accessToken}` };
    // Both workers take turns at new connections: after these, each holds the key and the account.
    const statuses = async (headers: Record<string, string>, n: number) => Promise.all(Array.from({ length: n }, () => call(server, 'GET', '/leads?limit=1', headers).then((r) => r.status)));
    expect(await statuses(byKey, 10)).toEqual(Array(10).fill(200));
    expect(await statuses(byToken, 10)).toEqual(Array(10).fill(200));

    await json(call(server, 'DELETE', `/users/${oem.id}/api-keys/${keyId}`, admin), 204);
    expect(await statuses(byKey, 20)).toEqual(Array(20).fill(401));
    expect(await statuses(byToken, 10)).toEqual(Array(10).fill(200));

    await json(call(server, 'PATCH', `/users/${oem.id}`, admin, { isActive: false }), 200);
    expect(await statuses(byToken, 20)).toEqual(Array(20).fill(401));
  }, 60_000);
});
