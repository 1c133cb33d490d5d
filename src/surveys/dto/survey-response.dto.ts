import { ApiProperty } from '@nestjs/swagger';
import type { Lead } from '../../leads/entities/lead.entity.js';
import { TeamSummaryDto, toTeamSummary } from '../../teams/dto/team-response.dto.js';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { ASSIGNMENT_STATUSES, type AssignmentStatus, type SurveyAssignment } from '../entities/survey-assignment.entity.js';
import type { SurveyReport } from '../entities/survey-report.entity.js';
import { SURVEY_STATUSES, type Survey, type SurveyStatus } from '../entities/survey.entity.js';
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

/** A team's assignment to a survey (seed 001 InstallationAssignment's fields, plus who answered it). */
export class SurveyAssignmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  team!: TeamSummaryDto;
  /** Primary (holds the booking) or emergency backup. */
  isPrimary!: boolean;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES, enumName: 'AssignmentStatus' })
  status!: AssignmentStatus;
  @ApiProperty({ format: 'uuid' })
  assignedById!: string;
  assignedAt!: Date;
  /** The member who accepted or declined. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  respondedById!: string | null;
  @ApiProperty({ type: Date, nullable: true })
  respondedAt!: Date | null;
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
  assignments!: SurveyAssignmentResponseDto[];
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

/** Maps an assignment with its team loaded. */
export function toSurveyAssignmentResponse(a: SurveyAssignment): SurveyAssignmentResponseDto {
  return {
    id: a.id,
    team: toTeamSummary(a.team),
    isPrimary: a.isPrimary,
    status: a.status,
    assignedById: a.assignedById,
    assignedAt: a.assignedAt,
    respondedById: a.respondedById,
    respondedAt: a.respondedAt,
  };
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

const isActive = (a: SurveyAssignment) => a.status === 'assigned' || a.status === 'accepted';

/** Maps a survey (with `lead` loaded), its assignments (with teams, any order) and its report. */
export function toSurveyResponse(survey: Survey, assignments: SurveyAssignment[], report: SurveyReport | null): SurveyResponseDto {
  const ordered = [...assignments].sort(
    (a, b) => a.assignedAt.getTime() - b.assignedAt.getTime() || Number(b.isPrimary) - Number(a.isPrimary) || a.id.localeCompare(b.id),
  );
  const primary = ordered.find((a) => a.isPrimary && isActive(a));
  const backup = ordered.find((a) => !a.isPrimary && isActive(a));
  return {
    id: survey.id,
    surveyId: survey.surveyId,
    leadId: survey.leadId,
    lead: toSurveyLead(survey.lead),
    scheduledDate: survey.scheduledDate,
    scheduledTimeSlot: survey.scheduledTimeSlot,
    status: survey.status,
    closingReason: survey.closingReason,
    primaryTeam: primary ? toTeamSummary(primary.team) : null,
    backupTeam: backup ? toTeamSummary(backup.team) : null,
    assignments: ordered.map(toSurveyAssignmentResponse),
    report: report ? toSurveyReportResponse(report) : null,
    allowedActions: allowedSurveyActions(survey.status),
    createdById: survey.createdById,
    version: survey.version,
    createdAt: survey.createdAt,
    updatedAt: survey.updatedAt,
  };
}
