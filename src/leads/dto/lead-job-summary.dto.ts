import { ApiProperty } from '@nestjs/swagger';
import { INSTALLATION_STATUSES, type InstallationStatus, SURVEY_STATUSES, type SurveyStatus } from '../../teams/assignments/job-statuses.js';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';

// What a lead answer shows of the lead's jobs. Leads owns these shapes and the job modules fill
// them through LeadJobSummaries (issue #12), so leads imports nothing from surveys/ or installations/.

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

/** The closure pack link on a closed lead (issue #5 "OEM view"): where to download it and what to expect. */
export class LeadClosurePackLinkDto {
  /** `GET` it with the OEM's API key: `/api/v1/installations/{installationUuid}/closure-pack/content`. */
  url!: string;
  generatedAt!: Date;
  @ApiProperty({ type: 'integer', description: 'Size of the ZIP in bytes.' })
  sizeBytes!: number;
  /** Hex SHA-256 of the ZIP (the download's ETag). */
  sha256!: string;
}

/** The lead's installation as the lead answer shows it (also to the lead's OEM): status, date and slot. */
export class LeadInstallationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Human-readable, `INS-2026-000123`. */
  installationId!: string;
  @ApiProperty({ enum: INSTALLATION_STATUSES, enumName: 'InstallationStatus' })
  status!: InstallationStatus;
  /** Calendar date in India. */
  @ApiProperty({ format: 'date' })
  scheduledDate!: string;
  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  scheduledTimeSlot!: TimeSlot;
}

/** What a lead answer embeds of the lead's jobs; each part null until its job exists. */
export interface LeadJobView {
  survey: LeadSurveySummaryDto | null;
  installation: LeadInstallationSummaryDto | null;
  closurePack: LeadClosurePackLinkDto | null;
}
