import type { EntityManager } from 'typeorm';
import { latestPerLead } from '../common/persistence/query-templates.js';
import { type LeadSurveySummaryDto, toLeadSurveySummary } from './dto/lead-survey-summary.dto.js';
import { Survey } from './entities/survey.entity.js';

/**
 * The latest survey of each lead in `leadIds`, in one query (so a page of leads costs one extra
 * query, not one per lead). Leads without a survey are absent from the map.
 */
export async function loadLeadSurveySummaries(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, LeadSurveySummaryDto>> {
  const latest = await latestPerLead(em, Survey, 'surveyId', leadIds);
  return new Map([...latest].map(([leadId, survey]) => [leadId, toLeadSurveySummary(survey)]));
}
