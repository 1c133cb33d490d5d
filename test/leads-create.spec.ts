import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadSource } from '../src/leads/entities/lead-source.entity.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { Pincode } from '../src/reference-data/entities/pincode.entity.js';
import { LeadSourcesService } from '../src/leads/lead-sources.service.js';
import { PincodeImporter } from '../src/reference-data/pincode-importer.service.js';
import { PincodeDirectory } from '../src/reference-data/pincode-directory.service.js';
import { allEvents, expectProblem, LEAD_SOURCES, LEADS } from './support/lead-helpers.js';
import { stopClock } from './support/clock.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('POST /leads: who creates for whom, and from which source', () => {
  let t: TestApp;
  let oem: TestUser;
  let otherOem: TestUser;
  let ops: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, otherOem, ops, admin] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops'), t.factory.user('admin')]);
  });
  afterAll(() => t.close());

  const post = (auth: { header: string; value: string }, body: object) => request(t.server).post(LEADS).set(auth.header, auth.value).send(body);
  const bearer = (u: TestUser) => ({ header: 'Authorization', value: u.auth });

  it('an OEM signed in with a bearer token creates a lead for itself: 201, status new, source "OEM API"', async () => {
    const payload = t.factory.leadPayload({ pincode: '400001', city: 'Mumbai', state: 'Maharashtra' });
    const res = await post(bearer(oem), payload).expect(201);
    expect(res.body).toMatchObject({
      oemId: oem.user.id,
      oem: { id: oem.user.id, fullName: oem.user.fullName },
      customerName: payload.customerName,
      customerPhone: payload.customerPhone,
      customerEmail: payload.customerEmail,
      addressLine1: payload.addressLine1,
      addressLine2: '',
      city: 'Mumbai',
      state: 'Maharashtra',
      pincode: '400001',
      chargerModel: payload.chargerModel,
      status: 'new',
      introCallCompleted: false,
      assignedToId: null,
      possibleDuplicateOfId: null,
      externalRef: null,
      source: { name: 'OEM API', sourceType: 'api' },
      version: 1,
    });
    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), res.body.id);
    expect(events).toMatchObject([{ type: 'created', toStatus: 'new', actorUserId: oem.user.id, actorApiKeyId: null }]);
  });

  it('gives each new lead a time-ordered UUIDv7 id (RFC 9562): ids sort in creation order and start with the creation millisecond', async () => {
    const leads: Array<{ id: string; createdAt: string }> = [];
    for (let i = 0; i < 3; i += 1) leads.push((await post(bearer(oem), t.factory.leadPayload()).expect(201)).body);
    for (const lead of leads) {
      expect(lead.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      const idMs = parseInt(lead.id.replace(/-/g, '').slice(0, 12), 16);
      expect(idMs - Date.parse(lead.createdAt)).toBeGreaterThanOrEqual(0);
      expect(idMs - Date.parse(lead.createdAt)).toBeLessThan(1000);
    }
    expect(leads.map((lead) => lead.id)).toEqual(leads.map((lead) => lead.id).sort());
  });

  it('an OEM creates through its X-API-Key; the timeline names the key', async () => {
    const key = await t.factory.apiKey(oem, 'crm-sync');
    const res = await post({ header: 'X-API-Key', value: key }, t.factory.leadPayload()).expect(201);
    expect(res.body.oemId).toBe(oem.user.id);
    const events = await allEvents((url) => request(t.server).get(url).set('X-API-Key', key), res.body.id);
    expect(events).toHaveLength(1);
    expect(events[0].actorUserId).toBe(oem.user.id);
    expect(events[0].actorApiKeyId).toEqual(expect.any(String));
  });

  it('an OEM may not name oemId, not another OEM and not even its own: 400 naming oemId', async () => {
    expectProblem(await post(bearer(oem), t.factory.leadPayload({ oemId: otherOem.user.id })), 400, { code: 'VALIDATION_FAILED', field: 'oemId' });
    expectProblem(await post(bearer(oem), t.factory.leadPayload({ oemId: oem.user.id })), 400, { field: 'oemId' });
    const list = await request(t.server).get(`${LEADS}?withTotal=true`).set('Authorization', otherOem.auth).expect(200);
    expect(list.body.total).toBe(0);
  });

  it('Central Ops and admin must name an active OEM as oemId', async () => {
    for (const staff of [ops, admin]) {
      expectProblem(await post(bearer(staff), t.factory.leadPayload()), 400, { field: 'oemId' });
      expectProblem(await post(bearer(staff), t.factory.leadPayload({ oemId: '00000000-0000-4000-8000-000000000000' })), 400, { field: 'oemId' });
      expectProblem(await post(bearer(staff), t.factory.leadPayload({ oemId: ops.user.id })), 400, { field: 'oemId' });
      const res = await post(bearer(staff), t.factory.leadPayload({ oemId: otherOem.user.id })).expect(201);
      expect(res.body.oemId).toBe(otherOem.user.id);
      expect(res.body.source.name).toBe('OEM API');
    }
    const retired = await t.factory.user('oem');
    await t.factory.deactivate(retired);
    expectProblem(await post(bearer(ops), t.factory.leadPayload({ oemId: retired.user.id })), 400, { field: 'oemId' });
  });

  it('field technicians may not create leads (403) and anonymous callers are turned away (401)', async () => {
    const tech = await t.factory.user('field_technician');
    expectProblem(await post(bearer(tech), t.factory.leadPayload({ oemId: oem.user.id })), 403);
    expectProblem(await request(t.server).post(LEADS).send(t.factory.leadPayload()), 401);
    expectProblem(await post({ header: 'X-API-Key', value: 'not-a-key' }, t.factory.leadPayload()), 401);
  });

  it("sourceId defaults to the OEM's own api source, for the OEM and for Central Ops alike", async () => {
    const brand = await t.factory.user('oem');
    await t.factory.leadSource({ oemId: brand.user.id, sourceType: 'portal', name: 'Brand portal' });
    const api = await t.factory.leadSource({ oemId: brand.user.id, sourceType: 'api', name: 'Brand direct API' });
    const byOem = await post(bearer(brand), t.factory.leadPayload()).expect(201);
    expect(byOem.body.sourceId).toBe(api.id);
    expect(byOem.body.source).toEqual({ id: api.id, name: 'Brand direct API', sourceType: 'api' });
    const byOps = await post(bearer(ops), t.factory.leadPayload({ oemId: brand.user.id })).expect(201);
    expect(byOps.body.sourceId).toBe(api.id);
  });

  it('an explicit sourceId may be the OEM\'s own or a shared one; a foreign or unknown one is 400 naming sourceId', async () => {
    const brand = await t.factory.user('oem');
    const own = await t.factory.leadSource({ oemId: brand.user.id, sourceType: 'portal' });
    const foreign = await t.factory.leadSource({ oemId: oem.user.id, sourceType: 'api' });
    const sources = (await request(t.server).get(LEAD_SOURCES).set('Authorization', admin.auth).expect(200)).body as { id: number; name: string }[];
    const shared = sources.find((s) => s.name === 'OEM portal');
    expect(shared).toBeDefined();

    expect((await post(bearer(brand), t.factory.leadPayload({ sourceId: own.id })).expect(201)).body.source.id).toBe(own.id);
    expect((await post(bearer(brand), t.factory.leadPayload({ sourceId: shared?.id })).expect(201)).body.source.name).toBe('OEM portal');
    expectProblem(await post(bearer(brand), t.factory.leadPayload({ sourceId: foreign.id })), 400, { field: 'sourceId' });
    expectProblem(await post(bearer(ops), t.factory.leadPayload({ oemId: brand.user.id, sourceId: foreign.id })), 400, { field: 'sourceId' });
    expectProblem(await post(bearer(brand), t.factory.leadPayload({ sourceId: 999_999 })), 400, { field: 'sourceId' });
  });
});

