import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import type { AssignmentResponseDto } from '../src/teams/assignments/assignment.dto.js';
import { type TestUser } from './support/factory.js';
import { allEvents, expectProblem } from './support/lead-helpers.js';
import { bookingRows, createTeam, readyLead, scheduleSurvey, SlotSequence, surveyAction, SURVEYS, TEAMS, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** DESIGN §5 assignments: one primary (holding the booking), an optional emergency backup. */
describe('survey assignments', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let primary: TestTeam;
  let backup: TestTeam;
  let third: TestTeam;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    [primary, backup, third] = [await createTeam(t, ops, { technicians: 2 }), await createTeam(t, ops), await createTeam(t, ops)];
  });
  afterAll(() => t.close());

  const get = async (id: string, who: TestUser = ops): Promise<SurveyResponseDto> =>
    (await request(t.server).get(`${SURVEYS}/${id}`).set('Authorization', who.auth).expect(200)).body;
  const respond = (who: TestUser, survey: SurveyResponseDto, assignmentId: string, body: object) =>
    request(t.server).patch(`${SURVEYS}/${survey.id}/assignments/${assignmentId}`).set('Authorization', who.auth).send(body);
  const assign = (survey: SurveyResponseDto, body: object) => request(t.server).post(`${SURVEYS}/${survey.id}/assignments`).set('Authorization', ops.auth).send(body);
  const withBackup = async () => {
    const lead = await readyLead(t, oem, ops);
    return scheduleSurvey(t, ops, lead.id, { primaryTeamId: primary.id, backupTeamId: backup.id, ...slots.take() });
  };
  const assignmentOf = (survey: SurveyResponseDto, team: TestTeam) => survey.assignments.find((a) => a.team.id === team.id && ['assigned', 'accepted'].includes(a.status))!;

  it('creates a primary and a backup assignment; the booking is held for the primary only', async () => {
    const survey = await withBackup();
    expect(survey.primaryTeam?.id).toBe(primary.id);
    expect(survey.backupTeam?.id).toBe(backup.id);
    expect(survey.assignments.map((a) => [a.team.id, a.isPrimary, a.status, a.assignedById])).toEqual([
      [primary.id, true, 'assigned', ops.user.id],
      [backup.id, false, 'assigned', ops.user.id],
    ]);
    expect((await bookingRows(t, { surveyId: survey.id })).map((b) => b.teamId)).toEqual([primary.id]);
  });

  const eventTypes = async (survey: SurveyResponseDto) => (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), survey.leadId)).map((e) => e.type);

  it('a member accepts its assignment; another member accepting it again is 409', async () => {
    const survey = await withBackup();
    const mine = assignmentOf(survey, primary);
    const res = await respond(primary.technicians[1], survey, mine.id, { status: 'accepted' }).expect(200);
    expect(res.body).toMatchObject({ id: mine.id, status: 'accepted', respondedById: primary.technicians[1].user.id, isPrimary: true });
    expectProblem(await respond(primary.technicians[0], survey, mine.id, { status: 'accepted' }), 409, { code: 'ASSIGNMENT_INVALID_TRANSITION' });
  });

  it('an accept or decline sent again after its answer was lost answers the assignment as it is, changing nothing', async () => {
    const survey = await withBackup();
    const tech = primary.technicians[1];
    const mine = assignmentOf(survey, primary);
    const first = (await respond(tech, survey, mine.id, { status: 'accepted' }).set('If-Match', `W/"${survey.version}"`).expect(200)).body as AssignmentResponseDto;
    const [accepted, types] = [await get(survey.id), await eventTypes(survey)];
    // The phone still holds the version it read before accepting.
    const again = await respond(tech, survey, mine.id, { status: 'accepted' }).set('If-Match', `W/"${survey.version}"`);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual(first);
    expect((await get(survey.id)).version).toBe(accepted.version);
    expect(await eventTypes(survey)).toEqual(types);

    const declined = (await respond(tech, survey, mine.id, { status: 'declined', reason: 'Van broke down' }).expect(200)).body as AssignmentResponseDto;
    const [handedOver, afterDecline] = [await get(survey.id), await eventTypes(survey)];
    expect(handedOver.primaryTeam?.id).toBe(backup.id);
    // The declined team no longer sees the survey (404 otherwise); its own decline is still its answer.
    const declinedAgain = await respond(tech, survey, mine.id, { status: 'declined', reason: 'Van broke down' });
    expect(declinedAgain.status, JSON.stringify(declinedAgain.body)).toBe(200);
    expect(declinedAgain.body).toEqual(declined);
    expect(await get(survey.id)).toEqual(handedOver);
    expect(await eventTypes(survey)).toEqual(afterDecline);
    // Another answer than one's own is no retry.
    expectProblem(await respond(tech, survey, mine.id, { status: 'accepted' }), 404, { code: 'SURVEY_NOT_FOUND' });
  });

  it('primary declines with a backup present: the backup is promoted and the booking moves to it atomically', async () => {
    const survey = await withBackup();
    const res = await respond(primary.technicians[0], survey, assignmentOf(survey, primary).id, { status: 'declined', reason: 'Vehicle breakdown' });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect((res.body as AssignmentResponseDto).status).toBe('declined');

    const after = await get(survey.id);
    expect(after.primaryTeam?.id).toBe(backup.id);
    expect(after.backupTeam).toBeNull();
    expect(after.version).toBe(survey.version + 1);
    expect(after.assignments.map((a) => [a.team.id, a.isPrimary, a.status])).toEqual(
      expect.arrayContaining([
        [primary.id, true, 'declined'],
        [backup.id, true, 'assigned'],
      ]),
    );
    expect(after.assignments).toHaveLength(2);
    const held = await bookingRows(t, { surveyId: survey.id });
    expect(held.map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[backup.id, survey.scheduledDate, survey.scheduledTimeSlot]]);

    // The declining team no longer sees the job; the promoted one does and can start it.
    expectProblem(await request(t.server).get(`${SURVEYS}/${survey.id}`).set('Authorization', primary.technicians[0].auth), 404, { code: 'SURVEY_NOT_FOUND' });
    expect((await surveyAction(t, backup.technicians[0], survey.id, 'start')).status).toBe(200);

    const events = (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), survey.leadId)).map((e) => [e.type, e.data?.teamId]);
    expect(events).toContainEqual(['survey_assignment_declined', primary.id]);
    expect(events).toContainEqual(['survey_backup_promoted', backup.id]);
  });

  it('promotion fails as a whole (409 SLOT_TAKEN) when the backup is booked in that slot', async () => {
    const survey = await withBackup();
    await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, {
      primaryTeamId: backup.id,
      scheduledDate: survey.scheduledDate,
      scheduledTimeSlot: survey.scheduledTimeSlot,
    });
    expectProblem(await respond(primary.technicians[0], survey, assignmentOf(survey, primary).id, { status: 'declined' }), 409, { code: 'SLOT_TAKEN' });
    const after = await get(survey.id);
    expect(after).toMatchObject({ version: survey.version, primaryTeam: { id: primary.id }, backupTeam: { id: backup.id } });
    expect((await bookingRows(t, { surveyId: survey.id })).map((b) => b.teamId)).toEqual([primary.id]);
  });

  it('primary declines without a backup: the slot is freed and Central Ops assigns a new primary, which takes it', async () => {
    const slot = slots.take();
    const survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: primary.id, ...slot });
    await respond(primary.technicians[0], survey, assignmentOf(survey, primary).id, { status: 'declined' }).expect(200);
    expect(await bookingRows(t, { surveyId: survey.id })).toEqual([]);
    const orphan = await get(survey.id);
    expect(orphan.primaryTeam).toBeNull();
    expectProblem(await surveyAction(t, primary.technicians[0], survey.id, 'start'), 404);

    const res = await assign(survey, { teamId: third.id, isPrimary: true });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect((res.body as SurveyResponseDto).primaryTeam?.id).toBe(third.id);
    expect((await bookingRows(t, { surveyId: survey.id })).map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[third.id, slot.scheduledDate, slot.scheduledTimeSlot]]);
  });

  it('Central Ops replaces the primary (booking moves), sets and replaces the backup, and promotes the backup by naming it primary', async () => {
    const survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: primary.id, ...slots.take() });
    let res = await assign(survey, { teamId: backup.id, isPrimary: false }).expect(201);
    expect((res.body as SurveyResponseDto).backupTeam?.id).toBe(backup.id);
    expectProblem(await assign(survey, { teamId: backup.id, isPrimary: false }), 409, { code: 'ASSIGNMENT_UNCHANGED' });
    expectProblem(await assign(survey, { teamId: primary.id, isPrimary: false }), 409, { code: 'ASSIGNMENT_TEAM_CONFLICT' });

    res = await assign(survey, { teamId: third.id, isPrimary: true }).expect(201);
    expect(res.body).toMatchObject({ primaryTeam: { id: third.id }, backupTeam: { id: backup.id } });
    expect((await bookingRows(t, { surveyId: survey.id })).map((b) => b.teamId)).toEqual([third.id]);

    res = await assign(survey, { teamId: backup.id, isPrimary: true }).expect(201);
    const after = res.body as SurveyResponseDto;
    expect(after).toMatchObject({ primaryTeam: { id: backup.id }, backupTeam: null });
    expect(after.assignments.map((a) => [a.team.id, a.isPrimary, a.status]).sort()).toEqual(
      [
        [primary.id, true, 'cancelled'],
        [backup.id, true, 'assigned'],
        [third.id, true, 'cancelled'],
      ].sort(),
    );
    expect((await bookingRows(t, { surveyId: survey.id })).map((b) => b.teamId)).toEqual([backup.id]);
  });

  it('Central Ops cancels a backup assignment; technicians may only accept or decline, Central Ops only cancel', async () => {
    const survey = await withBackup();
    const backupAssignment = assignmentOf(survey, backup);
    expectProblem(await respond(ops, survey, backupAssignment.id, { status: 'accepted' }), 403, { code: 'ASSIGNMENT_STATUS_FORBIDDEN' });
    expectProblem(await respond(backup.technicians[0], survey, backupAssignment.id, { status: 'cancelled' }), 403, { code: 'ASSIGNMENT_STATUS_FORBIDDEN' });
    await respond(ops, survey, backupAssignment.id, { status: 'cancelled' }).expect(200);
    expect((await get(survey.id)).backupTeam).toBeNull();
    expectProblem(await respond(ops, survey, backupAssignment.id, { status: 'cancelled' }), 409, { code: 'ASSIGNMENT_INVALID_TRANSITION' });
    expectProblem(await respond(ops, survey, '00000000-0000-4000-8000-000000000000', { status: 'cancelled' }), 404, { code: 'SURVEY_ASSIGNMENT_NOT_FOUND' });
  });

  it('a member of the backup team sees the job but may not answer for the primary or start it', async () => {
    const survey = await withBackup();
    const tech = backup.technicians[0];
    expect((await get(survey.id, tech)).id).toBe(survey.id);
    expectProblem(await respond(tech, survey, assignmentOf(survey, primary).id, { status: 'declined' }), 403, { code: 'ASSIGNMENT_NOT_YOUR_TEAM' });
    expectProblem(await surveyAction(t, tech, survey.id, 'start'), 403, { code: 'SURVEY_NOT_PRIMARY_TEAM' });
  });

  it('starting counts as accepting; assignments are frozen once work has started', async () => {
    const survey = await withBackup();
    const started = (await surveyAction(t, primary.technicians[0], survey.id, 'start').expect(200)).body as SurveyResponseDto;
    expect(assignmentOf(started, primary)).toMatchObject({ status: 'accepted', respondedById: primary.technicians[0].user.id });
    // Sent again (the answer was lost in a basement), by the same member or the other, with the old If-Match or none: the survey as it is.
    const types = await eventTypes(survey);
    for (const [who, version] of [[primary.technicians[0], survey.version], [primary.technicians[1], undefined]] as const) {
      const again = surveyAction(t, who, survey.id, 'start');
      if (version !== undefined) void again.set('If-Match', `W/"${version}"`);
      const res = await again;
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual(await get(survey.id, who));
      expect((res.body as SurveyResponseDto).version).toBe(started.version);
    }
    expect(await eventTypes(survey)).toEqual(types);
    // The backup's members are not the primary team: for them it is no retry.
    expectProblem(await surveyAction(t, backup.technicians[0], survey.id, 'start'), 409, { code: 'SURVEY_INVALID_TRANSITION' });
    expectProblem(await respond(primary.technicians[0], survey, assignmentOf(started, primary).id, { status: 'declined' }), 409, { code: 'SURVEY_INVALID_TRANSITION' });
    expectProblem(await assign(survey, { teamId: third.id, isPrimary: true }), 409, { code: 'SURVEY_INVALID_TRANSITION' });
  });

  it('a team assigned to an open survey cannot be deactivated; once released it can', async () => {
    const team = await createTeam(t, ops);
    const survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() });
    const deactivate = () => request(t.server).patch(`${TEAMS}/${team.id}`).set('Authorization', ops.auth).send({ isActive: false });
    expect(expectProblem(await deactivate(), 409, { code: 'TEAM_HAS_OPEN_JOBS' }).openAssignments).toBe(1);
    await surveyAction(t, ops, survey.id, 'cancel', { reason: 'Team disbanded' }).expect(200);
    expect((await deactivate().expect(200)).body.isActive).toBe(false);
  });
});
