import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Not, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { nextSequenceValue } from '../database/id-sequences.js';
import { isUniqueViolation, TransactionRunner } from '../database/transactions.js';
import { LeadsService } from '../leads/leads.service.js';
import { ACTIVE_ASSIGNMENT_STATUSES, VISIBLE_ASSIGNMENT_STATUSES } from '../surveys/entities/survey-assignment.entity.js';
import { SurveysService } from '../surveys/surveys.service.js';
import { BookingsService, type SlotRequest } from '../teams/bookings.service.js';
import { yearInIndia } from '../teams/time-slots.js';
import type { CreateInstallationDto } from './dto/installation.dto.js';
import { type InstallationResponseDto, toInstallationResponse } from './dto/installation-response.dto.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { FINAL_INSTALLATION_STATUSES, Installation } from './entities/installation.entity.js';

/** `INS-2026-000123`: the year in IST and a per-year sequence, six digits (more past 999,999). */
export function formatInstallationId(year: number, sequence: number): string {
  return `INS-${year}-${String(sequence).padStart(6, '0')}`;
}

const installationExists = (surveyId: string) =>
  new AppException(409, 'INSTALLATION_EXISTS', `Survey ${surveyId} already has an installation`, { surveyId });

/**
 * Installations (DESIGN §4 Installation*, §5 installation workflow). Each use case runs in one
 * transaction that also writes the lead's timeline, performs the lead's automatic transition
 * (survey_completed → installation_scheduled) and takes or frees the primary team's booking.
 *
 * Visibility (DESIGN §1): admin and Central Ops see every installation; a field technician only
 * those its teams are assigned to (assigned, accepted or completed); everyone else gets 404.
 */
@Injectable()
export class InstallationsService implements OnModuleInit {
  constructor(
    @InjectRepository(Installation) private readonly installations: Repository<Installation>,
    private readonly tx: TransactionRunner,
    private readonly leads: LeadsService,
    private readonly surveys: SurveysService,
    private readonly bookings: BookingsService,
  ) {}

  /** DESIGN §5: cancelling a lead cancels its open installations and frees their bookings, in the same transaction. */
  onModuleInit(): void {
    this.leads.onLeadCancelled((em, actor, leadId, reason) => this.cancelOpenInstallationsOfLead(em, actor, leadId, reason));
  }

  /**
   * Plans the installation of an approved survey whose lead is in `survey_completed`: allocates
   * `INS-YYYY-NNNNNN` from the per-year counter, books the primary team's slot, assigns the
   * primary (and backup) team, moves the lead to `installation_scheduled` and writes the timeline.
   * One installation per survey: the unique survey reference makes concurrent requests agree.
   * @throws 404 SURVEY_NOT_FOUND; 400 naming primaryTeamId/backupTeamId (unknown team, backup = primary);
   *         409 INSTALLATION_EXISTS, INSTALLATION_SURVEY_NOT_APPROVED, INSTALLATION_LEAD_NOT_READY,
   *         TEAM_INACTIVE, SLOT_IN_PAST, SLOT_TAKEN
   */
  async create(actor: Actor, surveyId: string, dto: CreateInstallationDto): Promise<InstallationResponseDto> {
    if (dto.backupTeamId !== undefined && dto.backupTeamId === dto.primaryTeamId) {
      throw new ValidationProblem([{ field: 'backupTeamId', message: 'backupTeamId must be another team than primaryTeamId' }]);
    }
    const id = await this.tx.run(async (em) => {
      const survey = await this.surveys.findVisible(actor, surveyId, em);
      if (await em.getRepository(Installation).exists({ where: { surveyId: survey.id } })) throw installationExists(survey.surveyId);
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
      const slot: SlotRequest = { teamId: dto.primaryTeamId, date: dto.scheduledDate, timeSlot: dto.scheduledTimeSlot };
      this.bookings.assertNotPast(slot.date, slot.timeSlot);
      await this.bookings.requireActiveTeam(em, dto.primaryTeamId, 'primaryTeamId');
      if (dto.backupTeamId) await this.bookings.requireActiveTeam(em, dto.backupTeamId, 'backupTeamId');

      // As for surveys: on PostgreSQL the counter row stays locked until COMMIT, so creations
      // queue here; the unique survey reference then turns every creation after the first into 409.
      const year = yearInIndia();
      const installationId = formatInstallationId(year, await nextSequenceValue(em, `INS-${year}`));
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
      await this.bookings.takeForInstallation(em, slot, installation.id);
      const assignments = em.getRepository(InstallationAssignment);
      await assignments.insert({ installationId: installation.id, teamId: dto.primaryTeamId, assignedById: actor.userId, isPrimary: true, status: 'assigned', assignedAt: now });
      if (dto.backupTeamId) {
        await assignments.insert({ installationId: installation.id, teamId: dto.backupTeamId, assignedById: actor.userId, isPrimary: false, status: 'assigned', assignedAt: now });
      }
      await this.event(em, actor, installation, 'installation_created', {
        surveyId: survey.surveyId,
        scheduledDate: slot.date,
        scheduledTimeSlot: slot.timeSlot,
        primaryTeamId: dto.primaryTeamId,
        backupTeamId: dto.backupTeamId ?? null,
      });
      await this.leads.applyTransition(em, actor, lead, 'installation_scheduled', { data: { installationId } });
      return installation.id;
    });
    return this.get(actor, id);
  }

