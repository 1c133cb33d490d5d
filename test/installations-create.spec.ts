import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { InstallationAssignment } from '../src/installations/entities/installation-assignment.entity.js';
import { Installation } from '../src/installations/entities/installation.entity.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { LeadEvent } from '../src/leads/entities/lead-event.entity.js';
import type { TeamScheduleDto } from '../src/teams/dto/schedule.dto.js';
import { TeamBooking } from '../src/teams/entities/team-booking.entity.js';
import { type TestUser } from './support/factory.js';
import { approvedSurvey, INSTALLATIONS, installationOf, planInstallation } from './support/installations.js';
import { expectProblem } from './support/lead-helpers.js';
import { bookingRows, createTeam, readyLead, scheduleSurvey, SlotSequence, TEAMS, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const LEADS = '/api/v1/leads';
const INS_ID = new RegExp(`^INS-\\d{4}-\\d{6}$`);

/** DESIGN §4 Installation, §5: an installation is planned from an approved survey, one per survey. */
describe('installation creation', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let surveyTeam: TestTeam;
  let installTeam: TestTeam;
  let backupTeam: TestTeam;
  const surveySlots = new SlotSequence();
  const installSlots = new SlotSequence(30);

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    [surveyTeam, installTeam, backupTeam] = [await createTeam(t, ops), await createTeam(t, ops), await createTeam(t, ops)];
  });
  afterAll(() => t.close());

  const ds = () => t.app.get(DataSource);
  const leadOf = async (leadId: string) => (await request(t.server).get(`${LEADS}/${leadId}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;

  it('plans the installation: INS id, primary booking, assignments, lead → installation_scheduled and a timeline event, all at once', async () => {
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    const slot = installSlots.take();
    const res = await request(t.server).post(installationOf(survey.id)).set('Authorization', ops.auth).send({ primaryTeamId: installTeam.id, backupTeamId: backupTeam.id, ...slot });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ins = res.body as InstallationResponseDto;
    expect(ins.installationId).toMatch(INS_ID);
    expect(res.headers.etag).toBe(`W/"${ins.version}"`);
    expect(ins).toMatchObject({
      surveyId: survey.id,
      leadId: survey.leadId,
      status: 'planned',
      materialReady: false,
      customerConfirmed: false,
      demoCompleted: false,
      closingReason: null,
      scheduledDate: slot.scheduledDate,
      scheduledTimeSlot: slot.scheduledTimeSlot,
      primaryTeam: { id: installTeam.id },
      backupTeam: { id: backupTeam.id },
      createdById: ops.user.id,
    });
    expect(ins.assignments.map((a) => [a.team.id, a.isPrimary, a.status])).toEqual([
      [installTeam.id, true, 'assigned'],
      [backupTeam.id, false, 'assigned'],
    ]);
    expect((await leadOf(survey.leadId)).status).toBe('installation_scheduled');

    const bookings = await bookingRows(t, { teamId: installTeam.id, date: slot.scheduledDate, timeSlot: slot.scheduledTimeSlot });
    expect(bookings.map((b) => [b.installationId, b.surveyId])).toEqual([[ins.id, null]]);
    const events = await ds().getRepository(LeadEvent).find({ where: { leadId: survey.leadId }, order: { id: 'ASC' } });
    expect(events.slice(-2).map((e) => [e.type, e.toStatus])).toEqual([
      ['installation_created', null],
      ['status_changed', 'installation_scheduled'],
    ]);

    // The team's schedule shows the slot as held by the installation.
    const schedule = (await request(t.server).get(`${TEAMS}/${installTeam.id}/schedule`).query({ from: slot.scheduledDate, to: slot.scheduledDate }).set('Authorization', ops.auth).expect(200))
      .body as TeamScheduleDto;
    const held = schedule.days[0].slots.find((s) => s.timeSlot === slot.scheduledTimeSlot);
    expect(held?.booking).toMatchObject({ kind: 'installation', installation: { id: ins.id, installationId: ins.installationId, status: 'planned', leadId: survey.leadId } });

    // GET: Central Ops and the assigned teams' technicians see it; another technician gets 404.
    expect((await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', ops.auth).expect(200)).body).toEqual(ins);
    await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', installTeam.technicians[0].auth).expect(200);
    await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', backupTeam.technicians[0].auth).expect(200);
    expectProblem(await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', surveyTeam.technicians[0].auth), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expectProblem(await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', oem.auth), 403);
  });

  it('a second installation for the survey → 409 INSTALLATION_EXISTS, nothing changed', async () => {
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    await planInstallation(t, ops, survey.id, { primaryTeamId: installTeam.id, ...installSlots.take() });
    const again = await request(t.server).post(installationOf(survey.id)).set('Authorization', ops.auth).send({ primaryTeamId: installTeam.id, ...installSlots.take() });
    expectProblem(again, 409, { code: 'INSTALLATION_EXISTS' });
    expect(await ds().getRepository(Installation).count({ where: { surveyId: survey.id } })).toBe(1);
  });

  it('refuses a survey that is not approved, a lead not in survey_completed, a taken slot, a past slot and bad teams; each leaves nothing behind', async () => {
    const lead = await readyLead(t, oem, ops);
    const open = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: surveyTeam.id, ...surveySlots.take() });
    expectProblem(await request(t.server).post(installationOf(open.id)).set('Authorization', ops.auth).send({ primaryTeamId: installTeam.id, ...installSlots.take() }), 409, {
      code: 'INSTALLATION_SURVEY_NOT_APPROVED',
    });

    const held = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    await request(t.server).post(`${LEADS}/${held.leadId}/transitions`).set('Authorization', ops.auth).send({ to: 'on_hold', reason: 'customer abroad' }).expect(200);
    expectProblem(await request(t.server).post(installationOf(held.id)).set('Authorization', ops.auth).send({ primaryTeamId: installTeam.id, ...installSlots.take() }), 409, {
      code: 'INSTALLATION_LEAD_NOT_READY',
    });

    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    const taken = installSlots.take();
    const other = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    await planInstallation(t, ops, other.id, { primaryTeamId: installTeam.id, ...taken });
    const post = (body: object) => request(t.server).post(installationOf(survey.id)).set('Authorization', ops.auth).send(body);
    expectProblem(await post({ primaryTeamId: installTeam.id, ...taken }), 409, { code: 'SLOT_TAKEN' });
    expectProblem(await post({ primaryTeamId: installTeam.id, scheduledDate: '2020-01-01', scheduledTimeSlot: '09-12' }), 409, { code: 'SLOT_IN_PAST' });
    expectProblem(await post({ primaryTeamId: installTeam.id, backupTeamId: installTeam.id, ...installSlots.take() }), 400, { field: 'backupTeamId' });
    expectProblem(await post({ primaryTeamId: '00000000-0000-4000-8000-000000000000', ...installSlots.take() }), 400, { field: 'primaryTeamId' });
    expectProblem(await post({ primaryTeamId: installTeam.id, ...installSlots.take(), scheduledTimeSlot: '08-09' }), 400, { field: 'scheduledTimeSlot' });

    for (const s of [open, held, survey]) expect(await ds().getRepository(Installation).count({ where: { surveyId: s.id } })).toBe(0);
    expect((await leadOf(survey.leadId)).status).toBe('survey_completed');
    expect(await ds().getRepository(LeadEvent).count({ where: { leadId: survey.leadId, type: 'installation_created' } })).toBe(0);
  });

  it('only Central Ops and admins plan; an unknown survey is 404', async () => {
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    const body = { primaryTeamId: installTeam.id, ...installSlots.take() };
    expectProblem(await request(t.server).post(installationOf(survey.id)).set('Authorization', oem.auth).send(body), 403);
    expectProblem(await request(t.server).post(installationOf(survey.id)).set('Authorization', surveyTeam.technicians[0].auth).send(body), 403);
    expectProblem(await request(t.server).post(installationOf('00000000-0000-4000-8000-000000000000')).set('Authorization', ops.auth).send(body), 404, {
      code: 'SURVEY_NOT_FOUND',
    });
    const admin = await t.factory.user('admin');
    await planInstallation(t, admin, survey.id, body);
  });

  it('cancelling the lead cancels its open installation, ends its assignments and frees the booking (lead-cancel hook)', async () => {
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    const ins = await planInstallation(t, ops, survey.id, { primaryTeamId: installTeam.id, backupTeamId: backupTeam.id, ...installSlots.take() });
    await request(t.server).post(`${LEADS}/${survey.leadId}/transitions`).set('Authorization', ops.auth).send({ to: 'cancelled', reason: 'customer sold the car' }).expect(200);

    const after = (await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto;
    expect(after).toMatchObject({ status: 'cancelled', closingReason: 'Lead cancelled: customer sold the car', version: ins.version + 1, primaryTeam: null, backupTeam: null });
    expect(after.assignments.map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
    expect(await bookingRows(t, { teamId: installTeam.id, date: ins.scheduledDate, timeSlot: ins.scheduledTimeSlot })).toHaveLength(0);
    expect(await ds().getRepository(LeadEvent).count({ where: { leadId: survey.leadId, type: 'installation_cancelled' } })).toBe(1);
  });

  it('a team assigned to an open installation cannot be deactivated (409 TEAM_HAS_OPEN_JOBS)', async () => {
    const team = await createTeam(t, ops);
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...installSlots.take() });
    expectProblem(await request(t.server).patch(`${TEAMS}/${team.id}`).set('Authorization', ops.auth).send({ isActive: false }), 409, { code: 'TEAM_HAS_OPEN_JOBS' });
  });

  it('10 concurrent creations from one survey → exactly one installation; the others 409 and leave no booking or assignment', async () => {
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    const responses = await Promise.all(
      Array.from({ length: 10 }, () => request(t.server).post(installationOf(survey.id)).set('Authorization', ops.auth).send({ primaryTeamId: installTeam.id, ...installSlots.take() })),
    );
    const won = responses.filter((r) => r.status === 201);
    expect(won).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 201)) expect(['INSTALLATION_EXISTS', 'INSTALLATION_LEAD_NOT_READY']).toContain(expectProblem(res, 409).code);
    const [installation] = await ds().getRepository(Installation).find({ where: { surveyId: survey.id } });
    expect(installation.id).toBe((won[0].body as InstallationResponseDto).id);
    expect(await ds().getRepository(TeamBooking).count({ where: { installationId: installation.id } })).toBe(1);
    expect(await ds().getRepository(InstallationAssignment).count({ where: { installationId: installation.id } })).toBe(1);
    expect(await ds().getRepository(LeadEvent).count({ where: { leadId: survey.leadId, type: 'installation_created' } })).toBe(1);
  });

  it('50 concurrent creations from different surveys → 50 distinct installationIds', async () => {
    const surveys = [];
    for (let i = 0; i < 50; i++) surveys.push(await approvedSurvey(t, oem, ops, surveyTeam, surveySlots));
    const responses = await Promise.all(surveys.map((s) => request(t.server).post(installationOf(s.id)).set('Authorization', ops.auth).send({ primaryTeamId: installTeam.id, ...installSlots.take() })));
    for (const res of responses) expect(res.status, JSON.stringify(res.body)).toBe(201);
    const ids = responses.map((r) => (r.body as InstallationResponseDto).installationId);
    for (const id of ids) expect(id).toMatch(INS_ID);
    expect(new Set(ids).size).toBe(50);
  });
});
