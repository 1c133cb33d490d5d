import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import { type EntityManager, In, Not, type Repository } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import type { Page } from '../common/pagination.js';
import { parseIfMatch, staleVersion } from '../common/versioning.js';
import { AppException, ValidationProblem } from '../common/problem.js';
import { isUniqueViolation, TransactionRunner } from '../database/transactions.js';
import { recordStoredFile, StoredFile } from '../documents/entities/stored-file.entity.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { UploadReceiver } from '../documents/upload/upload-receiver.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { LeadJobSummaries } from '../leads/lead-job-summaries.js';
import { SurveysService } from '../surveys/surveys.service.js';
import type { AssignmentResponseDto, CreateAssignmentDto, UpdateAssignmentDto } from '../teams/assignments/assignment.dto.js';
import { JobAssignments } from '../teams/assignments/job-assignments.js';
import { ScheduledJobs } from '../teams/assignments/scheduled-jobs.js';
import { JobKinds } from '../teams/assignments/job-kinds.js';
import { BookingsService } from '../teams/bookings.service.js';
import { TeamMember } from '../teams/entities/team-member.entity.js';
import { afterSlotCursor, encodeSlotCursor } from '../teams/slot-cursor.js';
import type { CreateInstallationDto, InstallationQueryDto, InstallationTransitionDto, RescheduleInstallationDto, UpdateInstallationDto } from './dto/installation.dto.js';
import { type InstallationResponseDto, toInstallationResponse } from './dto/installation-response.dto.js';
import { ClosurePack } from './entities/closure-pack.entity.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { InstallationReport } from './entities/installation-report.entity.js';
import { Installation } from './entities/installation.entity.js';
import { FINAL_INSTALLATION_STATUSES, type InstallationStatus } from '../teams/assignments/job-statuses.js';
import { checkStoredSignature, ClosurePackError } from './closure-pack/closure-pack-builder.js';
import { SIGNATURE_UPLOAD } from './installation-report.policy.js';
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

