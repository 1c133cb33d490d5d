import type { EntityManager } from 'typeorm';
import { type LeadSurveySummaryDto, toLeadSurveySummary } from './dto/lead-survey-summary.dto.js';
import { Survey } from './entities/survey.entity.js';

/**
 * The latest survey of each lead in `leadIds`, in one query (so a page of leads costs one extra
 * query, not one per lead). Leads without a survey are absent from the map.
 */
export async function loadLeadSurveySummaries(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, LeadSurveySummaryDto>> {
  const summaries = new Map<string, LeadSurveySummaryDto>();
  if (!leadIds.length) return summaries;
  const rows = await em
    .getRepository(Survey)
    .createQueryBuilder('s')
    .select(['s.id', 's.surveyId', 's.leadId', 's.status', 's.scheduledDate', 's.scheduledTimeSlot', 's.createdAt'])
    .where('s.leadId IN (:...leadIds)', { leadIds })
    .orderBy('s.createdAt', 'DESC')
    .addOrderBy('s.surveyId', 'DESC')
    .getMany();
  for (const row of rows) if (!summaries.has(row.leadId)) summaries.set(row.leadId, toLeadSurveySummary(row));
  return summaries;
}
