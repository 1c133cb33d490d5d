import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { type Page } from '../common/pagination.js';
import { AppException } from '../common/problem.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { LeadJobSummaries } from '../leads/lead-job-summaries.service.js';
import { LeadsRepository } from '../leads/leads.repository.js';
import { JobKinds } from '../teams/assignments/job-kinds.service.js';
import { BookingsService } from '../teams/bookings.service.js';
import { afterSlotCursor, encodeSlotCursor } from '../teams/slot-cursor.js';
import type { AssignmentResponseDto, CreateAssignmentDto, UpdateAssignmentDto } from '../teams/assignments/assignment.dto.js';
import { type AssignmentEnding, JobAssignments } from '../teams/assignments/job-assignments.js';
import { isTechnicianRetryRefusal, ScheduledJobs } from '../teams/assignments/scheduled-jobs.js';
import type { ApproveSurveyDto, CreateSurveyDto, RescheduleSurveyDto, SurveyQueryDto, SurveyReasonDto } from './dto/survey.dto.js';
import type { SurveyReportDto } from './dto/survey-report.dto.js';
import { type SurveyResponseDto, toSurveyResponse } from './dto/survey-response.dto.js';
import { SurveyAssignment } from './entities/survey-assignment.entity.js';
import { SurveyReport } from './entities/survey-report.entity.js';
import { Survey } from './entities/survey.entity.js';
import { FINAL_SURVEY_STATUSES, type SurveyStatus } from '../teams/assignments/job-statuses.js';
import { leadSurveySummaryProvider } from './lead-survey-summaries.js';
import { allowedSurveyActions, type SurveyAction, SURVEY_TRANSITIONS } from './survey-state-machine.js';

function invalidAction(status: SurveyStatus, action: SurveyAction): AppException {
  const allowed = allowedSurveyActions(status);
  return new AppException(409, 'SURVEY_INVALID_TRANSITION', `A ${status} survey does not allow ${action}; allowed: ${allowed.join(', ') || 'none'}`, {
    surveyStatus: status,
    action,
    allowedActions: allowed,
  });
}

/**
 * Site surveys (DESIGN §4 Survey*, §5 survey workflow and assignments). Each use case runs in one
 * transaction that also writes the lead's timeline events, performs the lead's automatic
 * transition (documents_received ⇄ survey_scheduled → survey_completed) and takes, moves or frees
 * the primary team's booking. Every change to a survey is a compare-and-set on its version, so
 * of two concurrent actions on one survey exactly one wins (the other answers 409 SURVEY_CHANGED).
 *
 * Visibility (DESIGN §1): admin and Central Ops see every survey; a field technician only those
 * its teams are assigned to (assigned, accepted or completed), and gets 404 for the rest.
 */
@Injectable()
export class SurveysService implements OnModuleInit {
  private readonly jobs: ScheduledJobs<Survey, SurveyStatus, SurveyAction>;
  private readonly assignments: JobAssignments;

  constructor(
    @InjectRepository(Survey) private readonly surveys: Repository<Survey>,
    private readonly tx: TransactionRunner,
    private readonly leads: LeadsRepository,
    private readonly timeline: LeadTimeline,
    private readonly leadJobs: LeadJobSummaries,
    private readonly bookings: BookingsService,
    private readonly kinds: JobKinds,
  ) {
    this.jobs = new ScheduledJobs<Survey, SurveyStatus, SurveyAction>(
      {
        assignment: {
          job: 'survey',
          entity: SurveyAssignment,
          jobColumn: 'surveyId',
          takeBooking: (em, slot, jobId) => bookings.takeForSurvey(em, slot, jobId),
          moveBooking: (em, jobId, slot) => bookings.moveSurvey(em, jobId, slot),
          freeBooking: (em, jobId) => bookings.freeSurvey(em, jobId),
        },
        entity: Survey,
        label: 'Survey',
        idProperty: 'surveyId',
        idPrefix: 'SRV',
        finalStatuses: FINAL_SURVEY_STATUSES,
        transitions: SURVEY_TRANSITIONS,
        invalidAction,
      },
      { repository: surveys, tx, bookings, timeline },
    );
    this.assignments = this.jobs.assignments;
  }