function invalidAction(status: InstallationStatus, action: InstallationAction): AppException {
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
  private readonly assignments: JobAssignments;

  constructor(
    @InjectRepository(Installation) private readonly installations: Repository<Installation>,
    private readonly tx: TransactionRunner,
    private readonly timeline: LeadTimeline,
    private readonly leadJobs: LeadJobSummaries,
    private readonly surveys: SurveysService,
    private readonly bookings: BookingsService,
    private readonly receiver: UploadReceiver,
    private readonly storage: FileStorage,
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
   * unanswered primary assignment counts as accepted) and `completed`.
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
          await this.timeline.stepBack(em, actor, installation.lead, { from: 'installation_scheduled', to: 'survey_completed', conflictCode: 'INSTALLATION_CHANGED' }, { installationId: installation.installationId });
          return;
      }
      await this.event(em, actor, installation, `installation_${dto.to}`, { status: to, ...note });
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
   * `PUT /installations/{id}/report` (seed 001 InstallationReport): a member of the primary team
   * reports a `completed` installation, with the customer's signature as the `signature` part (PNG
   * or JPEG, sniffed; required when successful). Successful: the installation moves to
   * `report_submitted`, demoCompleted follows demoGiven, the assignments complete and the lead moves
   * to `installation_completed`. Unsuccessful: the installation stays `completed`, the lead stays in
   * `installation_scheduled`, the issues go on the timeline, and Central Ops may reschedule; the
   * next attempt's report replaces this one (and its signature). A successful report is final
   * (409), except when its stored signature cannot be drawn into the closure pack (a file stored
   * before signatures were decoded at upload, or lost from storage: the pack answers 422 or 500):
   * then a member of the team that did the installation may replace it with a successful report
   * carrying a readable signature; the installation stays `report_submitted`, the lead
   * `installation_completed`, and the pack can be generated. The signature is decoded and stored
   * before the transaction and removed again when the transaction fails.
   * @throws 404; 400 naming the field (signature missing on success, issuesEncountered missing on failure);
   *         403 INSTALLATION_NOT_PRIMARY_TEAM; 409 INSTALLATION_INVALID_TRANSITION, INSTALLATION_LEAD_NOT_READY,
   *         INSTALLATION_ALREADY_SUCCESSFUL (an unsuccessful report to replace an unreadable signature);
   *         413 (signature over the photo limit); 415 (not PNG/JPEG); 422 IMAGE_UNDECODABLE, IMAGE_TOO_LARGE
   *         naming `signature`; 412
   */
  async submitReport(actor: Actor, id: string, req: Request, ifMatch?: string): Promise<InstallationResponseDto> {
    const expected = parseIfMatch(ifMatch, 'installation');
    const unreadableSignatureId = await this.requireReporter(actor, id);
    const { fields: dto, file: signature } = await this.receiver.receiveOptionalFile(req, SIGNATURE_UPLOAD);
    let replacedSignatureKey: string | undefined;
    try {
      if (dto.installationSuccessful && !signature) {
        throw new ValidationProblem([{ field: 'signature', message: 'a successful installation needs the customer signature (PNG or JPEG) in a file part named "signature"' }]);
      }
      const work: InstallationWork<void> = async (em, installation, to) => {
        // The successful report whose signature the closure pack cannot draw, replaced.
        const correcting = installation.status === 'report_submitted';
        if (correcting) await this.requireReportingTeam(em, actor, installation.id);
        else await this.assignments.requirePrimaryMember(em, actor, installation.id);
        if (correcting && !dto.installationSuccessful) {
          throw new AppException(409, 'INSTALLATION_ALREADY_SUCCESSFUL', 'The installation was reported successful; its report may be replaced only by a successful one with a readable signature');
        }
        const leadReady = correcting ? 'installation_completed' : 'installation_scheduled';
        if (dto.installationSuccessful && installation.lead.status !== leadReady) {
          throw new AppException(409, 'INSTALLATION_LEAD_NOT_READY', `The lead is ${installation.lead.status}; a successful report needs it in ${leadReady}`, {
            leadStatus: installation.lead.status,
          });
        }
        const now = new Date();
        let signatureFileId: string | null = null;
        if (signature) {
          const stored = await recordStoredFile(em, signature, actor.userId, now);
          signatureFileId = stored.id;
        }
        const fields = {
          submittedById: actor.userId,
          chargerSerialNumber: dto.chargerSerialNumber,
          chargerModel: dto.chargerModel,
          installationSuccessful: dto.installationSuccessful,
          demoGiven: dto.demoGiven ?? false,
          customerSignatureFileId: signatureFileId,
          issuesEncountered: dto.issuesEncountered ?? '',
          generalNotes: dto.generalNotes ?? '',
          submittedAt: now,
        };
        const reports = em.getRepository(InstallationReport);
        const previous = await reports.findOne({ where: { installationId: installation.id }, relations: { customerSignature: true } });
        const replaced = previous !== null;
        if (previous) {
          await reports.update({ installationId: installation.id }, fields);
          // The failed attempt's signature goes with its report (its file once this commits).
          if (previous.customerSignature) {
            await em.getRepository(StoredFile).delete({ id: previous.customerSignature.id });
            replacedSignatureKey = previous.customerSignature.storageKey;
          }
        } else {
          await reports.insert({ installationId: installation.id, ...fields });
        }
        const summary = { chargerSerialNumber: dto.chargerSerialNumber, chargerModel: dto.chargerModel, demoGiven: fields.demoGiven, signature: signature !== null, replaced };
        if (correcting) {
          await this.advance(em, installation, { demoCompleted: fields.demoGiven });
          await this.event(em, actor, installation, 'installation_report_submitted', { ...summary, installationSuccessful: true });
        } else if (dto.installationSuccessful) {
          await this.advance(em, installation, { status: to, demoCompleted: fields.demoGiven });
          await this.assignments.end(em, installation.id, { primary: 'completed', backup: 'cancelled' });
          await this.event(em, actor, installation, 'installation_report_submitted', { ...summary, installationSuccessful: true });
          await this.timeline.applyTransition(em, actor, installation.lead, 'installation_completed', { data: { installationId: installation.installationId } });
        } else {
          await this.advance(em, installation, {});
          await this.event(em, actor, installation, 'installation_report_unsuccessful', { ...summary, installationSuccessful: false, issuesEncountered: fields.issuesEncountered });
        }
      };
      if (unreadableSignatureId === null) await this.perform(actor, id, 'report', expected, work);
      else {
        // Outside the state table: the table has no `report` after report_submitted, and allowedActions never lists this repair.
        await this.tx.run(async (em) => {
          const installation = await this.findVisible(actor, id, em);
          if (expected !== undefined && installation.version !== expected) throw staleVersion('installation', installation.version);
          const current = await em.getRepository(InstallationReport).findOneBy({ installationId: id });
          // Replaced meanwhile (by a concurrent repair): the report is final again.
          if (installation.status !== 'report_submitted' || current?.customerSignatureFileId !== unreadableSignatureId) throw invalidAction(installation.status, 'report');
          await work(em, installation, installation.status);
        });
      }
    } catch (error) {
      if (signature) await this.storage.delete(signature.key).catch(() => undefined); // else the sweep removes it
      throw error;
    }
    if (replacedSignatureKey) await this.storage.delete(replacedSignatureKey).catch(() => undefined); // else the sweep removes it
    return this.get(actor, id);
  }

  /**
   * Checked before the report's body is read. As {@link requireTeamWork} for `report`; once the
   * installation is `report_submitted`, only to replace a signature the closure pack cannot draw,
   * and only by a member of the team that did the installation.
   * @returns the StoredFile id of the signature the report will replace, or null for an ordinary report
   * @throws 404; 409 INSTALLATION_INVALID_TRANSITION, INSTALLATION_NO_PRIMARY_TEAM; 403 INSTALLATION_NOT_PRIMARY_TEAM
   */
  private async requireReporter(actor: Actor, id: string): Promise<string | null> {
    const installation = await this.findVisible(actor, id);
    if (installation.status !== 'report_submitted') {
      await this.requireTeamWork(actor, id, 'report');
      return null;
    }
    const report = await this.installations.manager.getRepository(InstallationReport).findOne({ where: { installationId: id }, relations: { customerSignature: true } });
    if (!report?.customerSignature || (await this.signatureDrawable(report.customerSignature.storageKey))) throw invalidAction(installation.status, 'report');
    await this.requireReportingTeam(this.installations.manager, actor, id);
    return report.customerSignature.id;
  }

  /** False when the stored signature is missing, too large or does not decode (the closure pack would refuse it). */
  private async signatureDrawable(storageKey: string): Promise<boolean> {
    try {
      await checkStoredSignature(this.storage, storageKey);
      return true;
    } catch (error) {
      if (error instanceof ClosurePackError) return false;
      throw error;
    }
  }

  /**
   * The actor is a member of the team whose primary assignment completed with the successful report.
   * @throws 403 INSTALLATION_NOT_PRIMARY_TEAM
   */
  private async requireReportingTeam(em: EntityManager, actor: Actor, installationId: string): Promise<void> {
    const primary = await em.getRepository(InstallationAssignment).findOne({ where: { installationId, isPrimary: true, status: 'completed' } });
    if (!primary || !(await em.getRepository(TeamMember).exists({ where: { teamId: primary.teamId, userId: actor.userId } }))) {
      throw new AppException(403, 'INSTALLATION_NOT_PRIMARY_TEAM', 'Only a member of the team that did the installation may replace its report');
    }
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