describe('POST /leads: phone numbers, pincodes, states and coordinates', () => {
  let t: TestApp;
  let oem: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    oem = await t.factory.user('oem');
  });
  afterAll(() => t.close());

  const create = (overrides: object) => request(t.server).post(LEADS).set('Authorization', oem.auth).send(t.factory.leadPayload(overrides));

  it.each(['98123 45678', '+91 98123-45678', '09812345678', '+919812345678', '919812345678', '(+91) 9812 345 678'])(
    'stores %j as +919812345678',
    async (phone) => {
      const res = await create({ customerPhone: phone }).expect(201);
      expect(res.body.customerPhone).toBe('+919812345678');
    },
  );

  it.each(['12345', '+915555555555', '+91987654321', '+999123456789', '98123', 'call me', '+91 98123 45678 99', '0000000000'])('rejects the phone %j: 400 naming customerPhone', async (phone) => {
    expectProblem(await create({ customerPhone: phone }), 400, { code: 'VALIDATION_FAILED', field: 'customerPhone' });
  });

  it.each(['41100', '011001', '4110011', '41100A', ''])('rejects the malformed pincode %j: 400 naming pincode', async (pincode) => {
    expectProblem(await create({ pincode }), 400, { field: 'pincode' });
  });

  it('rejects a well-formed pincode the India Post directory does not know: 400 naming pincode', async () => {
    expectProblem(await create({ pincode: '999999' }), 400, { field: 'pincode' });
  });

  it('rejects a state the pincode does not lie in, by name or by ISO code: 400 naming state', async () => {
    expectProblem(await create({ pincode: '411001', city: 'Pune', state: 'Karnataka' }), 400, { field: 'state' });
    expectProblem(await create({ pincode: '411001', city: 'Pune', state: 'IN-KA' }), 400, { field: 'state' });
  });

  it('stores a state given as ISO code, or in another case, under its directory name', async () => {
    expect((await create({ pincode: '411001', city: 'Pune', state: 'IN-MH' }).expect(201)).body.state).toBe('Maharashtra');
    expect((await create({ pincode: '600001', city: 'Chennai', state: 'tamil nadu' }).expect(201)).body.state).toBe('Tamil Nadu');
    expect((await create({ pincode: '500001', city: 'Hyderabad', state: 'in-ts' }).expect(201)).body.state).toBe('Telangana');
  });

  it('fills missing latitude/longitude from the directory and keeps given ones', async () => {
    const filled = await create({ pincode: '560001', city: 'Bengaluru', state: 'Karnataka' }).expect(201);
    expect(filled.body.latitude).toBeCloseTo(12.981803, 6);
    expect(filled.body.longitude).toBeCloseTo(77.594373, 6);
    const given = await create({ pincode: '560001', city: 'Bengaluru', state: 'Karnataka', latitude: 12.9716, longitude: 77.5946 }).expect(201);
    expect(given.body.latitude).toBeCloseTo(12.9716, 6);
    expect(given.body.longitude).toBeCloseTo(77.5946, 6);
    const read = await request(t.server).get(`${LEADS}/${given.body.id}`).set('Authorization', oem.auth).expect(200);
    expect(read.body.latitude).toBeCloseTo(12.9716, 6);
  });

  it('accepts a pincode written with a space', async () => {
    expect((await create({ pincode: '110 001', city: 'New Delhi', state: 'Delhi' }).expect(201)).body.pincode).toBe('110001');
  });
});

