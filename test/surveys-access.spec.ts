import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { SurveyPageDto, SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { type TestUser } from './support/factory.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { bookingRows, createTeam, istDate, readyLead, scheduleSurvey, SlotSequence, surveyAction, SURVEYS, TEAMS, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { oemSeesEventType } from '../src/leads/audience/oem-audience.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** DESIGN §1 for surveys: technicians see their teams' jobs only (404 otherwise); OEMs see a summary on their lead. */
describe('survey visibility', () => {
  let t: TestApp;
  let oem: TestUser;
  let otherOem: TestUser;
  let ops: TestUser;
  let teamA: TestTeam;
  let teamB: TestTeam;
  let surveyA: SurveyResponseDto;
  let surveyB: SurveyResponseDto;
  let leadA: LeadResponseDto;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, otherOem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops')]);
    teamA = await createTeam(t, ops, { technicians: 2 });
    teamB = await createTeam(t, ops, { city: 'Mumbai' });
    leadA = await readyLead(t, oem, ops);
    surveyA = await scheduleSurvey(t, ops, leadA.id, { primaryTeamId: teamA.id, ...slots.take() });
    surveyB = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: teamB.id, ...slots.take() });
  });
  afterAll(() => t.close());

  const as = (who: TestUser) => ({
    get: (url: string) => request(t.server).get(url).set('Authorization', who.auth),
    post: (url: string, body: object = {}) => request(t.server).post(url).set('Authorization', who.auth).send(body),
    put: (url: string, body: object = {}) => request(t.server).put(url).set('Authorization', who.auth).send(body),
    patch: (url: string, body: object = {}) => request(t.server).patch(url).set('Authorization', who.auth).send(body),
  });

  it("a technician of team A gets 404 on everything of team B's survey and team", async () => {
    const tech = as(teamA.technicians[0]);
    const assignment = surveyB.assignments[0].id;
    const answers = [
      await tech.get(`${SURVEYS}/${surveyB.id}`),
      await tech.post(`${SURVEYS}/${surveyB.id}/start`),
      await tech.put(`${SURVEYS}/${surveyB.id}/report`, VALID_REPORT),
      await tech.patch(`${SURVEYS}/${surveyB.id}/assignments/${assignment}`, { status: 'accepted' }),
    ];
    for (const res of answers) expectProblem(res, 404, { code: 'SURVEY_NOT_FOUND' });
    expectProblem(await tech.get(`${TEAMS}/${teamB.id}`), 404, { code: 'TEAM_NOT_FOUND' });
    expectProblem(await tech.get(`${TEAMS}/${teamB.id}/schedule`), 404, { code: 'TEAM_NOT_FOUND' });
    // Nothing changed on B's survey.
    expect((await as(ops).get(`${SURVEYS}/${surveyB.id}`).expect(200)).body).toMatchObject({ status: 'scheduled', version: surveyB.version });
  });

  it("a technician lists only its teams' jobs, with the customer's name, phone and address", async () => {
    const res = await as(teamA.technicians[1]).get(SURVEYS).expect(200);
    const page = res.body as SurveyPageDto;
    expect(page.data.map((s) => s.id)).toEqual([surveyA.id]);
    expect(page.data[0].lead).toEqual({
      id: leadA.id,
      customerName: leadA.customerName,
      customerPhone: leadA.customerPhone,
      customerEmail: leadA.customerEmail,
      addressLine1: leadA.addressLine1,
      addressLine2: leadA.addressLine2,
      city: leadA.city,
      state: leadA.state,
      pincode: leadA.pincode,
      latitude: leadA.latitude,
      longitude: leadA.longitude,
      chargerModel: leadA.chargerModel,
    });
    // Filters only narrow the technician's own scope.
    expect((await as(teamA.technicians[0]).get(`${SURVEYS}?teamId=${teamB.id}`).expect(200)).body.data).toEqual([]);
    expect((await as(teamA.technicians[0]).get(`${SURVEYS}?leadId=${surveyB.leadId}`).expect(200)).body.data).toEqual([]);
    // Teams: only its own.
    expect((await as(teamA.technicians[0]).get(TEAMS).expect(200)).body.data.map((team: { id: string }) => team.id)).toEqual([teamA.id]);
  });

  it('a technician in two teams sees both teams’ jobs, backup assignments included', async () => {
    const tech = await t.factory.user('field_technician');
    await as(ops).post(`${TEAMS}/${teamB.id}/members`, { userId: tech.user.id }).expect(200);
    const viaBackup = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: teamA.id, backupTeamId: teamB.id, ...slots.take() });
    const ids = ((await as(tech).get(SURVEYS).expect(200)).body as SurveyPageDto).data.map((s) => s.id);
    expect(ids.sort()).toEqual([surveyB.id, viaBackup.id].sort());
  });

  it('field technicians get 403 on lead routes and on Central Ops survey actions', async () => {
    const tech = as(teamA.technicians[0]);
    expectProblem(await tech.get(`${LEADS}/${leadA.id}`), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await tech.get(LEADS), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await tech.post(`${SURVEYS}/${surveyA.id}/reschedule`, slots.take()), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await tech.post(`${SURVEYS}/${surveyA.id}/approve`), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await tech.post(TEAMS, { name: 'Mine', city: 'Pune', state: 'Maharashtra' }), 403, { code: 'FORBIDDEN_ROLE' });
  });

  it('the OEM sees only the survey summary on its own lead, in the lead and in the list; survey and team routes are 403', async () => {
    const lead = (await as(oem).get(`${LEADS}/${leadA.id}`).expect(200)).body as LeadResponseDto;
    expect(lead.survey).toEqual({
      id: surveyA.id,
      surveyId: surveyA.surveyId,
      status: 'scheduled',
      scheduledDate: surveyA.scheduledDate,
      scheduledTimeSlot: surveyA.scheduledTimeSlot,
    });
    const listed = ((await as(oem).get(`${LEADS}?limit=100`).expect(200)).body.data as LeadResponseDto[]).find((l) => l.id === leadA.id);
    expect(listed?.survey).toEqual(lead.survey);
    expectProblem(await as(otherOem).get(`${LEADS}/${leadA.id}`), 404, { code: 'LEAD_NOT_FOUND' });
    expectProblem(await as(oem).get(`${SURVEYS}/${surveyA.id}`), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await as(oem).get(SURVEYS), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await as(oem).get(`${TEAMS}/${teamA.id}`), 403, { code: 'FORBIDDEN_ROLE' });
    const key = await t.factory.apiKey(oem);
    const viaKey = await request(t.server).get(`${LEADS}/${leadA.id}`).set('X-API-Key', key).expect(200);
    expect(viaKey.body.survey).toEqual(lead.survey);
  });

  it("the OEM's timeline shows the lead's status changes but none of the survey's internal steps", async () => {
    const get = (who: TestUser) => (url: string) => request(t.server).get(url).set('Authorization', who.auth);
    const forOps = await allEvents(get(ops), leadA.id);
    const forOem = await allEvents(get(oem), leadA.id);
    expect(forOps.some((e) => e.type === 'survey_created')).toBe(true);
    expect(forOem.filter((e) => e.type.startsWith('survey'))).toEqual([]);
    // The same entries, read through the audience policy (issue 16): staff named by role, never by person.
    const steps = (events: typeof forOps) => events.map((e) => [e.id, e.type, e.fromStatus, e.toStatus]);
    expect(steps(forOem)).toEqual(steps(forOps.filter((e) => oemSeesEventType(e.type))));
    expect(forOem.map((e) => e.actorName)).not.toContain(ops.user.fullName);
    expect(forOem.filter((e) => e.actorUserId !== null && e.actorUserId !== oem.user.id)).toEqual([]);
    expect(forOem.at(-1)).toMatchObject({ type: 'status_changed', toStatus: 'survey_scheduled', data: { surveyId: surveyA.surveyId } });
  });

  it('Central Ops lists every survey by date and slot, pages with a cursor and filters', async () => {
    const all: SurveyResponseDto[] = [];
    let cursor: string | null = null;
    do {
      const res: request.Response = await as(ops).get(`${SURVEYS}?limit=1${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      all.push(...(res.body as SurveyPageDto).data);
      cursor = (res.body as SurveyPageDto).nextCursor;
    } while (cursor);
    expect(all.length).toBeGreaterThanOrEqual(3);
    const keys = all.map((s) => `${s.scheduledDate} ${s.scheduledTimeSlot} ${s.id}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(all.map((s) => s.id)).size).toBe(all.length);

    const byTeam = ((await as(ops).get(`${SURVEYS}?teamId=${teamB.id}&status=scheduled&withTotal=true`).expect(200)).body as SurveyPageDto);
    expect(byTeam.data.map((s) => s.id)).toContain(surveyB.id);
    expect(byTeam.total).toBe(byTeam.data.length);
    const byDate = ((await as(ops).get(`${SURVEYS}?from=${surveyA.scheduledDate}&to=${surveyA.scheduledDate}`).expect(200)).body as SurveyPageDto).data;
    expect(byDate.every((s) => s.scheduledDate === surveyA.scheduledDate)).toBe(true);
    expectProblem(await as(ops).get(`${SURVEYS}?cursor=nonsense`), 400, { code: 'INVALID_CURSOR' });
    expectProblem(await as(ops).get(`${SURVEYS}?status=done`), 400, { field: 'status' });
    expectProblem(await as(ops).get(`${SURVEYS}?from=tomorrow`), 400, { field: 'from' });
  });

  it('GET /surveys/{id} sends the version as ETag; a stale If-Match on an action is 412 and changes nothing', async () => {
    const survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: teamA.id, ...slots.take() });
    const read = await as(ops).get(`${SURVEYS}/${survey.id}`).expect(200);
    expect(read.headers.etag).toBe(`W/"${survey.version}"`);
    await as(ops).post(`${SURVEYS}/${survey.id}/reschedule`, slots.take()).set('If-Match', read.headers.etag).expect(200);
    const stale = await as(ops).post(`${SURVEYS}/${survey.id}/cancel`, { reason: 'late' }).set('If-Match', read.headers.etag);
    expectProblem(stale, 412, { code: 'SURVEY_PRECONDITION_FAILED' });
    expect((await as(ops).get(`${SURVEYS}/${survey.id}`).expect(200)).body.status).toBe('rescheduled');
  });
});

