import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { TestUser } from './support/factory.js';
import { stopClock } from './support/clock.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Runs `work` with the clock stopped at `at` (only `Date`; timers keep running), so leads get that createdAt. */
async function at<T>(instant: string | Date, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(instant));
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

describe('GET /leads: filters', () => {
  let t: TestApp;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;
  let ops2: TestUser;
  let sourceId: number;
  const L = {} as Record<'aarav' | 'priya' | 'rohan' | 'meera' | 'kavya', LeadResponseDto>;

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oemA, oemB, ops, ops2] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops'), t.factory.user('central_ops')]);
    sourceId = (await t.factory.leadSource({ oemId: oemA.user.id, sourceType: 'portal' })).id;
    const f = t.factory;
    L.aarav = await at('2026-01-10T08:00:00.000Z', () =>
      f.lead(oemA, { customerName: 'Aarav Sharma', customerPhone: '+919876500001', customerEmail: 'aarav.sharma@example.in', externalRef: 'EXT-1', pincode: '411001', city: 'Pune', state: 'Maharashtra' }),
    );
    L.priya = await at('2026-01-11T08:00:00.000Z', () =>
      f.lead(oemA, { customerName: 'Priya Sharma', customerPhone: '+919876500002', externalRef: 'EXT-10', pincode: '400001', city: 'Mumbai', state: 'Maharashtra' }),
    );
    L.rohan = await at('2026-01-12T08:00:00.000Z', () =>
      f.lead(oemA, { customerName: 'Rohan Iyer', customerPhone: '+919876500003', pincode: '560001', city: 'Bengaluru Urban', state: 'Karnataka', sourceId }),
    );
    L.meera = await at('2026-01-13T08:00:00.000Z', () =>
      f.lead(oemB, { customerName: 'Meera Sharma', customerPhone: '+919876500004', externalRef: 'EXT-1', pincode: '411001', city: 'Pune', state: 'Maharashtra' }),
    );
    L.kavya = await at('2026-01-14T08:00:00.000Z', () =>
      f.lead(oemA, { customerName: 'Kavya Nair', customerPhone: '+919876500005', pincode: '600001', city: 'Chennai', state: 'Tamil Nadu' }),
    );
    await f.moveLead(ops, L.priya.id, 'contacted');
    await f.moveLead(ops, L.rohan.id, 'on_hold');
    await f.moveLead(ops, L.kavya.id, 'cancelled');
    await request(t.server).patch(`${LEADS}/${L.priya.id}`).set('Authorization', ops.auth).send({ assignedToId: ops.user.id }).expect(200);
    await request(t.server).patch(`${LEADS}/${L.meera.id}`).set('Authorization', ops.auth).send({ assignedToId: ops2.user.id }).expect(200);
  });
  afterAll(() => t.close());

  /** The names (first name) the query returns, in answer order. */
  const names = async (query: Record<string, string | string[]>, as: TestUser = ops): Promise<string[]> => {
    const res = await request(t.server).get(LEADS).query(query).set('Authorization', as.auth).expect(200);
    return (res.body.data as LeadResponseDto[]).map((l) => l.customerName.split(' ')[0].toLowerCase());
  };

  it('lists every lead newest first without filters', async () => {
    expect(await names({})).toEqual(['kavya', 'meera', 'rohan', 'priya', 'aarav']);
  });

  it('status, repeatable', async () => {
    expect(await names({ status: 'new' })).toEqual(['meera', 'aarav']);
    expect(await names({ status: ['contacted', 'on_hold'] })).toEqual(['rohan', 'priya']);
    expect(await names({ status: ['cancelled', 'closed'] })).toEqual(['kavya']);
    expect(await names({ status: 'closed' })).toEqual([]);
  });

  it('oemId, sourceId and assignedToId', async () => {
    expect(await names({ oemId: oemB.user.id })).toEqual(['meera']);
    expect(await names({ oemId: oemA.user.id })).toEqual(['kavya', 'rohan', 'priya', 'aarav']);
    expect(await names({ sourceId: String(sourceId) })).toEqual(['rohan']);
    expect(await names({ assignedToId: ops.user.id })).toEqual(['priya']);
    expect(await names({ assignedToId: ops2.user.id })).toEqual(['meera']);
    expect(await names({ oemId: '00000000-0000-4000-8000-000000000000' })).toEqual([]);
  });

  it('city, pincode, and state by name or ISO code', async () => {
    expect(await names({ city: 'Pune' })).toEqual(['meera', 'aarav']);
    expect(await names({ pincode: '411001' })).toEqual(['meera', 'aarav']);
    expect(await names({ state: 'Maharashtra' })).toEqual(['meera', 'priya', 'aarav']);
    expect(await names({ state: 'IN-MH' })).toEqual(['meera', 'priya', 'aarav']);
    expect(await names({ state: 'IN-TN' })).toEqual(['kavya']);
  });

  it('createdFrom (inclusive) and createdTo (exclusive), with any UTC offset', async () => {
    expect(await names({ createdFrom: '2026-01-12T08:00:00.000Z' })).toEqual(['kavya', 'meera', 'rohan']);
    expect(await names({ createdTo: '2026-01-12T08:00:00.000Z' })).toEqual(['priya', 'aarav']);
    expect(await names({ createdFrom: '2026-01-11T00:00:00Z', createdTo: '2026-01-13T00:00:00Z' })).toEqual(['rohan', 'priya']);
    expect(await names({ createdFrom: '2026-01-11T05:30:00+05:30', createdTo: '2026-01-13T05:30:00+05:30' })).toEqual(['rohan', 'priya']);
    expect(await names({ createdFrom: '2026-01-14' })).toEqual(['kavya']);
  });

  it('q matches part of the name, case-insensitively', async () => {
    expect(await names({ q: 'sharma' })).toEqual(['meera', 'priya', 'aarav']);
    expect(await names({ q: 'SHAR' })).toEqual(['meera', 'priya', 'aarav']);
    expect(await names({ q: 'arav' })).toEqual(['aarav']);
    expect(await names({ q: '100%' })).toEqual([]);
  });

  it.each(['+919876500001', '98765 00001', '+91 98765-00001', '09876500001'])('q matches the phone %j in any format', async (q) => {
    expect(await names({ q })).toEqual(['aarav']);
  });

  it('q with a number of a possible length that no phone plan assigns matches no phone', async () => {
    // Searched by its E.164 form without the numbering-plan check (searchableE164): stored numbers were valid when stored.
    expect(await names({ q: '55555 55555' })).toEqual([]);
    expect(await names({ q: '+91 55555-55555' })).toEqual([]);
  });

  it('q matches an exact email (any case) and an exact externalRef', async () => {
    expect(await names({ q: 'AARAV.SHARMA@example.in' })).toEqual(['aarav']);
    expect(await names({ q: 'EXT-10' })).toEqual(['priya']);
    expect(await names({ q: 'EXT-1' })).toEqual(['meera', 'aarav']);
    expect(await names({ q: 'EXT' })).toEqual([]);
  });

  it('filters combine with AND', async () => {
    expect(await names({ state: 'IN-MH', status: 'new', oemId: oemA.user.id })).toEqual(['aarav']);
    expect(await names({ city: 'Pune', q: 'sharma', createdFrom: '2026-01-13T00:00:00Z' })).toEqual(['meera']);
    expect(await names({ q: 'sharma', status: ['contacted', 'new'], pincode: '400001' })).toEqual(['priya']);
    expect(await names({ state: 'Karnataka', status: 'new' })).toEqual([]);
  });

  it('an OEM only ever sees its own leads: naming another oemId finds nothing', async () => {
    expect(await names({}, oemA)).toEqual(['kavya', 'rohan', 'priya', 'aarav']);
    expect(await names({ oemId: oemA.user.id }, oemA)).toEqual(['kavya', 'rohan', 'priya', 'aarav']);
    expect(await names({ oemId: oemB.user.id }, oemA)).toEqual([]);
    expect(await names({ q: 'Meera' }, oemA)).toEqual([]);
    expect(await names({ q: 'EXT-1' }, oemB)).toEqual(['meera']);
    const page = await request(t.server).get(LEADS).query({ withTotal: 'true' }).set('Authorization', oemB.auth).expect(200);
    expect(page.body.total).toBe(1);
    // OEMs are not offered staff-only transitions.
    expect(page.body.data[0].allowedTransitions).toEqual([]);
  });

  it('each list item is the body GET /leads/{id} answers (the list hydrates its rows itself)', async () => {
    const page = await request(t.server).get(LEADS).set('Authorization', ops.auth).expect(200);
    expect(page.body.data).toHaveLength(5);
    for (const item of page.body.data as LeadResponseDto[]) {
      const one = await request(t.server).get(`${LEADS}/${item.id}`).set('Authorization', ops.auth).expect(200);
      expect(item).toEqual(one.body);
    }
    // Both shapes of the optional relation: with and without an assignee.
    expect((page.body.data as LeadResponseDto[]).map((l) => l.assignedTo === null)).toEqual([true, false, true, false, true]);
  });

  it('withTotal adds the number of matches; without it there is no total', async () => {
    const counted = await request(t.server).get(LEADS).query({ limit: '2', withTotal: 'true', state: 'Maharashtra' }).set('Authorization', ops.auth).expect(200);
    expect(counted.body.total).toBe(3);
    expect(counted.body.data).toHaveLength(2);
    expect(counted.body.nextCursor).toEqual(expect.any(String));
    const plain = await request(t.server).get(LEADS).query({ limit: '2' }).set('Authorization', ops.auth).expect(200);
    expect(plain.body).not.toHaveProperty('total');
    const falsy = await request(t.server).get(LEADS).query({ withTotal: 'false' }).set('Authorization', ops.auth).expect(200);
    expect(falsy.body).not.toHaveProperty('total');
  });
});

