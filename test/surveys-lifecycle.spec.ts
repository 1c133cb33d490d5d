import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { LeadTimeline } from '../src/leads/lead-timeline.service.js';
import { encodeJpeg, sitePhotoPainter } from '../src/cli/demo-files.js';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { type TestUser } from './support/factory.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { bookingRows, createTeam, readyLead, scheduleSurvey, SlotSequence, surveyAction, SURVEYS, surveysOf, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const PHOTO = encodeJpeg(16, 12, sitePhotoPainter(16, 12, 3));

type Status = 'scheduled' | 'rescheduled' | 'in_progress' | 'submitted' | 'approved' | 'rejected' | 'cancelled';
type Action = 'start' | 'reschedule' | 'report' | 'media' | 'approve' | 'reject' | 'cancel' | 'assign';

/**
 * DESIGN §5 survey workflow, written out independently of the implementation: what each action
 * does from each status (`assign` and `media` keep the status; `report` on a submitted survey replaces it).
 */
const EXPECTED: Record<Status, Partial<Record<Action, Status>>> = {
  scheduled: { start: 'in_progress', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'scheduled' },
  rescheduled: { start: 'in_progress', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'rescheduled' },
  in_progress: { reschedule: 'rescheduled', report: 'submitted', media: 'in_progress', cancel: 'cancelled' },
  submitted: { report: 'submitted', media: 'submitted', approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
  approved: {},
  rejected: {},
  cancelled: {},
};
const STATUSES = Object.keys(EXPECTED) as Status[];
const ACTIONS: Action[] = ['start', 'reschedule', 'report', 'media', 'approve', 'reject', 'cancel', 'assign'];
/** `in_progress + start` is the team's start sent again: answered as it is (`unchanged`), not refused. */
const PAIRS = STATUSES.flatMap((status) => ACTIONS.map((action) => [status, action, status === 'in_progress' && action === 'start' ? 'unchanged' : (EXPECTED[status][action] ?? 409)] as const));

/** Where the lead stands while its survey is in each status (DESIGN §5 auto transitions). */
const LEAD_STATUS: Record<Status, string> = {
  scheduled: 'survey_scheduled',
  rescheduled: 'survey_scheduled',
  in_progress: 'survey_scheduled',
  submitted: 'survey_scheduled',
  approved: 'survey_completed',
  rejected: 'documents_received',
  cancelled: 'documents_received',
};

describe('survey lifecycle', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  let backupTeams: TestTeam[];
  let tech: TestUser;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    team = await createTeam(t, ops);
    tech = team.technicians[0];
    backupTeams = [await createTeam(t, ops), await createTeam(t, ops)];
  });
  afterAll(() => t.close());

  const get = async (id: string): Promise<SurveyResponseDto> => (await request(t.server).get(`${SURVEYS}/${id}`).set('Authorization', ops.auth).expect(200)).body;

  let reports = 0;
  /** Who performs each action, and with what body. */
  function perform(action: Action, surveyId: string) {
    switch (action) {
      case 'start':
        return surveyAction(t, tech, surveyId, 'start');
      case 'report':
        // Each report differs from the one before (the same one sent again is a retry, answered as it is).
        reports += 1;
        return surveyAction(t, tech, surveyId, 'report', { ...VALID_REPORT, notes: `Report ${reports}` });
      case 'media':
        return request(t.server).post(`${SURVEYS}/${surveyId}/media`).set('Authorization', tech.auth).attach('file', PHOTO, 'meter-board.jpg');
      case 'reschedule':
        return surveyAction(t, ops, surveyId, 'reschedule', { ...slots.take(), reason: 'Customer asked for another day' });
      case 'approve':
        return surveyAction(t, ops, surveyId, 'approve', { notes: 'Site is fine' });
      case 'reject':
      case 'cancel':
        return surveyAction(t, ops, surveyId, action, { reason: 'Customer not reachable' });
      case 'assign':
        return request(t.server).post(`${SURVEYS}/${surveyId}/assignments`).set('Authorization', ops.auth).send({ teamId: backupTeams[0].id, isPrimary: false });
    }
  }

  /** A survey of a fresh lead, walked to `status` through the API. */
  async function surveyIn(status: Status): Promise<SurveyResponseDto> {
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    const path: Record<Status, Action[]> = {
      scheduled: [],
      rescheduled: ['reschedule'],
      in_progress: ['start'],
      submitted: ['start', 'report'],
      approved: ['start', 'report', 'approve'],
      rejected: ['start', 'report', 'reject'],
      cancelled: ['cancel'],
    };
    for (const action of path[status]) expect((await perform(action, survey.id)).status).toBeLessThan(300);
    const current = await get(survey.id);
    expect(current.status).toBe(status);
    return current;
  }

  it.each(PAIRS)('%s + %s → %s', async (status, action, expected) => {
    const survey = await surveyIn(status);
    const res = await perform(action, survey.id);
    if (expected === 409 && status === 'cancelled' && ['start', 'report', 'media'].includes(action)) {
      // A cancelled survey is no longer a job of the team (its assignment was cancelled): 404, DESIGN §1.
      expectProblem(res, 404, { code: 'SURVEY_NOT_FOUND' });
      return;
    }
    if (expected === 'unchanged') {
      // The team's start sent again (its answer lost): the survey as it is.
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      expect(res.body).toEqual(await get(survey.id));
      expect((res.body as SurveyResponseDto).version).toBe(survey.version);
      return;
    }
    if (expected === 409) {
      const problem = expectProblem(res, 409, { code: 'SURVEY_INVALID_TRANSITION' });
      expect(problem.allowedActions).toEqual(ACTIONS.filter((a) => EXPECTED[status][a]));
      const after = await get(survey.id);
      expect(after.status).toBe(status);
      expect(after.version).toBe(survey.version);
      return;
    }
    expect(res.status, JSON.stringify(res.body)).toBe(action === 'assign' || action === 'media' ? 201 : 200);
    if (action === 'media') {
      // Media is added to the survey; its status and version stay.
      expect(await get(survey.id)).toMatchObject({ status: expected, version: survey.version });
      return;
    }
    const after = res.body as SurveyResponseDto;
    expect(after.status).toBe(expected);
    expect(after.version).toBe(survey.version + 1);
    expect(after.allowedActions).toEqual(ACTIONS.filter((a) => EXPECTED[expected][a]));
    expect(res.headers.etag).toBe(`W/"${after.version}"`);
    const lead = (await request(t.server).get(`${LEADS}/${survey.leadId}`).set('Authorization', ops.auth).expect(200)).body;
    expect(lead.status).toBe(LEAD_STATUS[expected]);
    expect(lead.survey).toEqual({ id: survey.id, surveyId: survey.surveyId, status: expected, scheduledDate: after.scheduledDate, scheduledTimeSlot: after.scheduledTimeSlot });
    const held = await bookingRows(t, { surveyId: survey.id });
    if (expected === 'rejected' || expected === 'cancelled') expect(held).toEqual([]);
    else expect(held.map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[team.id, after.scheduledDate, after.scheduledTimeSlot]]);
  });

  it('writes the lead status change and a survey event for every step, on the lead timeline', async () => {
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    expect(survey.surveyId).toMatch(/^SRV-\d{4}-\d{6}$/);
    for (const action of ['reschedule', 'start', 'report', 'approve'] as const) expect((await perform(action, survey.id)).status).toBe(200);
    const timeline = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), lead.id);
    const mine = timeline.slice(timeline.findIndex((e) => e.type === 'survey_created'));
    expect(mine.map((e) => [e.type, e.fromStatus, e.toStatus])).toEqual([
      ['survey_created', null, null],
      ['status_changed', 'documents_received', 'survey_scheduled'],
      ['survey_rescheduled', null, null],
      ['survey_started', null, null],
      ['survey_report_submitted', null, null],
      ['survey_approved', null, null],
      ['status_changed', 'survey_scheduled', 'survey_completed'],
    ]);
    for (const event of mine) expect(event.data).toMatchObject({ surveyId: survey.surveyId });
    expect(mine.find((e) => e.type === 'survey_started')?.actorUserId).toBe(tech.user.id);
    expect(mine.find((e) => e.type === 'survey_approved')?.actorUserId).toBe(ops.user.id);
  });

  describe('one transaction per step: when the lead transition or the timeline write fails, nothing of the step remains', () => {
    afterEach(() => vi.restoreAllMocks());
    const boom = () => new Error('connection reset by the database');

    it('scheduling: no survey, no booking, no event, lead unchanged', async () => {
      const lead = await readyLead(t, oem, ops);
      const slot = slots.take();
      vi.spyOn(t.app.get(LeadTimeline), 'applyTransition').mockRejectedValueOnce(boom());
      expectProblem(await request(t.server).post(surveysOf(lead.id)).set('Authorization', ops.auth).send({ primaryTeamId: team.id, ...slot }), 500);
      expect(await bookingRows(t, { teamId: team.id, date: slot.scheduledDate, timeSlot: slot.scheduledTimeSlot })).toEqual([]);
      const after = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body;
      expect(after).toMatchObject({ status: 'documents_received', survey: null });
      const timeline = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), lead.id);
      expect(timeline.filter((e) => e.type.startsWith('survey'))).toEqual([]);
      // The slot is still free.
      await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slot });
    });

    it('approving: the survey stays submitted and the lead survey_scheduled', async () => {
      const survey = await surveyIn('submitted');
      vi.spyOn(t.app.get(LeadTimeline), 'applyTransition').mockRejectedValueOnce(boom());
      expectProblem(await perform('approve', survey.id), 500);
      expect(await get(survey.id)).toMatchObject({ status: 'submitted', version: survey.version });
      expect((await request(t.server).get(`${LEADS}/${survey.leadId}`).set('Authorization', ops.auth).expect(200)).body.status).toBe('survey_scheduled');
    });

    it('rescheduling and cancelling: the booking stays where it was', async () => {
      const survey = await surveyIn('scheduled');
      vi.spyOn(t.app.get(LeadTimeline), 'recordEvent').mockRejectedValueOnce(boom());
      expectProblem(await perform('reschedule', survey.id), 500);
      vi.spyOn(t.app.get(LeadTimeline), 'applyTransition').mockRejectedValueOnce(boom());
      expectProblem(await perform('cancel', survey.id), 500);
      expect(await get(survey.id)).toMatchObject({ status: 'scheduled', version: survey.version, scheduledDate: survey.scheduledDate });
      expect((await bookingRows(t, { surveyId: survey.id })).map((b) => [b.date, b.timeSlot])).toEqual([[survey.scheduledDate, survey.scheduledTimeSlot]]);
    });
  });
});
