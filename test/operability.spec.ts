import { rmSync, writeFileSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from './support/factory.js';
import { onServerDatabase, startTestApp, type TestApp } from './support/test-app.js';

/** The value of the sample `name{labels}` in Prometheus text, or undefined when there is none. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)\{(.*)\} (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2].split(',');
    if (wanted.every((pair) => present.includes(pair))) return Number(match[3]);
  }
  return undefined;
}

/** Issue 18 item 5: `/metrics`, liveness and readiness. */
describe('operability', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('serves Prometheus text outside /api/v1 without credentials, counting requests by route pattern and status', async () => {
    const oem = await t.factory.user('oem');
    const lead = await t.factory.lead(oem);
    const headers = { Authorization: oem.auth };
    for (let i = 0; i < 2; i++) await request(t.server).get(`/api/v1/leads/${lead.id}`).set(headers).expect(200);
    await request(t.server).get('/api/v1/leads/00000000-0000-4000-8000-000000000000').set(headers).expect(404);
    await request(t.server).get(`/api/v1/no-such-route/${lead.id}`).expect(404);

    const res = await request(t.server).get('/metrics').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = res.text;
    const ok = { method: 'GET', route: '/api/v1/leads/:id', status: '200' };
    expect(sample(text, 'http_requests_total', ok)).toBe(2);
    expect(sample(text, 'http_requests_total', { ...ok, status: '404' })).toBe(1);
    expect(sample(text, 'http_request_duration_seconds_count', ok)).toBe(2);
    expect(sample(text, 'http_request_duration_seconds_bucket', { ...ok, le: '+Inf' })).toBe(2);
    expect(sample(text, 'http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBe(1);
    // The ids never become labels.
    expect(text).not.toContain(lead.id);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds \d/m);
    // The pool's gauges on PostgreSQL (pg) and MariaDB (mysql2); SQLite has no pool.
    expect(/^db_pool_connections\{state="total"\} [1-9]/m.test(text)).toBe(onServerDatabase);
    // The route is not part of the API: no prefixed twin.
    await request(t.server).get('/api/v1/metrics').expect(404);
  });

  it('answers liveness 200 and readiness 200 with the database and storage up', async () => {
    const live = await request(t.server).get('/api/v1/health/live').expect(200);
    expect(live.body).toMatchObject({ status: 'ok' });
    const ready = await request(t.server).get('/api/v1/health/ready').expect(200);
    expect(ready.body.details).toMatchObject({ database: { status: 'up' }, storage: { status: 'up' } });
  });
});

describe('readiness with the storage gone', () => {
  it('answers 503 problem+json naming storage while liveness stays 200, and 200 again once it is back', async () => {
    const t = await startTestApp();
    try {
      // The storage root taken by a file: nothing can be written under it.
      rmSync(t.config.storageDir, { recursive: true, force: true });
      writeFileSync(t.config.storageDir, 'not a directory');
      const res = await request(t.server).get('/api/v1/health/ready').expect(503);
      expectProblem(res, 503);
      expect(JSON.stringify(res.body)).toContain('storage');
      expect(JSON.stringify(res.body)).not.toContain(t.config.storageDir);
      await request(t.server).get('/api/v1/health/live').expect(200);
      rmSync(t.config.storageDir);
      await request(t.server).get('/api/v1/health/ready').expect(200);
    } finally {
      await t.close();
    }
  });
});

describe('METRICS_ENABLED=false', () => {
  it('turns /metrics off (404) and leaves the API and probes as they are', async () => {
    const t = await startTestApp({ METRICS_ENABLED: 'false' });
    try {
      const res = await request(t.server).get('/metrics').expect(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.text).not.toContain('http_requests_total');
      await request(t.server).get('/api/v1/health/live').expect(200);
      await request(t.server).get('/api/v1/health/ready').expect(200);
    } finally {
      await t.close();
    }
  });
});
