import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FIELD_ERRORS } from '../src/common/problem.js';
import { plannedKeyCount } from '../src/common/transform-plans.js';
import { isIsoInstant } from '../src/common/validators.js';
import { CreateLeadDto } from '../src/leads/dto/lead.dto.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const long = (n: number) => 'x'.repeat(n);

/** [field, bad value, why]: one case per validation rule of CreateLeadDto (`undefined` = left out). */
const CREATE_CASES: [string, unknown, string][] = [
  ['oemId', 'not-a-uuid', 'not a uuid'],
  ['externalRef', '', 'empty'],
  ['externalRef', long(101), 'too long'],
  ['externalRef', 42, 'not a string'],
  ['sourceId', 0, 'below 1'],
  ['sourceId', '1', 'a string'],
  ['sourceId', 1.5, 'not an integer'],
  ['sourceId', null, 'null'],
  ['sourceId', 3_000_000_000, 'past the integer range of a source id'],
  ['customerName', undefined, 'missing'],
  ['customerName', '   ', 'blank'],
  ['customerName', long(201), 'too long'],
  ['customerPhone', undefined, 'missing'],
  ['customerPhone', 9812345678, 'a number'],
  ['customerPhone', 'not a phone', 'not a phone number'],
  ['customerEmail', 'someone@', 'not an email'],
  ['addressLine1', undefined, 'missing'],
  ['addressLine1', '', 'empty'],
  ['addressLine1', long(256), 'too long'],
  ['addressLine2', long(256), 'too long'],
  ['addressLine2', 7, 'not a string'],
  ['city', undefined, 'missing'],
  ['city', long(101), 'too long'],
  ['state', undefined, 'missing'],
  ['state', '', 'empty'],
  ['state', long(101), 'too long'],
  ['pincode', undefined, 'missing'],
  ['pincode', 411001, 'a number'],
  ['pincode', '041100', 'leading zero'],
  ['latitude', 91, 'out of range'],
  ['latitude', 'north', 'not a coordinate'],
  ['latitude', '19,1', 'a string with a decimal comma'],
  ['latitude', '19.1', 'a number in a string'],
  ['longitude', 181, 'out of range'],
  ['longitude', '72.8', 'a number in a string'],
  ['chargerModel', long(101), 'too long'],
  ['status', 'closed', 'not a create field'],
  ['version', 3, 'not a create field'],
  ['promoCode', 'DIWALI', 'unknown field'],
];

/** One case per validation rule of UpdateLeadDto, including null for fields that cannot be empty. */
const UPDATE_CASES: [string, unknown, string][] = [
  ['customerName', '', 'empty'],
  ['customerName', null, 'null'],
  ['customerName', long(201), 'too long'],
  ['customerPhone', '12345', 'not a phone number'],
  ['customerPhone', null, 'null'],
  ['customerEmail', 'nobody', 'not an email'],
  ['addressLine1', '  ', 'blank'],
  ['addressLine1', null, 'null'],
  ['addressLine2', long(256), 'too long'],
  ['addressLine2', null, 'null'],
  ['city', '', 'empty'],
  ['city', null, 'null'],
  ['state', '', 'empty'],
  ['state', null, 'null'],
  ['pincode', '4110', 'too short'],
  ['pincode', null, 'null'],
  ['latitude', -91, 'out of range'],
  ['longitude', 'east', 'not a coordinate'],
  ['latitude', '19,1', 'a string with a decimal comma'],
  ['longitude', '73.85', 'a number in a string'],
  ['chargerModel', long(101), 'too long'],
  ['sourceId', -1, 'below 1'],
  ['sourceId', null, 'null'],
  ['sourceId', 3_000_000_000, 'past the integer range of a source id'],
  ['assignedToId', 'me', 'not a uuid'],
  ['introCallCompleted', 'yes', 'not a boolean'],
  ['introCallCompleted', null, 'null'],
  ['status', 'closed', 'status changes go through transitions'],
  ['oemId', '00000000-0000-4000-8000-000000000000', 'the OEM cannot change'],
  ['externalRef', 'X-1', 'the OEM reference cannot change'],
];

const TRANSITION_CASES: [string, unknown, string][] = [
  ['to', undefined, 'missing'],
  ['to', 'won', 'not a status'],
  ['to', null, 'null'],
  ['reason', long(501), 'too long'],
  ['reason', 5, 'not a string'],
  ['note', 5, 'not a string'],
  ['comment', 'hello', 'unknown field'],
];

