import { ApiProperty } from '@nestjs/swagger';
import type { Lead } from '../../leads/entities/lead.entity.js';
import { AssignmentResponseDto, summarizeAssignments } from '../../teams/assignments/assignment.dto.js';
import { TeamSummaryDto } from '../../teams/dto/team-response.dto.js';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import type { SurveyAssignment } from '../entities/survey-assignment.entity.js';
import type { SurveyReport } from '../entities/survey-report.entity.js';
import { type Survey } from '../entities/survey.entity.js';
import { SURVEY_STATUSES, type SurveyStatus } from '../../teams/assignments/job-statuses.js';
import { allowedSurveyActions, SURVEY_ACTIONS, type SurveyAction } from '../survey-state-machine.js';
import { SurveyReportResponseDto, toSurveyReportResponse } from './survey-report.dto.js';

/** The lead as a field team needs it: who to meet, how to call them, where to go. */
export class SurveyLeadDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  customerName!: string;
  /** E.164. */
  customerPhone!: string;
  @ApiProperty({ type: String, nullable: true })
  customerEmail!: string | null;
  addressLine1!: string;
  addressLine2!: string;
  city!: string;
  state!: string;
  pincode!: string;
  @ApiProperty({ type: Number, nullable: true })
  latitude!: number | null;
  @ApiProperty({ type: Number, nullable: true })
  longitude!: number | null;
  @ApiProperty({ type: String, nullable: true })
  chargerModel!: string | null;
}

/** A survey with its lead's contact and address, its teams, assignments, report and allowed actions. */
export class SurveyResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Human-readable, `SRV-2026-000123`. */
  surveyId!: string;
  @ApiProperty({ format: 'uuid' })
  leadId!: string;
  lead!: SurveyLeadDto;
  /** Calendar date in India. */
  @ApiProperty({ format: 'date' })
  scheduledDate!: string;
  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  scheduledTimeSlot!: TimeSlot;
  @ApiProperty({ enum: SURVEY_STATUSES, enumName: 'SurveyStatus' })
  status!: SurveyStatus;
  /** Why it was rejected or cancelled. */
  @ApiProperty({ type: String, nullable: true })
  closingReason!: string | null;
  /** The active primary team (holds the booking); null after it declined with no backup. */
  @ApiProperty({ type: TeamSummaryDto, nullable: true })
  primaryTeam!: TeamSummaryDto | null;
  /** The active emergency backup team, if any. */
  @ApiProperty({ type: TeamSummaryDto, nullable: true })
  backupTeam!: TeamSummaryDto | null;
  /** Every assignment, oldest first (primary before backup when made together), ended ones included. */
  assignments!: AssignmentResponseDto[];
  @ApiProperty({ type: SurveyReportResponseDto, nullable: true })
  report!: SurveyReportResponseDto | null;
  /** What the workflow allows now (independent of the caller's role). */
  @ApiProperty({ enum: SURVEY_ACTIONS, enumName: 'SurveyAction', isArray: true })
  allowedActions!: SurveyAction[];
  @ApiProperty({ format: 'uuid' })
  createdById!: string;
  /** Optimistic-lock version; the ETag is `W/"<version>"`. */
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

/** A page of surveys, by scheduled date and slot. */
export class SurveyPageDto {
  data!: SurveyResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** Maps a lead to what a field team needs of it (also used for installations). */
export function toSurveyLead(lead: Lead): SurveyLeadDto {
  return {
    id: lead.id,
    customerName: lead.customerName,
    customerPhone: lead.customerPhone,
    customerEmail: lead.customerEmail,
    addressLine1: lead.addressLine1,
    addressLine2: lead.addressLine2,
    city: lead.city,
    state: lead.state,
    pincode: lead.pincode,
    latitude: lead.latitude,
    longitude: lead.longitude,
    chargerModel: lead.chargerModel,
  };
}

/** Maps a survey (with `lead` loaded), its assignments (with teams, any order) and its report. */
export function toSurveyResponse(survey: Survey, assignments: SurveyAssignment[], report: SurveyReport | null): SurveyResponseDto {
  const teams = summarizeAssignments(assignments);
  return {
    id: survey.id,
    surveyId: survey.surveyId,
    leadId: survey.leadId,
    lead: toSurveyLead(survey.lead),
    scheduledDate: survey.scheduledDate,
    scheduledTimeSlot: survey.scheduledTimeSlot,
    status: survey.status,
    closingReason: survey.closingReason,
    primaryTeam: teams.primaryTeam,
    backupTeam: teams.backupTeam,
    assignments: teams.assignments,
    report: report ? toSurveyReportResponse(report) : null,
    allowedActions: allowedSurveyActions(survey.status),
    createdById: survey.createdById,
    version: survey.version,
    createdAt: survey.createdAt,
    updatedAt: survey.updatedAt,
  };
}