describe('GET /leads: keyset pagination', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let expected: string[];
  const paged = new Set<string>();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    const created: LeadResponseDto[] = [];
    // Bursts that share a millisecond, between leads with their own instant.
    const groups: [string, number][] = [
      ['2026-02-01T10:00:00.000Z', 1],
      ['2026-02-01T10:00:00.001Z', 6],
      ['2026-02-01T10:00:00.002Z', 1],
      ['2026-02-01T10:00:00.003Z', 9],
      ['2026-02-01T10:00:00.004Z', 1],
      ['2026-02-01T10:00:00.005Z', 4],
    ];
    for (const [instant, count] of groups) {
      await at(instant, async () => {
        for (let i = 0; i < count; i++) created.push(await t.factory.lead(oem, { customerName: `Paged ${created.length}` }));
      });
    }
    for (const lead of created) paged.add(lead.id);
    // And a concurrent burst on the real clock.
    created.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => t.factory.lead(oem, { customerName: `Burst ${i}` })))));
    expected = [...created]
      .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
      .map((l) => l.id);
  });
  afterAll(() => t.close());

  const walk = async (query: Record<string, string>, as: TestUser = ops) => {
    const ids: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: request.Response = await request(t.server)
        .get(LEADS)
        .query({ ...query, ...(cursor && { cursor }) })
        .set('Authorization', as.auth)
        .expect(200);
      ids.push(...(res.body.data as LeadResponseDto[]).map((l) => l.id));
      cursor = res.body.nextCursor;
      pages += 1;
      expect(pages).toBeLessThan(100);
    } while (cursor);
    return { ids, pages };
  };

  it.each([1, 4, 5, 7, 30, 100])('walks every page with limit=%i: all leads once, newest first, no gaps', async (limit) => {
    const { ids, pages } = await walk({ limit: String(limit) });
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expected);
    expect(pages).toBe(Math.max(1, Math.ceil(expected.length / limit)));
  });

  it('the last page has nextCursor null; the default page size is 25', async () => {
    const first = await request(t.server).get(LEADS).set('Authorization', ops.auth).expect(200);
    expect(first.body.data).toHaveLength(25);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const last = await request(t.server).get(LEADS).query({ cursor: first.body.nextCursor }).set('Authorization', ops.auth).expect(200);
    expect(last.body.data).toHaveLength(expected.length - 25);
    expect(last.body.nextCursor).toBeNull();
    const all = await request(t.server).get(LEADS).query({ limit: '100' }).set('Authorization', ops.auth).expect(200);
    expect(all.body.nextCursor).toBeNull();
  });

  it('pages through a filtered list, and the OEM pages through its own', async () => {
    const other = await t.factory.user('oem');
    for (let i = 0; i < 3; i++) await t.factory.lead(other);
    const filtered = await walk({ limit: '3', oemId: oem.user.id, q: 'paged' });
    expect(filtered.ids).toEqual(expected.filter((id) => paged.has(id)));
    expect(filtered.ids).toHaveLength(22);
    const own = await walk({ limit: '6' }, oem);
    expect(own.ids).toEqual(expected);
  });

  it.each(['0', '101', '-1', '2.5', 'ten'])('limit=%s is 400 naming limit', async (limit) => {
    expectProblem(await request(t.server).get(LEADS).query({ limit }).set('Authorization', ops.auth), 400, { field: 'limit' });
  });

  it.each([
    ['garbage', 'not-a-cursor'],
    ['base64 of a non-array', Buffer.from('{"a":1}').toString('base64url')],
    ['a non-date', Buffer.from(JSON.stringify(['yesterday', '00000000-0000-4000-8000-000000000000'])).toString('base64url')],
    ['a non-uuid id', Buffer.from(JSON.stringify(['2026-02-01T10:00:00.000Z', "x' OR 1=1"])).toString('base64url')],
  ])('a bad cursor (%s) is 400 naming cursor', async (_, cursor) => {
    expectProblem(await request(t.server).get(LEADS).query({ cursor }).set('Authorization', ops.auth), 400, { code: 'INVALID_CURSOR', field: 'cursor' });
  });
});

