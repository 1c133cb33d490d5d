import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AppException, ValidationProblem } from '../common/problem.js';
import { isServerDatabase } from '../common/persistence/dialect.js';
import { isUniqueViolation } from '../common/persistence/transaction-runner.service.js';
import { TeamBooking } from './entities/team-booking.entity.js';
import { Team } from './entities/team.entity.js';
import { isSlotInPast, type TimeSlot } from './time-slots.js';

/** A (team, date, slot) a job wants. */
export interface SlotRequest {
  teamId: string;
  /** `YYYY-MM-DD`, a calendar date in India. */
  date: string;
  timeSlot: TimeSlot;
}

const slotTaken = (slot: SlotRequest) =>
  new AppException(409, 'SLOT_TAKEN', `Team ${slot.teamId} is already booked on ${slot.date} ${slot.timeSlot}`, { ...slot });

/**
 * The slot calendar (DESIGN §4 TeamBooking). Every method takes the caller's transaction: a slot
 * is taken, moved or freed together with the change that needs it, and the unique index on
 * (team, date, timeSlot) settles races (the loser gets 409 SLOT_TAKEN and its transaction rolls back).
 */
@Injectable()
export class BookingsService {
  /**
   * Loads a team that may take a new booking. On PostgreSQL and MariaDB the row is read `FOR SHARE`, so a
   * concurrent deactivation waits for this transaction (and then sees the booking).
   * @throws 400 naming `field` when there is no such team; 409 TEAM_INACTIVE
   */
  async requireActiveTeam(em: EntityManager, teamId: string, field: string): Promise<Team> {
    const qb = em.getRepository(Team).createQueryBuilder('t').where('t.id = :teamId', { teamId });
    if (isServerDatabase(em)) qb.setLock('pessimistic_read');
    const team = await qb.getOne();
    if (!team) throw new ValidationProblem([{ field, message: `${field} must be an existing team` }]);
    if (!team.isActive) throw new AppException(409, 'TEAM_INACTIVE', `Team ${team.name} is inactive and takes no new bookings`, { teamId });
    return team;
  }

  /** @throws 409 SLOT_IN_PAST when the slot has started already (judged in IST) */
  assertNotPast(date: string, timeSlot: TimeSlot, now = new Date()): void {
    if (isSlotInPast(date, timeSlot, now)) {
      throw new AppException(409, 'SLOT_IN_PAST', `The slot ${date} ${timeSlot} (IST) has already started`, { date, timeSlot });
    }
  }

  /**
   * Books `slot` for the survey `surveyId` (which holds no booking yet).
   * @throws 409 SLOT_TAKEN when the team already has a job in that slot
   */
  takeForSurvey(em: EntityManager, slot: SlotRequest, surveyId: string): Promise<void> {
    return this.take(em, slot, { surveyId });
  }

  /**
   * Books `slot` for the installation `installationId` (which holds no booking yet).
   * @throws 409 SLOT_TAKEN when the team already has a job in that slot
   */
  takeForInstallation(em: EntityManager, slot: SlotRequest, installationId: string): Promise<void> {
    return this.take(em, slot, { installationId });
  }

  /**
   * Moves the survey's booking to `slot` in one UPDATE (another team, date or slot), so the job
   * never holds two slots nor none.
   * @returns false when the survey holds no booking (nothing moved)
   * @throws 409 SLOT_TAKEN when the target slot is taken
   */
  moveSurvey(em: EntityManager, surveyId: string, slot: SlotRequest): Promise<boolean> {
    return this.move(em, slot, 'survey_id', surveyId);
  }

  /**
   * Moves the installation's booking to `slot` in one UPDATE, as {@link moveSurvey}.
   * @returns false when the installation holds no booking (nothing moved)
   * @throws 409 SLOT_TAKEN when the target slot is taken
   */
  moveInstallation(em: EntityManager, installationId: string, slot: SlotRequest): Promise<boolean> {
    return this.move(em, slot, 'installation_id', installationId);
  }

  /** Frees whatever slot the survey holds (none is fine). */
  async freeSurvey(em: EntityManager, surveyId: string): Promise<void> {
    await em.getRepository(TeamBooking).delete({ surveyId });
  }

  /** Frees whatever slot the installation holds (none is fine). */
  async freeInstallation(em: EntityManager, installationId: string): Promise<void> {
    await em.getRepository(TeamBooking).delete({ installationId });
  }

  private async move(em: EntityManager, slot: SlotRequest, column: 'survey_id' | 'installation_id', jobId: string): Promise<boolean> {
    try {
      const result = await em
        .createQueryBuilder()
        .update(TeamBooking)
        .set({ teamId: slot.teamId, date: slot.date, timeSlot: slot.timeSlot })
        .where(`${column} = :jobId`, { jobId })
        .execute();
      return (result.affected ?? 0) > 0;
    } catch (error) {
      if (isUniqueViolation(error)) throw slotTaken(slot);
      throw error;
    }
  }

  private async take(em: EntityManager, slot: SlotRequest, job: { surveyId: string } | { installationId: string }): Promise<void> {
    try {
      await em.getRepository(TeamBooking).insert({ ...slot, ...job, createdAt: new Date() });
    } catch (error) {
      if (isUniqueViolation(error)) throw slotTaken(slot);
      throw error;
    }
  }
}
