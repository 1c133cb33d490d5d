import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { type TestUser } from './support/factory.js';
import { allEvents, expectProblem } from './support/lead-helpers.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence, surveyAction, SURVEYS, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Field = keyof typeof VALID_REPORT;
const MISSING = Symbol('missing');

/** Bad values per DESIGN §4 SurveyReport field (units in the names, ranges validated); each must answer 400 naming only that field. */
const BAD: [Field, unknown][] = [
  ['parkingType', 'garage'],
  ['parkingType', 1],
  ['parkingType', MISSING],
  ['supplyPhase', 'double'],
  ['supplyPhase', null],
  ['supplyPhase', MISSING],
  ['sanctionedLoadKw', 0.4],
  ['sanctionedLoadKw', 100.01],
  ['sanctionedLoadKw', -3],
  ['sanctionedLoadKw', 7.555],
  ['sanctionedLoadKw', '7.5'],
  ['sanctionedLoadKw', null],
  ['sanctionedLoadKw', MISSING],
  ['earthingAvailable', 'yes'],
  ['earthingAvailable', 1],
  ['earthingAvailable', MISSING],
  ['meterToChargerDistanceM', -0.5],
  ['meterToChargerDistanceM', 500.1],
  ['meterToChargerDistanceM', 12.25],
  ['meterToChargerDistanceM', 'far'],
  ['meterToChargerDistanceM', MISSING],
  ['cableLengthM', -1],
  ['cableLengthM', 501],
  ['cableLengthM', 1.55],
  ['cableLengthM', MISSING],
  ['civilWorkRequired', 'no'],
  ['civilWorkRequired', MISSING],
  ['recommendedChargerModel', ''],
  ['recommendedChargerModel', '   '],
  ['recommendedChargerModel', 'x'.repeat(101)],
  ['recommendedChargerModel', 42],
  ['recommendedChargerModel', MISSING],
  ['feasible', 'true'],
  ['feasible', MISSING],
  ['notes', 42],
  ['notes', 'x'.repeat(4001)],
];

describe('PUT /surveys/{id}/report', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  let tech: TestUser;
  let survey: SurveyResponseDto;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    team = await createTeam(t, ops);
    tech = team.technicians[0];
    survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() });
    await surveyAction(t, tech, survey.id, 'start').expect(200);
  });
  afterAll(() => t.close());

  const put = (body: object, who: TestUser = tech) => request(t.server).put(`${SURVEYS}/${survey.id}/report`).set('Authorization', who.auth).send(body);

  it.each(BAD.map(([field, value]) => [field, value === MISSING ? 'missing' : JSON.stringify(value).slice(0, 20), value] as const))(
    '%s = %s → 400 naming it',
    async (field, _label, value) => {
      const body: Record<string, unknown> = { ...VALID_REPORT };
      if (value === MISSING) delete body[field];
      else body[field] = value;
      const problem = expectProblem(await put(body), 400, { code: 'VALIDATION_FAILED', field });
      expect(new Set(problem.errors?.map((e) => e.field))).toEqual(new Set([field]));
      expect((await request(t.server).get(`${SURVEYS}/${survey.id}`).set('Authorization', ops.auth).expect(200)).body).toMatchObject({ status: 'in_progress', report: null });
    },
  );

  it('an unknown field → 400 naming it', async () => {
    expectProblem(await put({ ...VALID_REPORT, cableLengthFt: 40 }), 400, { field: 'cableLengthFt' });
  });

  it('only a member of the primary team submits', async () => {
    const outsider = (await createTeam(t, ops)).technicians[0];
    expectProblem(await put(VALID_REPORT, outsider), 404, { code: 'SURVEY_NOT_FOUND' });
    expectProblem(await put(VALID_REPORT, ops), 403, { code: 'FORBIDDEN_ROLE' });
  });

  it('accepts the range boundaries, stores numbers on both databases, and may be replaced until review', async () => {
    const edge = { ...VALID_REPORT, sanctionedLoadKw: 0.5, meterToChargerDistanceM: 0, cableLengthM: 500, notes: undefined };
    const first = await put(edge);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({ status: 'submitted', report: { sanctionedLoadKw: 0.5, meterToChargerDistanceM: 0, cableLengthM: 500, notes: '', submittedById: tech.user.id } });

    const second = await put({ ...VALID_REPORT, sanctionedLoadKw: 100, meterToChargerDistanceM: 499.9, feasible: false });
    expect(second.status).toBe(200);
    const report = (second.body as SurveyResponseDto).report;
    expect(report).toEqual({ ...VALID_REPORT, sanctionedLoadKw: 100, meterToChargerDistanceM: 499.9, feasible: false, submittedById: tech.user.id, submittedAt: expect.any(String) });
    expect(typeof report?.sanctionedLoadKw).toBe('number');

    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), survey.leadId);
    expect(events.filter((e) => e.type === 'survey_report_submitted').map((e) => e.data?.replaced)).toEqual([false, true]);

    await surveyAction(t, ops, survey.id, 'approve').expect(200);
    expectProblem(await put(VALID_REPORT), 409, { code: 'SURVEY_INVALID_TRANSITION' });
  });

  it('the same report sent again (its answer lost) answers the survey as it is and changes nothing, with a stale If-Match and once approved', async () => {
    const other = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() });
    const started = (await surveyAction(t, tech, other.id, 'start').expect(200)).body as SurveyResponseDto;
    const send = (body: object, version?: number) => {
      const req = request(t.server).put(`${SURVEYS}/${other.id}/report`).set('Authorization', tech.auth);
      if (version !== undefined) void req.set('If-Match', `W/"${version}"`);
      return req.send(body);
    };
    const reports = async () => (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), other.leadId)).filter((e) => e.type === 'survey_report_submitted');
    const first = (await send(VALID_REPORT, started.version).expect(200)).body as SurveyResponseDto;
    for (const version of [started.version, undefined, first.version]) {
      const res = await send({ ...VALID_REPORT }, version);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual(first);
    }
    expect(await reports()).toHaveLength(1);
    // A different report on a stale version is still refused.
    expectProblem(await send({ ...VALID_REPORT, feasible: false }, started.version), 412, { code: 'SURVEY_PRECONDITION_FAILED' });
    await surveyAction(t, ops, other.id, 'approve').expect(200);
    const afterApproval = await send(VALID_REPORT, first.version);
    expect(afterApproval.status, JSON.stringify(afterApproval.body)).toBe(200);
    expect(afterApproval.body).toMatchObject({ status: 'approved', report: first.report });
    expectProblem(await send({ ...VALID_REPORT, notes: 'one more thing' }), 409, { code: 'SURVEY_INVALID_TRANSITION' });
    expect(await reports()).toHaveLength(1);
  });
});
