import { HttpException } from '@nestjs/common';
import { type EntityManager, type FindOptionsRelations, type FindOptionsWhere, In, Not, type Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { type AppException, NotFoundProblem, ValidationProblem } from '../../common/problem.js';
import { advanceVersion, parseIfMatch, staleVersion } from '../../common/optimistic-locking.js';
import { isServerDatabase } from '../../common/persistence/dialect.js';
import { nextSequenceValue } from '../../common/persistence/id-sequences.js';
import type { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import type { BookingsService, SlotRequest } from '../bookings.service.js';
import { type TimeSlot, yearInIndia } from '../time-slots.js';
import { type AssignmentRecord, type AssignmentResponseDto, type CreateAssignmentDto, toAssignmentResponse, type UpdateAssignmentDto } from './assignment.dto.js';
import { type AssignmentKind, JobAssignments } from './job-assignments.js';
import type { JobKinds } from './job-kinds.service.js';

/** The length of a survey's or installation's `closing_reason` column, in characters. */
const JOB_CLOSING_REASON_MAX = 500;

/** The columns every scheduled job (survey, installation) has that the shared skeleton uses. */
export interface ScheduledJob {
  id: string;
  leadId: string;
  status: string;
  version: number;
  scheduledDate: string;
  scheduledTimeSlot: TimeSlot;
}

/**
 * What the skeleton needs of the lead timeline: teams/ stands below leads/ (DESIGN §3), so it takes
 * the method it calls instead of importing `LeadTimeline`.
 */
export interface JobTimeline {
  recordEvent(em: EntityManager, actor: Actor, leadId: string, input: { type: string; data: Record<string, unknown> }): Promise<void>;
  onLeadCancelled(hook: (em: EntityManager, actor: Actor, leadId: string, reason: string | undefined) => Promise<void>): void;
}

/** Primary and optional backup team and the slot of a new job (CreateSurveyDto, CreateInstallationDto). */
export interface JobStaffing {
  primaryTeamId: string;
  backupTeamId?: string;
  scheduledDate: string;
  scheduledTimeSlot: TimeSlot;
}

/** What differs between surveys and installations, given once per kind. */
export interface ScheduledJobStrategy<J extends ScheduledJob, S extends string, A extends string> {
  /** Its assignment table and bookings ({@link JobAssignments}); `job` is also the query alias and the resource name. */
  assignment: AssignmentKind & { job: 'survey' | 'installation' };
  entity: new () => J;
  /** The name in a 404, `Survey` or `Installation` (`SURVEY_NOT_FOUND`, `INSTALLATION_NOT_FOUND`). */
  label: 'Survey' | 'Installation';
  /** The human id property (`surveyId`) and its prefix (`SRV`): `SRV-2026-000123`. */
  idProperty: 'surveyId' | 'installationId';
  idPrefix: 'SRV' | 'INS';
  finalStatuses: readonly S[];
  /** The state table: where each action leads from each status (absent: not allowed). */
  transitions: Readonly<Record<S, Readonly<Partial<Record<A, S>>>>>;
  /** @returns 409 <JOB>_INVALID_TRANSITION naming what is allowed */
  invalidAction(status: S, action: A): AppException;
  /** Runs in the transaction of every change of the job's teams (assigned, accepted, declined, cancelled, a backup promoted), after it. */
  afterTeamsChanged?(em: EntityManager, actor: Actor, job: J): Promise<void>;
}

/**
 * Whether `error` is how a technician's step sent again is refused once the first attempt went
 * through: 409 (the status moved on) or 412 (the version it moved). The callers then look whether
 * the step is already done, and answer the job as it is.
 */
export function isTechnicianRetryRefusal(error: unknown, actor: Actor): boolean {
  return actor.role === 'field_technician' && error instanceof HttpException && [409, 412].includes(error.getStatus());
}

/** `<PREFIX>-<year>-<sequence>`: the year in IST and a per-year sequence, six digits (more past 999,999). */
export function formatJobId(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(6, '0')}`;
}

/**
 * The skeleton surveys and installations share (DESIGN §5): visibility-scoped loading, the
 * state-table check with If-Match in one transaction, the compare-and-set on the job's version,
 * the FOR SHARE read for work that keeps the status, timeline events tagged with the job, the
 * staffing of a new job, assigning teams and answering assignments, and cancelling a cancelled
 * lead's open jobs. Each service keeps its own rules and wires one of these with its strategy
 * (as {@link JobAssignments} does for the assignment rules).
 */
export class ScheduledJobs<J extends ScheduledJob, S extends string, A extends string> {
  readonly assignments: JobAssignments;
  private readonly job: 'survey' | 'installation';

  constructor(
    private readonly strategy: ScheduledJobStrategy<J, S, A>,
    private readonly deps: { repository: Repository<J>; tx: TransactionRunner; bookings: BookingsService; timeline: JobTimeline },
  ) {
    this.job = strategy.assignment.job;
    this.assignments = new JobAssignments(strategy.assignment, deps.bookings);
  }

  /** Registers the kind with teams and the lead-cancel hook with leads; `cancel` closes one open job of the cancelled lead. */
  register(kinds: JobKinds, cancel: (em: EntityManager, actor: Actor, job: J, reason: string) => Promise<void>): void {
    const { entity, assignment, idProperty, finalStatuses } = this.strategy;
    kinds.register({ kind: this.job, job: entity, assignment: assignment.entity as new () => object, idProperty, finalStatuses });
    this.deps.timeline.onLeadCancelled(async (em, actor, leadId, reason) => {
      const open = await em.getRepository(entity).find({ where: { leadId, status: Not(In([...finalStatuses])) } as FindOptionsWhere<J> });
      // Within the job's closing_reason (500 characters): the lead's note may have all 500 itself.
      const why = [...`Lead cancelled${reason ? `: ${reason}` : ''}`].slice(0, JOB_CLOSING_REASON_MAX).join('');
      for (const job of open) await cancel(em, actor, job, why);
    });
  }

  /**
   * Loads a job (with its lead) the actor may see, scoped in the query.
   * @throws 404 <JOB>_NOT_FOUND
   */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<J> {
    const qb = (em ?? this.deps.repository.manager).getRepository(this.strategy.entity).createQueryBuilder(this.job).innerJoinAndSelect(`${this.job}.lead`, 'lead');
    const job = await this.assignments.scope(qb, actor).andWhere(`${this.job}.id = :id`, { id }).getOne();
    if (!job) throw new NotFoundProblem(this.strategy.label, id);
    return job;
  }

  /**
   * Loads, checks If-Match (a header or an already parsed version) and the state table, then runs
   * `work` in one transaction with the status `action` leads to.
   * @throws 404; 409 <JOB>_INVALID_TRANSITION; 412
   */
  async perform<T>(actor: Actor, id: string, action: A, ifMatch: string | number | undefined, work: (em: EntityManager, job: J, to: S) => Promise<T>): Promise<T> {
    const expected = typeof ifMatch === 'number' ? ifMatch : parseIfMatch(ifMatch, this.job);
    return this.deps.tx.run(async (em) => {
      const job = await this.findVisible(actor, id, em);
      if (expected !== undefined && job.version !== expected) throw staleVersion(this.job, job.version);
      const to = this.strategy.transitions[job.status as S][action];
      if (!to) throw this.strategy.invalidAction(job.status as S, action);
      return work(em, job, to);
    });
  }

  /**
   * For work on a job that keeps its status and needs its primary team (adding media, reporting):
   * the job must be visible, allow `action` now, and the actor must be a member of its primary
   * team. With `em` (inside the work's transaction) the job row is read FOR SHARE on PostgreSQL and MariaDB, so
   * a concurrent status change (approve, cancel) waits for the work to commit, or the work sees it.
   * @throws 404 <JOB>_NOT_FOUND; 409 <JOB>_INVALID_TRANSITION, <JOB>_NO_PRIMARY_TEAM; 403 <JOB>_NOT_PRIMARY_TEAM
   */
  async requirePrimaryWork(actor: Actor, id: string, action: A, em?: EntityManager): Promise<J> {
    if (em && isServerDatabase(em)) {
      await em.getRepository(this.strategy.entity).createQueryBuilder('locked').select('locked.id').where('locked.id = :id', { id }).setLock('pessimistic_read').getOne();
    }
    const manager = em ?? this.deps.repository.manager;
    const job = await this.findVisible(actor, id, manager);
    if (!this.strategy.transitions[job.status as S][action]) throw this.strategy.invalidAction(job.status as S, action);
    // The team that did the work, once it is done (an installation's media after its report).
    await this.assignments.requirePrimaryMember(manager, actor, job.id, true);
    return job;
  }

  /**
   * Compare-and-set on the job's version (also for changes that keep the status, so assignment
   * changes serialise too); updates `job` in memory.
   * @throws 409 <JOB>_CHANGED when another request changed it since it was read
   */
  advance(em: EntityManager, job: J, set: Partial<J>): Promise<void> {
    return advanceVersion<J>(em, this.strategy.entity, job, set, this.job);
  }

  /** Writes a `<job>_*` event on the lead's timeline, tagged with the job's human id and uuid. */
  async event(em: EntityManager, actor: Actor, job: J, type: string, data: Record<string, unknown>): Promise<void> {
    const tag = { [this.strategy.idProperty]: (job as unknown as Record<string, string>)[this.strategy.idProperty], [`${this.job}Uuid`]: job.id };
    await this.deps.timeline.recordEvent(em, actor, job.leadId, { type, data: { ...tag, ...data } });
  }

  /** @throws 400 naming backupTeamId when it is the primary team (checked before any work) */
  checkStaffing(dto: JobStaffing): void {
    // Any letter case: the databases match UUIDs so, and `AB…` would otherwise back up `ab…`, itself.
    if (dto.backupTeamId !== undefined && dto.backupTeamId.toLowerCase() === dto.primaryTeamId.toLowerCase()) {
      throw new ValidationProblem([{ field: 'backupTeamId', message: 'backupTeamId must be another team than primaryTeamId' }]);
    }
  }

  /**
   * Checks a new job's slot and teams and allocates its human id from the per-year counter. On
   * PostgreSQL the counter row stays locked until COMMIT, so creations queue here; the booking's
   * unique index (and, for installations, the unique survey reference) still decides races.
   * @throws 400 naming primaryTeamId/backupTeamId; 409 SLOT_IN_PAST, TEAM_INACTIVE
   */
  async prepare(em: EntityManager, dto: JobStaffing): Promise<{ slot: SlotRequest; humanId: string }> {
    const slot: SlotRequest = { teamId: dto.primaryTeamId, date: dto.scheduledDate, timeSlot: dto.scheduledTimeSlot };
    this.deps.bookings.assertNotPast(slot.date, slot.timeSlot);
    await this.deps.bookings.requireActiveTeam(em, dto.primaryTeamId, 'primaryTeamId');
    if (dto.backupTeamId) await this.deps.bookings.requireActiveTeam(em, dto.backupTeamId, 'backupTeamId');
    const year = yearInIndia();
    return { slot, humanId: formatJobId(this.strategy.idPrefix, year, await nextSequenceValue(em, `${this.strategy.idPrefix}-${year}`)) };
  }

  /**
   * Staffs a just-inserted job: books the primary team's slot and assigns the primary (and backup) team.
   * @throws 409 SLOT_TAKEN
   */
  async staff(em: EntityManager, actor: Actor, jobId: string, slot: SlotRequest, dto: JobStaffing, now: Date): Promise<void> {
    const { assignment } = this.strategy;
    await assignment.takeBooking(em, slot, jobId);
    const repo = em.getRepository(assignment.entity);
    const base = { [assignment.jobColumn]: jobId, assignedById: actor.userId, status: 'assigned' as const, assignedAt: now };
    await repo.insert({ ...base, teamId: dto.primaryTeamId, isPrimary: true });
    if (dto.backupTeamId) await repo.insert({ ...base, teamId: dto.backupTeamId, isPrimary: false });
  }

  /**
   * Central Ops makes a team the primary or the backup before the work starts (see
   * {@link JobAssignments.assign}); records `<job>_team_assigned`.
   * @throws 404; 400 naming teamId; 409 <JOB>_INVALID_TRANSITION, ASSIGNMENT_UNCHANGED,
   *         ASSIGNMENT_TEAM_CONFLICT, TEAM_INACTIVE, SLOT_TAKEN; 412
   */
  async assign(actor: Actor, id: string, dto: CreateAssignmentDto, assignAction: A, ifMatch?: string): Promise<void> {
    await this.perform(actor, id, assignAction, ifMatch, async (em, job) => {
      await this.advance(em, job, {});
      const outcome = await this.assignments.assign(em, actor, job, dto);
      await this.event(em, actor, job, `${this.job}_team_assigned`, { ...outcome });
      await this.strategy.afterTeamsChanged?.(em, actor, job);
    });
  }

  /**
   * A member of the assigned team accepts or declines, or Central Ops cancels an assignment; a
   * leaving primary hands over to the backup, booking included (see {@link JobAssignments.update}).
   * Records `<job>_assignment_<status>` and, on a promotion, `<job>_backup_promoted`. A technician's
   * own accept or decline sent again answers the assignment as it is, whatever `If-Match` says.
   * @throws 404 <JOB>_NOT_FOUND, <JOB>_ASSIGNMENT_NOT_FOUND; 403 ASSIGNMENT_STATUS_FORBIDDEN,
   *         ASSIGNMENT_NOT_YOUR_TEAM; 409 <JOB>_INVALID_TRANSITION, ASSIGNMENT_INVALID_TRANSITION,
   *         TEAM_INACTIVE / SLOT_TAKEN; 412
   */
  async updateAssignment(actor: Actor, id: string, assignmentId: string, dto: UpdateAssignmentDto, assignAction: A, ifMatch?: string): Promise<AssignmentResponseDto> {
    this.assignments.checkRole(actor, dto);
    await this.changeAssignment(actor, id, assignmentId, dto, assignAction, ifMatch).catch(async (error: unknown) => {
      // A phone whose answer was lost sends the same accept or decline again: by then the job's
      // version has moved (412), the assignment is no longer `assigned` (409), or a declined team no
      // longer sees the job (404). The technician's own answer, already recorded, is the reply.
      if (!(error instanceof HttpException) || !(await this.assignments.isOwnAnswer(this.deps.repository.manager, actor, id, assignmentId, dto))) throw error;
    });
    const updated = await this.deps.repository.manager.getRepository(this.strategy.assignment.entity).findOneOrFail({ where: { id: assignmentId }, relations: { team: true } as FindOptionsRelations<AssignmentRecord> });
    return toAssignmentResponse(updated as Parameters<typeof toAssignmentResponse>[0]);
  }

  /**
   * Whether a primary team member's step (a survey's start, an installation's `in_progress` or
   * `completed`) that failed with `error` was already done: a retry from a phone whose answer was
   * lost meets 409 (the status moved on) or 412 (the version the first attempt moved). It was done
   * when the job stands in the step's `status` and `actor` is a member of its primary team.
   * @throws 404 <JOB>_NOT_FOUND when the actor no longer sees the job
   */
  async isDoneStep(error: unknown, actor: Actor, id: string, status: S): Promise<boolean> {
    if (!isTechnicianRetryRefusal(error, actor)) return false;
    const manager = this.deps.repository.manager;
    const job = await this.findVisible(actor, id, manager);
    return job.status === status && (await this.assignments.isPrimaryMember(manager, actor, id));
  }

  private async changeAssignment(actor: Actor, id: string, assignmentId: string, dto: UpdateAssignmentDto, assignAction: A, ifMatch?: string): Promise<void> {
    await this.perform(actor, id, assignAction, ifMatch, async (em, job) => {
      await this.advance(em, job, {});
      const { assignment, promoted } = await this.assignments.update(em, actor, job, assignmentId, dto);
      await this.event(em, actor, job, `${this.job}_assignment_${dto.status}`, {
        assignmentId: assignment.id,
        teamId: assignment.teamId,
        isPrimary: assignment.isPrimary,
        ...(dto.reason && { reason: dto.reason }),
      });
      if (promoted) {
        await this.event(em, actor, job, `${this.job}_backup_promoted`, { assignmentId: promoted.id, teamId: promoted.teamId, replacedTeamId: assignment.teamId });
      }
      await this.strategy.afterTeamsChanged?.(em, actor, job);
    });
  }
}