describe('GET /leads?overdue=true: pages of late leads across statuses', () => {
  let t: TestApp;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;
  const base = Date.parse('2026-03-02T00:00:00.000Z');
  const H = 3_600_000;

  // Open statuses with an SLA, and three without one (never overdue).
  const statuses = ['new', 'contacted', 'documents_pending', 'documents_received', 'survey_scheduled', 'survey_completed', 'installation_scheduled', 'on_hold', 'cancelled', 'installation_completed'] as const;

  beforeAll(async () => {
    t = await startTestApp();
    [oemA, oemB, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops')]);
    // 30 leads an hour apart (every fourth pair in the same millisecond, so the id breaks the tie),
    // each moved to its status 0–30 hours after creation: at base + 100 h some of every open status are late.
    for (let k = 0; k < 30; k++) {
      const created = base + (k - (k % 4 === 1 ? 1 : 0)) * H;
      const lead = await at(new Date(created).toISOString(), () => t.factory.lead(k % 3 ? oemA : oemB, { customerName: `Late ${k}` }));
      const status = statuses[k % statuses.length];
      if (status !== 'new') await at(new Date(created + (k % 4) * 10 * H).toISOString(), () => t.factory.moveLead(ops, lead.id, status));
    }
  });
  afterAll(() => t.close());

  const page = (query: Record<string, string | string[]>, as: TestUser) => request(t.server).get(LEADS).query(query).set('Authorization', as.auth).expect(200);

  /** Every page of `query` with `limit`, as ids. */
  const walk = async (query: Record<string, string | string[]>, limit: number, as: TestUser = ops): Promise<string[]> => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await page({ ...query, limit: String(limit), ...(cursor && { cursor }) }, as);
      ids.push(...(res.body.data as LeadResponseDto[]).map((l) => l.id));
      cursor = res.body.nextCursor;
      expect(ids.length).toBeLessThan(100);
    } while (cursor);
    return ids;
  };

  /** The ids of the late leads among `leads` by each lead's own `sla.overdue`, in list order. */
  const late = (leads: LeadResponseDto[]) => leads.filter((l) => l.sla?.overdue).map((l) => l.id);

  /** Every lead as the unfiltered list answers it now (the stopped clock), newest first. */
  const everyLead = async (): Promise<LeadResponseDto[]> => {
    const all = (await page({ limit: '100' }, ops)).body.data as LeadResponseDto[];
    expect(all).toHaveLength(30);
    return all;
  };

  it('the same late leads in the same order as their own SLA says, whatever the page size', async () => {
    stopClock(t.app, base + 100 * H);
    const all = await everyLead();
    const expected = late(all);
    // The fixture is worth its name: late and punctual leads in several statuses.
    expect(new Set(all.filter((l) => l.sla?.overdue).map((l) => l.status)).size).toBeGreaterThanOrEqual(4);
    expect(all.filter((l) => l.sla && !l.sla.overdue).length).toBeGreaterThan(0);
    for (const limit of [1, 2, 3, 7, 100]) expect(await walk({ overdue: 'true' }, limit)).toEqual(expected);
    expect(await walk({ overdue: 'false' }, 4)).toEqual(all.filter((l) => l.sla && !l.sla.overdue).map((l) => l.id));
    const counted = await page({ overdue: 'true', limit: '2', withTotal: 'true' }, ops);
    expect(counted.body.total).toBe(expected.length);
    expect(counted.body.data.map((l: LeadResponseDto) => l.id)).toEqual(expected.slice(0, 2));
  });

  it('combined with other filters, and an OEM pages through its own late leads only', async () => {
    stopClock(t.app, base + 100 * H);
    const all = await everyLead();
    const state = all[0].state;
    expect(await walk({ overdue: 'true', oemId: oemB.user.id }, 2)).toEqual(late(all.filter((l) => l.oemId === oemB.user.id)));
    expect(await walk({ overdue: 'true', status: ['new', 'documents_received', 'cancelled'] }, 2)).toEqual(late(all.filter((l) => ['new', 'documents_received'].includes(l.status))));
    expect(await walk({ overdue: 'true', status: 'cancelled' }, 2)).toEqual([]);
    expect(await walk({ overdue: 'true', state }, 3)).toEqual(late(all.filter((l) => l.state === state)));
    expect(await walk({ overdue: 'true', createdTo: new Date(base + 12 * H).toISOString() }, 3)).toEqual(late(all.filter((l) => new Date(l.createdAt).getTime() < base + 12 * H)));
    expect(await walk({ overdue: 'true' }, 2, oemA)).toEqual(late(all.filter((l) => l.oemId === oemA.user.id)));
    expect(await walk({ overdue: 'true', oemId: oemB.user.id }, 2, oemA)).toEqual([]);
    const own = await page({ overdue: 'true', withTotal: 'true', limit: '1' }, oemA);
    expect(own.body.total).toBe(late(all.filter((l) => l.oemId === oemA.user.id)).length);
  });

  it('later, more leads are late: the cutoffs move with the clock', async () => {
    const clock = stopClock(t.app, base + 100 * H);
    const before = late(await everyLead());
    // The same statement (prepared on PostgreSQL) before and after the clock moves.
    expect(await walk({ overdue: 'true' }, 5)).toEqual(before);
    clock.advanceTo(300 * H);
    const later = await everyLead();
    expect(late(later).length).toBeGreaterThan(before.length);
    expect(await walk({ overdue: 'true' }, 5)).toEqual(late(later));
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe('GET /leads?updatedFrom: what changed since an OEM last synced', () => {
  let t: TestApp;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;
  const ids = {} as Record<'a1' | 'a2' | 'a3' | 'a4' | 'a5' | 'b1', string>;
  const created = '2026-04-01T09:00:00.000Z';
  const synced = '2026-04-02T00:00:00.000Z';
  const edited = '2026-04-02T10:00:00.000Z';

  beforeAll(async () => {
    t = await startTestApp();
    [oemA, oemB, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops')]);
    // All six in one millisecond: only the id orders them, so a page boundary falls inside the tie.
    await at(created, async () => {
      for (const key of ['a1', 'a2', 'a3', 'a4', 'a5'] as const) ids[key] = (await t.factory.lead(oemA, { customerName: `Sync ${key}` })).id;
      ids.b1 = (await t.factory.lead(oemB, { customerName: 'Sync b1' })).id;
    });
    // After the sync: an edit of a4 and a transition of a2 in one millisecond, then b1, then a4 again.
    await at(edited, async () => {
      await request(t.server).patch(`${LEADS}/${ids.a4}`).set('Authorization', ops.auth).send({ customerName: 'Sync a4 renamed' }).expect(200);
      await t.factory.moveLead(ops, ids.a2, 'contacted');
    });
    await at('2026-04-02T11:00:00.000Z', () => request(t.server).patch(`${LEADS}/${ids.b1}`).set('Authorization', ops.auth).send({ customerName: 'Sync b1 renamed' }).expect(200));
    await at('2026-04-02T12:00:00.000Z', () => request(t.server).patch(`${LEADS}/${ids.a4}`).set('Authorization', ops.auth).send({ chargerModel: 'Tata 7.2 kW AC' }).expect(200));
  });
  afterAll(() => t.close());

  /** Every page of `?updatedFrom=…` with `limit`, as ids, following nextCursor. */
  const walk = async (as: TestUser, query: Record<string, string>, limit: number): Promise<string[]> => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await request(t.server)
        .get(LEADS)
        .query({ ...query, limit: String(limit), ...(cursor && { cursor }) })
        .set('Authorization', as.auth)
        .expect(200);
      seen.push(...(res.body.data as LeadResponseDto[]).map((l) => l.id));
      cursor = res.body.nextCursor;
      expect(seen.length).toBeLessThan(20);
    } while (cursor);
    return seen;
  };
  const byId = (a: string, b: string) => (a < b ? -1 : 1);

  it('from before everything: every lead of the caller, oldest change first, the same on every page size', async () => {
    // a1, a3 and a5 were not touched: their updatedAt is their creation's, ordered by id in the tie.
    const untouched = [ids.a1, ids.a3, ids.a5].sort(byId);
    for (const limit of [1, 2, 3, 10]) {
      // Then a2 (changed at 10:00) and a4 (changed last, at 12:00).
      expect(await walk(oemA, { updatedFrom: '2026-04-01T00:00:00.000Z' }, limit)).toEqual([...untouched, ids.a2, ids.a4]);
    }
  });

  it('since the sync: only what changed after it, in order of change, scoped to the caller', async () => {
    expect(await walk(oemA, { updatedFrom: synced }, 1)).toEqual([ids.a2, ids.a4]);
    expect(await walk(oemB, { updatedFrom: synced }, 1)).toEqual([ids.b1]);
    expect(await walk(ops, { updatedFrom: synced }, 2)).toEqual([ids.a2, ids.b1, ids.a4]);
    // An OEM naming another OEM finds nothing; Central Ops may narrow to one OEM.
    expect(await walk(oemA, { updatedFrom: synced, oemId: oemB.user.id }, 5)).toEqual([]);
    expect(await walk(ops, { updatedFrom: synced, oemId: oemA.user.id }, 5)).toEqual([ids.a2, ids.a4]);
  });

  it('the last updatedAt seen is the next sync: the bound is inclusive and later changes show up', async () => {
    const page = await request(t.server).get(LEADS).query({ updatedFrom: synced }).set('Authorization', oemA.auth).expect(200);
    // The JSON body's updatedAt, as an integrator's client holds it: text.
    const last = (page.body.data as Array<{ id: string; updatedAt: string }>).at(-1);
    expect(last).toEqual(expect.objectContaining({ id: ids.a4, updatedAt: '2026-04-02T12:00:00.000Z' }));
    const lastSync = last?.updatedAt as string;
    expect(await walk(oemA, { updatedFrom: lastSync }, 5)).toEqual([ids.a4]);
    await at('2026-04-03T08:00:00.000Z', () => t.factory.moveLead(ops, ids.a5, 'contacted'));
    expect(await walk(oemA, { updatedFrom: lastSync }, 5)).toEqual([ids.a4, ids.a5]);
    expect(await walk(oemA, { updatedFrom: '2026-04-03T08:00:00.001Z' }, 5)).toEqual([]);
  });

  it('the export takes the same filter', async () => {
    const res = await request(t.server).get(`${LEADS}/export`).query({ updatedFrom: synced }).set('Authorization', oemB.auth).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    expect(res.status).toBe(200);
    const rows = parse(res.body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.id, r.customerName])).toEqual([[ids.b1, 'Sync b1 renamed']]);
  });

  it('an instant that is not ISO 8601 is refused, naming the field', async () => {
    expectProblem(await request(t.server).get(LEADS).query({ updatedFrom: 'yesterday' }).set('Authorization', oemA.auth), 400, { field: 'updatedFrom' });
  });
});
