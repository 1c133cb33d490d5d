import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { FunnelGroupDto, LeadFunnelDto, LeadSummaryDto } from '../src/leads/reports/lead-reports.dto.js';
import { DEFAULT_SLA_HOURS, slaHoursOf } from '../src/leads/sla.js';
import { loadConfig } from '../src/config/config.js';
import { stopClock } from './support/clock.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const REPORTS = '/api/v1/reports/leads';
const H = 3_600_000;

/** Runs `work` with `Date` stopped at `at`, so leads and their events get that time. */
async function at<T>(instant: number, work: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date(instant));
  try {
    return await work();
  } finally {
    vi.useRealTimers();
  }
}

/**
 * A hand-built fixture whose answers are known:
 * A1 (OEM A, Jan 10 00:00): contacted +10 h, documents_pending +20 h, documents_received +40 h.
 * A2 (OEM A, Jan 10 00:00): contacted +30 h, cancelled (customer_not_interested) +40 h.
 * A3 (OEM A, Jan 11 00:00): contacted +1 h, on hold (society_permission_pending) +5 h.
 * B1 (OEM B, Feb 1 00:00): contacted +2 h.
 */
describe('lead reports: summary and funnel', () => {
  let t: TestApp;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;
  const jan10 = Date.parse('2026-01-10T00:00:00.000Z');
  const jan11 = Date.parse('2026-01-11T00:00:00.000Z');
  const feb1 = Date.parse('2026-02-01T00:00:00.000Z');
  const L = {} as Record<'a1' | 'a2' | 'a3' | 'b1', LeadResponseDto>;

  const move = async (id: string, body: Record<string, string>) => {
    const res = await request(t.server).post(`${LEADS}/${id}/transitions`).set("Authorization", ops.auth).send(body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  beforeAll(async () => {
    t = await startTestApp({ LOG_LEVEL: 'error' });
    await t.factory.loadPincodes();
    [oemA, oemB, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops')]);
    L.a1 = await at(jan10, () => t.factory.lead(oemA, { city: 'Pune', state: 'Maharashtra', pincode: '411001' }));
    L.a2 = await at(jan10, () => t.factory.lead(oemA, { city: 'Pune', state: 'Maharashtra', pincode: '411001' }));
    L.a3 = await at(jan11, () => t.factory.lead(oemA, { city: 'Chennai', state: 'Tamil Nadu', pincode: '600001' }));
    L.b1 = await at(feb1, () => t.factory.lead(oemB, { city: 'Chennai', state: 'Tamil Nadu', pincode: '600001' }));
    await at(jan10 + 10 * H, () => move(L.a1.id, { to: 'contacted' }));
    await at(jan10 + 20 * H, () => move(L.a1.id, { to: 'documents_pending' }));
    await at(jan10 + 40 * H, () => move(L.a1.id, { to: 'documents_received' }));
    await at(jan10 + 30 * H, () => move(L.a2.id, { to: 'contacted' }));
    await at(jan10 + 40 * H, () => move(L.a2.id, { to: 'cancelled', reasonCode: 'customer_not_interested', note: 'bought a petrol car' }));
    await at(jan11 + 1 * H, () => move(L.a3.id, { to: 'contacted' }));
    await at(jan11 + 5 * H, () => move(L.a3.id, { to: 'on_hold', reasonCode: 'society_permission_pending' }));
    await at(feb1 + 2 * H, () => move(L.b1.id, { to: 'contacted' }));
  });
  afterAll(() => t.close());

  const get = async <T>(path: string, as: TestUser, query: Record<string, string | string[]> = {}): Promise<T> =>
    (await request(t.server).get(`${REPORTS}/${path}`).query(query).set('Authorization', as.auth).expect(200)).body as T;

  const stage = (group: FunnelGroupDto, name: string) => group.stages.find((s) => s.stage === name);

  it('summary for staff: every status with zeros, sources, states, OEMs, closing reasons, overdue per stage, conversion', async () => {
    stopClock(t.app, Date.parse('2026-03-01T00:00:00.000Z'));
    const s = await get<LeadSummaryDto>('summary', ops);
    expect(s.total).toBe(4);
    expect(s.byStatus).toEqual({ new: 0, contacted: 1, documents_pending: 0, documents_received: 1, survey_scheduled: 0, survey_completed: 0, installation_scheduled: 0, installation_completed: 0, closed: 0, cancelled: 1, on_hold: 1 });
    expect(s.byState).toEqual([
      { state: 'Maharashtra', count: 2 },
      { state: 'Tamil Nadu', count: 2 },
    ]);
    expect(s.byOem).toEqual(expect.arrayContaining([{ oemId: oemA.user.id, name: oemA.user.fullName, count: 3 }, { oemId: oemB.user.id, name: oemB.user.fullName, count: 1 }]));
    expect(s.bySource).toEqual([{ sourceId: L.a1.sourceId, name: L.a1.source.name, count: 4 }]);
    expect(s.byClosingReason).toEqual(
      expect.arrayContaining([
        { code: 'customer_not_interested', label: 'Customer no longer interested', count: 1 },
        { code: 'society_permission_pending', label: 'Housing society permission pending', count: 1 },
      ]),
    );
    // On Mar 1, A1 (documents_received since Jan 11 16:00, 48 h to survey_scheduled) and B1 (contacted since Feb 1 02:00, 24 h to documents_pending) are late.
    expect(s.overdueByStage.filter((o) => o.count)).toEqual([
      { stage: 'documents_pending', count: 1 },
      { stage: 'survey_scheduled', count: 1 },
    ]);
    expect(s.overdueTotal).toBe(2);
    expect(s.conversionRate).toBe(0);
  });

  it('summary for an OEM: only its leads, no byOem; naming another OEM finds nothing; filters apply', async () => {
    const a = await get<LeadSummaryDto>('summary', oemA);
    expect(a.total).toBe(3);
    expect(a.byOem).toBeUndefined();
    expect((await get<LeadSummaryDto>('summary', oemA, { oemId: oemB.user.id })).total).toBe(0);
    const january = await get<LeadSummaryDto>('summary', ops, { createdFrom: '2026-01-01T00:00:00Z', createdTo: '2026-02-01T00:00:00Z', state: 'IN-MH' });
    expect(january.total).toBe(2);
    expect(january.byStatus.cancelled).toBe(1);
    expectProblem(await request(t.server).get(`${REPORTS}/summary`).query({ createdFrom: 'yesterday' }).set('Authorization', ops.auth), 400, { field: 'createdFrom' });
  });

  it('funnel: reached, conversion and stage hours from the timeline, cancelled and on hold', async () => {
    const f = await get<LeadFunnelDto>('funnel', ops);
    expect(f.groups).toHaveLength(1);
    const all = f.groups[0];
    expect(all).toMatchObject({ key: null, leads: 4, cancelled: 1, onHold: 1 });
    expect(stage(all, 'new')).toEqual({ stage: 'new', reached: 4, conversionFromPrevious: null, medianHours: null, p90Hours: null });
    // contacted after 10, 30, 1 and 2 hours: median 6, p90 between 10 and 30 (linear: 10 + 0.7 × 20 = 24).
    expect(stage(all, 'contacted')).toEqual({ stage: 'contacted', reached: 4, conversionFromPrevious: 1, medianHours: 6, p90Hours: 24 });
    // documents_received 30 hours after contacted (documents_pending is a wait inside that step).
    expect(stage(all, 'documents_received')).toEqual({ stage: 'documents_received', reached: 1, conversionFromPrevious: 0.25, medianHours: 30, p90Hours: 30 });
    expect(stage(all, 'survey_scheduled')).toMatchObject({ reached: 0, conversionFromPrevious: 0, medianHours: null });
    expect(all.stages.map((s) => s.stage)).toEqual(['new', 'contacted', 'documents_received', 'survey_scheduled', 'survey_completed', 'installation_scheduled', 'installation_completed', 'closed']);
  });

  it('funnel grouped by OEM, state and month; an OEM sees only its own group', async () => {
    const byOem = await get<LeadFunnelDto>('funnel', ops, { groupBy: 'oem' });
    expect(byOem.groups.map((g) => [g.key, g.label, g.leads])).toEqual([
      [oemA.user.id, oemA.user.fullName, 3],
      [oemB.user.id, oemB.user.fullName, 1],
    ]);
    const byMonth = await get<LeadFunnelDto>('funnel', ops, { groupBy: 'month' });
    expect(byMonth.groups.map((g) => [g.key, g.leads, stage(g, 'contacted')?.medianHours])).toEqual([
      ['2026-01', 3, 10],
      ['2026-02', 1, 2],
    ]);
    const byState = await get<LeadFunnelDto>('funnel', oemA, { groupBy: 'state' });
    expect(byState.groups.map((g) => [g.key, g.leads]).sort()).toEqual([
      ['Maharashtra', 2],
      ['Tamil Nadu', 1],
    ]);
    const foreign = await get<LeadFunnelDto>('funnel', oemA, { oemId: oemB.user.id });
    expect(foreign.groups[0].leads).toBe(0);
    expectProblem(await request(t.server).get(`${REPORTS}/funnel`).query({ groupBy: 'week' }).set('Authorization', ops.auth), 400, { field: 'groupBy' });
  });

  it('every lead carries its SLA; the list filters overdue leads with the clock', async () => {
    const clock = stopClock(t.app, feb1 + 3 * H);
    const names = async (query: Record<string, string>) =>
      ((await request(t.server).get(LEADS).query(query).set('Authorization', ops.auth).expect(200)).body.data as LeadResponseDto[]).map((l) => l.id);
    // Feb 1 03:00: B1 has been contacted for an hour (due Feb 2 02:00); A1 is late since Jan 13 16:00.
    expect(await names({ overdue: 'true' })).toEqual([L.a1.id]);
    expect(await names({ overdue: 'false' })).toEqual([L.b1.id]);
    const b1 = (await request(t.server).get(`${LEADS}/${L.b1.id}`).set('Authorization', oemB.auth).expect(200)).body as LeadResponseDto;
    expect(b1.sla).toEqual({ stage: 'documents_pending', dueAt: '2026-02-02T02:00:00.000Z', overdue: false });
    clock.advanceTo(24 * H);
    expect(await names({ overdue: 'true' })).toEqual([L.b1.id, L.a1.id]);
    const a3 = (await request(t.server).get(`${LEADS}/${L.a3.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;
    expect(a3).toMatchObject({ status: 'on_hold', sla: null, closingReasonCode: 'society_permission_pending', closingReason: null });
    const a2 = (await request(t.server).get(`${LEADS}/${L.a2.id}`).set('Authorization', oemA.auth).expect(200)).body as LeadResponseDto;
    expect(a2).toMatchObject({ closingReasonCode: 'customer_not_interested', closingReason: 'bought a petrol car' });
  });

  it('the summary of overdue leads uses each status\'s own target, as the list does (a lead 30 h in documents_pending, due after 72 h, is not overdue)', async () => {
    const oemC = await t.factory.user('oem');
    const mar1 = Date.parse('2026-03-01T00:00:00.000Z');
    const lead = await at(mar1, () => t.factory.lead(oemC, { city: 'Pune', state: 'Maharashtra', pincode: '411001' }));
    await at(mar1 + 1 * H, () => move(lead.id, { to: 'contacted' }));
    await at(mar1 + 2 * H, () => move(lead.id, { to: 'documents_pending' }));
    stopClock(t.app, mar1 + 32 * H);
    const summary = (overdue: string) => get<LeadSummaryDto>('summary', oemC, { overdue });
    const listed = async (overdue: string) => ((await request(t.server).get(LEADS).query({ overdue }).set('Authorization', oemC.auth).expect(200)).body.data as LeadResponseDto[]).map((l) => l.id);
    expect(await listed('true')).toEqual([]);
    expect(await summary('true')).toMatchObject({ total: 0, overdueTotal: 0 });
    expect(await listed('false')).toEqual([lead.id]);
    expect(await summary('false')).toMatchObject({ total: 1, overdueTotal: 0 });
  });

  it('groups the funnel by the month in India: leads of 1 February 01:30 IST (31 January in UTC) are February\'s, of 31 January 23:00 IST January\'s', async () => {
    const oemD = await t.factory.user('oem');
    await at(Date.parse('2026-01-31T20:00:00.000Z'), () => t.factory.lead(oemD, { city: 'Pune', state: 'Maharashtra', pincode: '411001' }));
    await at(Date.parse('2026-01-31T17:30:00.000Z'), () => t.factory.lead(oemD, { city: 'Pune', state: 'Maharashtra', pincode: '411001' }));
    await at(Date.parse('2026-02-28T18:29:59.000Z'), () => t.factory.lead(oemD, { city: 'Pune', state: 'Maharashtra', pincode: '411001' }));
    const byMonth = await get<LeadFunnelDto>('funnel', oemD, { groupBy: 'month' });
    expect(byMonth.groups.map((g) => [g.key, g.leads])).toEqual([
      ['2026-01', 1],
      ['2026-02', 2],
    ]);
  });
});

describe('SLA_HOURS: the stage targets come from the configuration', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  const H = 3_600_000;

  beforeAll(async () => {
    t = await startTestApp({ SLA_HOURS: 'contacted=2, documents_pending=5' });
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(() => t.close());

  it('a lead is due at its entry time plus the configured target of its next stage; the others keep their defaults', async () => {
    const lead = await t.factory.lead(oem);
    const dueIn = (l: LeadResponseDto) => new Date(l.sla!.dueAt).getTime() - new Date(l.statusEnteredAt as unknown as string).getTime();
    const fresh = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;
    expect(fresh.sla).toMatchObject({ stage: 'contacted', overdue: false });
    expect(dueIn(fresh)).toBe(2 * H);
    expect(dueIn(await t.factory.moveLead(ops, lead.id, 'contacted'))).toBe(5 * H);
    // documents_received keeps its default (72 h, leads/sla.ts DEFAULT_SLA_HOURS).
    expect(dueIn(await t.factory.moveLead(ops, lead.id, 'documents_pending'))).toBe(DEFAULT_SLA_HOURS.documents_received * H);
  });

  it('a target for a stage that has none (on hold) or a malformed entry stops the start, naming SLA_HOURS', () => {
    expect(() => slaHoursOf(loadConfig({ ...process.env, SLA_HOURS: 'on_hold=4' }).slaHours)).toThrow(/SLA_HOURS names an unknown stage "on_hold"/);
    expect(() => loadConfig({ ...process.env, SLA_HOURS: 'contacted:24' })).toThrow(/SLA_HOURS has an entry that is not stage=hours/);
  });
});
