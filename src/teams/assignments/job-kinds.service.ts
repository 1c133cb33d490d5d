import { Injectable } from '@nestjs/common';
import type { EntityManager, ObjectLiteral } from 'typeorm';
import type { BookedInstallationDto, BookedSurveyDto } from '../dto/schedule.dto.js';
import { ACTIVE_ASSIGNMENT_STATUSES } from './assignment-statuses.js';

/** A kind of scheduled job: `survey` or `installation`. */
export type JobKindName = 'survey' | 'installation';

/**
 * What teams needs to know of a kind of job, registered by its module on init (issue #12), so
 * that teams/ loops over the kinds instead of importing their entities. Each job has a lead
 * (relation `lead`), a human id (`surveyId`, `installationId`), a status and a booking column.
 */
export interface JobKind {
  kind: JobKindName;
  /** The job entity (Survey, Installation). */
  job: new () => ObjectLiteral;
  /** The job's assignment entity (SurveyAssignment, InstallationAssignment). */
  assignment: new () => ObjectLiteral;
  /** The human-readable id, also the booking's and the assignment's property naming the job. */
  idProperty: 'surveyId' | 'installationId';
  /** Statuses nothing leaves: a job in one holds its teams no longer. */
  finalStatuses: readonly string[];
}

/** A booked job as the schedule shows it. */
export type BookedJob = BookedSurveyDto | BookedInstallationDto;

/**
 * The registry of job kinds (DESIGN §3: the higher module registers with the lower one). Surveys
 * and installations register theirs on module init; the schedule and the team deactivation check
 * loop over them.
 */
@Injectable()
export class JobKinds {
  private readonly kinds: JobKind[] = [];

  register(kind: JobKind): void {
    this.kinds.push(kind);
  }

  /** The registered kinds, in registration order. */
  all(): readonly JobKind[] {
    return this.kinds;
  }

  /** Active assignments of the team on jobs of any kind that are not final. */
  async openAssignments(em: EntityManager, teamId: string): Promise<number> {
    let open = 0;
    for (const kind of this.kinds) {
      open += await em
        .getRepository(kind.assignment)
        .createQueryBuilder('a')
        .innerJoin(kind.job, 'j', `j.id = a.${kind.kind}_id`)
        .where('a.teamId = :teamId AND a.status IN (:...active) AND j.status NOT IN (:...final)', { teamId, active: ACTIVE_ASSIGNMENT_STATUSES, final: kind.finalStatuses })
        .getCount();
    }
    return open;
  }

  /**
   * The jobs holding the given bookings, keyed by job id, with what a dispatcher needs to
   * recognise them (their lead's customer, city and pincode): one query per kind booked.
   */
  async booked(em: EntityManager, jobIds: { kind: JobKindName; id: string }[]): Promise<Map<string, BookedJob>> {
    const found = new Map<string, BookedJob>();
    for (const kind of this.kinds) {
      const ids = jobIds.filter((j) => j.kind === kind.kind).map((j) => j.id);
      if (!ids.length) continue;
      const rows = await em
        .getRepository(kind.job)
        .createQueryBuilder('j')
        .innerJoin('j.lead', 'l')
        .select('j.id', 'id')
        .addSelect(`j.${kind.idProperty}`, 'humanId')
        .addSelect('j.status', 'status')
        .addSelect('j.leadId', 'leadId')
        .addSelect('l.customerName', 'customerName')
        .addSelect('l.city', 'city')
        .addSelect('l.pincode', 'pincode')
        .where('j.id IN (:...ids)', { ids })
        .getRawMany<{ id: string; humanId: string; status: string; leadId: string; customerName: string; city: string; pincode: string }>();
      for (const row of rows) {
        const { id, humanId, status, leadId, customerName, city, pincode } = row;
        found.set(id, { id, [kind.idProperty]: humanId, status, leadId, customerName, city, pincode } as unknown as BookedJob);
      }
    }
    return found;
  }
}