const QUERY_CASES: [string, string, string][] = [
  ['status', 'won', 'not a status'],
  ['oemId', 'abc', 'not a uuid'],
  ['sourceId', 'abc', 'not a number'],
  ['sourceId', '0', 'below 1'],
  ['sourceId', '3000000000', 'past the integer range of a source id'],
  ['assignedToId', '123', 'not a uuid'],
  ['city', long(101), 'too long'],
  ['state', long(101), 'too long'],
  ['pincode', '012345', 'leading zero'],
  ['createdFrom', 'yesterday', 'not ISO 8601'],
  ['createdTo', '2026-13-01', 'not a date'],
  // ISO 8601 forms that `new Date()` cannot read (an Invalid Date reached the database).
  ['createdFrom', '20260101', 'ISO 8601 basic format'],
  ['createdFrom', '2026-W03-1', 'an ISO week date'],
  ['createdTo', '2026-123', 'an ordinal date'],
  ['createdTo', '2026-01-01T10:00:00,5Z', 'a decimal comma'],
  ['updatedFrom', '2026-01-01T10', 'hours only'],
  ['updatedFrom', '2026-02-30', 'no such day'],
  ['createdFrom', '9999-12-31T23:59:59-05:00', 'past year 9999 in UTC'],
  ['q', '', 'empty'],
  ['q', long(201), 'too long'],
  ['limit', '0', 'below 1'],
  ['limit', '101', 'above 100'],
  ['cursor', long(501), 'too long'],
  ['withTotal', 'yes', 'not a boolean'],
  ['sort', 'name', 'unknown parameter'],
];

describe('isIsoInstant: the instants the time filters take (leads, export, reports, audit events)', () => {
  it.each(['2026-01-01', '2024-02-29', '2026-01-01T10:00', '2026-01-01T10:00:00', '2026-01-01T10:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:00+05:30', '2026-01-01T10:00:00.5-0530', '0001-01-01', '0400-02-29', '9999-12-31T23:59:59.999Z'])(
    'takes %s',
    (value) => expect(isIsoInstant(value)).toBe(true),
  );

  it.each([
    ['20260101', 'basic format'],
    ['2026-W03-1', 'a week date'],
    ['2026-123', 'an ordinal date'],
    ['2026-01-01T10:00:00,5Z', 'a decimal comma'],
    ['2026-01-01T10', 'hours only'],
    ['2026-01-01t10:00z', 'lower-case designators'],
    ['2026-02-29', 'not a leap year'],
    ['0100-02-29', 'not a leap year'],
    ['2026-13-01', 'no 13th month'],
    ['2026-01-01T24:00:00Z', 'hour 24'],
    ['2026-01-01T23:59:60Z', 'a leap second'],
    ['2026-01-01T10:00:00+24:00', 'an offset of a day'],
    ['0000-12-31', 'year 0'],
    ['0001-01-01T00:00:00+05:30', 'year 0 in UTC'],
    ['9999-12-31T23:59:59-05:00', 'year 10000 in UTC'],
    [' 2026-01-01', 'a leading space'],
  ])('refuses %s (%s)', (value) => expect(isIsoInstant(value)).toBe(false));
});

