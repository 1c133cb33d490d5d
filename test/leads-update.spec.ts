import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { LeadsRepository } from '../src/leads/leads.repository.js';
import type { TestUser } from './support/factory.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('GET /leads/{id} and PATCH /leads/{id}', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let admin: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, ops, admin] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops'), t.factory.user('admin')]);
  });
  afterAll(() => t.close());

  const get = (id: string, as: TestUser = ops) => request(t.server).get(`${LEADS}/${id}`).set('Authorization', as.auth);
  const patch = (id: string, body: object, ifMatch?: string, as: TestUser = ops) => {
    const req = request(t.server).patch(`${LEADS}/${id}`).set('Authorization', as.auth);
    if (ifMatch !== undefined) req.set('If-Match', ifMatch);
    return req.send(body);
  };
  const events = (id: string) => allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), id);
  const pune = () => t.factory.lead(oem, { pincode: '411001', city: 'Pune', state: 'Maharashtra' });

  it('GET sends ETag W/"<version>" to staff and to the owning OEM', async () => {
    const lead = await pune();
    const byOps = await get(lead.id).expect(200);
    expect(byOps.headers.etag).toBe('W/"1"');
    expect(byOps.body).toMatchObject({ id: lead.id, version: 1, allowedTransitions: ['contacted', 'on_hold', 'cancelled'] });
    expect((await get(lead.id, oem).expect(200)).headers.etag).toBe('W/"1"');
  });

  it('GET answers the lead to If-None-Match even with the current ETag (the version does not cover its jobs or SLA); lists carry no ETag', async () => {
    const lead = await pune();
    const fresh = await get(lead.id).set('If-None-Match', 'W/"1"').expect(200);
    expect(fresh.headers.etag).toBe('W/"1"');
    expect(fresh.body).toMatchObject({ id: lead.id, version: 1 });
    const list = await request(t.server).get(LEADS).set('Authorization', ops.auth).expect(200);
    expect(list.headers.etag).toBeUndefined();
  });

  it('GET of an unknown or malformed id is 404, with no ETag', async () => {
    const unknown = await get('00000000-0000-4000-8000-000000000000');
    expectProblem(unknown, 404, { code: 'LEAD_NOT_FOUND' });
    expect(unknown.headers.etag).toBeUndefined();
    expectProblem(await get('not-a-uuid'), 404, { code: 'LEAD_NOT_FOUND' });
  });

  it('PATCH with the current If-Match answers 200 with the new ETag; the stale one then answers 412 and changes nothing', async () => {
    const lead = await pune();
    const etag = (await get(lead.id)).headers.etag;
    const ok = await patch(lead.id, { customerName: 'Corrected Name' }, etag).expect(200);
    expect(ok.headers.etag).toBe('W/"2"');
    expect(ok.body).toMatchObject({ customerName: 'Corrected Name', version: 2 });
    expect((await get(lead.id)).headers.etag).toBe('W/"2"');

    const staleAnswer = await patch(lead.id, { customerName: 'Lost Update' }, etag);
    const stale = expectProblem(staleAnswer, 412, { code: 'LEAD_PRECONDITION_FAILED' });
    expect(stale.currentVersion).toBe(2);
    // The problem names the current version in its body, not as the answer's ETag.
    expect(staleAnswer.headers.etag).toBeUndefined();
    expect((await get(lead.id)).body.customerName).toBe('Corrected Name');

    // The strong form, `*` and no If-Match at all are accepted; an ETag that is no version of ours is not.
    await patch(lead.id, { city: 'Pune City' }, '"2"').expect(200);
    await patch(lead.id, { city: 'Pune' }, '*').expect(200);
    await patch(lead.id, { chargerModel: '22 kW AC Wallbox' }).expect(200);
    expectProblem(await patch(lead.id, { city: 'Elsewhere' }, 'W/"abc"'), 412, { code: 'LEAD_PRECONDITION_FAILED' });
    expect((await get(lead.id)).body).toMatchObject({ city: 'Pune', chargerModel: '22 kW AC Wallbox', version: 5 });
  });

  it('of two concurrent PATCHes with the same If-Match exactly one wins; the other gets 412', async () => {
    const lead = await pune();
    const [a, b] = await Promise.all([patch(lead.id, { customerName: 'Writer A' }, 'W/"1"'), patch(lead.id, { customerName: 'Writer B' }, 'W/"1"')]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? 'Writer A' : 'Writer B';
    expect((await get(lead.id)).body).toMatchObject({ customerName: winner, version: 2 });
    expect((await events(lead.id)).filter((e) => e.type === 'updated')).toHaveLength(1);
  });

  describe('when another request changes the lead between this PATCH\'s read and its write', () => {
    afterEach(() => vi.restoreAllMocks());

    /** The next PATCH reads the lead, then another writer commits a change before the PATCH writes (no sleeps: a hook on the read). */
    const changeAfterNextRead = (leadId: string) => {
      const repository = t.app.get(LeadsRepository);
      const read = repository.findVisible.bind(repository);
      vi.spyOn(repository, 'findVisible').mockImplementationOnce(async (...args) => {
        const lead = await read(...args);
        await t.app.get(DataSource).createQueryBuilder().update(Lead).set({ customerName: 'Other Writer', version: () => 'version + 1' }).where('id = :id', { id: leadId }).execute();
        return lead;
      });
    };

    it('without If-Match it answers 409 LEAD_CHANGED (it sent no precondition, so no 412) and writes nothing', async () => {
      const lead = await pune();
      changeAfterNextRead(lead.id);
      expectProblem(await patch(lead.id, { customerName: 'Writer A' }), 409, { code: 'LEAD_CHANGED' });
      expect((await get(lead.id)).body.customerName).not.toBe('Writer A');
      expect((await events(lead.id)).filter((e) => e.type === 'updated')).toEqual([]);
    });

    it('with the If-Match it read it still answers 412 LEAD_PRECONDITION_FAILED and writes nothing', async () => {
      const lead = await pune();
      const etag = (await get(lead.id)).headers.etag as string;
      changeAfterNextRead(lead.id);
      expectProblem(await patch(lead.id, { customerName: 'Writer B' }, etag), 412, { code: 'LEAD_PRECONDITION_FAILED' });
      expect((await get(lead.id)).body.customerName).not.toBe('Writer B');
      expect((await events(lead.id)).filter((e) => e.type === 'updated')).toEqual([]);
    });
  });

  it('records one updated event naming the changed fields, by the actor; unchanged values are not listed', async () => {
    const lead = await pune();
    await patch(lead.id, { customerName: 'Asha Verma', customerPhone: '98123 45678', addressLine2: 'Flat 4B', chargerModel: lead.chargerModel, city: 'Pune' }, undefined, admin).expect(200);
    const read = (await get(lead.id)).body;
    expect(read).toMatchObject({ customerName: 'Asha Verma', customerPhone: '+919812345678', addressLine2: 'Flat 4B' });
    const updated = (await events(lead.id)).filter((e) => e.type === 'updated');
    expect(updated).toHaveLength(1);
    expect(updated[0].actorUserId).toBe(admin.user.id);
    expect((updated[0].data?.fields as string[]).sort()).toEqual(['addressLine2', 'customerName', 'customerPhone']);
  });

  it('a PATCH that changes nothing keeps the version and writes no event', async () => {
    const lead = await pune();
    const res = await patch(lead.id, { customerName: lead.customerName, state: 'IN-MH' }, 'W/"1"').expect(200);
    expect(res.body.version).toBe(1);
    expect(res.headers.etag).toBe('W/"1"');
    expect((await events(lead.id)).map((e) => e.type)).toEqual(['created']);
  });

  it('email can be changed and cleared; charger model cleared', async () => {
    const lead = await pune();
    expect((await patch(lead.id, { customerEmail: '  New.Address@Example.IN ' }).expect(200)).body.customerEmail).toBe('new.address@example.in');
    const cleared = await patch(lead.id, { customerEmail: null, chargerModel: null }).expect(200);
    expect(cleared.body).toMatchObject({ customerEmail: null, chargerModel: null });
  });

  it('a new pincode is checked against the directory and refreshes the coordinates', async () => {
    const lead = await pune();
    const moved = await patch(lead.id, { pincode: '400001', city: 'Mumbai' }).expect(200);
    expect(moved.body).toMatchObject({ pincode: '400001', state: 'Maharashtra' });
    expect(moved.body.latitude).toBeCloseTo(18.936389, 6);
    expect(moved.body.longitude).toBeCloseTo(72.83554, 6);
    const updated = (await events(lead.id)).filter((e) => e.type === 'updated');
    expect((updated[0].data?.fields as string[]).sort()).toEqual(['city', 'latitude', 'longitude', 'pincode']);

    expectProblem(await patch(lead.id, { pincode: '560001' }), 400, { field: 'state' });
    expectProblem(await patch(lead.id, { pincode: '999999' }), 400, { field: 'pincode' });
    expectProblem(await patch(lead.id, { state: 'Karnataka' }), 400, { field: 'state' });
    const kar = await patch(lead.id, { pincode: '560001', state: 'IN-KA', city: 'Bengaluru', latitude: 12.97, longitude: 77.59 }).expect(200);
    expect(kar.body).toMatchObject({ pincode: '560001', state: 'Karnataka', latitude: 12.97, longitude: 77.59 });
    // The same pincode sent again with another field (a form posting every field) keeps the lead's own coordinates.
    const fixed = await patch(lead.id, { pincode: '560001', addressLine1: 'Flat 4B, Prestige Court' }).expect(200);
    expect(fixed.body).toMatchObject({ pincode: '560001', addressLine1: 'Flat 4B, Prestige Court', latitude: 12.97, longitude: 77.59 });
    const last = (await events(lead.id)).filter((e) => e.type === 'updated').at(-1);
    expect(last?.data?.fields).toEqual(['addressLine1']);
  });

  it('sourceId may move to a shared or the OEM\'s own source, not to another OEM\'s', async () => {
    const lead = await pune();
    const own = await t.factory.leadSource({ oemId: oem.user.id, sourceType: 'manual' });
    const foreign = await t.factory.leadSource({ oemId: (await t.factory.user('oem')).user.id });
    expect((await patch(lead.id, { sourceId: own.id }).expect(200)).body.source.id).toBe(own.id);
    expectProblem(await patch(lead.id, { sourceId: foreign.id }), 400, { field: 'sourceId' });
    expectProblem(await patch(lead.id, { sourceId: 999_999 }), 400, { field: 'sourceId' });
  });

  it('reassigning writes an assigned event (not updated) and bumps the version; null unassigns', async () => {
    const lead = await pune();
    const other = await t.factory.user('central_ops');
    const res = await patch(lead.id, { assignedToId: other.user.id }, 'W/"1"').expect(200);
    expect(res.body).toMatchObject({ assignedToId: other.user.id, assignedTo: { id: other.user.id, fullName: other.user.fullName }, version: 2 });
    await patch(lead.id, { assignedToId: ops.user.id, customerName: 'Renamed' }).expect(200);
    await patch(lead.id, { assignedToId: null }).expect(200);
    const timeline = await events(lead.id);
    expect(timeline.map((e) => e.type)).toEqual(['created', 'assigned', 'updated', 'assigned', 'assigned']);
    expect(timeline[1].data).toMatchObject({ assignedToId: other.user.id, previousAssignedToId: null });
    expect(timeline[2].data).toEqual({ fields: ['customerName'] });
    expect(timeline[3].data).toMatchObject({ assignedToId: ops.user.id, previousAssignedToId: other.user.id });
    expect(timeline[4].data).toMatchObject({ assignedToId: null, previousAssignedToId: ops.user.id });
    expect((await get(lead.id)).body).toMatchObject({ assignedToId: null, assignedTo: null });
  });

  it('assigning to anyone but an active Central Ops user is 400 naming assignedToId', async () => {
    const lead = await pune();
    const tech = await t.factory.user('field_technician');
    const gone = await t.factory.user('central_ops');
    await t.factory.deactivate(gone);
    for (const id of [oem.user.id, tech.user.id, admin.user.id, gone.user.id, '00000000-0000-4000-8000-000000000000']) {
      expectProblem(await patch(lead.id, { assignedToId: id }), 400, { field: 'assignedToId' });
    }
    expect((await get(lead.id)).body).toMatchObject({ assignedToId: null, version: 1 });
  });

  it.each(['cancelled', 'closed'] as const)('a %s lead cannot be edited: 409', async (status) => {
    const lead = await t.factory.leadInStatus(oem, ops, status);
    expectProblem(await patch(lead.id, { customerName: 'Too Late' }), 409, { code: 'LEAD_FINAL' });
    expectProblem(await patch(lead.id, { assignedToId: ops.user.id }), 409, { code: 'LEAD_FINAL' });
    expect((await get(lead.id)).body.customerName).toBe(lead.customerName);
  });

  it('a lead on hold can still be edited', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'on_hold');
    await patch(lead.id, { addressLine1: '12 MG Road' }).expect(200);
  });

  it('PATCH of an unknown lead is 404', async () => {
    expectProblem(await patch('00000000-0000-4000-8000-000000000000', { city: 'Pune' }), 404);
  });
});
