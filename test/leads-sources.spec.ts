import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestUser } from './support/factory.js';
import { beforeNextTransaction } from './support/interleave.js';
import { expectProblem, LEAD_SOURCES } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('lead sources', () => {
  let t: TestApp;
  let admin: TestUser;
  let ops: TestUser;
  let oemA: TestUser;
  let oemB: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    [admin, ops, oemA, oemB] = await Promise.all([t.factory.user('admin'), t.factory.user('central_ops'), t.factory.user('oem'), t.factory.user('oem')]);
  });
  afterAll(() => t.close());

  const list = async (as: TestUser | { key: string }) => {
    const req = request(t.server).get(LEAD_SOURCES);
    if ('key' in as) req.set('X-API-Key', as.key);
    else req.set('Authorization', as.auth);
    return (await req.expect(200)).body as { id: number; name: string; oemId: string | null; sourceType: string }[];
  };

  it('the default sources are seeded, shared by every OEM', async () => {
    const sources = await list(ops);
    expect(sources.map(({ name, oemId, sourceType }) => ({ name, oemId, sourceType }))).toEqual(
      expect.arrayContaining([
        { name: 'OEM API', oemId: null, sourceType: 'api' },
        { name: 'OEM portal', oemId: null, sourceType: 'portal' },
        { name: 'Central Ops manual entry', oemId: null, sourceType: 'manual' },
      ]),
    );
  });

  it('an admin creates sources (201); the name is trimmed', async () => {
    const res = await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: '  Tata Motors Portal ', oemId: oemA.user.id, sourceType: 'portal' }).expect(201);
    expect(res.body).toEqual({ id: expect.any(Number), name: 'Tata Motors Portal', oemId: oemA.user.id, sourceType: 'portal' });
    await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'MG Direct API', oemId: oemB.user.id, sourceType: 'api' }).expect(201);
    await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'Dealer walk-in', sourceType: 'manual' }).expect(201);
  });

  it('an OEM lists its own and the shared sources only, by token or API key; staff list all', async () => {
    const names = (rows: { name: string }[]) => rows.map((r) => r.name).sort();
    const shared = ['Central Ops manual entry', 'Dealer walk-in', 'OEM API', 'OEM portal'];
    expect(names(await list(oemA))).toEqual([...shared, 'Tata Motors Portal'].sort());
    expect(names(await list({ key: await t.factory.apiKey(oemB) }))).toEqual([...shared, 'MG Direct API'].sort());
    expect(names(await list(ops))).toEqual([...shared, 'MG Direct API', 'Tata Motors Portal'].sort());
    expect(names(await list(admin))).toEqual(names(await list(ops)));
  });

  it('only an admin may create or edit sources: 403 for Central Ops and OEMs', async () => {
    const [source] = (await list(oemA)).filter((s) => s.name === 'Tata Motors Portal');
    for (const user of [ops, oemA]) {
      expectProblem(await request(t.server).post(LEAD_SOURCES).set('Authorization', user.auth).send({ name: 'Sneaky', sourceType: 'api' }), 403);
      expectProblem(await request(t.server).patch(`${LEAD_SOURCES}/${source.id}`).set('Authorization', user.auth).send({ name: 'Renamed' }), 403);
    }
    expect((await list(admin)).map((s) => s.name)).not.toContain('Sneaky');
  });

  it('a duplicate name is 409, on create and on rename', async () => {
    expectProblem(await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'OEM API', sourceType: 'api' }), 409, { code: 'LEAD_SOURCE_NAME_TAKEN' });
    const created = await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'Hyundai Portal', sourceType: 'portal' }).expect(201);
    expectProblem(await request(t.server).patch(`${LEAD_SOURCES}/${created.body.id}`).set('Authorization', admin.auth).send({ name: 'Tata Motors Portal' }), 409, {
      code: 'LEAD_SOURCE_NAME_TAKEN',
    });
  });

  it('an admin renames, re-types, attaches and detaches a source', async () => {
    const created = await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'Kia Web', sourceType: 'portal' }).expect(201);
    const id = created.body.id as number;
    const url = `${LEAD_SOURCES}/${id}`;
    expect((await request(t.server).patch(url).set('Authorization', admin.auth).send({ name: 'Kia Connect API', sourceType: 'api', oemId: oemB.user.id }).expect(200)).body).toEqual({
      id,
      name: 'Kia Connect API',
      oemId: oemB.user.id,
      sourceType: 'api',
    });
    expect((await list(oemA)).map((s) => s.id)).not.toContain(id);
    expect((await request(t.server).patch(url).set('Authorization', admin.auth).send({ oemId: null }).expect(200)).body.oemId).toBeNull();
    expect((await list(oemA)).map((s) => s.id)).toContain(id);
  });

  it('the shared default source keeps its name, type and sharing (409 LEAD_SOURCE_DEFAULT), so leads that name no source still find it', async () => {
    const patch = (id: number, body: object) => request(t.server).patch(`${LEAD_SOURCES}/${id}`).set('Authorization', admin.auth).send(body);
    const fallback = (await list(admin)).find((s) => s.name === 'OEM API' && s.oemId === null)!;
    for (const body of [{ name: 'OEM integration' }, { oemId: oemA.user.id }, { sourceType: 'portal' }, { name: 'OEM API', sourceType: 'manual' }]) {
      expectProblem(await patch(fallback.id, body), 409, { code: 'LEAD_SOURCE_DEFAULT' });
    }
    // A form posting every field as it is changes nothing, and is fine.
    await patch(fallback.id, { name: 'OEM API', sourceType: 'api', oemId: null }).expect(200);
    expect((await list(admin)).find((s) => s.id === fallback.id)).toEqual(fallback);
    // An OEM with no API source of its own: its lead without sourceId gets the default.
    const oemC = await t.factory.user('oem');
    const lead = await request(t.server).post('/api/v1/leads').set('Authorization', oemC.auth).send(t.factory.leadPayload()).expect(201);
    expect(lead.body).toMatchObject({ sourceId: fallback.id, source: { id: fallback.id, name: 'OEM API' } });
  });

  it('two admins changing different fields at once keep both changes: the later save does not write back the field the other changed', async () => {
    const created = await request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send({ name: 'Race Web', sourceType: 'portal' }).expect(201);
    const url = `${LEAD_SOURCES}/${created.body.id as number}`;
    // The rename has read the source; another admin re-types it before the rename's transaction.
    const retyped = beforeNextTransaction(t.app, () => request(t.server).patch(url).set('Authorization', admin.auth).send({ sourceType: 'api' }));
    await request(t.server).patch(url).set('Authorization', admin.auth).send({ name: 'Race Connect' }).expect(200);
    expect(retyped()).toBe(true);
    expect((await list(admin)).find((s) => s.id === created.body.id)).toMatchObject({ name: 'Race Connect', sourceType: 'api' });
  });

  it('rejects bad input with 400 naming the field, and an unknown source with 404', async () => {
    const post = (body: object) => request(t.server).post(LEAD_SOURCES).set('Authorization', admin.auth).send(body);
    expectProblem(await post({ sourceType: 'api' }), 400, { field: 'name' });
    expectProblem(await post({ name: '  ', sourceType: 'api' }), 400, { field: 'name' });
    expectProblem(await post({ name: 'x'.repeat(101), sourceType: 'api' }), 400, { field: 'name' });
    expectProblem(await post({ name: 'Email campaign', sourceType: 'email' }), 400, { field: 'sourceType' });
    expectProblem(await post({ name: 'Email campaign', sourceType: 'api', oemId: 'x' }), 400, { field: 'oemId' });
    expectProblem(await post({ name: 'Email campaign', sourceType: 'api', oemId: ops.user.id }), 400, { field: 'oemId' });
    expectProblem(await post({ name: 'Email campaign', sourceType: 'api', priority: 1 }), 400, { field: 'priority' });
    expectProblem(await request(t.server).patch(`${LEAD_SOURCES}/999999`).set('Authorization', admin.auth).send({ name: 'Ghost' }), 404);
    expectProblem(await request(t.server).patch(`${LEAD_SOURCES}/abc`).set('Authorization', admin.auth).send({ name: 'Ghost' }), 400);
    expect((await list(admin)).map((s) => s.name)).not.toContain('Email campaign');
  });

  it('PATCH refuses null for the name or the type, and an id outside 1–2147483647, with 400 naming the field; the source is unchanged', async () => {
    const source = await t.factory.leadSource({ name: 'Nullable? No', sourceType: 'portal', oemId: oemA.user.id });
    const patch = (id: number | string, body: object) => request(t.server).patch(`${LEAD_SOURCES}/${id}`).set('Authorization', admin.auth).send(body);
    expectProblem(await patch(source.id, { name: null }), 400, { code: 'VALIDATION_FAILED', field: 'name' });
    expectProblem(await patch(source.id, { sourceType: null }), 400, { code: 'VALIDATION_FAILED', field: 'sourceType' });
    // Past PostgreSQL's integer range (which answered 500), not an integer, or below 1.
    for (const id of ['3000000000', '2147483648', '99999999999999999999', '1.5', '0', '-1', 'abc']) {
      expectProblem(await patch(id, { name: 'Ghost' }), 400, { code: 'VALIDATION_FAILED', field: 'id' });
    }
    expectProblem(await patch('2147483647', { name: 'Ghost' }), 404, { code: 'LEAD_SOURCE_NOT_FOUND' });
    expect((await list(admin)).find((s) => s.id === source.id)).toEqual({ id: source.id, name: 'Nullable? No', sourceType: 'portal', oemId: oemA.user.id });
    // null still detaches the source from its OEM.
    expect((await patch(source.id, { oemId: null }).expect(200)).body).toEqual({ id: source.id, name: 'Nullable? No', sourceType: 'portal', oemId: null });
  });

  it('field technicians and anonymous callers cannot list sources', async () => {
    const tech = await t.factory.user('field_technician');
    expectProblem(await request(t.server).get(LEAD_SOURCES).set('Authorization', tech.auth), 403);
    expectProblem(await request(t.server).get(LEAD_SOURCES), 401);
  });
});
