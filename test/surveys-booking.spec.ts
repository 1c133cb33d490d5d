import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LeadEvent } from '../src/leads/entities/lead-event.entity.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { Survey } from '../src/surveys/entities/survey.entity.js';
import { type TestUser } from './support/factory.js';
import { expectProblem } from './support/lead-helpers.js';
import { bookingRows, createTeam, istDate, readyLead, scheduleSurvey, SlotSequence, surveyAction, surveysOf, TEAMS, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const RACERS = 30;

/** DESIGN §4 TeamBooking: the database forbids double-booking, whatever the way a slot is taken. */
describe('team slot bookings', () => {
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

  const readyLeads = (n: number) => Promise.all(Array.from({ length: n }, () => readyLead(t, oem, ops)));

  it(`${RACERS} concurrent survey creations for one team slot: exactly one wins, the rest 409 SLOT_TAKEN, one booking row`, async () => {
    const leads = await readyLeads(RACERS);
    const slot = slots.take();
    const responses = await Promise.all(
      leads.map((lead) => request(t.server).post(surveysOf(lead.id)).set('Authorization', ops.auth).send({ primaryTeamId: team.id, ...slot })),
    );
    const won = responses.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 201)) expectProblem(res, 409, { code: 'SLOT_TAKEN' });

    const rows = await bookingRows(t, { teamId: team.id, date: slot.scheduledDate, timeSlot: slot.scheduledTimeSlot });
    expect(rows).toHaveLength(1);
    expect(rows[0].surveyId).toBe((won[0].body as SurveyResponseDto).id);

    // The losers left nothing behind: no survey, no lead change, no event.
    const ds = t.app.get(DataSource);
    const leadIds = leads.map((l) => l.id);
    expect(await ds.getRepository(Survey).count({ where: { leadId: In(leadIds) } })).toBe(1);
    const stillReady = await ds.getRepository(Lead).count({ where: { id: In(leadIds), status: 'documents_received' } });
    expect(stillReady).toBe(RACERS - 1);
    expect(await ds.getRepository(LeadEvent).count({ where: { leadId: In(leadIds), type: 'survey_created' } })).toBe(1);
  });

  it(`${RACERS} concurrent reschedules into one slot: exactly one wins, the rest 409 SLOT_TAKEN and keep their own slot`, async () => {
    const leads = await readyLeads(RACERS);
    const surveys: SurveyResponseDto[] = [];
    for (const lead of leads) surveys.push(await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() }));
    const target = slots.take();
    const responses = await Promise.all(surveys.map((s) => surveyAction(t, ops, s.id, 'reschedule', target)));
    const won = responses.filter((r) => r.status === 200);
    expect(won).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 200)) expectProblem(res, 409, { code: 'SLOT_TAKEN' });

    const atTarget = await bookingRows(t, { teamId: team.id, date: target.scheduledDate, timeSlot: target.scheduledTimeSlot });
    expect(atTarget).toHaveLength(1);
    const winner = won[0].body as SurveyResponseDto;
    expect(atTarget[0].surveyId).toBe(winner.id);
    expect(winner).toMatchObject({ status: 'rescheduled', ...target });
    for (const before of surveys.filter((s) => s.id !== winner.id)) {
      const held = await bookingRows(t, { surveyId: before.id });
      expect(held.map((b) => [b.date, b.timeSlot])).toEqual([[before.scheduledDate, before.scheduledTimeSlot]]);
      const after = (await request(t.server).get(`/api/v1/surveys/${before.id}`).set('Authorization', ops.auth).expect(200)).body as SurveyResponseDto;
      expect(after).toMatchObject({ status: 'scheduled', version: before.version, scheduledDate: before.scheduledDate });
    }
  });

  it(`${RACERS} concurrent creations on distinct slots get distinct, consecutive SRV ids`, async () => {
    const leads = await readyLeads(RACERS);
    const bodies = leads.map(() => ({ primaryTeamId: team.id, ...slots.take() }));
    const responses = await Promise.all(leads.map((lead, i) => request(t.server).post(surveysOf(lead.id)).set('Authorization', ops.auth).send(bodies[i])));
    expect(responses.map((r) => r.status)).toEqual(Array(RACERS).fill(201));
    const ids = responses.map((r) => (r.body as SurveyResponseDto).surveyId);
    expect(new Set(ids).size).toBe(RACERS);
    const year = istDate(0).slice(0, 4);
    const numbers = ids.map((id) => {
      expect(id).toMatch(new RegExp(`^SRV-${year}-\\d{6}$`));
      return Number(id.slice(-6));
    });
    numbers.sort((a, b) => a - b);
    expect(numbers[RACERS - 1] - numbers[0]).toBe(RACERS - 1);
  });

  it('refuses a slot in the past (IST), an inactive team and a taken slot with a clear code', async () => {
    const lead = await readyLead(t, oem, ops);
    const create = (body: object) => request(t.server).post(surveysOf(lead.id)).set('Authorization', ops.auth).send(body);
    expectProblem(await create({ primaryTeamId: team.id, scheduledDate: istDate(-1), scheduledTimeSlot: '15-18' }), 409, { code: 'SLOT_IN_PAST' });

    const inactive = await createTeam(t, ops, { technicians: 0 });
    await request(t.server).patch(`${TEAMS}/${inactive.id}`).set('Authorization', ops.auth).send({ isActive: false }).expect(200);
    expectProblem(await create({ primaryTeamId: inactive.id, ...slots.take() }), 409, { code: 'TEAM_INACTIVE' });
    expectProblem(await create({ primaryTeamId: team.id, backupTeamId: inactive.id, ...slots.take() }), 409, { code: 'TEAM_INACTIVE' });

    const taken = slots.take();
    await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...taken });
    const problem = expectProblem(await create({ primaryTeamId: team.id, ...taken }), 409, { code: 'SLOT_TAKEN' });
    expect(problem).toMatchObject({ teamId: team.id, date: taken.scheduledDate, timeSlot: taken.scheduledTimeSlot });

    expectProblem(await create({ primaryTeamId: '00000000-0000-4000-8000-000000000000', ...slots.take() }), 400, { field: 'primaryTeamId' });
    expectProblem(await create({ primaryTeamId: team.id, backupTeamId: team.id, ...slots.take() }), 400, { field: 'backupTeamId' });
    // The same team in capitals (PostgreSQL and MariaDB find it so) is still the same team.
    expectProblem(await create({ primaryTeamId: team.id, backupTeamId: team.id.toUpperCase(), ...slots.take() }), 400, { field: 'backupTeamId' });
    expectProblem(await create({ primaryTeamId: team.id, scheduledDate: '2026-02-30', scheduledTimeSlot: '09-12' }), 400, { field: 'scheduledDate' });
    expectProblem(await create({ primaryTeamId: team.id, scheduledDate: istDate(3), scheduledTimeSlot: '18-21' }), 400, { field: 'scheduledTimeSlot' });

    // Nothing was scheduled by the refused requests.
    const fresh = (await request(t.server).get(`/api/v1/leads/${lead.id}`).set('Authorization', ops.auth).expect(200)).body;
    expect(fresh).toMatchObject({ status: 'documents_received', survey: null });
  });

  it('schedules only leads in documents_received', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'documents_pending');
    const res = await request(t.server).post(surveysOf(lead.id)).set('Authorization', ops.auth).send({ primaryTeamId: team.id, ...slots.take() });
    expect(expectProblem(res, 409, { code: 'SURVEY_LEAD_NOT_READY' }).leadStatus).toBe('documents_pending');
    const scheduled = await readyLead(t, oem, ops);
    await scheduleSurvey(t, ops, scheduled.id, { primaryTeamId: team.id, ...slots.take() });
    const again = await request(t.server).post(surveysOf(scheduled.id)).set('Authorization', ops.auth).send({ primaryTeamId: team.id, ...slots.take() });
    expectProblem(again, 409, { code: 'SURVEY_LEAD_NOT_READY' });
  });

  it.each(['cancel', 'reject'] as const)('%s frees the slot, which can then be booked again', async (action) => {
    const slot = slots.take();
    const first = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...slot });
    if (action === 'reject') {
      expect((await surveyAction(t, team.technicians[0], first.id, 'start')).status).toBe(200);
      expect((await surveyAction(t, team.technicians[0], first.id, 'report', VALID_REPORT)).status).toBe(200);
    }
    const other = await readyLead(t, oem, ops);
    expectProblem(await request(t.server).post(surveysOf(other.id)).set('Authorization', ops.auth).send({ primaryTeamId: team.id, ...slot }), 409, { code: 'SLOT_TAKEN' });

    const closed = await surveyAction(t, ops, first.id, action, { reason: 'Customer moved house' });
    expect(closed.status, JSON.stringify(closed.body)).toBe(200);
    expect(closed.body).toMatchObject({ closingReason: 'Customer moved house', primaryTeam: null });
    expect(await bookingRows(t, { surveyId: first.id })).toEqual([]);

    const second = await scheduleSurvey(t, ops, other.id, { primaryTeamId: team.id, ...slot });
    expect((await bookingRows(t, { teamId: team.id, date: slot.scheduledDate, timeSlot: slot.scheduledTimeSlot })).map((b) => b.surveyId)).toEqual([second.id]);

    // The first lead is back in documents_received and can get a new survey.
    const again = await scheduleSurvey(t, ops, first.leadId, { primaryTeamId: team.id, ...slots.take() });
    expect(again.surveyId).not.toBe(first.surveyId);
  });

  it('rescheduling frees the old slot for another survey', async () => {
    const old = slots.take();
    const survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...old });
    expect((await surveyAction(t, ops, survey.id, 'reschedule', slots.take())).status).toBe(200);
    const other = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...old });
    expect((await bookingRows(t, { teamId: team.id, date: old.scheduledDate, timeSlot: old.scheduledTimeSlot })).map((b) => b.surveyId)).toEqual([other.id]);
    expectProblem(await surveyAction(t, ops, survey.id, 'reschedule', { ...old }), 409, { code: 'SLOT_TAKEN' });
    const current = (await request(t.server).get(`/api/v1/surveys/${survey.id}`).set('Authorization', ops.auth).expect(200)).body as SurveyResponseDto;
    expectProblem(await surveyAction(t, ops, survey.id, 'reschedule', { scheduledDate: current.scheduledDate, scheduledTimeSlot: current.scheduledTimeSlot }), 409, {
      code: 'SURVEY_SLOT_UNCHANGED',
    });
    expectProblem(await surveyAction(t, ops, survey.id, 'reschedule', { scheduledDate: istDate(-2), scheduledTimeSlot: '09-12' }), 409, { code: 'SLOT_IN_PAST' });
  });
});