  /**
   * DESIGN §5: cancelling a lead cancels its open surveys and frees their bookings, in the same
   * transaction; the lead answer shows its latest survey; teams' schedule and deactivation check see surveys.
   */
  onModuleInit(): void {
    this.leadJobs.register(leadSurveySummaryProvider);
    this.jobs.register(this.kinds, (em, actor, survey, reason) => this.close(em, actor, survey, 'cancelled', reason, { primary: 'cancelled', backup: 'cancelled' }, 'survey_cancelled'));
  }

  /**
   * Schedules a survey for a lead in `documents_received`: books the primary team's slot, assigns
   * the primary (and backup) team, moves the lead to `survey_scheduled` and writes the timeline.
   * @throws 404 LEAD_NOT_FOUND; 400 naming primaryTeamId/backupTeamId (unknown team, backup = primary);
   *         409 SURVEY_LEAD_NOT_READY, TEAM_INACTIVE, SLOT_IN_PAST, SLOT_TAKEN
   */
  async create(actor: Actor, leadId: string, dto: CreateSurveyDto): Promise<SurveyResponseDto> {
    this.jobs.checkStaffing(dto);
    const id = await this.tx.run(async (em) => {
      const lead = await this.leads.findVisible(actor, leadId, em);
      if (lead.status !== 'documents_received') {
        throw new AppException(409, 'SURVEY_LEAD_NOT_READY', `A survey is scheduled for a lead in documents_received; this lead is ${lead.status}`, {
          leadStatus: lead.status,
        });
      }
      const { slot, humanId: surveyId } = await this.jobs.prepare(em, dto);
      const now = new Date();
      const repo = em.getRepository(Survey);
      const survey = await repo.save(
        repo.create({
          surveyId,
          leadId,
          scheduledDate: slot.date,
          scheduledTimeSlot: slot.timeSlot,
          status: 'scheduled',
          closingReason: null,
          createdById: actor.userId,
          createdAt: now,
          updatedAt: now,
        }),
      );
      await this.jobs.staff(em, actor, survey.id, slot, dto, now);
      await this.event(em, actor, survey, 'survey_created', {
        scheduledDate: slot.date,
        scheduledTimeSlot: slot.timeSlot,
        primaryTeamId: dto.primaryTeamId,
        backupTeamId: dto.backupTeamId ?? null,
      });
      await this.timeline.applyTransition(em, actor, lead, 'survey_scheduled', { data: { surveyId } });
      return survey.id;
    });
    return this.get(actor, id);
  }

