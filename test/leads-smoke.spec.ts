import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('leads: create and read back', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
  });
  afterAll(() => t.close());

  it('an OEM creates a lead with its API key and Central Ops reads it with an ETag', async () => {
    const oem = await t.factory.user('oem');
    const ops = await t.factory.user('central_ops');
    const key = await t.factory.apiKey(oem);
    const payload = t.factory.leadPayload({ customerPhone: '98123 45678', pincode: '411001', state: 'IN-MH', city: 'Pune', externalRef: 'TM-1' });
    const created = await request(t.server).post('/api/v1/leads').set('X-API-Key', key).send(payload).expect(201);
    expect(created.body.customerPhone).toBe('+919812345678');
    expect(created.body.state).toBe('Maharashtra');
    expect(created.body.latitude).toBeCloseTo(18.511528, 5);
    const got = await request(t.server).get(`/api/v1/leads/${created.body.id}`).set('Authorization', ops.auth).expect(200);
    expect(got.headers.etag).toBe('W/"1"');
    const page = await request(t.server).get('/api/v1/leads?limit=1&withTotal=true').set('Authorization', ops.auth).expect(200);
    expect(page.body.total).toBe(1);
  });
});
