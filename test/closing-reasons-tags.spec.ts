import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEEDED_CLOSING_REASONS, seedClosingReasonsAndBackfill } from '../src/database/migrations/closing-reasons-seed.js';
import type { ClosingReasonResponseDto } from '../src/leads/closing-reasons/closing-reason.dto.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { TestUser } from './support/factory.js';
import { beforeNextTransaction } from './support/interleave.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REASONS = '/api/v1/closing-reasons';
const TAGS = '/api/v1/tags';

describe('closing reasons (seed 003): seeded on install, edited by admins, required to cancel or hold', () => {
  let t: TestApp;
  let admin: TestUser;
  let ops: TestUser;
  let oem: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    [admin, ops, oem] = await Promise.all([t.factory.user('admin'), t.factory.user('central_ops'), t.factory.user('oem')]);
  });
  afterAll(() => t.close());

  const reasons = async (as: TestUser) => (await request(t.server).get(REASONS).set('Authorization', as.auth).expect(200)).body as ClosingReasonResponseDto[];
  const move = (leadId: string, body: Record<string, unknown>) => request(t.server).post(`${LEADS}/${leadId}/transitions`).set('Authorization', ops.auth).send(body);

  it('a new installation has the seeded reasons, each for the statuses it applies to; every role may read them', async () => {
    const seeded = await reasons(oem);
    expect(seeded.find((r) => r.code === 'other')).toMatchObject({ label: 'Other (see note)', appliesTo: ['cancelled', 'on_hold'], isActive: true });
    expect(seeded.find((r) => r.code === 'customer_not_interested')).toMatchObject({ appliesTo: ['cancelled'], isActive: true });
    expect(seeded.find((r) => r.code === 'society_permission_pending')).toMatchObject({ appliesTo: ['on_hold'], isActive: true });
    expect(await reasons(ops)).toEqual(seeded);
  });

  it('an admin adds, relabels and retires a reason; Central Ops may not; a taken code is 409, a bad one 400 naming the field', async () => {
    const body = { code: 'meter_shifting', label: 'Meter being shifted', appliesTo: ['on_hold'] };
    expect((await request(t.server).post(REASONS).set('Authorization', ops.auth).send(body)).status).toBe(403);
    const created = (await request(t.server).post(REASONS).set('Authorization', admin.auth).send(body).expect(201)).body as ClosingReasonResponseDto;
    expect(created).toMatchObject({ code: 'meter_shifting', label: 'Meter being shifted', appliesTo: ['on_hold'], isActive: true });
    expectProblem(await request(t.server).post(REASONS).set('Authorization', admin.auth).send(body), 409, { code: 'CLOSING_REASON_CODE_TAKEN' });
    expectProblem(await request(t.server).post(REASONS).set('Authorization', admin.auth).send({ ...body, code: 'Not A Code' }), 400, { field: 'code' });
    expectProblem(await request(t.server).post(REASONS).set('Authorization', admin.auth).send({ ...body, code: 'meter_x', appliesTo: ['closed'] }), 400, { field: 'appliesTo' });

    const relabelled = await request(t.server).patch(`${REASONS}/${created.id}`).set('Authorization', admin.auth).send({ label: 'Electricity meter being shifted', appliesTo: ['on_hold', 'cancelled'] }).expect(200);
    expect(relabelled.body).toMatchObject({ label: 'Electricity meter being shifted', appliesTo: ['cancelled', 'on_hold'], isActive: true });
    expect((await request(t.server).patch(`${REASONS}/${created.id}`).set('Authorization', ops.auth).send({ isActive: false })).status).toBe(403);
    await request(t.server).patch(`${REASONS}/${created.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
    expect((await reasons(ops)).find((r) => r.code === 'meter_shifting')).toMatchObject({ isActive: false });
    expectProblem(await request(t.server).patch(`${REASONS}/999999`).set('Authorization', admin.auth).send({ label: 'x' }), 404);
  });

  it('`other`, under which a free-text reason is filed, may be relabelled but not retired or narrowed (409 CLOSING_REASON_FALLBACK)', async () => {
    const other = (await reasons(admin)).find((r) => r.code === 'other')!;
    const patch = (body: object) => request(t.server).patch(`${REASONS}/${other.id}`).set('Authorization', admin.auth).send(body);
    for (const body of [{ isActive: false }, { appliesTo: ['cancelled'] }, { appliesTo: ['on_hold'] }, { label: 'Something else', isActive: false }]) {
      expectProblem(await patch(body), 409, { code: 'CLOSING_REASON_FALLBACK' });
    }
    expect((await reasons(admin)).find((r) => r.code === 'other')).toEqual(other);
    expect((await patch({ label: 'Other (see the note)' }).expect(200)).body).toMatchObject({ label: 'Other (see the note)', appliesTo: ['cancelled', 'on_hold'], isActive: true });
    // DESIGN §5's body, a free-text reason, still cancels.
    const lead = await t.factory.lead(oem);
    const cancelled = await move(lead.id, { to: 'cancelled', reason: 'Customer moved to Dubai' });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'cancelled', closingReasonCode: 'other' });
  });

  it('two admins changing different fields at once keep both changes: the later save does not write back the field the other changed', async () => {
    const created = (await request(t.server).post(REASONS).set('Authorization', admin.auth).send({ code: 'race_check', label: 'Race check', appliesTo: ['cancelled'] }).expect(201)).body as ClosingReasonResponseDto;
    const url = `${REASONS}/${created.id}`;
    // The relabel has read the reason; another admin retires it before the relabel's transaction.
    const retired = beforeNextTransaction(t.app, () => request(t.server).patch(url).set('Authorization', admin.auth).send({ isActive: false }));
    await request(t.server).patch(url).set('Authorization', admin.auth).send({ label: 'Race check, relabelled' }).expect(200);
    expect(retired()).toBe(true);
    expect((await reasons(ops)).find((r) => r.code === 'race_check')).toMatchObject({ label: 'Race check, relabelled', isActive: false });
  });

  it('PATCH refuses null for the label, the statuses or the active flag, and an id outside 1–2147483647, with 400 naming the field', async () => {
    const created = (await request(t.server).post(REASONS).set('Authorization', admin.auth).send({ code: 'null_check', label: 'Null check', appliesTo: ['cancelled'] }).expect(201)).body as ClosingReasonResponseDto;
    const patch = (id: number | string, body: object) => request(t.server).patch(`${REASONS}/${id}`).set('Authorization', admin.auth).send(body);
    for (const field of ['label', 'appliesTo', 'isActive']) {
      expectProblem(await patch(created.id, { [field]: null }), 400, { code: 'VALIDATION_FAILED', field });
    }
    // Past PostgreSQL's integer range (which answered 500), not an integer, or below 1.
    for (const id of ['3000000000', '2147483648', '1.5', '0', 'abc']) {
      expectProblem(await patch(id, { label: 'Ghost' }), 400, { code: 'VALIDATION_FAILED', field: 'id' });
    }
    expectProblem(await patch('2147483647', { label: 'Ghost' }), 404, { code: 'CLOSING_REASON_NOT_FOUND' });
    expect((await reasons(admin)).find((r) => r.id === created.id)).toEqual(created);
  });

  it('cancelling or holding takes an active code that applies, shown on the lead with its note; anything else is 400 naming reasonCode', async () => {
    const lead = await t.factory.lead(oem);
    expectProblem(await move(lead.id, { to: 'cancelled', reasonCode: 'no_such_reason' }), 400, { field: 'reasonCode' });
    // Held only, not for cancelling.
    expectProblem(await move(lead.id, { to: 'cancelled', reasonCode: 'society_permission_pending' }), 400, { field: 'reasonCode' });
    // Retired by the test above.
    expectProblem(await move(lead.id, { to: 'cancelled', reasonCode: 'meter_shifting' }), 400, { field: 'reasonCode' });
    const unchanged = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;
    expect(unchanged).toMatchObject({ status: 'new', closingReasonCode: null, closingReason: null });

    await move(lead.id, { to: 'contacted' }).expect(200);
    await move(lead.id, { to: 'on_hold', reasonCode: 'society_permission_pending', note: 'AGM on the 20th' }).expect(200);
    const held = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', oem.auth).expect(200)).body as LeadResponseDto;
    expect(held).toMatchObject({ status: 'on_hold', closingReasonCode: 'society_permission_pending', closingReason: 'AGM on the 20th' });
    await move(lead.id, { to: 'cancelled', reasonCode: 'customer_not_interested' }).expect(200);
    const cancelled = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;
    expect(cancelled).toMatchObject({ status: 'cancelled', closingReasonCode: 'customer_not_interested', closingReason: null });
  });
});

describe('tags: free-form labels Central Ops puts on leads, counted and filtered', () => {
  let t: TestApp;
  let ops: TestUser;
  let oemA: TestUser;
  let oemB: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    [ops, oemA, oemB] = await Promise.all([t.factory.user('central_ops'), t.factory.user('oem'), t.factory.user('oem')]);
  });
  afterAll(() => t.close());

  const put = (as: TestUser, leadId: string, tags: unknown) => request(t.server).put(`${LEADS}/${leadId}/tags`).set('Authorization', as.auth).send({ tags });
  const listed = async (as: TestUser, tag: string[]) =>
    ((await request(t.server).get(LEADS).query({ tag }).set('Authorization', as.auth).expect(200)).body.data as LeadResponseDto[]).map((l) => l.id);

  it('replaces the set: trimmed, lower-cased, repeats once, sorted; an empty list clears it; an OEM may not set them', async () => {
    const lead = await t.factory.lead(oemA);
    const res = await put(ops, lead.id, ['  Rooftop ', 'priority', 'ROOFTOP', 'सोसाइटी']).expect(200);
    expect((res.body as LeadResponseDto).tags).toEqual(['priority', 'rooftop', 'सोसाइटी']);
    expect((await put(oemA, lead.id, ['mine'])).status).toBe(403);
    await put(ops, lead.id, []).expect(200);
    expect(((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto).tags).toEqual([]);
  });

  it('refuses more than 20 tags, a tag over 40 characters or with other signs, naming the field, and changes nothing', async () => {
    const lead = await t.factory.lead(oemA);
    await put(ops, lead.id, ['kept']).expect(200);
    expectProblem(await put(ops, lead.id, Array.from({ length: 21 }, (_, i) => `t${i}`)), 400, { field: 'tags' });
    expectProblem(await put(ops, lead.id, ['x'.repeat(41)]), 400, { field: 'tags' });
    expectProblem(await put(ops, lead.id, ['no;semicolons']), 400, { field: 'tags' });
    expectProblem(await put(ops, lead.id, 'rooftop'), 400, { field: 'tags' });
    expect(((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto).tags).toEqual(['kept']);
  });

  it('GET /tags counts the tags on the leads the caller may see; the repeatable tag filter wants all of them', async () => {
    const [a1, a2, b1] = [await t.factory.lead(oemA), await t.factory.lead(oemA), await t.factory.lead(oemB)];
    await put(ops, a1.id, ['ev-club', 'villa']).expect(200);
    await put(ops, a2.id, ['ev-club']).expect(200);
    await put(ops, b1.id, ['ev-club', 'fleet']).expect(200);

    const counts = async (as: TestUser) => ((await request(t.server).get(TAGS).set('Authorization', as.auth).expect(200)).body as Array<{ tag: string; count: number }>).filter((c) => ['ev-club', 'villa', 'fleet'].includes(c.tag));
    expect(await counts(ops)).toEqual([
      { tag: 'ev-club', count: 3 },
      { tag: 'fleet', count: 1 },
      { tag: 'villa', count: 1 },
    ]);
    expect(await counts(oemA)).toEqual([
      { tag: 'ev-club', count: 2 },
      { tag: 'villa', count: 1 },
    ]);

    expect(new Set(await listed(ops, ['ev-club']))).toEqual(new Set([a1.id, a2.id, b1.id]));
    expect(await listed(ops, ['ev-club', 'villa'])).toEqual([a1.id]);
    expect(new Set(await listed(oemA, ['ev-club']))).toEqual(new Set([a1.id, a2.id]));
    expect(await listed(oemA, ['fleet'])).toEqual([]);
  });

  it('concurrent replaces of one lead all answer 200 and run one after another: the tags end as one request\'s set', async () => {
    const lead = await t.factory.lead(oemA);
    const tagsNow = async () => ((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto).tags;

    const same = await Promise.all(Array.from({ length: 5 }, () => put(ops, lead.id, ['vip'])));
    expect(same.map((res) => res.status), JSON.stringify(same.map((res) => res.body))).toEqual([200, 200, 200, 200, 200]);
    expect(await tagsNow()).toEqual(['vip']);

    const sets = [['fleet', 'vip'], ['rooftop'], ['callback', 'vip'], [], ['fleet', 'rooftop', 'villa']];
    const mixed = await Promise.all(sets.map((tags) => put(ops, lead.id, tags)));
    expect(mixed.map((res) => res.status), JSON.stringify(mixed.map((res) => res.body))).toEqual([200, 200, 200, 200, 200]);
    const final = await tagsNow();
    expect(sets).toContainEqual(final);

    // One after another: each change starts from the set the one before it left, and the last one's set is the lead's.
    const changes = (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), lead.id)).filter((e) => e.type === 'updated');
    expect(changes.map((e) => e.data?.previousTags)).toEqual([[], ...changes.slice(0, -1).map((e) => e.data?.tags)]);
    expect(changes[changes.length - 1].data?.tags).toEqual(final);
    expect(changes.length).toBe(1 + sets.length);
  });
});

describe('the issue-14 migration: free-text reasons written before it become code `other`, the text kept as the note', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('seeds the reasons, codes every free-text reason `other` and dates each lead\'s status from its timeline', async () => {
    const [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    const lead = await t.factory.lead(oem);
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'contacted' }).expect(200);
    const untouched = await t.factory.lead(oem);
    const ds = t.app.get(DataSource);
    // The data as it stood before the migration: no reasons, a reason as free text, no entry time.
    await ds.query(`DELETE FROM "closing_reasons"`);
    await ds.query(`UPDATE "leads" SET "closing_reason" = 'bought a petrol car', "closing_reason_code" = NULL, "status_entered_at" = NULL WHERE "id" = '${lead.id}'`);
    await ds.query(`UPDATE "leads" SET "status_entered_at" = NULL WHERE "id" = '${untouched.id}'`);
    const runner = ds.createQueryRunner();
    try {
      await seedClosingReasonsAndBackfill(runner);
    } finally {
      await runner.release();
    }

    const codes = ((await request(t.server).get(REASONS).set('Authorization', ops.auth).expect(200)).body as ClosingReasonResponseDto[]).map((r) => r.code).sort();
    expect(codes).toEqual(SEEDED_CLOSING_REASONS.map((r) => r.code).sort());
    const read = async (id: string) => (await request(t.server).get(`${LEADS}/${id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;
    const migrated = await read(lead.id);
    expect(migrated).toMatchObject({ closingReasonCode: 'other', closingReason: 'bought a petrol car' });
    const changes = (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), lead.id)).filter((e) => e.type === 'status_changed');
    expect(migrated.statusEnteredAt).toBe(changes.map((e) => e.createdAt).sort().at(-1));
    // A lead never moved is dated from its creation.
    const fresh = await read(untouched.id);
    expect(fresh).toMatchObject({ statusEnteredAt: fresh.createdAt, closingReasonCode: null });
  });
});
