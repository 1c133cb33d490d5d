import request, { type Response } from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InstallationPageDto, InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { INSTALLATION_STATUSES, type InstallationStatus } from '../src/teams/assignments/job-statuses.js';
import {
  allowedInstallationActions,
  allowedInstallationTargets,
  type InstallationAction,
  INSTALLATION_TRANSITION_TARGETS,
  INSTALLATION_TRANSITIONS,
  type InstallationTransitionTarget,
  TEAM_TRANSITION_TARGETS,
} from '../src/installations/installation-state-machine.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { TeamBooking } from '../src/teams/entities/team-booking.entity.js';
import { SAMPLES } from './support/documents.js';
import { type TestUser } from './support/factory.js';
import {
  approvedSurvey,
  completeInstallation,
  confirmInstallation,
  INSTALLATIONS,
  installationTransition,
  planInstallation,
  submitInstallationReport,
} from './support/installations.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { bookingRows, createTeam, istDate, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What the table test attempts from each status: the six transition targets, reschedule, PATCH customerConfirmed and the report. */
type Action = InstallationTransitionTarget | 'reschedule' | 'update' | 'report';
const ACTIONS: readonly Action[] = [...INSTALLATION_TRANSITION_TARGETS, 'reschedule', 'update', 'report'];
const STATUSES: readonly InstallationStatus[] = INSTALLATION_STATUSES;

/** The table's action for what the test attempts (`cancelled` is the `cancel` action). */
const tableAction = (action: Action): InstallationAction => (action === 'cancelled' ? 'cancel' : action);
/** The status the exported table leads to, or undefined when it refuses. */
const tableTarget = (status: InstallationStatus, action: Action): InstallationStatus | undefined => INSTALLATION_TRANSITIONS[status][tableAction(action)];

/**
 * A few expectations written out from DESIGN §5 by hand, so the table test cannot pass by
 * agreeing with a wrong table: they are checked against the exported table, which the HTTP
 * tests then check against the API.
 */
const KEY_EXPECTATIONS: [InstallationStatus, Action, InstallationStatus | 'refused'][] = [
  ['planned', 'material_pending', 'material_pending'],
  ['planned', 'material_ready', 'refused'],
  ['planned', 'confirmed', 'refused'],
  ['planned', 'in_progress', 'refused'],
  ['material_pending', 'material_ready', 'material_ready'],
  ['material_pending', 'confirmed', 'refused'],
  ['material_ready', 'confirmed', 'confirmed'],
  ['confirmed', 'in_progress', 'in_progress'],
  ['confirmed', 'update', 'refused'],
  ['confirmed', 'reschedule', 'rescheduled'],
  ['rescheduled', 'material_ready', 'material_ready'],
  ['rescheduled', 'confirmed', 'confirmed'],
  ['in_progress', 'reschedule', 'refused'],
  ['in_progress', 'completed', 'completed'],
  ['in_progress', 'report', 'refused'],
  ['completed', 'report', 'report_submitted'],
  ['completed', 'in_progress', 'refused'],
  ['report_submitted', 'reschedule', 'refused'],
  ['report_submitted', 'cancelled', 'refused'],
  ...ACTIONS.map((a): [InstallationStatus, Action, 'refused'] => ['closed', a, 'refused']),
  ...ACTIONS.map((a): [InstallationStatus, Action, 'refused'] => ['cancelled', a, 'refused']),
];
const KEY_ALLOWED_TARGETS: Partial<Record<InstallationStatus, InstallationTransitionTarget[]>> = {
  planned: ['material_pending', 'cancelled'],
  material_ready: ['confirmed', 'cancelled'],
  confirmed: ['in_progress', 'cancelled'],
  rescheduled: ['material_pending', 'material_ready', 'confirmed', 'cancelled'],
  in_progress: ['completed', 'cancelled'],
  completed: ['cancelled'],
  closed: [],
  cancelled: [],
};

const UNKNOWN_UUID = '00000000-0000-4000-8000-000000000000';

/** The pieces every describe block builds the same way. */
interface World {
  t: TestApp;
  oem: TestUser;
  ops: TestUser;
  surveyTeam: TestTeam;
  surveySlots: SlotSequence;
  slots: SlotSequence;
}

