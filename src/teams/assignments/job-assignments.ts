import { type EntityManager, type EntityTarget, type FindOptionsWhere, In, type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { AppException, NotFoundProblem } from '../../common/problem.js';
import { ACTIVE_ASSIGNMENT_STATUSES, type AssignmentStatus, VISIBLE_ASSIGNMENT_STATUSES } from './assignment-statuses.js';
import type { ScheduledJobQueryDto } from '../dto/scheduled-job-query.dto.js';
import type { BookingsService, SlotRequest } from '../bookings.service.js';
import { TeamMember } from '../entities/team-member.entity.js';
import type { TimeSlot } from '../time-slots.js';
import type { AssignmentRecord, CreateAssignmentDto, UpdateAssignmentDto } from './assignment.dto.js';

/** A job (survey or installation) as its assignments need it: its id and the slot its primary holds. */
export interface AssignedJob {
  id: string;
  scheduledDate: string;
  scheduledTimeSlot: TimeSlot;
}

/** What differs between survey and installation assignments: the table, the job column, the bookings and the words. */
export interface AssignmentKind {
  /** `survey` or `installation`: in messages, and upper-cased in codes (`SURVEY_NO_PRIMARY_TEAM`). */
  job: 'survey' | 'installation';
  entity: EntityTarget<AssignmentRecord>;
  jobColumn: 'surveyId' | 'installationId';
  takeBooking(em: EntityManager, slot: SlotRequest, jobId: string): Promise<void>;
  /** @returns false when the job holds no booking */
  moveBooking(em: EntityManager, jobId: string, slot: SlotRequest): Promise<boolean>;
  freeBooking(em: EntityManager, jobId: string): Promise<void>;
}

/** How each active assignment ends when the job closes. */
export interface AssignmentEnding {
  primary: AssignmentStatus;
  backup: AssignmentStatus;
}

/** What {@link JobAssignments.assign} did, for the timeline. */
export interface AssignOutcome {
  teamId: string;
  isPrimary: boolean;
  replacedTeamId: string | null;
  promotedFromBackup: boolean;
}

/** What {@link JobAssignments.update} did, for the timeline. */
export interface UpdateOutcome {
  assignment: AssignmentRecord;
  /** The backup that became primary (with the booking) because the primary left. */
  promoted: AssignmentRecord | null;
  /** True when the primary left with no backup, so the slot was freed. */
  freed: boolean;
}

/**
 * The assignment rules surveys and installations share (DESIGN §5 "Assignments"): one active
 * primary team, which holds the booking, and at most one active emergency backup; a team's member
 * accepts or declines, Central Ops assigns and cancels; when the primary leaves, the backup is
 * promoted and the booking moves to it in one UPDATE (or the slot is freed). Every method runs in
 * the caller's transaction, after the caller's compare-and-set on the job.
 */
export class JobAssignments {
  private readonly code: Uppercase<AssignmentKind['job']>;

  constructor(
    private readonly kind: AssignmentKind,
    private readonly bookings: BookingsService,
  ) {
    this.code = kind.job.toUpperCase() as Uppercase<AssignmentKind['job']>;
  }

  /** The job's active (assigned or accepted) assignments. */
  active(em: EntityManager, jobId: string): Promise<AssignmentRecord[]> {
    return em.getRepository(this.kind.entity).find({ where: this.where(jobId, { status: In([...ACTIVE_ASSIGNMENT_STATUSES]) }) });
  }

  /**
   * The active primary assignment, when one of the actor's teams holds it; with `orCompleted`, once
   * the work is done (none active), the primary assignment it completed.
   * @throws 409 <JOB>_NO_PRIMARY_TEAM; 403 <JOB>_NOT_PRIMARY_TEAM
   */
  async requirePrimaryMember(em: EntityManager, actor: Actor, jobId: string, orCompleted = false): Promise<AssignmentRecord> {
    const primary =
      (await this.active(em, jobId)).find((a) => a.isPrimary) ??
      (orCompleted ? await em.getRepository(this.kind.entity).findOne({ where: this.where(jobId, { isPrimary: true, status: 'completed' }) }) : null);
    if (!primary) throw new AppException(409, `${this.code}_NO_PRIMARY_TEAM`, `The ${this.kind.job} has no primary team; Central Ops must assign one`);
    if (!(await this.isMember(em, primary.teamId, actor.userId))) {
      throw new AppException(403, `${this.code}_NOT_PRIMARY_TEAM`, 'Only a member of the primary team may do this');
    }
    return primary;
  }

  /** Whether `actor` is a member of the team holding the job's active primary assignment. */
  async isPrimaryMember(em: EntityManager, actor: Actor, jobId: string): Promise<boolean> {
    const primary = (await this.active(em, jobId)).find((a) => a.isPrimary);
    return primary !== undefined && (await this.isMember(em, primary.teamId, actor.userId));
  }

  /**
   * Whether the assignment already holds the accept or decline `actor` sends: its status is
   * `dto.status` and `actor` gave that answer (a retry whose first answer was lost). Another
   * member's second answer, and Central Ops' cancel sent twice, are not retries of one's own.
   */
  async isOwnAnswer(em: EntityManager, actor: Actor, jobId: string, assignmentId: string, dto: UpdateAssignmentDto): Promise<boolean> {
    if (actor.role !== 'field_technician') return false;
    const assignment = await em.getRepository(this.kind.entity).findOne({ where: this.where(jobId, { id: assignmentId }) });
    return assignment?.status === dto.status && assignment.respondedById === actor.userId;
  }

  /** Records a member's answer. */
  async respond(em: EntityManager, actor: Actor, assignmentId: string, status: 'accepted' | 'declined'): Promise<void> {
    await em.getRepository(this.kind.entity).update({ id: assignmentId }, { status, respondedById: actor.userId, respondedAt: new Date() });
  }

  /** Ends every active assignment of the job (the primary and the backup each as `ending` says). */
  async end(em: EntityManager, jobId: string, ending: AssignmentEnding): Promise<void> {
    const repo = em.getRepository(this.kind.entity);
    const active = In([...ACTIVE_ASSIGNMENT_STATUSES]);
    await repo.update(this.where(jobId, { isPrimary: true, status: active }), { status: ending.primary });
    await repo.update(this.where(jobId, { isPrimary: false, status: active }), { status: ending.backup });
  }

  /**
   * Gives the job's slot to `teamId`: moves the booking the job holds, or takes one when it holds none.
   * @throws 409 TEAM_INACTIVE, SLOT_TAKEN
   */
  async holdSlot(em: EntityManager, job: AssignedJob, teamId: string): Promise<void> {
    await this.bookings.requireActiveTeam(em, teamId, 'teamId');
    const slot = { teamId, date: job.scheduledDate, timeSlot: job.scheduledTimeSlot };
    if (!(await this.kind.moveBooking(em, job.id, slot))) await this.kind.takeBooking(em, slot, job.id);
  }

  /**
   * Central Ops makes a team the primary or the backup. The active assignment of that kind is
   * replaced (cancelled); naming the current backup as primary promotes it. A new primary takes
   * over the booking.
   * @throws 400 naming teamId; 409 ASSIGNMENT_UNCHANGED, ASSIGNMENT_TEAM_CONFLICT, TEAM_INACTIVE, SLOT_TAKEN
   */
  async assign(em: EntityManager, actor: Actor, job: AssignedJob, dto: CreateAssignmentDto): Promise<AssignOutcome> {
    const active = await this.active(em, job.id);
    const current = active.find((a) => a.isPrimary === dto.isPrimary);
    const other = active.find((a) => a.isPrimary !== dto.isPrimary);
    if (current?.teamId === dto.teamId) {
      throw new AppException(409, 'ASSIGNMENT_UNCHANGED', `The team is already the ${dto.isPrimary ? 'primary' : 'backup'} of this ${this.kind.job}`);
    }
    if (!dto.isPrimary && other?.teamId === dto.teamId) {
      throw new AppException(409, 'ASSIGNMENT_TEAM_CONFLICT', 'The primary team cannot also be the backup');
    }
    await this.bookings.requireActiveTeam(em, dto.teamId, 'teamId');
    const repo = em.getRepository(this.kind.entity);
    if (current) await repo.update({ id: current.id }, { status: 'cancelled' });
    const promote = dto.isPrimary && other?.teamId === dto.teamId;
    if (promote) await repo.update({ id: other.id }, { isPrimary: true });
    else await repo.insert({ [this.kind.jobColumn]: job.id, teamId: dto.teamId, assignedById: actor.userId, isPrimary: dto.isPrimary, status: 'assigned', assignedAt: new Date() });
    if (dto.isPrimary) await this.holdSlot(em, job, dto.teamId);
    return { teamId: dto.teamId, isPrimary: dto.isPrimary, replacedTeamId: current?.teamId ?? null, promotedFromBackup: promote };
  }

  /**
   * Who may set which status: a field technician accepts or declines, Central Ops (or admin) cancels.
   * Checked before any work. @throws 403 ASSIGNMENT_STATUS_FORBIDDEN
   */
  checkRole(actor: Actor, dto: UpdateAssignmentDto): void {
    const isTechnician = actor.role === 'field_technician';
    if (isTechnician !== (dto.status !== 'cancelled')) {
      throw new AppException(403, 'ASSIGNMENT_STATUS_FORBIDDEN', isTechnician ? 'A team member accepts or declines; Central Ops cancels' : 'Only a member of the team accepts or declines');
    }
  }

  /**
   * A member of the assigned team accepts or declines, or Central Ops cancels an assignment. When
   * the primary leaves (declined or cancelled) and a backup is active, the backup becomes the
   * primary and the booking moves to it atomically; with no backup the slot is freed.
   * @throws 404 <JOB>_ASSIGNMENT_NOT_FOUND; 403 ASSIGNMENT_NOT_YOUR_TEAM; 409 ASSIGNMENT_INVALID_TRANSITION,
   *         TEAM_INACTIVE / SLOT_TAKEN (the backup cannot take the slot)
   */
  async update(em: EntityManager, actor: Actor, job: AssignedJob, assignmentId: string, dto: UpdateAssignmentDto): Promise<UpdateOutcome> {
    const repo = em.getRepository(this.kind.entity);
    const assignment = await repo.findOne({ where: this.where(job.id, { id: assignmentId }) });
    if (!assignment) throw new NotFoundProblem(`${this.kind.job} assignment` as const, assignmentId);
    if (actor.role === 'field_technician' && !(await this.isMember(em, assignment.teamId, actor.userId))) {
      throw new AppException(403, 'ASSIGNMENT_NOT_YOUR_TEAM', 'Only a member of the assigned team may answer this assignment');
    }
    const from = assignment.status;
    if (!(from === 'assigned' || (from === 'accepted' && dto.status !== 'accepted'))) {
      throw new AppException(409, 'ASSIGNMENT_INVALID_TRANSITION', `An ${from} assignment cannot become ${dto.status}`, { from, to: dto.status });
    }
    if (dto.status === 'cancelled') await repo.update({ id: assignment.id }, { status: 'cancelled' });
    else await this.respond(em, actor, assignment.id, dto.status);
    let promoted: AssignmentRecord | null = null;
    let freed = false;
    if (assignment.isPrimary && dto.status !== 'accepted') {
      promoted = (await this.active(em, job.id)).find((a) => !a.isPrimary) ?? null;
      if (promoted) {
        await repo.update({ id: promoted.id }, { isPrimary: true });
        await this.holdSlot(em, job, promoted.teamId);
      } else {
        await this.kind.freeBooking(em, job.id);
        freed = true;
      }
    }
    return { assignment, promoted, freed };
  }

  /**
   * Scopes a query over the jobs (aliased as the job kind, `survey` or `installation`) to what
   * `actor` may see (DESIGN §1): admin and Central Ops every job; a field technician the jobs its
   * teams are (or were, if completed) assigned to; any other role none.
   */
  scope<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, actor: Actor): SelectQueryBuilder<T> {
    const { job } = this.kind;
    if (actor.role === 'field_technician') {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM ${job}_assignments a_scope INNER JOIN team_members tm_scope ON tm_scope.team_id = a_scope.team_id
          WHERE a_scope.${job}_id = ${job}.id AND tm_scope.user_id = :scopeUserId AND a_scope.status IN (:...scopeStatuses))`,
        { scopeUserId: actor.userId, scopeStatuses: VISIBLE_ASSIGNMENT_STATUSES },
      );
    } else if (actor.role !== 'admin' && actor.role !== 'central_ops') {
      qb.andWhere('1 = 0');
    }
    return qb;
  }

  /** Applies the list filters surveys and installations share ({@link ScheduledJobQueryDto}) and `status`. */
  filter<T extends ObjectLiteral>(qb: SelectQueryBuilder<T>, query: ScheduledJobQueryDto & { status?: readonly string[] }): SelectQueryBuilder<T> {
    const { job } = this.kind;
    if (query.status?.length) qb.andWhere(`${job}.status IN (:...statuses)`, { statuses: query.status });
    if (query.leadId) qb.andWhere(`${job}.leadId = :leadId`, { leadId: query.leadId });
    if (query.from) qb.andWhere(`${job}.scheduledDate >= :from`, { from: query.from });
    if (query.to) qb.andWhere(`${job}.scheduledDate <= :to`, { to: query.to });
    if (query.teamId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM ${job}_assignments a_team WHERE a_team.${job}_id = ${job}.id AND a_team.team_id = :teamId AND a_team.status IN (:...teamStatuses))`,
        { teamId: query.teamId, teamStatuses: VISIBLE_ASSIGNMENT_STATUSES },
      );
    }
    return qb;
  }

  private isMember(em: EntityManager, teamId: string, userId: string): Promise<boolean> {
    return em.getRepository(TeamMember).exists({ where: { teamId, userId } });
  }

  private where(jobId: string, rest: FindOptionsWhere<AssignmentRecord>): FindOptionsWhere<AssignmentRecord> {
    return { ...rest, [this.kind.jobColumn]: jobId } as FindOptionsWhere<AssignmentRecord>;
  }
}
