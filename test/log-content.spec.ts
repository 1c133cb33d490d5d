import { Writable } from 'node:stream';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The log of a real run holds no personal data or secrets (issue #11, DPDP Act 2023): a run that
 * signs in, creates a user, issues an API key, pushes a lead and searches by phone and e-mail is
 * captured at LOG_LEVEL=trace and searched for every one of those values.
 */
describe('logs carry no personal data', () => {
  let t: TestApp;
  const lines: string[] = [];

  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    t = await startTestApp({ LOG_LEVEL: 'trace' }, { logDestination: sink });
    await t.factory.loadPincodes();
  });
  afterAll(() => t.close());

  it('finds no phone number, e-mail address, password, access token, refresh token or API key in the log, and stamps request lines with id and actor', async () => {
    const secrets: string[] = ['admin@test.chargeops.dev', 'admin-password-for-tests'];
    const login = await request(t.server).post('/api/v1/auth/login').send({ email: 'admin@test.chargeops.dev', password: 'admin-password-for-tests' }).expect(200);
    const admin = `Bearer ${login.body.accessToken as string}`;
    secrets.push(login.body.accessToken as string, login.body.refreshToken as string);

    const oemEmail = 'integrations@oem-logcheck.example';
    const oemPassword = 'oem-password-never-logged';
    const oemPhone = '+919812340077';
    secrets.push(oemEmail, oemPassword, oemPhone, '9812340077');
    const oem = await request(t.server).post('/api/v1/users').set('Authorization', admin).send({ email: oemEmail, password: oemPassword, fullName: 'OEM Integration', phone: oemPhone, role: 'oem' }).expect(201);
    // A refused duplicate: the database error names the address, and must not reach the log.
    await request(t.server).post('/api/v1/users').set('Authorization', admin).send({ email: oemEmail, password: oemPassword, fullName: 'Again', role: 'oem' }).expect(409);
    const key = await request(t.server).post(`/api/v1/users/${oem.body.id as string}/api-keys`).set('Authorization', admin).send({ name: 'crm' }).expect(201);
    secrets.push(key.body.key as string);

    const customerPhone = '+917012345678';
    const customerEmail = 'asha.rao@customer-logcheck.example';
    secrets.push(customerPhone, '7012345678', customerEmail);
    const lead = await request(t.server)
      .post('/api/v1/leads')
      .set('X-API-Key', key.body.key as string)
      .send({ ...t.factory.leadPayload(), customerPhone, customerEmail })
      .expect(201);
    await request(t.server).get('/api/v1/leads').query({ q: customerPhone }).set('Authorization', admin).expect(200);
    await request(t.server).get('/api/v1/leads').query({ q: customerEmail }).set('Authorization', admin).expect(200);
    await request(t.server).get('/api/v1/users').query({ email: oemEmail }).set('Authorization', admin).expect(200);
    const oemLogin = await request(t.server).post('/api/v1/auth/login').send({ email: oemEmail, password: oemPassword }).expect(200);
    secrets.push(oemLogin.body.accessToken as string, oemLogin.body.refreshToken as string);
    await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: oemLogin.body.refreshToken }).expect(200);
    await request(t.server).post('/api/v1/auth/login').send({ email: oemEmail, password: 'a-wrong-guess-password' }).expect(401);
    secrets.push('a-wrong-guess-password');

    const log = lines.join('');
    expect(log).toContain('request completed');
    for (const secret of secrets) expect(log, `the log holds ${secret.slice(0, 12)}…`).not.toContain(secret);

    const requestLines = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.msg === 'request completed');
    expect(requestLines.length).toBeGreaterThanOrEqual(11);
    for (const line of requestLines) expect(line.requestId).toBe((line.req as { id: string }).id);
    const leadSearch = requestLines.find((line) => (line.req as { url: string }).url === '/api/v1/leads?q');
    expect(leadSearch).toMatchObject({ actorRole: 'admin', actorId: expect.any(String) });
    const push = requestLines.find((line) => (line.req as { method: string; url: string }).url === '/api/v1/leads' && (line.req as { method: string }).method === 'POST');
    expect(push).toMatchObject({ actorRole: 'oem', actorId: oem.body.id, res: { statusCode: 201 } });
    expect(lead.body.customerPhone).toBe(customerPhone);
  });
});
