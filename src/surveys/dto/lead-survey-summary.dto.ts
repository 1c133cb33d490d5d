import { ApiProperty } from '@nestjs/swagger';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { SURVEY_STATUSES, type Survey, type SurveyStatus } from '../entities/survey.entity.js';

/** The lead's latest site survey as the lead answer shows it (also to the lead's OEM): status and date, nothing more. */
export class LeadSurveySummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Human-readable, `SRV-2026-000123`. */
  surveyId!: string;
  @ApiProperty({ enum: SURVEY_STATUSES, enumName: 'SurveyStatus' })
  status!: SurveyStatus;
  /** Calendar date in India. */
  @ApiProperty({ format: 'date' })
  scheduledDate!: string;
  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  scheduledTimeSlot!: TimeSlot;
}

/** Maps a survey (only these columns are needed) to the lead's summary of it. */
export function toLeadSurveySummary(survey: Pick<Survey, 'id' | 'surveyId' | 'status' | 'scheduledDate' | 'scheduledTimeSlot'>): LeadSurveySummaryDto {
  return { id: survey.id, surveyId: survey.surveyId, status: survey.status, scheduledDate: survey.scheduledDate, scheduledTimeSlot: survey.scheduledTimeSlot };
}
