import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, ValidateIf } from 'class-validator';
import { Trim } from '../../common/validators.js';
import { StoredFileResponseDto, toStoredFileResponse } from '../../documents/dto/lead-document.dto.js';
import type { StoredFile } from '../../documents/entities/stored-file.entity.js';
import type { InstallationReport } from '../entities/installation-report.entity.js';

/** Multipart fields are text: `true`/`false` become booleans; anything else stays and fails @IsBoolean. */
const FormBoolean = () => Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value));

/**
 * The text fields of `PUT /installations/{id}/report` (multipart/form-data, next to the optional
 * `signature` part), seed 001 InstallationReport. The signature is required when the installation
 * succeeded; `issuesEncountered` when it did not.
 */
export class InstallationReportDto {
  /** As printed on the charger's label: letters, digits, space, `-`, `/`, `.`, `_`. */
  @ApiProperty({ maxLength: 50, example: 'TPW7K-2611-004512' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  @Matches(/^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/, { message: 'chargerSerialNumber may hold letters, digits, space, "-", "/", "." and "_"' })
  chargerSerialNumber!: string;

  @ApiProperty({ maxLength: 100, example: 'Tata Power 7.2 kW AC wallbox' })
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  chargerModel!: string;

  /** `true` or `false`. An unsuccessful attempt keeps the lead in installation_scheduled and lets Central Ops reschedule. */
  @ApiProperty({ type: Boolean })
  @FormBoolean()
  @IsBoolean()
  installationSuccessful!: boolean;

  /** `true` or `false` (default): the charger was demonstrated to the customer. */
  @ApiProperty({ type: Boolean, required: false })
  @IsOptional()
  @FormBoolean()
  @IsBoolean()
  demoGiven?: boolean;

  /**
   * What went wrong or needed work; required when the installation was not successful. Blank on
   * success (seed 001: `issues_encountered … blank`): a form that posts every field sends it empty.
   */
  @ApiProperty({ required: false, maxLength: 5000 })
  @ValidateIf((dto: InstallationReportDto) => dto.installationSuccessful === false || (dto.issuesEncountered !== undefined && dto.issuesEncountered !== ''))
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(5000)
  issuesEncountered?: string;

  @ApiProperty({ required: false, maxLength: 5000 })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(5000)
  generalNotes?: string;
}

/** The installation report as the installation response embeds it. */
export class InstallationReportResponseDto {
  @ApiProperty({ format: 'uuid' })
  submittedById!: string;
  chargerSerialNumber!: string;
  chargerModel!: string;
  installationSuccessful!: boolean;
  demoGiven!: boolean;
  /** The customer's sign-off image (PNG or JPEG); null when the report has none. */
  @ApiProperty({ type: StoredFileResponseDto, nullable: true })
  customerSignature!: StoredFileResponseDto | null;
  /** Empty when none. */
  issuesEncountered!: string;
  /** Empty when none. */
  generalNotes!: string;
  submittedAt!: Date;
}

/** Maps a report with `customerSignature` loaded (when it has one). */
export function toInstallationReportResponse(report: InstallationReport & { customerSignature: StoredFile | null }): InstallationReportResponseDto {
  return {
    submittedById: report.submittedById,
    chargerSerialNumber: report.chargerSerialNumber,
    chargerModel: report.chargerModel,
    installationSuccessful: report.installationSuccessful,
    demoGiven: report.demoGiven,
    customerSignature: report.customerSignature ? toStoredFileResponse(report.customerSignature) : null,
    issuesEncountered: report.issuesEncountered,
    generalNotes: report.generalNotes,
    submittedAt: report.submittedAt,
  };
}
