import type { EntityManager } from 'typeorm';
import { latestPerLead } from '../common/persistence/query-templates.js';
import type { LeadJobView, LeadSurveySummaryDto } from '../leads/dto/lead-job-summary.dto.js';
import type { LeadJobSummaryProvider } from '../leads/lead-job-summaries.service.js';
import { Survey } from './entities/survey.entity.js';

/** Maps a survey (only these columns are needed) to the lead's summary of it. */
export function toLeadSurveySummary(survey: Pick<Survey, 'id' | 'surveyId' | 'status' | 'scheduledDate' | 'scheduledTimeSlot'>): LeadSurveySummaryDto {
  return { id: survey.id, surveyId: survey.surveyId, status: survey.status, scheduledDate: survey.scheduledDate, scheduledTimeSlot: survey.scheduledTimeSlot };
}

/**
 * The latest survey of each lead in `leadIds`, in one query (so a page of leads costs one extra
 * query, not one per lead). Leads without a survey are absent from the map.
 */
export function loadLeadSurveySummaries(em: EntityManager, leadIds: readonly string[]): Promise<Map<string, Pick<LeadJobView, 'survey'>>> {
  // then(), not an async layer: on every lead read (query-templates.ts `promised`).
  return latestPerLead(em, Survey, 'surveyId', leadIds).then((latest) => new Map([...latest].map(([leadId, survey]) => [leadId, { survey: toLeadSurveySummary(survey) }])));
}

/** What surveys register with leads' LeadJobSummaries: the `survey` of each lead answer. */
export const leadSurveySummaryProvider: LeadJobSummaryProvider = { load: loadLeadSurveySummaries };