describe('lead input validation: 400 problem+json naming the field', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let lead: LeadResponseDto;
  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    lead = await t.factory.lead(oem);
  });
  afterAll(() => t.close());

  const withField = (base: object, field: string, value: unknown) => {
    const body: Record<string, unknown> = { ...base };
    if (value === undefined) delete body[field];
    else body[field] = value;
    return body;
  };

  it.each(CREATE_CASES)('POST /leads with %s %j (%s)', async (field, value) => {
    const as = field === 'oemId' ? ops : oem;
    const res = await request(t.server).post(LEADS).set('Authorization', as.auth).send(withField(t.factory.leadPayload(), field, value));
    const problem = expectProblem(res, 400, { code: 'VALIDATION_FAILED', field });
    expect(problem.errors?.every((e) => typeof e.message === 'string' && e.message.length > 0)).toBe(true);
    expect(problem).toHaveProperty('requestId');
    expect(problem.instance).toBe(LEADS);
  });

  it.each(UPDATE_CASES)('PATCH /leads/{id} with %s %j (%s)', async (field, value) => {
    expectProblem(await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).send({ [field]: value }), 400, { code: 'VALIDATION_FAILED', field });
  });

  it('a rejected PATCH changes nothing', async () => {
    const read = await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200);
    expect(read.body).toMatchObject({ version: 1, customerName: lead.customerName, status: 'new' });
  });

  it.each(TRANSITION_CASES)('POST /leads/{id}/transitions with %s %j (%s)', async (field, value) => {
    const res = await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send(withField({ to: 'contacted' }, field, value));
    expectProblem(res, 400, { code: 'VALIDATION_FAILED', field });
  });

  it.each(QUERY_CASES)('GET /leads?%s=%j (%s)', async (field, value) => {
    expectProblem(await request(t.server).get(LEADS).query({ [field]: value }).set('Authorization', ops.auth), 400, { code: 'VALIDATION_FAILED', field });
  });

  it('GET /leads takes an instant as a date, or a date-time to the minute, second or fraction, in UTC or with an offset', async () => {
    for (const instant of ['2026-01-01', '2026-01-01T10:00:00', '2026-01-01T10:00Z', '2026-01-01T10:00:00Z', '2026-01-01T10:00:00.123456Z', '2026-01-01T10:00:00+05:30', '2026-01-01T10:00:00.5-0530', '0001-01-01', '9999-12-31T23:59:59.999Z']) {
      const res = await request(t.server).get(LEADS).query({ createdFrom: instant, createdTo: instant, updatedFrom: instant }).set('Authorization', ops.auth);
      expect(res.status, `${instant}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('the export and the reports refuse the dates the list refuses, naming the field', async () => {
    for (const url of [`${LEADS}/export`, '/api/v1/reports/leads/summary', '/api/v1/reports/leads/funnel']) {
      expectProblem(await request(t.server).get(url).query({ createdFrom: '20260101' }).set('Authorization', ops.auth), 400, { code: 'VALIDATION_FAILED', field: 'createdFrom' });
      expectProblem(await request(t.server).get(url).query({ updatedFrom: '2026-W03-1' }).set('Authorization', ops.auth), 400, { code: 'VALIDATION_FAILED', field: 'updatedFrom' });
    }
  });

  it('a lead whose coordinates were refused as strings was not stored: the list still reads', async () => {
    const before = (await request(t.server).get(LEADS).query({ withTotal: 'true' }).set('Authorization', oem.auth).expect(200)).body.total as number;
    expectProblem(await request(t.server).post(LEADS).set('Authorization', oem.auth).send({ ...t.factory.leadPayload(), latitude: '19,1', longitude: '72,8' }), 400, { field: 'latitude' });
    const after = await request(t.server).get(LEADS).query({ withTotal: 'true' }).set('Authorization', oem.auth).expect(200);
    expect(after.body.total).toBe(before);
  });

  it('GET /leads/{id}/events rejects unknown parameters too', async () => {
    expectProblem(await request(t.server).get(`${LEADS}/${lead.id}/events`).query({ type: 'created' }).set('Authorization', ops.auth), 400, { field: 'type' });
  });

  it('names every offending field at once', async () => {
    const res = await request(t.server)
      .post(LEADS)
      .set('Authorization', oem.auth)
      .send({ ...t.factory.leadPayload(), customerPhone: 'nope', pincode: '0', extra: true });
    const fields = expectProblem(res, 400).errors?.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['customerPhone', 'pincode', 'extra']));
  });

  it('a body of 5,000 unknown keys is one 400 listing the first 50, and leaves nothing behind for the next (hostile bodies do not grow the server)', async () => {
    const body: Record<string, unknown> = { ...t.factory.leadPayload() };
    for (let i = 0; i < 5_000; i++) body[`k${i}`] = 0;
    for (let round = 0; round < 2; round++) {
      const res = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(body);
      const problem = expectProblem(res, 400, { code: 'VALIDATION_FAILED' });
      expect(problem.errors).toHaveLength(MAX_FIELD_ERRORS);
      expect(problem.detail).toMatch(/; and 4950 more$/);
      expect(JSON.stringify(res.body).length).toBeLessThan(20_000);
    }
    expect(plannedKeyCount(CreateLeadDto)).toBeLessThanOrEqual(256);
    await request(t.server).post(LEADS).set('Authorization', oem.auth).send(t.factory.leadPayload()).expect(201);
  });

  it('a body of another type (curl -d sends form-encoded) is 415 UNSUPPORTED_MEDIA_TYPE, not a PATCH that changes nothing', async () => {
    const body = JSON.stringify({ customerName: 'Asha Form' });
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/merge-patch+json']) {
      expectProblem(await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).set('Content-Type', type).send(body), 415, { code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    expectProblem(await request(t.server).post(LEADS).set('Authorization', oem.auth).set('Content-Type', 'text/csv').send('customerName\nAsha'), 415, { code: 'UNSUPPORTED_MEDIA_TYPE' });
    expect((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body.customerName).toBe(lead.customerName);
  });

  it('a JSON body in Latin-1 ("José" as one byte 0xE9) is 400 MALFORMED_JSON, not a lead named "Jos\uFFFD"', async () => {
    const json = JSON.stringify({ ...t.factory.leadPayload(), customerName: 'José Latin' });
    const latin1 = Buffer.from(json, 'latin1');
    const raw = (bytes: Buffer) => request(t.server).post(LEADS).set('Authorization', oem.auth).set('Content-Type', 'application/json').serialize((body) => body).send(bytes);
    const res = await raw(latin1);
    expectProblem(res, 400, { code: 'MALFORMED_JSON' });
    expect((await raw(Buffer.from(json, 'utf8')).expect(201)).body.customerName).toBe('José Latin');
  });

  it('a body that is not JSON is 400 MALFORMED_JSON', async () => {
    const res = await request(t.server).post(LEADS).set('Authorization', oem.auth).set('Content-Type', 'application/json').send('{"customerName": ');
    expectProblem(res, 400, { code: 'MALFORMED_JSON' });
  });
});