describe('POST /leads without the pincode directory loaded', () => {
  let t: TestApp;
  let oem: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    oem = await t.factory.user('oem');
  });
  afterAll(() => t.close());

  it('accepts a well-formed pincode it cannot check, with no coordinates unless given', async () => {
    const res = await request(t.server)
      .post(LEADS)
      .set('Authorization', oem.auth)
      .send(t.factory.leadPayload({ pincode: '999999', city: 'Nowhere', state: 'Maharashtra' }))
      .expect(201);
    expect(res.body).toMatchObject({ pincode: '999999', state: 'Maharashtra', latitude: null, longitude: null });
    const withCoords = await request(t.server)
      .post(LEADS)
      .set('Authorization', oem.auth)
      .send(t.factory.leadPayload({ pincode: '999998', latitude: 19.1, longitude: 72.9 }))
      .expect(201);
    expect(withCoords.body).toMatchObject({ latitude: 19.1, longitude: 72.9 });
  });

  it('still rejects a malformed pincode', async () => {
    expectProblem(await request(t.server).post(LEADS).set('Authorization', oem.auth).send(t.factory.leadPayload({ pincode: '09999' })), 400, { field: 'pincode' });
  });
});

describe('POST /leads: idempotent ingestion by externalRef', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(() => t.close());

  const count = async (externalRef: string, as: TestUser = ops) =>
    (await request(t.server).get(LEADS).query({ q: externalRef, withTotal: 'true' }).set('Authorization', as.auth).expect(200)).body.total as number;

  it('re-sending the same payload answers 200 with the same lead and creates nothing', async () => {
    const payload = t.factory.leadPayload({ externalRef: 'TM-1001' });
    const first = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(201);
    const again = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(200);
    expect(again.body.id).toBe(first.body.id);
    expect(again.body).toEqual(first.body);
    const key = await t.factory.apiKey(oem);
    const viaKey = await request(t.server).post(LEADS).set('X-API-Key', key).send(payload).expect(200);
    expect(viaKey.body.id).toBe(first.body.id);
    expect(await count('TM-1001')).toBe(1);
    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), first.body.id);
    expect(events.map((e) => e.type)).toEqual(['created']);
  });

  it('treats the same payload with the phone written differently as the same payload', async () => {
    const payload = t.factory.leadPayload({ externalRef: 'TM-1002', customerPhone: '98765 43210' });
    const first = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(201);
    const again = await request(t.server).post(LEADS).set('Authorization', oem.auth).send({ ...payload, customerPhone: '+919876543210' }).expect(200);
    expect(again.body.id).toBe(first.body.id);
  });

  it('the same externalRef with different data is 409 LEAD_EXTERNAL_REF_CONFLICT and leaves the lead alone', async () => {
    const payload = t.factory.leadPayload({ externalRef: 'TM-1003' });
    const first = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(201);
    const conflict = expectProblem(await request(t.server).post(LEADS).set('Authorization', oem.auth).send({ ...payload, customerName: 'Someone Else' }), 409, {
      code: 'LEAD_EXTERNAL_REF_CONFLICT',
    });
    expect(conflict.leadId).toBe(first.body.id);
    const read = await request(t.server).get(`${LEADS}/${first.body.id}`).set('Authorization', oem.auth).expect(200);
    expect(read.body.customerName).toBe(payload.customerName);
    expect(await count('TM-1003')).toBe(1);
  });

  it('externalRef is unique per OEM: another OEM may use the same one', async () => {
    const other = await t.factory.user('oem');
    const payload = t.factory.leadPayload({ externalRef: 'SHARED-7' });
    const a = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(201);
    const b = await request(t.server).post(LEADS).set('Authorization', other.auth).send(payload).expect(201);
    expect(b.body.id).not.toBe(a.body.id);
    expect(await count('SHARED-7')).toBe(2);
    expect(await count('SHARED-7', other)).toBe(1);
  });

  it('10 concurrent identical requests create exactly one lead: one 201, nine 200, one created event', async () => {
    const key = await t.factory.apiKey(oem);
    const payload = t.factory.leadPayload({ externalRef: 'BURST-1' });
    const responses = await Promise.all(Array.from({ length: 10 }, () => request(t.server).post(LEADS).set('X-API-Key', key).send(payload)));
    const statuses = responses.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    const ids = new Set(responses.map((r) => r.body.id as string));
    expect(ids.size).toBe(1);
    expect(await count('BURST-1')).toBe(1);
    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), [...ids][0]);
    expect(events.filter((e) => e.type === 'created')).toHaveLength(1);
  });
});

