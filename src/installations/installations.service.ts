import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Not, type Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import type { Page } from '../common/pagination.js';
import { AppException, ValidationProblem } from '../common/problem.js';
import { isUniqueViolation, TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { LeadJobSummaries } from '../leads/lead-job-summaries.service.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { AssignmentResponseDto, CreateAssignmentDto, UpdateAssignmentDto } from '../teams/assignments/assignment.dto.js';
import { JobAssignments } from '../teams/assignments/job-assignments.js';
import { ScheduledJobs } from '../teams/assignments/scheduled-jobs.js';
import { JobKinds } from '../teams/assignments/job-kinds.service.js';
import { BookingsService } from '../teams/bookings.service.js';
import { afterSlotCursor, encodeSlotCursor } from '../teams/slot-cursor.js';
import type { CreateInstallationDto, InstallationQueryDto, InstallationTransitionDto, RescheduleInstallationDto, UpdateInstallationDto } from './dto/installation.dto.js';
import { type InstallationResponseDto, toInstallationResponse } from './dto/installation-response.dto.js';
import { ClosurePack } from './entities/closure-pack.entity.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { InstallationReport } from './entities/installation-report.entity.js';
import { Installation } from './entities/installation.entity.js';
import { FINAL_INSTALLATION_STATUSES, type InstallationStatus } from '../teams/assignments/job-statuses.js';
import { leadInstallationSummaryProvider } from './lead-installation-summaries.js';
import {
  actionOfTarget,
  allowedInstallationActions,
  allowedInstallationTargets,
  type InstallationAction,
  INSTALLATION_TRANSITIONS,
  TEAM_TRANSITION_TARGETS,
} from './installation-state-machine.js';

const installationExists = (surveyId: string) =>
  new AppException(409, 'INSTALLATION_EXISTS', `Survey ${surveyId} already has an installation`, { surveyId });

/** 409 INSTALLATION_INVALID_TRANSITION with the targets and actions allowed from `status`. */
export function invalidAction(status: InstallationStatus, action: InstallationAction): AppException {
  const allowedTargets = allowedInstallationTargets(status);
  return new AppException(
    409,
    'INSTALLATION_INVALID_TRANSITION',
    `A ${status} installation does not allow ${action}; allowed transitions: ${allowedTargets.join(', ') || 'none'}`,
    { installationStatus: status, action, allowedTargets, allowedActions: allowedInstallationActions(status) },
  );
}

/** Columns a compare-and-set may change. */
type InstallationChanges = Partial<Pick<Installation, 'status' | 'scheduledDate' | 'scheduledTimeSlot' | 'materialReady' | 'customerConfirmed' | 'demoCompleted' | 'closingReason'>>;

/** The work of one use case on a loaded installation, inside its transaction. */
export type InstallationWork<T = void> = (em: EntityManager, installation: Installation, to: InstallationStatus) => Promise<T>;

/**
 * Installations (DESIGN §4 Installation*, §5 installation workflow). Each use case runs in one
 * transaction that also writes the lead's timeline, performs the lead's automatic transition
 * (survey_completed → installation_scheduled on creation, → installation_completed on a successful
 * report) and takes, moves or frees the primary team's booking. Every change to an installation is
 * a compare-and-set on its version, so of two concurrent actions exactly one wins (the other gets
 * 409 INSTALLATION_CHANGED); `If-Match` is honoured (412). Team assignments follow the rules they
 * share with surveys ({@link JobAssignments}).
 *
 * Visibility (DESIGN §1): admin and Central Ops see every installation; a field technician only
 * those its teams are assigned to (assigned, accepted or completed); everyone else gets 404.
 */
@Injectable()
export class InstallationsService implements OnModuleInit {
  private readonly jobs: ScheduledJobs<Installation, InstallationStatus, InstallationAction>;
  /** The assignment rules (also for the report, {@link InstallationReportsService}). */
  readonly assignments: JobAssignments;

  constructor(
    @InjectRepository(Installation) private readonly installations: Repository<Installation>,
    private readonly tx: TransactionRunner,
    private readonly timeline: LeadTimeline,
    private readonly leadJobs: LeadJobSummaries,
    private readonly surveys: SurveysService,
    private readonly bookings: BookingsService,
    private readonly kinds: JobKinds,
  ) {
    this.jobs = new ScheduledJobs<Installation, InstallationStatus, InstallationAction>(
      {
        assignment: {
          job: 'installation',
          entity: InstallationAssignment,
          jobColumn: 'installationId',
          takeBooking: (em, slot, jobId) => bookings.takeForInstallation(em, slot, jobId),
          moveBooking: (em, jobId, slot) => bookings.moveInstallation(em, jobId, slot),
          freeBooking: (em, jobId) => bookings.freeInstallation(em, jobId),
        },
        entity: Installation,
        label: 'Installation',
        idProperty: 'installationId',
        idPrefix: 'INS',
        finalStatuses: FINAL_INSTALLATION_STATUSES,
        transitions: INSTALLATION_TRANSITIONS,
        invalidAction,
        afterTeamsChanged: (em, actor, installation) => this.unconfirmWithoutAcceptedPrimary(em, actor, installation),
      },
      { repository: installations, tx, bookings, timeline },
    );
    this.assignments = this.jobs.assignments;
  }

  /**
   * DESIGN §5: cancelling a lead cancels its open installations and frees their bookings, in the
   * same transaction; the lead answer shows the installation and its closure pack; teams' schedule
   * and deactivation check see installations.
   */
  onModuleInit(): void {
    this.leadJobs.register(leadInstallationSummaryProvider);
    this.jobs.register(this.kinds, (em, actor, installation, reason) => this.cancel(em, actor, installation, reason));
  }

  /**
   * Plans the installation of an approved survey whose lead is in `survey_completed`: allocates
   * `INS-YYYY-NNNNNN` from the per-year counter, books the primary team's slot, assigns the
   * primary (and backup) team, moves the lead to `installation_scheduled` and writes the timeline.
   * One open or finished installation per survey: a unique index over the survey reference of the
   * installations not cancelled makes concurrent requests agree; after a cancelled one, a new one
   * may be planned.
   * @throws 404 SURVEY_NOT_FOUND; 400 naming primaryTeamId/backupTeamId (unknown team, backup = primary);
   *         409 INSTALLATION_EXISTS, INSTALLATION_SURVEY_NOT_APPROVED, INSTALLATION_LEAD_NOT_READY,
   *         TEAM_INACTIVE, SLOT_IN_PAST, SLOT_TAKEN
   */
  async create(actor: Actor, surveyId: string, dto: CreateInstallationDto): Promise<InstallationResponseDto> {
    this.jobs.checkStaffing(dto);
    const id = await this.tx.run(async (em) => {
      const survey = await this.surveys.findVisible(actor, surveyId, em);
      if (await em.getRepository(Installation).exists({ where: { surveyId: survey.id, status: Not('cancelled') } })) throw installationExists(survey.surveyId);
      if (survey.status !== 'approved') {
        throw new AppException(409, 'INSTALLATION_SURVEY_NOT_APPROVED', `An installation is planned from an approved survey; this survey is ${survey.status}`, {
          surveyStatus: survey.status,
        });
      }
      const lead = survey.lead;
      if (lead.status !== 'survey_completed') {
        throw new AppException(409, 'INSTALLATION_LEAD_NOT_READY', `An installation is planned for a lead in survey_completed; this lead is ${lead.status}`, {
          leadStatus: lead.status,
        });
      }
      // The unique survey reference turns every creation queued behind the counter after the first into 409.
      const { slot, humanId: installationId } = await this.jobs.prepare(em, dto);
      const now = new Date();
      const repo = em.getRepository(Installation);
      let installation: Installation;
      try {
        installation = await repo.save(
          repo.create({
            installationId,
            surveyId: survey.id,
            leadId: lead.id,
            scheduledDate: slot.date,
            scheduledTimeSlot: slot.timeSlot,
            status: 'planned',
            materialReady: false,
            customerConfirmed: false,
            demoCompleted: false,
            closingReason: null,
            createdById: actor.userId,
            createdAt: now,
            updatedAt: now,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw installationExists(survey.surveyId);
        throw error;
      }
      await this.jobs.staff(em, actor, installation.id, slot, dto, now);
      await this.event(em, actor, installation, 'installation_created', {
        surveyId: survey.surveyId,
        scheduledDate: slot.date,
        scheduledTimeSlot: slot.timeSlot,
        primaryTeamId: dto.primaryTeamId,
        backupTeamId: dto.backupTeamId ?? null,
      });
      await this.timeline.applyTransition(em, actor, lead, 'installation_scheduled', { data: { installationId } });
      return installation.id;
    });
    return this.get(actor, id);
  }

  /** Keyset-paged by scheduled date and slot (earliest first); technicians see only their teams' jobs. */
  async list(actor: Actor, query: InstallationQueryDto): Promise<Page<InstallationResponseDto>> {
    const qb = this.assignments.scope(this.installations.createQueryBuilder('installation').innerJoinAndSelect('installation.lead', 'lead'), actor);
    this.assignments.filter(qb, query);
    const total = query.withTotal ? await qb.getCount() : undefined;
    if (query.cursor) {
      const after = afterSlotCursor('installation', query.cursor);
      qb.andWhere(after.sql, after.params);
    }
    // One row per installation (the lead join is many-to-one), so LIMIT pages correctly.
    const rows = await qb
      .orderBy('installation.scheduledDate', 'ASC')
      .addOrderBy('installation.scheduledTimeSlot', 'ASC')
      .addOrderBy('installation.id', 'ASC')
      .limit(query.limit + 1)
      .getMany();
    const data = rows.slice(0, query.limit);
    return {
      data: await this.toResponses(this.installations.manager, data),
      nextCursor: rows.length > query.limit ? encodeSlotCursor(data[data.length - 1]) : null,
      ...(total !== undefined && { total }),
    };
  }

  /** @throws 404 INSTALLATION_NOT_FOUND when there is no such installation or the actor may not see it */
  async get(actor: Actor, id: string): Promise<InstallationResponseDto> {
    const installation = await this.findVisible(actor, id);
    return (await this.toResponses(this.installations.manager, [installation]))[0];
  }

  /**
   * `POST /installations/{id}/transitions` (DESIGN §5). Central Ops: `material_pending` (clears
   * materialReady), `material_ready` (sets it), `confirmed` (needs materialReady, customerConfirmed
   * and an accepted primary assignment), `cancelled` (with a reason: frees the booking, ends the
   * assignments and returns the lead to `survey_completed`, so a new installation can be planned). A member of the primary team: `in_progress` (an
   * unanswered primary assignment counts as accepted) and `completed`; either sent again once the
   * installation stands there answers it as it is.
   * @throws 404; 403 INSTALLATION_TRANSITION_FORBIDDEN (the other role's target), INSTALLATION_NOT_PRIMARY_TEAM;
   *         409 INSTALLATION_INVALID_TRANSITION (with allowedTargets), INSTALLATION_NOT_READY (with `missing`),
   *         INSTALLATION_NO_PRIMARY_TEAM, INSTALLATION_CHANGED; 412
   */
  async transition(actor: Actor, id: string, dto: InstallationTransitionDto, ifMatch?: string): Promise<InstallationResponseDto> {
    const teamTarget = TEAM_TRANSITION_TARGETS.includes(dto.to);
    if (teamTarget !== (actor.role === 'field_technician')) {
      throw new AppException(
        403,
        'INSTALLATION_TRANSITION_FORBIDDEN',
        teamTarget ? 'Only a member of the primary team starts or completes the installation' : `Central Ops moves an installation to ${dto.to}`,
      );
    }
    await this.perform(actor, id, actionOfTarget(dto.to), ifMatch, async (em, installation, to) => {
      const note = dto.reason && dto.to !== 'cancelled' ? { reason: dto.reason } : {};
      switch (dto.to) {
        case 'material_pending':
        case 'material_ready':
          await this.advance(em, installation, { status: to, materialReady: dto.to === 'material_ready' });
          break;
        case 'confirmed':
          await this.requireReadyToConfirm(em, installation);
          await this.advance(em, installation, { status: to });
          break;
        case 'in_progress': {
          const primary = await this.assignments.requirePrimaryMember(em, actor, installation.id);
          await this.advance(em, installation, { status: to });
          if (primary.status === 'assigned') await this.assignments.respond(em, actor, primary.id, 'accepted');
          break;
        }
        case 'completed':
          await this.assignments.requirePrimaryMember(em, actor, installation.id);
          await this.advance(em, installation, { status: to });
          break;
        case 'cancelled':
          await this.cancel(em, actor, installation, dto.reason as string);
          // As a cancelled survey returns its lead (DESIGN §5), so that Central Ops can plan anew.
          await this.timeline.automaticStep(em, actor, installation.lead, { from: 'installation_scheduled', to: 'survey_completed', conflictCode: 'INSTALLATION_CHANGED' }, { installationId: installation.installationId });
          return;
      }
      await this.event(em, actor, installation, `installation_${dto.to}`, { status: to, ...note });
    }).catch(async (error: unknown) => {
      // The team's start or completion sent again after its answer was lost: the installation as it is.
      if (!teamTarget || !(await this.jobs.isDoneStep(error, actor, id, dto.to as InstallationStatus))) throw error;
    });
    return this.get(actor, id);
  }

  /**
   * Moves the installation to a new date and slot (→ rescheduled) and resets customerConfirmed;
   * the primary team's booking moves in the same UPDATE. From `completed` only after an
   * unsuccessful report (issue #5: Central Ops reschedules the next attempt).
   * @throws 404; 409 INSTALLATION_INVALID_TRANSITION, INSTALLATION_SLOT_UNCHANGED, INSTALLATION_NOT_RESCHEDULABLE,
   *         SLOT_IN_PAST, SLOT_TAKEN, TEAM_INACTIVE; 412
   */
  async reschedule(actor: Actor, id: string, dto: RescheduleInstallationDto, ifMatch?: string): Promise<InstallationResponseDto> {
    await this.perform(actor, id, 'reschedule', ifMatch, async (em, installation, to) => {
      if (dto.scheduledDate === installation.scheduledDate && dto.scheduledTimeSlot === installation.scheduledTimeSlot) {
        throw new AppException(409, 'INSTALLATION_SLOT_UNCHANGED', `The installation is already scheduled on ${dto.scheduledDate} ${dto.scheduledTimeSlot}`);
      }
      if (installation.status === 'completed') {
        const report = await em.getRepository(InstallationReport).findOne({ where: { installationId: installation.id } });
        if (!report || report.installationSuccessful) {
          throw new AppException(409, 'INSTALLATION_NOT_RESCHEDULABLE', 'A completed installation is rescheduled only after an unsuccessful report', {
            reportSubmitted: report !== null,
          });
        }
      }
      this.bookings.assertNotPast(dto.scheduledDate, dto.scheduledTimeSlot);
      const from = { date: installation.scheduledDate, timeSlot: installation.scheduledTimeSlot };
      await this.advance(em, installation, { status: to, scheduledDate: dto.scheduledDate, scheduledTimeSlot: dto.scheduledTimeSlot, customerConfirmed: false });
      const primary = (await this.assignments.active(em, installation.id)).find((a) => a.isPrimary);
      if (primary) await this.assignments.holdSlot(em, installation, primary.teamId);
      await this.event(em, actor, installation, 'installation_rescheduled', {
        from,
        to: { date: dto.scheduledDate, timeSlot: dto.scheduledTimeSlot },
        customerConfirmed: false,
        ...(dto.reason && { reason: dto.reason }),
      });
    });
    return this.get(actor, id);
  }

  /**
   * `PATCH /installations/{id}`: Central Ops records (or withdraws) the customer's confirmation
   * before the installation is confirmed.
   * @throws 404; 400 for an empty body; 409 INSTALLATION_INVALID_TRANSITION; 412
   */
  async update(actor: Actor, id: string, dto: UpdateInstallationDto, ifMatch?: string): Promise<InstallationResponseDto> {
    if (dto.customerConfirmed === undefined) throw new ValidationProblem([{ field: 'customerConfirmed', message: 'customerConfirmed is the field to change' }]);
    await this.perform(actor, id, 'update', ifMatch, async (em, installation) => {
      if (installation.customerConfirmed === dto.customerConfirmed) return;
      await this.advance(em, installation, { customerConfirmed: dto.customerConfirmed });
      await this.event(em, actor, installation, 'installation_updated', { customerConfirmed: dto.customerConfirmed });
    });
    return this.get(actor, id);
  }

  /**
   * Central Ops makes a team the primary or the backup until the work starts (see {@link JobAssignments.assign}).
   * @throws 404; 400 naming teamId; 409 INSTALLATION_INVALID_TRANSITION, ASSIGNMENT_UNCHANGED,
   *         ASSIGNMENT_TEAM_CONFLICT, TEAM_INACTIVE, SLOT_TAKEN; 412
   */
  async assign(actor: Actor, id: string, dto: CreateAssignmentDto, ifMatch?: string): Promise<InstallationResponseDto> {
    await this.jobs.assign(actor, id, dto, 'assign', ifMatch);
    return this.get(actor, id);
  }

  /**
   * A member of the assigned team accepts or declines, or Central Ops cancels an assignment; a
   * leaving primary hands over to the backup, booking included (see {@link JobAssignments.update}).
   * @throws 404 INSTALLATION_NOT_FOUND, INSTALLATION_ASSIGNMENT_NOT_FOUND; 403 ASSIGNMENT_STATUS_FORBIDDEN,
   *         ASSIGNMENT_NOT_YOUR_TEAM; 409 INSTALLATION_INVALID_TRANSITION, ASSIGNMENT_INVALID_TRANSITION,
   *         TEAM_INACTIVE / SLOT_TAKEN; 412
   */
  updateAssignment(actor: Actor, id: string, assignmentId: string, dto: UpdateAssignmentDto, ifMatch?: string): Promise<AssignmentResponseDto> {
    return this.jobs.updateAssignment(actor, id, assignmentId, dto, 'assign', ifMatch);
  }

  /**
   * For work on an installation that needs its primary team (adding media, reporting): the
   * installation must be visible, allow `action` now, and the actor must be a member of its
   * primary team. With `em` (inside the work's transaction) the installation row is read FOR SHARE
   * on PostgreSQL, so a concurrent status change waits for the work to commit.
   * @throws 404 INSTALLATION_NOT_FOUND; 409 INSTALLATION_INVALID_TRANSITION, INSTALLATION_NO_PRIMARY_TEAM; 403 INSTALLATION_NOT_PRIMARY_TEAM
   */
  requireTeamWork(actor: Actor, id: string, action: InstallationAction, em?: EntityManager): Promise<Installation> {
    return this.jobs.requirePrimaryWork(actor, id, action, em);
  }

  /**
   * Loads an installation (with its lead) the actor may see, scoped in the query. OEMs see their
   * own leads' installations only through the lead and the closure pack, so they get 404 here.
   * @throws 404 INSTALLATION_NOT_FOUND
   */
  findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Installation> {
    return this.jobs.findVisible(actor, id, em);
  }

  /**
   * Loads, checks If-Match (a header or an already parsed version) and the state machine, then
   * runs `work` in one transaction.
   * @throws 404; 409 INSTALLATION_INVALID_TRANSITION; 412
   */
  perform<T>(actor: Actor, id: string, action: InstallationAction, ifMatch: string | number | undefined, work: InstallationWork<T>): Promise<T> {
    return this.jobs.perform(actor, id, action, ifMatch, work);
  }

  /**
   * Compare-and-set on the installation's version (also for changes that keep the status, so
   * assignment changes serialise too); updates `installation` in memory.
   * @throws 409 INSTALLATION_CHANGED when another request changed it since it was read
   */
  advance(em: EntityManager, installation: Installation, set: InstallationChanges): Promise<void> {
    return this.jobs.advance(em, installation, set);
  }

  /** Writes an `installation_*` (or `closure_pack_*`) event on the lead's timeline, tagged with the installation. */
  event(em: EntityManager, actor: Actor, installation: Installation, type: string, data: Record<string, unknown>): Promise<void> {
    return this.jobs.event(em, actor, installation, type, data);
  }

  /**
   * DESIGN §5: a confirmed installation has an accepted primary team. When its teams change so that
   * it has none (the primary declined or was cancelled, a backup promoted but not yet accepted, a new
   * primary assigned), it goes back to `material_ready` with an `installation_unconfirmed` event; it is
   * confirmed again once the new primary accepts. Its booking follows the teams as before.
   */
  private async unconfirmWithoutAcceptedPrimary(em: EntityManager, actor: Actor, installation: Installation): Promise<void> {
    if (installation.status !== 'confirmed') return;
    const primary = (await this.assignments.active(em, installation.id)).find((a) => a.isPrimary);
    if (primary?.status === 'accepted') return;
    await this.advance(em, installation, { status: 'material_ready' });
    await this.event(em, actor, installation, 'installation_unconfirmed', { status: 'material_ready', reason: primary ? 'the primary team has not accepted yet' : 'no primary team' });
  }

  /** @throws 409 INSTALLATION_NOT_READY naming what is missing for `confirmed` (DESIGN §5) */
  private async requireReadyToConfirm(em: EntityManager, installation: Installation): Promise<void> {
    const primary = (await this.assignments.active(em, installation.id)).find((a) => a.isPrimary);
    const missing = [
      ...(installation.materialReady ? [] : ['materialReady']),
      ...(installation.customerConfirmed ? [] : ['customerConfirmed']),
      ...(primary?.status === 'accepted' ? [] : ['primaryAssignmentAccepted']),
    ];
    if (missing.length) {
      throw new AppException(409, 'INSTALLATION_NOT_READY', `An installation is confirmed once materials are ready, the customer has confirmed and the primary team has accepted; missing: ${missing.join(', ')}`, {
        missing,
      });
    }
  }

  /** Cancels an open installation: status and reason, booking freed, assignments cancelled, event. */
  private async cancel(em: EntityManager, actor: Actor, installation: Installation, reason: string): Promise<void> {
    await this.advance(em, installation, { status: 'cancelled', closingReason: reason });
    await this.bookings.freeInstallation(em, installation.id);
    await this.assignments.end(em, installation.id, { primary: 'cancelled', backup: 'cancelled' });
    await this.event(em, actor, installation, 'installation_cancelled', { reason });
  }

  /** Responses for `installations` (leads loaded): assignments, reports and packs in three queries. */
  private async toResponses(em: EntityManager, installations: Installation[]): Promise<InstallationResponseDto[]> {
    if (!installations.length) return [];
    const ids = installations.map((i) => i.id);
    const [assignments, reports, packs] = await Promise.all([
      em.getRepository(InstallationAssignment).find({ where: { installationId: In(ids) }, relations: { team: true } }),
      em.getRepository(InstallationReport).find({ where: { installationId: In(ids) }, relations: { customerSignature: true } }),
      em.getRepository(ClosurePack).find({ where: { installationId: In(ids) }, relations: { file: true } }),
    ]);
    return installations.map((installation) =>
      toInstallationResponse(installation, {
        assignments: assignments.filter((a) => a.installationId === installation.id),
        report: reports.find((r) => r.installationId === installation.id) ?? null,
        closurePack: packs.find((p) => p.installationId === installation.id) ?? null,
      }),
    );
  }
}
