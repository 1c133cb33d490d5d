import { ApiProperty } from '@nestjs/swagger';
import { SurveyLeadDto, toSurveyLead } from '../../surveys/dto/survey-response.dto.js';
import { AssignmentResponseDto, summarizeAssignments } from '../../teams/assignments/assignment.dto.js';
import { TeamSummaryDto } from '../../teams/dto/team-response.dto.js';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { StoredFileResponseDto, toStoredFileResponse } from '../../documents/dto/lead-document.dto.js';
import type { StoredFile } from '../../documents/entities/stored-file.entity.js';
import type { ClosurePack } from '../entities/closure-pack.entity.js';
import type { InstallationAssignment } from '../entities/installation-assignment.entity.js';
import type { InstallationReport } from '../entities/installation-report.entity.js';
import { allowedInstallationActions, INSTALLATION_ACTIONS, type InstallationAction } from '../installation-state-machine.js';
import { InstallationReportResponseDto, toInstallationReportResponse } from './installation-report.dto.js';
import { type Installation } from '../entities/installation.entity.js';
import { INSTALLATION_STATUSES, type InstallationStatus } from '../../teams/assignments/job-statuses.js';

/** The closure pack of a closed installation (DESIGN §4 ClosurePack). */
export class ClosurePackResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** The ZIP's metadata; its SHA-256 is the download's ETag. */
  file!: StoredFileResponseDto;
  @ApiProperty({ format: 'uuid' })
  generatedById!: string;
  generatedAt!: Date;
  /** When the owning OEM first downloaded it; null until then. */
  @ApiProperty({ type: Date, nullable: true })
  sharedAt!: Date | null;
  /** Where to download it: `/api/v1/installations/{id}/closure-pack/content`. */
  contentUrl!: string;
}

/** Maps a closure pack with `file` loaded. */
export function toClosurePackResponse(pack: ClosurePack): ClosurePackResponseDto {
  return {
    id: pack.id,
    file: toStoredFileResponse(pack.file),
    generatedById: pack.generatedById,
    generatedAt: pack.generatedAt,
    sharedAt: pack.sharedAt,
    contentUrl: closurePackContentUrl(pack.installationId),
  };
}

/** The download route of an installation's closure pack. */
export function closurePackContentUrl(installationUuid: string): string {
  return `/api/v1/installations/${installationUuid}/closure-pack/content`;
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
  assignments!: AssignmentResponseDto[];
  /** The field team's report of the latest attempt; null before the first. */
  @ApiProperty({ type: InstallationReportResponseDto, nullable: true })
  report!: InstallationReportResponseDto | null;
  /** The closure pack, once generated. */
  @ApiProperty({ type: ClosurePackResponseDto, nullable: true })
  closurePack!: ClosurePackResponseDto | null;
  /** What the table of DESIGN §5 allows now (transition targets are named after their status; see the workflow in the README). */
  @ApiProperty({ enum: INSTALLATION_ACTIONS, enumName: 'InstallationAction', isArray: true })
  allowedActions!: InstallationAction[];
  @ApiProperty({ format: 'uuid' })
  createdById!: string;
  /** Optimistic-lock version; the ETag is `W/"<version>"`. */
  version!: number;
  createdAt!: Date;
  updatedAt!: Date;
}

/** What an installation response embeds besides the installation and its lead. */
export interface InstallationParts {
  /** With teams, any order. */
  assignments: InstallationAssignment[];
  report: (InstallationReport & { customerSignature: StoredFile | null }) | null;
  /** With `file`. */
  closurePack: ClosurePack | null;
}

/** Maps an installation (with `lead` loaded) and its parts. */
export function toInstallationResponse(installation: Installation, parts: InstallationParts): InstallationResponseDto {
  const teams = summarizeAssignments(parts.assignments);
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
    primaryTeam: teams.primaryTeam,
    backupTeam: teams.backupTeam,
    assignments: teams.assignments,
    report: parts.report ? toInstallationReportResponse(parts.report) : null,
    closurePack: parts.closurePack ? toClosurePackResponse(parts.closurePack) : null,
    allowedActions: allowedInstallationActions(installation.status),
    createdById: installation.createdById,
    version: installation.version,
    createdAt: installation.createdAt,
    updatedAt: installation.updatedAt,
  };
}

/** A page of installations, by scheduled date and slot. */
export class InstallationPageDto {
  data!: InstallationResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}