async function startWorld(): Promise<World> {
  const t = await startTestApp();
  const [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  const surveyTeam = await createTeam(t, ops);
  return { t, oem, ops, surveyTeam, surveySlots: new SlotSequence(), slots: new SlotSequence(40) };
}

const getInstallation = async (w: World, id: string, who: TestUser = w.ops): Promise<InstallationResponseDto> => {
  const res = await request(w.t.server).get(`${INSTALLATIONS}/${id}`).set('Authorization', who.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as InstallationResponseDto;
};

const getLead = async (w: World, id: string, who: TestUser = w.ops): Promise<LeadResponseDto> =>
  (await request(w.t.server).get(`${LEADS}/${id}`).set('Authorization', who.auth).expect(200)).body as LeadResponseDto;

const bookingsOf = (w: World, installationId: string): Promise<TeamBooking[]> => w.t.app.get(DataSource).getRepository(TeamBooking).find({ where: { installationId } });

const patchInstallation = (w: World, who: TestUser, id: string, body: object, ifMatch?: string) => {
  const req = request(w.t.server).patch(`${INSTALLATIONS}/${id}`).set('Authorization', who.auth);
  if (ifMatch) void req.set('If-Match', ifMatch);
  return req.send(body);
};

const reschedule = (w: World, who: TestUser, id: string, slot: { scheduledDate: string; scheduledTimeSlot: string }, reason?: string) =>
  request(w.t.server)
    .post(`${INSTALLATIONS}/${id}/reschedule`)
    .set('Authorization', who.auth)
    .send({ ...slot, ...(reason && { reason }) });

const respond = (w: World, who: TestUser, id: string, assignmentId: string, status: string) =>
  request(w.t.server).patch(`${INSTALLATIONS}/${id}/assignments/${assignmentId}`).set('Authorization', who.auth).send({ status });

const ok = (res: Response, status = 200): Response => {
  expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  return res;
};

/** The active primary assignment of an installation response. */
const primaryOf = (ins: InstallationResponseDto) => {
  const primary = ins.assignments.find((a) => a.isPrimary && (a.status === 'assigned' || a.status === 'accepted'));
  if (!primary) throw new Error(`no active primary on ${ins.installationId}`);
  return primary;
};

type Step = 'accept' | 'material_pending' | 'material_ready' | 'customerConfirmed' | 'confirmed' | 'in_progress' | 'completed' | 'report' | 'close' | 'reschedule' | 'cancel';

/** How each status is reached over HTTP from a freshly planned installation (DESIGN §5). */
const PATHS: Record<InstallationStatus, Step[]> = {
  planned: [],
  material_pending: ['material_pending'],
  material_ready: ['accept', 'material_pending', 'material_ready'],
  confirmed: ['accept', 'material_pending', 'material_ready', 'customerConfirmed', 'confirmed'],
  // From material_ready with an accepted primary, so `confirmed` only lacks the customer's (reset) confirmation.
  rescheduled: ['accept', 'material_pending', 'material_ready', 'reschedule'],
  in_progress: ['accept', 'material_pending', 'material_ready', 'customerConfirmed', 'confirmed', 'in_progress'],
  completed: ['accept', 'material_pending', 'material_ready', 'customerConfirmed', 'confirmed', 'in_progress', 'completed'],
  report_submitted: ['accept', 'material_pending', 'material_ready', 'customerConfirmed', 'confirmed', 'in_progress', 'completed', 'report'],
  closed: ['accept', 'material_pending', 'material_ready', 'customerConfirmed', 'confirmed', 'in_progress', 'completed', 'report', 'close'],
  cancelled: ['cancel'],
};

async function runStep(w: World, team: TestTeam, ins: InstallationResponseDto, step: Step): Promise<void> {
  const tech = team.technicians[0];
  switch (step) {
    case 'accept':
      ok(await respond(w, tech, ins.id, primaryOf(ins).id, 'accepted'));
      return;
    case 'material_pending':
    case 'material_ready':
    case 'confirmed':
      ok(await installationTransition(w.t, w.ops, ins.id, step));
      return;
    case 'in_progress':
    case 'completed':
      ok(await installationTransition(w.t, tech, ins.id, step));
      return;
    case 'customerConfirmed':
      ok(await patchInstallation(w, w.ops, ins.id, { customerConfirmed: true }));
      return;
    case 'report':
      ok(await submitInstallationReport(w.t, tech, ins.id, { demoGiven: true }));
      return;
    case 'close':
      ok(await request(w.t.server).post(`${INSTALLATIONS}/${ins.id}/closure-pack`).set('Authorization', w.ops.auth), 201);
      return;
    case 'reschedule':
      ok(await reschedule(w, w.ops, ins.id, w.slots.take(), 'Customer travelling'));
      return;
    case 'cancel':
      ok(await installationTransition(w.t, w.ops, ins.id, 'cancelled', 'Customer withdrew'));
      return;
  }
}

/** A fresh installation (new lead, approved survey) for `team`, walked over HTTP to `status`. */
async function installationIn(w: World, team: TestTeam, status: InstallationStatus): Promise<InstallationResponseDto> {
  const survey = await approvedSurvey(w.t, w.oem, w.ops, w.surveyTeam, w.surveySlots);
  const planned = await planInstallation(w.t, w.ops, survey.id, { primaryTeamId: team.id, ...w.slots.take() });
  for (const step of PATHS[status]) await runStep(w, team, await getInstallation(w, planned.id), step);
  const current = await getInstallation(w, planned.id);
  expect(current.status).toBe(status);
  return current;
}

describe('installation state machine: every (status, action) pair over HTTP', () => {
  let w: World;
  let team: TestTeam;
  /** One installation per status for the refused actions (a refused action changes nothing, so they can share it). */
  const shared = new Map<InstallationStatus, Promise<InstallationResponseDto>>();

  beforeAll(async () => {
    w = await startWorld();
    team = await createTeam(w.t, w.ops);
  });
  afterAll(() => w.t.close());

  const sharedIn = (status: InstallationStatus) => {
    if (!shared.has(status)) shared.set(status, installationIn(w, team, status));
    return shared.get(status) as Promise<InstallationResponseDto>;
  };

  /** Attempts `action` as the role that requests it. */
  function attempt(action: Action, ins: InstallationResponseDto): request.Test {
    const tech = team.technicians[0];
    switch (action) {
      case 'in_progress':
      case 'completed':
        return installationTransition(w.t, tech, ins.id, action);
      case 'cancelled':
        return installationTransition(w.t, w.ops, ins.id, 'cancelled', 'Customer changed their mind');
      case 'material_pending':
      case 'material_ready':
      case 'confirmed':
        return installationTransition(w.t, w.ops, ins.id, action);
      case 'reschedule':
        return reschedule(w, w.ops, ins.id, w.slots.take(), 'Customer asked for another day');
      case 'update':
        return patchInstallation(w, w.ops, ins.id, { customerConfirmed: !ins.customerConfirmed });
      case 'report':
        return submitInstallationReport(w.t, tech, ins.id, { chargerSerialNumber: 'SN-TABLE-0001', demoGiven: true });
    }
  }

  /** What an allowed action needs beyond the status (DESIGN §5 preconditions checked by the service). */
  async function prepare(status: InstallationStatus, action: Action, ins: InstallationResponseDto): Promise<InstallationResponseDto> {
    if (action === 'confirmed') {
      // material_ready and rescheduled (from material_ready) have the materials and the accepted primary; the customer confirms now.
      ok(await patchInstallation(w, w.ops, ins.id, { customerConfirmed: true }));
    }
    if (status === 'completed' && action === 'reschedule') {
      // Central Ops reschedules a completed installation only after an unsuccessful report.
      ok(await submitInstallationReport(w.t, team.technicians[0], ins.id, { installationSuccessful: false, issuesEncountered: 'Earthing failed the test', signature: null }));
    }
    return getInstallation(w, ins.id);
  }

  it('the exported table agrees with the hand-written key expectations of DESIGN §5', () => {
    for (const [status, action, expected] of KEY_EXPECTATIONS) {
      expect(tableTarget(status, action) ?? 'refused', `${status} + ${action}`).toBe(expected);
    }
    for (const [status, targets] of Object.entries(KEY_ALLOWED_TARGETS)) {
      expect(allowedInstallationTargets(status as InstallationStatus), status).toEqual(targets);
    }
    // Every status is covered, and the final ones allow nothing at all.
    expect(Object.keys(INSTALLATION_TRANSITIONS).sort()).toEqual([...STATUSES].sort());
    expect(allowedInstallationActions('closed')).toEqual([]);
    expect(allowedInstallationActions('cancelled')).toEqual([]);
  });

  /** The team's start or completion sent again (`in_progress + in_progress`) is answered as it is (`unchanged`), not refused. */
  const PAIRS = STATUSES.flatMap((status) =>
    ACTIONS.map((action) => [status, action, action === status && (TEAM_TRANSITION_TARGETS as readonly string[]).includes(action) ? 'unchanged' : (tableTarget(status, action) ?? 'refused')] as const),
  );

  it.each(PAIRS)('%s + %s → %s', async (status, action, expected) => {
    if (expected === 'refused' || expected === 'unchanged') {
      const ins = await sharedIn(status);
      const res = await attempt(action, ins);
      if (status === 'cancelled' && (action === 'in_progress' || action === 'completed' || action === 'report')) {
        // Cancelling ended the team's assignment: the installation is no longer its job, so it is
        // not visible to the technician at all (DESIGN §1: 404, as if it did not exist).
        expectProblem(res, 404, { code: 'INSTALLATION_NOT_FOUND' });
      } else if (expected === 'unchanged') {
        // The team's start or completion sent again (its answer lost): the installation as it is.
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        expect((res.body as InstallationResponseDto).version).toBe(ins.version);
      } else {
        const problem = expectProblem(res, 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
        expect(problem.allowedTargets).toEqual(allowedInstallationTargets(status));
        expect(problem.allowedTargets).toEqual(INSTALLATION_TRANSITION_TARGETS.filter((to) => tableTarget(status, to) !== undefined));
      }
      const after = await getInstallation(w, ins.id);
      expect(after.status).toBe(status);
      expect(after.version).toBe(ins.version);
      expect(after.allowedActions).toEqual(allowedInstallationActions(status));
      return;
    }

    const ins = await prepare(status, action, await installationIn(w, team, status));
    const res = await attempt(action, ins);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    const body = res.body as InstallationResponseDto;
    expect(body.status).toBe(expected);
    expect(body.version).toBeGreaterThan(ins.version);
    expect(res.headers.etag).toBe(`W/"${body.version}"`);
    expect(body.allowedActions).toEqual(allowedInstallationActions(expected));
    // What each action does besides the status.
    if (action === 'material_pending') expect(body.materialReady).toBe(false);
    if (action === 'material_ready') expect(body.materialReady).toBe(true);
    if (action === 'update') expect(body.customerConfirmed).toBe(!ins.customerConfirmed);
    if (action === 'reschedule') {
      expect(body.customerConfirmed).toBe(false);
      expect(body.scheduledDate === ins.scheduledDate && body.scheduledTimeSlot === ins.scheduledTimeSlot).toBe(false);
    }
    if (action === 'cancelled') expect(body.closingReason).toBe('Customer changed their mind');
    if (action === 'report') expect(body.report).toMatchObject({ chargerSerialNumber: 'SN-TABLE-0001', installationSuccessful: true });
    expect(await getInstallation(w, ins.id)).toEqual(body);
  });
});

describe('installation workflow rules', () => {
  let w: World;
  let team: TestTeam;
  let backupTeam: TestTeam;
  let otherTeam: TestTeam;
  let outsider: TestUser;

  beforeAll(async () => {
    w = await startWorld();
    team = await createTeam(w.t, w.ops, { technicians: 2 });
    backupTeam = await createTeam(w.t, w.ops);
    otherTeam = await createTeam(w.t, w.ops);
    outsider = (await createTeam(w.t, w.ops)).technicians[0];
  });
  afterAll(() => w.t.close());

  const plan = async (options: { backup?: TestTeam; primary?: TestTeam } = {}) => {
    const survey = await approvedSurvey(w.t, w.oem, w.ops, w.surveyTeam, w.surveySlots);
    return planInstallation(w.t, w.ops, survey.id, { primaryTeamId: (options.primary ?? team).id, ...(options.backup && { backupTeamId: options.backup.id }), ...w.slots.take() });
  };
  const events = (leadId: string, who: TestUser = w.ops) => allEvents((url) => request(w.t.server).get(url).set('Authorization', who.auth), leadId);

  it('confirmed needs materialReady, customerConfirmed and an accepted primary: 409 INSTALLATION_NOT_READY names exactly what is missing', async () => {
    const expectMissing = async (ins: InstallationResponseDto, missing: string[]) => {
      const before = await getInstallation(w, ins.id);
      const problem = expectProblem(await installationTransition(w.t, w.ops, ins.id, 'confirmed'), 409, { code: 'INSTALLATION_NOT_READY' });
      expect(problem.missing).toEqual(missing);
      const after = await getInstallation(w, ins.id);
      expect([after.status, after.version]).toEqual([before.status, before.version]);
    };

    // Materials ready; neither the customer nor the team has confirmed.
    const a = await plan();
    ok(await installationTransition(w.t, w.ops, a.id, 'material_pending'));
    ok(await installationTransition(w.t, w.ops, a.id, 'material_ready'));
    await expectMissing(a, ['customerConfirmed', 'primaryAssignmentAccepted']);
    ok(await patchInstallation(w, w.ops, a.id, { customerConfirmed: true }));
    await expectMissing(a, ['primaryAssignmentAccepted']);
    ok(await patchInstallation(w, w.ops, a.id, { customerConfirmed: false }));
    ok(await respond(w, team.technicians[1], a.id, primaryOf(a).id, 'accepted'));
    await expectMissing(a, ['customerConfirmed']);
    ok(await patchInstallation(w, w.ops, a.id, { customerConfirmed: true }));
    const confirmed = ok(await installationTransition(w.t, w.ops, a.id, 'confirmed')).body as InstallationResponseDto;
    expect(confirmed).toMatchObject({ status: 'confirmed', materialReady: true, customerConfirmed: true });

    // Rescheduled straight from planned: the materials are not ready either.
    const b = await plan();
    ok(await reschedule(w, w.ops, b.id, w.slots.take()));
    await expectMissing(b, ['materialReady', 'customerConfirmed', 'primaryAssignmentAccepted']);
    ok(await patchInstallation(w, w.ops, b.id, { customerConfirmed: true }));
    await expectMissing(b, ['materialReady', 'primaryAssignmentAccepted']);
    ok(await respond(w, team.technicians[0], b.id, primaryOf(b).id, 'accepted'));
    await expectMissing(b, ['materialReady']);
    ok(await installationTransition(w.t, w.ops, b.id, 'material_ready'));
    expect((ok(await installationTransition(w.t, w.ops, b.id, 'confirmed')).body as InstallationResponseDto).status).toBe('confirmed');
  });

  it('material_pending clears materialReady and material_ready sets it', async () => {
    const ins = await plan();
    expect(ins.materialReady).toBe(false);
    expect((ok(await installationTransition(w.t, w.ops, ins.id, 'material_pending')).body as InstallationResponseDto).materialReady).toBe(false);
    expect((ok(await installationTransition(w.t, w.ops, ins.id, 'material_ready')).body as InstallationResponseDto).materialReady).toBe(true);
    const rescheduled = ok(await reschedule(w, w.ops, ins.id, w.slots.take())).body as InstallationResponseDto;
    expect(rescheduled).toMatchObject({ status: 'rescheduled', materialReady: true });
    // Back to ordering the materials (e.g. the wrong cable came): the flag drops again.
    const pending = ok(await installationTransition(w.t, w.ops, ins.id, 'material_pending', 'Wrong cable gauge delivered')).body as InstallationResponseDto;
    expect(pending).toMatchObject({ status: 'material_pending', materialReady: false });
    expect((await getInstallation(w, ins.id)).materialReady).toBe(false);
  });

  it('reschedule resets customerConfirmed and moves the booking; refuses the same slot, a past slot and a taken slot, changing nothing', async () => {
    const ins = await plan();
    ok(await patchInstallation(w, w.ops, ins.id, { customerConfirmed: true }));
    const target = w.slots.take();
    const moved = ok(await reschedule(w, w.ops, ins.id, target, 'Customer travelling')).body as InstallationResponseDto;
    expect(moved).toMatchObject({ status: 'rescheduled', customerConfirmed: false, scheduledDate: target.scheduledDate, scheduledTimeSlot: target.scheduledTimeSlot });
    expect((await bookingsOf(w, ins.id)).map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[team.id, target.scheduledDate, target.scheduledTimeSlot]]);
    expect(await bookingRows(w.t, { teamId: team.id, date: ins.scheduledDate, timeSlot: ins.scheduledTimeSlot })).toHaveLength(0);

    const unchanged = async () => {
      const now = await getInstallation(w, ins.id);
      expect([now.status, now.version, now.scheduledDate, now.scheduledTimeSlot]).toEqual(['rescheduled', moved.version, target.scheduledDate, target.scheduledTimeSlot]);
      expect((await bookingsOf(w, ins.id)).map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[team.id, target.scheduledDate, target.scheduledTimeSlot]]);
    };
    expectProblem(await reschedule(w, w.ops, ins.id, target), 409, { code: 'INSTALLATION_SLOT_UNCHANGED' });
    await unchanged();
    expectProblem(await reschedule(w, w.ops, ins.id, { scheduledDate: istDate(-1), scheduledTimeSlot: '09-12' }), 409, { code: 'SLOT_IN_PAST' });
    await unchanged();
    const other = await plan();
    expectProblem(await reschedule(w, w.ops, ins.id, { scheduledDate: other.scheduledDate, scheduledTimeSlot: other.scheduledTimeSlot }), 409, { code: 'SLOT_TAKEN' });
    await unchanged();
    expect((await bookingsOf(w, other.id)).map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[team.id, other.scheduledDate, other.scheduledTimeSlot]]);
    expectProblem(await reschedule(w, w.ops, ins.id, { scheduledDate: target.scheduledDate, scheduledTimeSlot: '08-11' }), 400, { field: 'scheduledTimeSlot' });
    // A technician does not reschedule.
    expectProblem(await reschedule(w, team.technicians[0], ins.id, w.slots.take()), 403, { code: 'FORBIDDEN_ROLE' });
    await unchanged();
  });

  it('role rules: Central Ops does not start, a technician does not order materials, only the primary team starts', async () => {
    const ins = await confirmInstallation(w.t, w.ops, team, await plan({ backup: backupTeam }));
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'in_progress'), 403, { code: 'INSTALLATION_TRANSITION_FORBIDDEN' });
    const admin = await w.t.factory.user('admin');
    expectProblem(await installationTransition(w.t, admin, ins.id, 'completed'), 403, { code: 'INSTALLATION_TRANSITION_FORBIDDEN' });
    expectProblem(await installationTransition(w.t, team.technicians[0], ins.id, 'material_ready'), 403, { code: 'INSTALLATION_TRANSITION_FORBIDDEN' });
    expectProblem(await installationTransition(w.t, team.technicians[0], ins.id, 'cancelled', 'no'), 403, { code: 'INSTALLATION_TRANSITION_FORBIDDEN' });
    // The backup team sees the installation but is not the primary team.
    expectProblem(await installationTransition(w.t, backupTeam.technicians[0], ins.id, 'in_progress'), 403, { code: 'INSTALLATION_NOT_PRIMARY_TEAM' });
    // A technician whose teams are not assigned at all does not see it (DESIGN §1).
    expectProblem(await installationTransition(w.t, outsider, ins.id, 'in_progress'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expectProblem(await installationTransition(w.t, w.oem, ins.id, 'in_progress'), 403, { code: 'FORBIDDEN_ROLE' });
    expectProblem(await installationTransition(w.t, w.ops, UNKNOWN_UUID, 'material_pending'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'planned'), 400, { field: 'to' });
    const after = await getInstallation(w, ins.id);
    expect([after.status, after.version]).toEqual(['confirmed', ins.version]);
    // Any member of the primary team may start (the second technician here).
    const started = ok(await installationTransition(w.t, team.technicians[1], ins.id, 'in_progress')).body as InstallationResponseDto;
    expect(started.status).toBe('in_progress');
  });

  it('If-Match: the ETag of GET; a stale one → 412 and nothing changes; the current one → 200', async () => {
    const ins = await plan();
    const read = await request(w.t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', w.ops.auth).expect(200);
    expect(read.headers.etag).toBe(`W/"${ins.version}"`);
    const first = read.headers.etag as string;

    const current = await installationTransition(w.t, w.ops, ins.id, 'material_pending').set('If-Match', first);
    expect(current.status, JSON.stringify(current.body)).toBe(200);
    const v2 = (current.body as InstallationResponseDto).version;
    expect(current.headers.etag).toBe(`W/"${v2}"`);

    const problem = expectProblem(await installationTransition(w.t, w.ops, ins.id, 'material_ready').set('If-Match', first), 412, { code: 'INSTALLATION_PRECONDITION_FAILED' });
    expect(problem.currentVersion).toBe(v2);
    expectProblem(await patchInstallation(w, w.ops, ins.id, { customerConfirmed: true }, first), 412, { code: 'INSTALLATION_PRECONDITION_FAILED' });
    expectProblem(await reschedule(w, w.ops, ins.id, w.slots.take()).set('If-Match', first), 412, { code: 'INSTALLATION_PRECONDITION_FAILED' });
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'material_ready').set('If-Match', 'not-an-etag'), 412, { code: 'INSTALLATION_PRECONDITION_FAILED' });
    const unchanged = await getInstallation(w, ins.id);
    expect(unchanged).toMatchObject({ status: 'material_pending', version: v2, customerConfirmed: false, materialReady: false, scheduledDate: ins.scheduledDate });

    const patched = await patchInstallation(w, w.ops, ins.id, { customerConfirmed: true }, `W/"${v2}"`);
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({ customerConfirmed: true, version: v2 + 1 });
    expect(patched.headers.etag).toBe(`W/"${v2 + 1}"`);
  });

  it('cancel needs a reason, frees the booking and cancels the assignments; the lead returns to survey_completed and a new installation can be planned', async () => {
    const ins = await plan({ backup: backupTeam });
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'cancelled'), 400, { field: 'reason' });
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'cancelled', '   '), 400, { field: 'reason' });
    expect((await getInstallation(w, ins.id)).version).toBe(ins.version);
    expect(await bookingsOf(w, ins.id)).toHaveLength(1);

    const cancelled = ok(await installationTransition(w.t, w.ops, ins.id, 'cancelled', 'Customer moved to another city')).body as InstallationResponseDto;
    expect(cancelled).toMatchObject({ status: 'cancelled', closingReason: 'Customer moved to another city', primaryTeam: null, backupTeam: null });
    expect(cancelled.assignments.map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
    expect(await bookingsOf(w, ins.id)).toHaveLength(0);
    expect(await bookingRows(w.t, { teamId: team.id, date: ins.scheduledDate, timeSlot: ins.scheduledTimeSlot })).toHaveLength(0);
    expect((await getLead(w, ins.leadId)).status).toBe('survey_completed');
    // The survey may be planned again; the cancelled installation stays as history.
    const again = await planInstallation(w.t, w.ops, ins.surveyId, { primaryTeamId: backupTeam.id, ...w.slots.take() });
    expect(again.installationId).not.toBe(ins.installationId);
    expect((await getLead(w, ins.leadId)).status).toBe('installation_scheduled');
    expectProblem(await request(w.t.server).post(`/api/v1/surveys/${ins.surveyId}/installation`).set('Authorization', w.ops.auth).send({ primaryTeamId: team.id, ...w.slots.take() }), 409, { code: 'INSTALLATION_EXISTS' });
    // The slot is free for another job of the team.
    const survey = await approvedSurvey(w.t, w.oem, w.ops, w.surveyTeam, w.surveySlots);
    await planInstallation(w.t, w.ops, survey.id, { primaryTeamId: team.id, scheduledDate: ins.scheduledDate, scheduledTimeSlot: ins.scheduledTimeSlot });
    const cancelEvent = (await events(ins.leadId)).filter((e) => e.type === 'installation_cancelled');
    expect(cancelEvent.map((e) => e.data?.reason)).toEqual(['Customer moved to another city']);
  });

  it('cancelling the lead cancels its open installation and frees its booking', async () => {
    const ins = await confirmInstallation(w.t, w.ops, team, await plan({ backup: backupTeam }));
    ok(await request(w.t.server).post(`${LEADS}/${ins.leadId}/transitions`).set('Authorization', w.ops.auth).send({ to: 'cancelled', reason: 'Customer sold the car' }));
    const after = await getInstallation(w, ins.id);
    expect(after).toMatchObject({ status: 'cancelled', closingReason: 'Lead cancelled: Customer sold the car', version: ins.version + 1 });
    expect(after.assignments.every((a) => a.status === 'cancelled')).toBe(true);
    expect(await bookingsOf(w, ins.id)).toHaveLength(0);
    expect((await getLead(w, ins.leadId)).status).toBe('cancelled');
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'material_pending'), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
  });

  it('a declining primary hands over to the backup: the backup becomes primary and the booking moves to it', async () => {
    const ins = await plan({ backup: backupTeam });
    const declined = await respond(w, team.technicians[0], ins.id, primaryOf(ins).id, 'declined');
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body).toMatchObject({ status: 'declined', isPrimary: true, respondedById: team.technicians[0].user.id });

    const after = await getInstallation(w, ins.id);
    expect(after).toMatchObject({ status: 'planned', primaryTeam: { id: backupTeam.id }, backupTeam: null });
    const rows = await bookingsOf(w, ins.id);
    expect(rows.map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[backupTeam.id, ins.scheduledDate, ins.scheduledTimeSlot]]);
    expect(await bookingRows(w.t, { teamId: team.id, date: ins.scheduledDate, timeSlot: ins.scheduledTimeSlot })).toHaveLength(0);
    const types = (await events(ins.leadId)).map((e) => e.type);
    expect(types).toContain('installation_assignment_declined');
    expect(types).toContain('installation_backup_promoted');

    // The declined assignment is over: the old primary's team no longer sees the installation, and it cannot be revived.
    expectProblem(await respond(w, team.technicians[0], ins.id, primaryOf(ins).id, 'accepted'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expectProblem(await respond(w, w.ops, ins.id, primaryOf(ins).id, 'cancelled'), 409, { code: 'ASSIGNMENT_INVALID_TRANSITION' });
    // The promoted team's acceptance now counts for `confirmed`.
    const confirmed = await confirmInstallation(w.t, w.ops, backupTeam, after);
    expect(confirmed.status).toBe('confirmed');
    expectProblem(await installationTransition(w.t, team.technicians[0], ins.id, 'in_progress'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expect((ok(await installationTransition(w.t, backupTeam.technicians[0], ins.id, 'in_progress')).body as InstallationResponseDto).status).toBe('in_progress');
  });

  it('a confirmed installation whose primary declines goes back to material_ready (DESIGN §5: confirmed has an accepted primary) until the new primary accepts', async () => {
    const ins = await confirmInstallation(w.t, w.ops, team, await plan({ backup: backupTeam }));
    expect(ins.status).toBe('confirmed');
    ok(await respond(w, team.technicians[0], ins.id, primaryOf(ins).id, 'declined'));
    const promoted = await getInstallation(w, ins.id);
    expect(promoted).toMatchObject({ status: 'material_ready', primaryTeam: { id: backupTeam.id } });
    expect(promoted.allowedActions).not.toContain('in_progress');
    expectProblem(await installationTransition(w.t, backupTeam.technicians[0], ins.id, 'in_progress'), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
    expect((await events(ins.leadId)).map((e) => e.type)).toEqual(expect.arrayContaining(['installation_backup_promoted', 'installation_unconfirmed']));
    ok(await respond(w, backupTeam.technicians[0], ins.id, primaryOf(promoted).id, 'accepted'));
    expect((ok(await installationTransition(w.t, w.ops, ins.id, 'confirmed')).body as InstallationResponseDto).status).toBe('confirmed');

    // Without a backup: no primary, the slot freed, not confirmed either.
    const alone = await confirmInstallation(w.t, w.ops, team, await plan());
    ok(await respond(w, team.technicians[0], alone.id, primaryOf(alone).id, 'declined'));
    expect(await getInstallation(w, alone.id)).toMatchObject({ status: 'material_ready', primaryTeam: null });
    expect(await bookingsOf(w, alone.id)).toHaveLength(0);
  });

  it('a declining primary without a backup frees the slot; Central Ops assigns a new primary, whose acceptance confirmed then needs', async () => {
    const ins = await plan();
    ok(await installationTransition(w.t, w.ops, ins.id, 'material_pending'));
    ok(await installationTransition(w.t, w.ops, ins.id, 'material_ready'));
    ok(await patchInstallation(w, w.ops, ins.id, { customerConfirmed: true }));
    ok(await respond(w, team.technicians[0], ins.id, primaryOf(ins).id, 'accepted'));
    // Changes of mind are allowed until the work starts: the accepted primary declines after all.
    ok(await respond(w, team.technicians[0], ins.id, primaryOf(await getInstallation(w, ins.id)).id, 'declined'));

    const orphan = await getInstallation(w, ins.id);
    expect(orphan).toMatchObject({ status: 'material_ready', primaryTeam: null });
    expect(await bookingsOf(w, ins.id)).toHaveLength(0);
    expect(await bookingRows(w.t, { teamId: team.id, date: ins.scheduledDate, timeSlot: ins.scheduledTimeSlot })).toHaveLength(0);
    expectProblem(await installationTransition(w.t, w.ops, ins.id, 'confirmed'), 409, { code: 'INSTALLATION_NOT_READY' });

    const assigned = await request(w.t.server).post(`${INSTALLATIONS}/${ins.id}/assignments`).set('Authorization', w.ops.auth).send({ teamId: otherTeam.id, isPrimary: true });
    expect(assigned.status, JSON.stringify(assigned.body)).toBe(201);
    expect(assigned.body).toMatchObject({ status: 'material_ready', primaryTeam: { id: otherTeam.id } });
    expect((await bookingsOf(w, ins.id)).map((b) => [b.teamId, b.date, b.timeSlot])).toEqual([[otherTeam.id, ins.scheduledDate, ins.scheduledTimeSlot]]);

    const notYet = expectProblem(await installationTransition(w.t, w.ops, ins.id, 'confirmed'), 409, { code: 'INSTALLATION_NOT_READY' });
    expect(notYet.missing).toEqual(['primaryAssignmentAccepted']);
    // Only the new primary's members answer its assignment (the others do not even see the installation now).
    const newPrimary = primaryOf(assigned.body as InstallationResponseDto);
    expectProblem(await respond(w, team.technicians[0], ins.id, newPrimary.id, 'accepted'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expectProblem(await respond(w, backupTeam.technicians[0], ins.id, newPrimary.id, 'accepted'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    ok(await respond(w, otherTeam.technicians[0], ins.id, newPrimary.id, 'accepted'));
    expect((ok(await installationTransition(w.t, w.ops, ins.id, 'confirmed')).body as InstallationResponseDto).status).toBe('confirmed');
    // Once the work has started, assignments no longer change.
    await completeInstallation(w.t, otherTeam, ins.id);
    expectProblem(await request(w.t.server).post(`${INSTALLATIONS}/${ins.id}/assignments`).set('Authorization', w.ops.auth).send({ teamId: team.id, isPrimary: false }), 409, {
      code: 'INSTALLATION_INVALID_TRANSITION',
    });
  });

  it('10 concurrent transitions of one installation to material_pending: exactly one 200, the others 409', async () => {
    const ins = await plan();
    const responses = await Promise.all(Array.from({ length: 10 }, () => installationTransition(w.t, w.ops, ins.id, 'material_pending')));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    for (const res of responses.filter((r) => r.status !== 200)) {
      expect(['INSTALLATION_INVALID_TRANSITION', 'INSTALLATION_CHANGED']).toContain(expectProblem(res, 409).code);
    }
    const after = await getInstallation(w, ins.id);
    expect([after.status, after.version]).toEqual(['material_pending', ins.version + 1]);
    expect((await events(ins.leadId)).filter((e) => e.type === 'installation_material_pending')).toHaveLength(1);
  });

  it('each step writes an installation_* event; the OEM sees none of them, only the lead status changes', async () => {
    const survey = await approvedSurvey(w.t, w.oem, w.ops, w.surveyTeam, w.surveySlots);
    const leadId = survey.leadId;
    const tech = team.technicians[0];
    let seen = (await events(leadId)).length;
    /** Runs `step` and returns the types of the events it added. */
    const added = async (step: () => Promise<unknown>): Promise<string[]> => {
      await step();
      const all = await events(leadId);
      const fresh = all.slice(seen).map((e) => e.type);
      seen = all.length;
      return fresh;
    };

    let id = '';
    expect(
      await added(async () => {
        id = (await planInstallation(w.t, w.ops, survey.id, { primaryTeamId: team.id, ...w.slots.take() })).id;
      }),
    ).toEqual(['installation_created', 'status_changed']);
    const ins = () => getInstallation(w, id);
    expect(await added(async () => ok(await request(w.t.server).post(`${INSTALLATIONS}/${id}/assignments`).set('Authorization', w.ops.auth).send({ teamId: backupTeam.id, isPrimary: false }), 201))).toEqual([
      'installation_team_assigned',
    ]);
    expect(await added(async () => ok(await respond(w, tech, id, primaryOf(await ins()).id, 'accepted')))).toEqual(['installation_assignment_accepted']);
    // A phone's retries after lost answers (some with the If-Match read before the first try) add nothing and answer 200.
    const accepted = await ins();
    expect(await added(async () => ok(await respond(w, tech, id, primaryOf(accepted).id, 'accepted').set('If-Match', `W/"${accepted.version - 1}"`)))).toEqual([]);
    expect(await added(async () => ok(await installationTransition(w.t, w.ops, id, 'material_pending')))).toEqual(['installation_material_pending']);
    expect(await added(async () => ok(await installationTransition(w.t, w.ops, id, 'material_ready')))).toEqual(['installation_material_ready']);
    expect(await added(async () => ok(await patchInstallation(w, w.ops, id, { customerConfirmed: true })))).toEqual(['installation_updated']);
    expect(await added(async () => ok(await reschedule(w, w.ops, id, w.slots.take(), 'Customer travelling')))).toEqual(['installation_rescheduled']);
    expect(await added(async () => ok(await patchInstallation(w, w.ops, id, { customerConfirmed: true })))).toEqual(['installation_updated']);
    expect(await added(async () => ok(await installationTransition(w.t, w.ops, id, 'confirmed')))).toEqual(['installation_confirmed']);
    expect(await added(async () => ok(await installationTransition(w.t, tech, id, 'in_progress')))).toEqual(['installation_in_progress']);
    expect(await added(async () => ok(await installationTransition(w.t, tech, id, 'in_progress')))).toEqual([]);
    expect(
      await added(async () =>
        ok(await request(w.t.server).post(`${INSTALLATIONS}/${id}/media`).set('Authorization', tech.auth).attach('file', SAMPLES.jpeg.bytes, { filename: 'charger.jpg', contentType: 'image/jpeg' }), 201),
      ),
    ).toEqual(['installation_media_uploaded']);
    expect(await added(async () => ok(await installationTransition(w.t, tech, id, 'completed')))).toEqual(['installation_completed']);
    const completed = await ins();
    const retried = ok(await installationTransition(w.t, tech, id, 'completed').set('If-Match', `W/"${completed.version - 1}"`));
    expect(retried.body).toEqual(completed);
    expect(await added(async () => ok(await installationTransition(w.t, tech, id, 'completed')))).toEqual([]);
    expect(await added(async () => ok(await submitInstallationReport(w.t, tech, id, { demoGiven: true })))).toEqual(['installation_report_submitted', 'status_changed']);

    const all = await events(leadId);
    const rescheduled = all.find((e) => e.type === 'installation_rescheduled');
    expect(rescheduled).toMatchObject({ actorUserId: w.ops.user.id, data: { installationUuid: id, reason: 'Customer travelling', customerConfirmed: false } });
    expect(all.filter((e) => e.type.startsWith('installation_')).every((e) => e.data?.installationUuid === id)).toBe(true);

    const oemView = await events(leadId, w.oem);
    expect(oemView.filter((e) => e.type.startsWith('installation_') || e.type.startsWith('survey_'))).toEqual([]);
    const toStatuses = oemView.filter((e) => e.type === 'status_changed').map((e) => e.toStatus);
    expect(toStatuses).toContain('installation_scheduled');
    expect(toStatuses.slice(-2)).toEqual(['installation_scheduled', 'installation_completed']);
  });
});

describe('GET /installations', () => {
  let w: World;
  let teamA: TestTeam;
  let teamB: TestTeam;
  let idle: TestUser;
  /** The five installations, in the order the list must return them (date, slot, id). */
  let ordered: InstallationResponseDto[];

  beforeAll(async () => {
    w = await startWorld();
    teamA = await createTeam(w.t, w.ops);
    teamB = await createTeam(w.t, w.ops);
    idle = (await createTeam(w.t, w.ops)).technicians[0];
    const plans: { team: TestTeam; backup?: TestTeam; day: number; slot: '09-12' | '12-15' | '15-18' }[] = [
      { team: teamA, day: 12, slot: '12-15' },
      { team: teamB, day: 11, slot: '09-12' },
      { team: teamA, day: 10, slot: '15-18', backup: teamB },
      { team: teamB, day: 13, slot: '09-12' },
      { team: teamA, day: 10, slot: '09-12' },
    ];
    const made: InstallationResponseDto[] = [];
    for (const p of plans) {
      const survey = await approvedSurvey(w.t, w.oem, w.ops, w.surveyTeam, w.surveySlots);
      made.push(
        await planInstallation(w.t, w.ops, survey.id, {
          primaryTeamId: p.team.id,
          ...(p.backup && { backupTeamId: p.backup.id }),
          scheduledDate: istDate(p.day),
          scheduledTimeSlot: p.slot,
        }),
      );
    }
    ok(await installationTransition(w.t, w.ops, made[1].id, 'material_pending'));
    ordered = [made[4], made[2], made[1], made[0], made[3]];
  });
  afterAll(() => w.t.close());

  const list = (who: TestUser, query: string) => request(w.t.server).get(`${INSTALLATIONS}?${query}`).set('Authorization', who.auth);
  const ids = (res: Response) => (res.body as InstallationPageDto).data.map((i) => i.id);
  const idsOf = (...indexes: number[]) => indexes.map((i) => ordered[i].id);

  it('pages by date and slot with an opaque cursor, earliest first', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const res: Response = ok(await list(w.ops, `limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`));
      const page = res.body as InstallationPageDto;
      expect(page.data.length).toBeLessThanOrEqual(2);
      expect(page.total).toBeUndefined();
      seen.push(...page.data.map((i) => i.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(ordered.map((i) => i.id));
    const first = ok(await list(w.ops, 'limit=1&withTotal=true')).body as InstallationPageDto;
    expect(first.total).toBe(5);
    expect(first.data[0]).toMatchObject({ id: ordered[0].id, scheduledDate: istDate(10), scheduledTimeSlot: '09-12', status: 'planned', primaryTeam: { id: teamA.id } });
  });

  it('filters by status, teamId (primary or backup), leadId and from/to (inclusive)', async () => {
    expect(ids(ok(await list(w.ops, 'status=material_pending')))).toEqual(idsOf(2));
    expect(ids(ok(await list(w.ops, 'status=planned')))).toEqual(idsOf(0, 1, 3, 4));
    expect(ids(ok(await list(w.ops, 'status=planned&status=material_pending')))).toEqual(idsOf(0, 1, 2, 3, 4));
    expect(ids(ok(await list(w.ops, 'status=confirmed')))).toEqual([]);
    expect(ids(ok(await list(w.ops, `teamId=${teamA.id}`)))).toEqual(idsOf(0, 1, 3));
    expect(ids(ok(await list(w.ops, `teamId=${teamB.id}`)))).toEqual(idsOf(1, 2, 4));
    expect(ids(ok(await list(w.ops, `leadId=${ordered[3].leadId}`)))).toEqual(idsOf(3));
    expect(ids(ok(await list(w.ops, `from=${istDate(11)}`)))).toEqual(idsOf(2, 3, 4));
    expect(ids(ok(await list(w.ops, `to=${istDate(11)}`)))).toEqual(idsOf(0, 1, 2));
    expect(ids(ok(await list(w.ops, `from=${istDate(11)}&to=${istDate(12)}`)))).toEqual(idsOf(2, 3));
    expect(ids(ok(await list(w.ops, `teamId=${teamA.id}&from=${istDate(11)}`)))).toEqual(idsOf(3));
    // Filters and the cursor combine.
    const page = ok(await list(w.ops, `teamId=${teamB.id}&limit=2`)).body as InstallationPageDto;
    expect(page.data.map((i) => i.id)).toEqual(idsOf(1, 2));
    expect(ids(ok(await list(w.ops, `teamId=${teamB.id}&limit=2&cursor=${encodeURIComponent(page.nextCursor as string)}`)))).toEqual(idsOf(4));
  });

  it("a technician sees only its teams' installations; an OEM may not list", async () => {
    expect(ids(ok(await list(teamA.technicians[0], '')))).toEqual(idsOf(0, 1, 3));
    expect(ids(ok(await list(teamB.technicians[0], '')))).toEqual(idsOf(1, 2, 4));
    expect(ids(ok(await list(teamB.technicians[0], `teamId=${teamA.id}`)))).toEqual(idsOf(1));
    expect(ids(ok(await list(idle, '')))).toEqual([]);
    const admin = await w.t.factory.user('admin');
    expect(ids(ok(await list(admin, '')))).toEqual(idsOf(0, 1, 2, 3, 4));
    expectProblem(await list(w.oem, ''), 403, { code: 'FORBIDDEN_ROLE' });
  });

  it('refuses an invalid cursor, limit, status or date (400)', async () => {
    expectProblem(await list(w.ops, 'cursor=not-a-cursor'), 400, { code: 'INVALID_CURSOR', field: 'cursor' });
    expectProblem(await list(w.ops, `cursor=${Buffer.from(JSON.stringify(['2026-01-01', '09-12', 'x'])).toString('base64url')}`), 400, { code: 'INVALID_CURSOR' });
    expectProblem(await list(w.ops, 'limit=0'), 400, { field: 'limit' });
    expectProblem(await list(w.ops, 'limit=101'), 400, { field: 'limit' });
    expectProblem(await list(w.ops, 'status=installed'), 400, { field: 'status' });
    expectProblem(await list(w.ops, 'from=2026-13-01'), 400, { field: 'from' });
    expectProblem(await list(w.ops, 'teamId=team-a'), 400, { field: 'teamId' });
  });
});