describe('POST /leads answers exactly what GET /leads/{id} then reads', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let key: string;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    key = await t.factory.apiKey(oem);
  });
  afterAll(() => t.close());

  /** POSTs `payload` as `as` and compares the body with that caller's GET of the new lead. */
  async function expectPostEqualsGet(as: { header: string; value: string }, payload: object, status = 201) {
    const posted = await request(t.server).post(LEADS).set(as.header, as.value).send(payload).expect(status);
    const read = await request(t.server).get(`${LEADS}/${posted.body.id}`).set(as.header, as.value).expect(200);
    expect(posted.body).toEqual(read.body);
    return posted.body;
  }

  it('for an OEM through its API key and its bearer token, and for Central Ops naming the OEM', async () => {
    await expectPostEqualsGet({ header: 'X-API-Key', value: key }, t.factory.leadPayload({ externalRef: 'EQ-1' }));
    await expectPostEqualsGet({ header: 'Authorization', value: oem.auth }, t.factory.leadPayload());
    const byOps = await expectPostEqualsGet({ header: 'Authorization', value: ops.auth }, t.factory.leadPayload({ oemId: oem.user.id, addressLine2: 'Near the temple' }));
    expect(byOps.allowedTransitions).not.toEqual([]);
  });

  it('with coordinates as stored (numeric(9,6) rounds on PostgreSQL), given or filled from the directory', async () => {
    const given = [
      { latitude: 12.97161234567, longitude: 77.59461299999 },
      { latitude: 19.0000005, longitude: 72.9999995 },
      { latitude: 12, longitude: 77 },
      { latitude: -12.0000005, longitude: -77.1234565 },
    ];
    for (const coordinates of given) {
      const body = await expectPostEqualsGet({ header: 'X-API-Key', value: key }, t.factory.leadPayload({ pincode: '560001', city: 'Bengaluru', state: 'Karnataka', ...coordinates }));
      expect(body.latitude).toBeCloseTo(coordinates.latitude, 5);
    }
    const filled = await expectPostEqualsGet({ header: 'X-API-Key', value: key }, t.factory.leadPayload({ pincode: '411001', city: 'Pune', state: 'IN-MH' }));
    expect(filled).toMatchObject({ state: 'Maharashtra', latitude: 18.511528, longitude: 73.87825 });
  });

  it('with an explicit source, a flagged duplicate, and for a replay', async () => {
    const source = await t.factory.leadSource({ oemId: oem.user.id, sourceType: 'portal' });
    const payload = t.factory.leadPayload({ sourceId: source.id, externalRef: 'EQ-2', customerPhone: '+919833300001', pincode: '411001', city: 'Pune', state: 'Maharashtra' });
    const first = await expectPostEqualsGet({ header: 'X-API-Key', value: key }, payload);
    expect(first.source).toEqual({ id: source.id, name: source.name, sourceType: 'portal' });
    const duplicate = await expectPostEqualsGet({ header: 'X-API-Key', value: key }, { ...payload, externalRef: 'EQ-3' });
    expect(duplicate.possibleDuplicateOfId).toBe(first.id);
    expect(await expectPostEqualsGet({ header: 'X-API-Key', value: key }, payload, 200)).toEqual(first);
  });
});

