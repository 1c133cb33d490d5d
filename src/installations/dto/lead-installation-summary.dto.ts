import { ApiProperty } from '@nestjs/swagger';
import { TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { INSTALLATION_STATUSES, type InstallationStatus } from '../entities/installation.entity.js';

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

/** What a lead answer embeds of the lead's installation work. */
export interface LeadInstallationView {
  installation: LeadInstallationSummaryDto;
  closurePack: LeadClosurePackLinkDto | null;
}