  /** @throws 404 INSTALLATION_NOT_FOUND when there is no such installation or the actor may not see it */
  async get(actor: Actor, id: string): Promise<InstallationResponseDto> {
    const installation = await this.findVisible(actor, id);
    const assignments = await this.installations.manager
      .getRepository(InstallationAssignment)
      .find({ where: { installationId: installation.id }, relations: { team: true } });
    return toInstallationResponse(installation, assignments);
  }

  /**
   * Loads an installation (with its lead) the actor may see, scoped in the query.
   * @throws 404 INSTALLATION_NOT_FOUND
   */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Installation> {
    const qb = (em ?? this.installations.manager).getRepository(Installation).createQueryBuilder('installation').innerJoinAndSelect('installation.lead', 'lead');
    const installation = await this.scope(qb, actor).andWhere('installation.id = :id', { id }).getOne();
    if (!installation) throw new NotFoundProblem('Installation', id);
    return installation;
  }

  /** Cancels every open installation of a lead that was just cancelled (the lead-cancel hook): status, reason, booking, assignments, event. */
  private async cancelOpenInstallationsOfLead(em: EntityManager, actor: Actor, leadId: string, reason: string | undefined): Promise<void> {
    const open = await em.getRepository(Installation).find({ where: { leadId, status: Not(In([...FINAL_INSTALLATION_STATUSES])) } });
    const closingReason = `Lead cancelled${reason ? `: ${reason}` : ''}`;
    for (const installation of open) {
      const result = await em
        .createQueryBuilder()
        .update(Installation)
        .set({ status: 'cancelled', closingReason, version: () => 'version + 1', updatedAt: new Date() })
        .where('id = :id AND version = :version', { id: installation.id, version: installation.version })
        .execute();
      if (result.affected !== 1) throw new AppException(409, 'INSTALLATION_CHANGED', 'The installation changed while this request ran; reload it and retry');
      await this.bookings.freeInstallation(em, installation.id);
      await em.getRepository(InstallationAssignment).update({ installationId: installation.id, status: In([...ACTIVE_ASSIGNMENT_STATUSES]) }, { status: 'cancelled' });
      await this.event(em, actor, installation, 'installation_cancelled', { reason: closingReason });
    }
  }

  private async event(em: EntityManager, actor: Actor, installation: Installation, type: string, data: Record<string, unknown>): Promise<void> {
    await this.leads.recordEvent(em, actor, installation.leadId, {
      type,
      data: { installationId: installation.installationId, installationUuid: installation.id, ...data },
    });
  }

  /** Admin and Central Ops: every installation; a field technician: those its teams are (or were, if completed) assigned to. */
  private scope(qb: SelectQueryBuilder<Installation>, actor: Actor): SelectQueryBuilder<Installation> {
    if (actor.role === 'field_technician') {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM installation_assignments ia_scope INNER JOIN team_members tm_scope ON tm_scope.team_id = ia_scope.team_id
          WHERE ia_scope.installation_id = installation.id AND tm_scope.user_id = :scopeUserId AND ia_scope.status IN (:...scopeStatuses))`,
        { scopeUserId: actor.userId, scopeStatuses: VISIBLE_ASSIGNMENT_STATUSES },
      );
    } else if (actor.role !== 'admin' && actor.role !== 'central_ops') {
      qb.andWhere('1 = 0');
    }
    return qb;
  }
}