describe('POST /leads: lead sources and pincodes read from memory', () => {
  let t: TestApp;
  let admin: TestUser;
  let brand: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [admin, brand] = await Promise.all([t.factory.user('admin'), t.factory.user('oem')]);
  });
  afterAll(() => t.close());

  const create = (overrides: object = {}) => request(t.server).post(LEADS).set('Authorization', brand.auth).send(t.factory.leadPayload(overrides));
  const db = () => t.app.get(DataSource);

  it('a source created or changed through the API applies to the very next lead', async () => {
    expect((await create().expect(201)).body.source.name).toBe('OEM API');
    const own = (await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'Brand DMS', oemId: brand.user.id, sourceType: 'api' }).expect(201)).body;
    expect((await create().expect(201)).body.source).toEqual({ id: own.id, name: 'Brand DMS', sourceType: 'api' });
    await request(t.server).patch(`${LEAD_SOURCES}/${own.id}`).set('Authorization', admin.auth).send({ name: 'Brand DMS v2' }).expect(200);
    expect((await create().expect(201)).body.source.name).toBe('Brand DMS v2');
    await request(t.server).patch(`${LEAD_SOURCES}/${own.id}`).set('Authorization', admin.auth).send({ oemId: null }).expect(200);
    expect((await create().expect(201)).body.source.name).toBe('OEM API');
  });

  it('a source added through another replica (straight in the database) can be named at once and becomes the default within REFERENCE_CACHE_TTL_SECONDS', async () => {
    const other = await t.factory.user('oem');
    const as = (overrides: object = {}) => request(t.server).post(LEADS).set('Authorization', other.auth).send(t.factory.leadPayload(overrides));
    const clock = stopClock(t.app);
    // As if a change had just been made here: the snapshot is read at `clock.start`.
    t.app.get(LeadSourcesService).forgetSnapshot();
    expect((await as().expect(201)).body.source.name).toBe('OEM API');
    await db().getRepository(LeadSource).save({ name: 'Other DMS', oemId: other.user.id, sourceType: 'api' });
    const ttl = t.config.referenceCacheTtlSeconds * 1000;
    clock.advanceTo(ttl - 1);
    expect((await as().expect(201)).body.source.name).toBe('OEM API');
    clock.advanceTo(ttl);
    expect((await as().expect(201)).body.source.name).toBe('Other DMS');
    const named = await db().getRepository(LeadSource).save({ name: 'Other portal', oemId: other.user.id, sourceType: 'portal' });
    expect((await as({ sourceId: named.id }).expect(201)).body.source.id).toBe(named.id);
  });

  it('a source moved to another OEM through another replica is refused in the creating transaction, and nothing is stored', async () => {
    const own = await t.factory.leadSource({ oemId: brand.user.id, sourceType: 'portal' });
    await create({ sourceId: own.id }).expect(201);
    const stranger = await t.factory.user('oem');
    await db().getRepository(LeadSource).update({ id: own.id }, { oemId: stranger.user.id });
    const count = () => db().getRepository(Lead).countBy({ sourceId: own.id });
    const before = await count();
    expectProblem(await create({ sourceId: own.id }), 400, { field: 'sourceId' });
    expectProblem(await create({ sourceId: own.id }), 400, { field: 'sourceId' });
    expect(await count()).toBe(before);
  });

  it('a pincode import in this process applies to the very next lead', async () => {
    expect((await create({ pincode: '682001', city: 'Ernakulam', state: 'Kerala' }).expect(201)).body.latitude).toBe(9.965556);
    const dir = mkdtempSync(join(tmpdir(), 'chargeops-pincodes-'));
    try {
      const file = join(dir, 'pincodes.csv');
      writeFileSync(file, 'pincode,district,state_code,state,latitude,longitude,offices\n682001,Ernakulam,IN-KL,Kerala,9.9667,76.2833,1\n');
      await t.app.get(PincodeImporter).importFile(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await create({ pincode: '682001', city: 'Ernakulam', state: 'Kerala' }).expect(201)).body).toMatchObject({ latitude: 9.9667, longitude: 76.2833 });
  });

  it('a directory change made by another process applies within REFERENCE_CACHE_TTL_SECONDS', async () => {
    const kolkata = { pincode: '700001', city: 'Kolkata', state: 'West Bengal' };
    const clock = stopClock(t.app);
    // As if the directory had just been imported here: the snapshot is read at `clock.start`.
    t.app.get(PincodeDirectory).forgetEntries();
    expect((await create(kolkata).expect(201)).body.latitude).toBe(22.3443);
    await db().getRepository(Pincode).update({ pincode: '700001' }, { latitude: 22.5726 });
    const ttl = t.config.referenceCacheTtlSeconds * 1000;
    clock.advanceTo(ttl - 1);
    expect((await create(kolkata).expect(201)).body.latitude).toBe(22.3443);
    clock.advanceTo(ttl);
    expect((await create(kolkata).expect(201)).body.latitude).toBe(22.5726);
  });

  it('a pincode another process imports after the directory was read is accepted at once', async () => {
    const pincodes = db().getRepository(Pincode);
    const kolkata = await pincodes.findOneByOrFail({ pincode: '700001' });
    await pincodes.delete({ pincode: '700001' });
    try {
      t.app.get(PincodeDirectory).forgetEntries();
      const lead = { pincode: '700001', city: 'Kolkata', state: 'West Bengal' };
      expectProblem(await create(lead), 400, { field: 'pincode' });
      await pincodes.insert(kolkata);
      expect((await create(lead).expect(201)).body).toMatchObject({ pincode: '700001', state: 'West Bengal' });
    } finally {
      await pincodes.upsert(kolkata, ['pincode']);
    }
  });
});
