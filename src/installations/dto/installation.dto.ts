import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, ValidateIf } from 'class-validator';
import { ScheduledJobQueryDto } from '../../teams/dto/scheduled-job-query.dto.js';
import { IsOptionalNonNull, ToArray, Trim } from '../../common/validators.js';
import { IsCalendarDate, TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { INSTALLATION_STATUSES, type InstallationStatus } from '../../teams/assignments/job-statuses.js';
import { INSTALLATION_TRANSITION_TARGETS, type InstallationTransitionTarget } from '../installation-state-machine.js';

/** `POST /surveys/{id}/installation`: plans the installation of an approved survey. */
export class CreateInstallationDto {
  /** The team that installs; the slot is booked for it. */
  @IsUUID()
  primaryTeamId!: string;

  /** An optional emergency backup team. */
  @IsOptional()
  @IsUUID()
  backupTeamId?: string;

  /** Calendar date in India, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date', example: '2026-05-20' })
  @IsCalendarDate()
  scheduledDate!: string;

  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  @IsIn(TIME_SLOTS)
  scheduledTimeSlot!: TimeSlot;
}

/**
 * `POST /installations/{id}/transitions` (DESIGN §5): Central Ops moves to `material_pending`,
 * `material_ready`, `confirmed` or `cancelled`; a member of the primary team to `in_progress`
 * and `completed`.
 */
export class InstallationTransitionDto {
  @ApiProperty({ enum: INSTALLATION_TRANSITION_TARGETS, enumName: 'InstallationTransitionTarget' })
  @IsIn(INSTALLATION_TRANSITION_TARGETS)
  to!: InstallationTransitionTarget;

  /** Required for `cancelled` (kept as closingReason); otherwise a note for the timeline. */
  @ValidateIf((dto: InstallationTransitionDto) => dto.to === 'cancelled' || dto.reason !== undefined)
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

/** `POST /installations/{id}/reschedule`: a new date and slot; the booking moves with it and the customer must confirm again. */
export class RescheduleInstallationDto {
  /** Calendar date in India, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date', example: '2026-05-22' })
  @IsCalendarDate()
  scheduledDate!: string;

  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  @IsIn(TIME_SLOTS)
  scheduledTimeSlot!: TimeSlot;

  /** Why, for the timeline (e.g. "customer travelling", "earthing to be redone"). */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

/** `PATCH /installations/{id}`: Central Ops records the customer's pre-installation confirmation. */
export class UpdateInstallationDto {
  /** The customer confirmed the date and slot (reset by a reschedule). */
  @IsOptionalNonNull()
  @IsBoolean()
  customerConfirmed?: boolean;
}

/** `GET /installations` filters; ordered by date and slot (earliest first). */
export class InstallationQueryDto extends ScheduledJobQueryDto {
  /** Repeatable: `?status=confirmed&status=in_progress`. */
  @ApiPropertyOptional({ enum: INSTALLATION_STATUSES, enumName: 'InstallationStatus', isArray: true })
  @IsOptional()
  @ToArray()
  @IsIn(INSTALLATION_STATUSES, { each: true })
  status?: InstallationStatus[];
}
