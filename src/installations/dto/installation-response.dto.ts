import { ApiProperty } from '@nestjs/swagger';
import { SurveyLeadDto, toSurveyLead } from '../../surveys/dto/survey-response.dto.js';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from '../../surveys/entities/survey-assignment.entity.js';
import { TeamSummaryDto, toTeamSummary } from '../../teams/dto/team-response.dto.js';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import type { InstallationAssignment } from '../entities/installation-assignment.entity.js';
import { INSTALLATION_STATUSES, type Installation, type InstallationStatus } from '../entities/installation.entity.js';

/** A team's assignment to an installation (seed 001 InstallationAssignment, plus who answered it). */
export class InstallationAssignmentResponseDto {
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

/** An installation with its lead's contact and address, its survey and its teams. */
export class InstallationResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Human-readable, `INS-2026-000123`. */
  installationId!: string;
  /** The approved survey it was planned from. */
  @ApiProperty({ format: 'uuid' })
  surveyId!: string;
  @ApiProperty({ format: 'uuid' })
  leadId!: string;
  lead!: SurveyLeadDto;
  /** Calendar date in India. */
  @ApiProperty({ format: 'date' })
  scheduledDate!: string;
  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  scheduledTimeSlot!: TimeSlot;
  @ApiProperty({ enum: INSTALLATION_STATUSES, enumName: 'InstallationStatus' })
  status!: InstallationStatus;
  materialReady!: boolean;
  customerConfirmed!: boolean;
  demoCompleted!: boolean;
  /** Why it was cancelled. */
  @ApiProperty({ type: String, nullable: true })
  closingReason!: string | null;
  /** The active primary team (holds the booking). */
  @ApiProperty({ type: TeamSummaryDto, nullable: true })
  primaryTeam!: TeamSummaryDto | null;
  /** The active emergency backup team, if any. */
  @ApiProperty({ type: TeamSummaryDto, nullable: true })
  backupTeam!: TeamSummaryDto | null;
  /** Every assignment, oldest first (primary before backup when made together), ended ones included. */
  assignments!: InstallationAssignmentResponseDto[];
  @ApiProperty({ format: 'uuid' })
  createdById!: string;
  /** Optimistic-lock version; the ETag is `W/"<version>"`. */
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

/** Maps an assignment with its team loaded. */
export function toInstallationAssignmentResponse(a: InstallationAssignment): InstallationAssignmentResponseDto {
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

const isActive = (a: InstallationAssignment) => a.status === 'assigned' || a.status === 'accepted';

/** Maps an installation (with `lead` loaded) and its assignments (with teams, any order). */
export function toInstallationResponse(installation: Installation, assignments: InstallationAssignment[]): InstallationResponseDto {
  const ordered = [...assignments].sort(
    (a, b) => a.assignedAt.getTime() - b.assignedAt.getTime() || Number(b.isPrimary) - Number(a.isPrimary) || a.id.localeCompare(b.id),
  );
  const primary = ordered.find((a) => a.isPrimary && isActive(a));
  const backup = ordered.find((a) => !a.isPrimary && isActive(a));
  return {
    id: installation.id,
    installationId: installation.installationId,
    surveyId: installation.surveyId,
    leadId: installation.leadId,
    lead: toSurveyLead(installation.lead),
    scheduledDate: installation.scheduledDate,
    scheduledTimeSlot: installation.scheduledTimeSlot,
    status: installation.status,
    materialReady: installation.materialReady,
    customerConfirmed: installation.customerConfirmed,
    demoCompleted: installation.demoCompleted,
    closingReason: installation.closingReason,
    primaryTeam: primary ? toTeamSummary(primary.team) : null,
    backupTeam: backup ? toTeamSummary(backup.team) : null,
    assignments: ordered.map(toInstallationAssignmentResponse),
    createdById: installation.createdById,
    version: installation.version,
    createdAt: installation.createdAt,
    updatedAt: installation.updatedAt,
  };
}
