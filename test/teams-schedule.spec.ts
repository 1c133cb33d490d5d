import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TeamScheduleDto } from '../src/teams/dto/schedule.dto.js';
import { type TestUser } from './support/factory.js';
import { expectProblem } from './support/lead-helpers.js';
import { createTeam, istDate, readyLead, scheduleSurvey, surveyAction, TEAMS, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** `GET /teams/{id}/schedule`: the slot calendar by date and time slot, with the job holding each booking. */
describe('team schedule', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  let other: TestTeam;

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    team = await createTeam(t, ops);
    other = await createTeam(t, ops);
  });
  afterAll(() => t.close());

  const schedule = (who: TestUser, teamId: string, query = '') => request(t.server).get(`${TEAMS}/${teamId}/schedule${query}`).set('Authorization', who.auth);

  it('lists every day and slot of the range, each free or with its survey', async () => {
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, scheduledDate: istDate(3), scheduledTimeSlot: '12-15' });
    const moved = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, scheduledDate: istDate(4), scheduledTimeSlot: '09-12' });
    await surveyAction(t, ops, moved.id, 'reschedule', { scheduledDate: istDate(4), scheduledTimeSlot: '15-18' }).expect(200);

    const res = await schedule(team.technicians[0], team.id, `?from=${istDate(2)}&to=${istDate(4)}`).expect(200);
    const body = res.body as TeamScheduleDto;
    expect(body).toMatchObject({ team: { id: team.id, name: team.name, isActive: true }, from: istDate(2), to: istDate(4) });
    expect(body.days.map((d) => d.date)).toEqual([istDate(2), istDate(3), istDate(4)]);
    const grid = body.days.map((d) => d.slots.map((s) => s.booking?.survey?.surveyId ?? null));
    expect(grid).toEqual([
      [null, null, null],
      [null, survey.surveyId, null],
      [null, null, moved.surveyId],
    ]);
    expect(body.days[1].slots.map((s) => s.timeSlot)).toEqual(['09-12', '12-15', '15-18']);
    expect(body.days[1].slots[1].booking).toMatchObject({
      kind: 'survey',
      survey: { id: survey.id, status: 'scheduled', leadId: lead.id, customerName: lead.customerName, city: lead.city, pincode: lead.pincode },
    });
    // Another team's calendar is separate.
    const empty = (await schedule(ops, other.id, `?from=${istDate(3)}&to=${istDate(3)}`).expect(200)).body as TeamScheduleDto;
    expect(empty.days[0].slots.every((s) => s.booking === null)).toBe(true);
  });

  it('defaults to the week starting today in India', async () => {
    const body = (await schedule(ops, team.id).expect(200)).body as TeamScheduleDto;
    expect(body.from).toBe(istDate(0));
    expect(body.to).toBe(istDate(6));
    expect(body.days).toHaveLength(7);
  });

  it('validates the range (400 naming the field) and hides other teams from technicians (404)', async () => {
    expectProblem(await schedule(ops, team.id, `?from=${istDate(5)}&to=${istDate(4)}`), 400, { field: 'to' });
    expectProblem(await schedule(ops, team.id, `?from=${istDate(0)}&to=${istDate(62)}`), 400, { field: 'to' });
    await schedule(ops, team.id, `?from=${istDate(0)}&to=${istDate(61)}`).expect(200);
    expectProblem(await schedule(ops, team.id, '?from=2026-13-01'), 400, { field: 'from' });
    expectProblem(await schedule(team.technicians[0], other.id), 404, { code: 'TEAM_NOT_FOUND' });
    expectProblem(await schedule(oem, team.id), 403, { code: 'FORBIDDEN_ROLE' });
  });
});