/** DESIGN §5: the lead and its survey move together. */
describe('survey and lead workflow', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    team = await createTeam(t, ops);
  });
  afterAll(() => t.close());

  const leadOf = async (id: string): Promise<LeadResponseDto> => (await request(t.server).get(`${LEADS}/${id}`).set('Authorization', ops.auth).expect(200)).body;
  const transition = (id: string, body: object) => request(t.server).post(`${LEADS}/${id}/transitions`).set('Authorization', ops.auth).send(body);

  it('cancelling the lead cancels its open survey and frees the slot, in the same transaction', async () => {
    const lead = await readyLead(t, oem, ops);
    const slot = slots.take();
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slot });
    await transition(lead.id, { to: 'cancelled', reason: 'Customer sold the car' }).expect(200);
    const after = (await request(t.server).get(`${SURVEYS}/${survey.id}`).set('Authorization', ops.auth).expect(200)).body as SurveyResponseDto;
    expect(after).toMatchObject({ status: 'cancelled', closingReason: 'Lead cancelled: Customer sold the car', primaryTeam: null });
    expect(await bookingRows(t, { teamId: team.id, date: slot.scheduledDate, timeSlot: slot.scheduledTimeSlot })).toEqual([]);
    expect((await leadOf(lead.id)).survey?.status).toBe('cancelled');
  });

  it("a cancel note of the full 500 characters fits the survey's closing reason, cut to its 500 (a 500 on PostgreSQL and MariaDB)", async () => {
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    const note = 'अ'.repeat(499) + '🚗';
    await transition(lead.id, { to: 'cancelled', reasonCode: 'other', note }).expect(200);
    const after = (await request(t.server).get(`${SURVEYS}/${survey.id}`).set('Authorization', ops.auth).expect(200)).body as SurveyResponseDto;
    expect(after.status).toBe('cancelled');
    expect([...after.closingReason!]).toHaveLength(500);
    expect(after.closingReason).toBe(`Lead cancelled: ${'अ'.repeat(484)}`);
    expect((await leadOf(lead.id)).status).toBe('cancelled');
  });

  it('a lead on hold cannot have its survey approved; cancelling the survey keeps the hold and resumes to documents_received', async () => {
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    await surveyAction(t, team.technicians[0], survey.id, 'start').expect(200);
    await surveyAction(t, team.technicians[0], survey.id, 'report', VALID_REPORT).expect(200);
    await transition(lead.id, { to: 'on_hold', reason: 'Customer travelling' }).expect(200);

    expect(expectProblem(await surveyAction(t, ops, survey.id, 'approve'), 409, { code: 'SURVEY_LEAD_NOT_READY' }).leadStatus).toBe('on_hold');
    await surveyAction(t, ops, survey.id, 'cancel', { reason: 'Customer away for a month' }).expect(200);
    expect(await leadOf(lead.id)).toMatchObject({ status: 'on_hold', statusBeforeHold: 'documents_received', allowedTransitions: ['documents_received', 'cancelled'] });
    await transition(lead.id, { to: 'documents_received' }).expect(200);
    await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    expect((await leadOf(lead.id)).status).toBe('survey_scheduled');
  });

  it('the latest survey is the one the lead shows', async () => {
    const lead = await readyLead(t, oem, ops);
    const first = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    await surveyAction(t, ops, first.id, 'cancel', { reason: 'Wrong date' }).expect(200);
    const second = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, scheduledDate: istDate(40), scheduledTimeSlot: '12-15' });
    expect((await leadOf(lead.id)).survey).toMatchObject({ id: second.id, status: 'scheduled', scheduledDate: istDate(40), scheduledTimeSlot: '12-15' });
  });
});