  /** Keyset-paged by scheduled date and slot (earliest first); technicians see only their teams' jobs. */
  async list(actor: Actor, query: SurveyQueryDto): Promise<Page<SurveyResponseDto>> {
    const qb = this.assignments.scope(this.surveys.createQueryBuilder('survey').innerJoinAndSelect('survey.lead', 'lead'), actor);
    this.assignments.filter(qb, query);
    const total = query.withTotal ? await qb.getCount() : undefined;
    if (query.cursor) {
      const after = afterSlotCursor('survey', query.cursor);
      qb.andWhere(after.sql, after.params);
    }
    // One row per survey (the lead join is many-to-one), so LIMIT pages correctly.
    const rows = await qb.orderBy('survey.scheduledDate', 'ASC').addOrderBy('survey.scheduledTimeSlot', 'ASC').addOrderBy('survey.id', 'ASC').limit(query.limit + 1).getMany();
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit);
    const responses = await this.toResponses(this.surveys.manager, data);
    const last = data[data.length - 1];
    return {
      data: responses,
      nextCursor: more ? encodeSlotCursor(last) : null,
      ...(total !== undefined && { total }),
    };
  }

  /** @throws 404 SURVEY_NOT_FOUND when there is no such survey or the actor may not see it */
  async get(actor: Actor, id: string): Promise<SurveyResponseDto> {
    const survey = await this.findVisible(actor, id);
    return (await this.toResponses(this.surveys.manager, [survey]))[0];
  }

  /**
   * A member of the primary team starts the survey (scheduled or rescheduled → in_progress); a
   * still unanswered primary assignment counts as accepted. Sent again once the survey is in
   * progress (by any member of its primary team), it answers the survey as it is.
   * @throws 404; 403 SURVEY_NOT_PRIMARY_TEAM; 409 SURVEY_INVALID_TRANSITION, SURVEY_NO_PRIMARY_TEAM; 412
   */
  async start(actor: Actor, id: string, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.perform(actor, id, 'start', ifMatch, async (em, survey, to) => {
      const primary = await this.assignments.requirePrimaryMember(em, actor, survey.id);
      await this.advance(em, survey, { status: to });
      if (primary.status === 'assigned') await this.assignments.respond(em, actor, primary.id, 'accepted');
      await this.event(em, actor, survey, 'survey_started', { teamId: primary.teamId });
    }).catch(async (error: unknown) => {
      // Started already (a phone's retry after its answer was lost): the survey as it is.
      if (!(await this.jobs.isDoneStep(error, actor, id, 'in_progress'))) throw error;
    });
    return this.get(actor, id);
  }

  /**
   * Moves the survey to a new date and slot (→ rescheduled); the primary team's booking moves with
   * it in the same UPDATE, so the survey never holds two slots nor loses its old one on failure.
   * @throws 404; 409 SURVEY_INVALID_TRANSITION, SURVEY_SLOT_UNCHANGED, SLOT_IN_PAST, SLOT_TAKEN, TEAM_INACTIVE; 412
   */
  async reschedule(actor: Actor, id: string, dto: RescheduleSurveyDto, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.perform(actor, id, 'reschedule', ifMatch, async (em, survey, to) => {
      if (dto.scheduledDate === survey.scheduledDate && dto.scheduledTimeSlot === survey.scheduledTimeSlot) {
        throw new AppException(409, 'SURVEY_SLOT_UNCHANGED', `The survey is already scheduled on ${dto.scheduledDate} ${dto.scheduledTimeSlot}`);
      }
      this.bookings.assertNotPast(dto.scheduledDate, dto.scheduledTimeSlot);
      const from = { date: survey.scheduledDate, timeSlot: survey.scheduledTimeSlot };
      await this.advance(em, survey, { status: to, scheduledDate: dto.scheduledDate, scheduledTimeSlot: dto.scheduledTimeSlot });
      const primary = (await this.assignments.active(em, survey.id)).find((a) => a.isPrimary);
      if (primary) await this.assignments.holdSlot(em, survey, primary.teamId);
      await this.event(em, actor, survey, 'survey_rescheduled', {
        from,
        to: { date: dto.scheduledDate, timeSlot: dto.scheduledTimeSlot },
        ...(dto.reason && { reason: dto.reason }),
      });
    });
    return this.get(actor, id);
  }

  /**
   * A member of the primary team submits the report (in_progress → submitted), or replaces it
   * while the survey awaits review. The same report sent again (a phone that lost the answer)
   * changes nothing and answers the survey as it is, whatever its If-Match, approved or not.
   * @throws 404; 400 naming each bad field; 403 SURVEY_NOT_PRIMARY_TEAM; 409 SURVEY_INVALID_TRANSITION; 412
   */
  async submitReport(actor: Actor, id: string, dto: SurveyReportDto, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.perform(actor, id, 'report', ifMatch, async (em, survey, to) => {
      await this.assignments.requirePrimaryMember(em, actor, survey.id);
      const replaced = survey.status === 'submitted';
      if (replaced && isSameSurveyReport(await em.getRepository(SurveyReport).findOne({ where: { surveyId: survey.id } }), dto)) return;
      await this.advance(em, survey, { status: to });
      const fields = {
        submittedById: actor.userId,
        parkingType: dto.parkingType,
        supplyPhase: dto.supplyPhase,
        sanctionedLoadKw: dto.sanctionedLoadKw,
        earthingAvailable: dto.earthingAvailable,
        meterToChargerDistanceM: dto.meterToChargerDistanceM,
        cableLengthM: dto.cableLengthM,
        civilWorkRequired: dto.civilWorkRequired,
        recommendedChargerModel: dto.recommendedChargerModel,
        feasible: dto.feasible,
        notes: dto.notes ?? '',
        submittedAt: new Date(),
      };
      const reports = em.getRepository(SurveyReport);
      if (replaced) await reports.update({ surveyId: survey.id }, fields);
      else await reports.insert({ surveyId: survey.id, ...fields });
      await this.event(em, actor, survey, 'survey_report_submitted', { feasible: dto.feasible, replaced });
    }).catch(async (error: unknown) => {
      // Sent again once the survey moved on (412 for the version the first attempt moved, 409 once approved).
      if (!(await this.isOwnReport(error, actor, id, dto))) throw error;
    });
    return this.get(actor, id);
  }

  /** Whether a report that failed with 409 or 412 is the one `actor` already submitted, field for field. */
  private async isOwnReport(error: unknown, actor: Actor, id: string, dto: SurveyReportDto): Promise<boolean> {
    if (!isTechnicianRetryRefusal(error, actor)) return false;
    const survey = await this.findVisible(actor, id);
    const stored = await this.surveys.manager.getRepository(SurveyReport).findOne({ where: { surveyId: survey.id } });
    return stored?.submittedById === actor.userId && isSameSurveyReport(stored, dto);
  }

  /**
   * Central Ops approves a submitted survey (which therefore has a report): the lead moves to
   * `survey_completed`; the primary assignment is completed, a backup released.
   * @throws 404; 409 SURVEY_INVALID_TRANSITION, SURVEY_LEAD_NOT_READY (e.g. the lead is on hold); 412
   */
  async approve(actor: Actor, id: string, dto: ApproveSurveyDto, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.perform(actor, id, 'approve', ifMatch, async (em, survey, to) => {
      if (survey.lead.status !== 'survey_scheduled') {
        throw new AppException(409, 'SURVEY_LEAD_NOT_READY', `The lead is ${survey.lead.status}; approving needs it in survey_scheduled`, {
          leadStatus: survey.lead.status,
        });
      }
      const report = await em.getRepository(SurveyReport).exists({ where: { surveyId: survey.id } });
      if (!report) throw new AppException(409, 'SURVEY_REPORT_MISSING', 'The survey has no report to approve');
      await this.advance(em, survey, { status: to });
      await this.assignments.end(em, survey.id, { primary: 'completed', backup: 'cancelled' });
      await this.event(em, actor, survey, 'survey_approved', dto.notes ? { notes: dto.notes } : {});
      await this.timeline.applyTransition(em, actor, survey.lead, 'survey_completed', { data: { surveyId: survey.surveyId } });
    });
    return this.get(actor, id);
  }

  /**
   * Central Ops rejects a submitted survey: the booking is freed, the lead returns to
   * `documents_received` (so a new survey can be scheduled).
   * @throws 404; 409 SURVEY_INVALID_TRANSITION; 412
   */
  async reject(actor: Actor, id: string, dto: SurveyReasonDto, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.perform(actor, id, 'reject', ifMatch, async (em, survey, to) => {
      await this.close(em, actor, survey, to, dto.reason, { primary: 'completed', backup: 'cancelled' }, 'survey_rejected');
      await this.returnLead(em, actor, survey);
    });
    return this.get(actor, id);
  }

  /**
   * Central Ops cancels an open survey: the booking is freed, active assignments cancelled, the
   * lead returns to `documents_received`.
   * @throws 404; 409 SURVEY_INVALID_TRANSITION; 412
   */
  async cancel(actor: Actor, id: string, dto: SurveyReasonDto, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.perform(actor, id, 'cancel', ifMatch, async (em, survey, to) => {
      await this.close(em, actor, survey, to, dto.reason, { primary: 'cancelled', backup: 'cancelled' }, 'survey_cancelled');
      await this.returnLead(em, actor, survey);
    });
    return this.get(actor, id);
  }

  /**
   * Central Ops makes a team the primary or the backup before the work starts. The active
   * assignment of that kind is replaced (cancelled); naming the current backup as primary promotes
   * it. A new primary takes over the booking (moved in one UPDATE, or taken when none is held).
   * @throws 404; 400 naming teamId; 409 SURVEY_INVALID_TRANSITION, ASSIGNMENT_UNCHANGED,
   *         ASSIGNMENT_TEAM_CONFLICT, TEAM_INACTIVE, SLOT_TAKEN; 412
   */
  async assign(actor: Actor, id: string, dto: CreateAssignmentDto, ifMatch?: string): Promise<SurveyResponseDto> {
    await this.jobs.assign(actor, id, dto, 'assign', ifMatch);
    return this.get(actor, id);
  }

  /**
   * A member of the assigned team accepts or declines (field technicians), or Central Ops cancels
   * an assignment. When the primary leaves (declined or cancelled) and a backup is active, the
   * backup becomes the primary and the booking moves to it atomically; with no backup the slot is freed.
   * @throws 404 SURVEY_NOT_FOUND, SURVEY_ASSIGNMENT_NOT_FOUND; 403 ASSIGNMENT_STATUS_FORBIDDEN (a status the role may not set),
   *         ASSIGNMENT_NOT_YOUR_TEAM; 409 SURVEY_INVALID_TRANSITION, ASSIGNMENT_INVALID_TRANSITION,
   *         TEAM_INACTIVE / SLOT_TAKEN (the backup cannot take the slot); 412
   */
  updateAssignment(actor: Actor, id: string, assignmentId: string, dto: UpdateAssignmentDto, ifMatch?: string): Promise<AssignmentResponseDto> {
    return this.jobs.updateAssignment(actor, id, assignmentId, dto, 'assign', ifMatch);
  }

  /**
   * For work on a survey that keeps its status (adding media): the survey must be visible, allow
   * `action` now, and the actor must be a member of its primary team. With `em` (inside the
   * work's transaction) the survey row is read FOR SHARE on PostgreSQL, so a concurrent status
   * change (approve, cancel) waits for the work to commit, or the work sees the new status.
   * @throws 404 SURVEY_NOT_FOUND; 409 SURVEY_INVALID_TRANSITION, SURVEY_NO_PRIMARY_TEAM; 403 SURVEY_NOT_PRIMARY_TEAM
   */
  requirePrimaryWork(actor: Actor, id: string, action: SurveyAction, em?: EntityManager): Promise<Survey> {
    return this.jobs.requirePrimaryWork(actor, id, action, em);
  }

  /**
   * Loads a survey (with its lead) the actor may see, scoped in the query.
   * @throws 404 SURVEY_NOT_FOUND
   */
  findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Survey> {
    return this.jobs.findVisible(actor, id, em);
  }

  /** Closes a survey as rejected or cancelled: status and reason, booking freed, assignments ended, event. */
  private async close(em: EntityManager, actor: Actor, survey: Survey, to: SurveyStatus, reason: string, ending: AssignmentEnding, type: string): Promise<void> {
    await this.advance(em, survey, { status: to, closingReason: reason });
    await this.bookings.freeSurvey(em, survey.id);
    await this.assignments.end(em, survey.id, ending);
    await this.event(em, actor, survey, type, { reason });
  }

  /**
   * Returns the lead to `documents_received` after a rejected or cancelled survey (DESIGN §5). A
   * lead on hold keeps its hold but will resume to `documents_received`.
   */
  private returnLead(em: EntityManager, actor: Actor, survey: Survey): Promise<void> {
    return this.timeline.automaticStep(em, actor, survey.lead, { from: 'survey_scheduled', to: 'documents_received', conflictCode: 'SURVEY_CHANGED' }, { surveyId: survey.surveyId });
  }

  /** Compare-and-set on the survey's version (see {@link ScheduledJobs.advance}). @throws 409 SURVEY_CHANGED */
  private advance(em: EntityManager, survey: Survey, set: Partial<Pick<Survey, 'status' | 'scheduledDate' | 'scheduledTimeSlot' | 'closingReason'>>): Promise<void> {
    return this.jobs.advance(em, survey, set);
  }

  private event(em: EntityManager, actor: Actor, survey: Survey, type: string, data: Record<string, unknown>): Promise<void> {
    return this.jobs.event(em, actor, survey, type, data);
  }

  /** Responses for `surveys` (leads loaded): their assignments and reports in two queries. */
  private async toResponses(em: EntityManager, surveys: Survey[]): Promise<SurveyResponseDto[]> {
    if (!surveys.length) return [];
    const ids = surveys.map((s) => s.id);
    const [assignments, reports] = await Promise.all([
      em.getRepository(SurveyAssignment).find({ where: { surveyId: In(ids) }, relations: { team: true } }),
      em.getRepository(SurveyReport).find({ where: { surveyId: In(ids) } }),
    ]);
    return surveys.map((s) =>
      toSurveyResponse(
        s,
        assignments.filter((a) => a.surveyId === s.id),
        reports.find((r) => r.surveyId === s.id) ?? null,
      ),
    );
  }
}

/** Whether `stored` holds exactly the report `dto` sends (seed 001's fields; `notes` blank when absent). */
function isSameSurveyReport(stored: SurveyReport | null, dto: SurveyReportDto): boolean {
  return (
    stored !== null &&
    stored.parkingType === dto.parkingType &&
    stored.supplyPhase === dto.supplyPhase &&
    stored.sanctionedLoadKw === dto.sanctionedLoadKw &&
    stored.earthingAvailable === dto.earthingAvailable &&
    stored.meterToChargerDistanceM === dto.meterToChargerDistanceM &&
    stored.cableLengthM === dto.cableLengthM &&
    stored.civilWorkRequired === dto.civilWorkRequired &&
    stored.recommendedChargerModel === dto.recommendedChargerModel &&
    stored.feasible === dto.feasible &&
    stored.notes === (dto.notes ?? '')
  );
}
