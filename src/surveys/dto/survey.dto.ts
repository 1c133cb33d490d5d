import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { ScheduledJobQueryDto } from '../../teams/dto/scheduled-job-query.dto.js';
import { ToArray, Trim } from '../../common/validators.js';
import { IsCalendarDate, TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { SURVEY_STATUSES, type SurveyStatus } from '../../teams/assignments/job-statuses.js';

/** `POST /leads/{id}/surveys`: schedules a site survey for a lead in `documents_received`. */
export class CreateSurveyDto {
  /** The team that performs the survey; the slot is booked for it. */
  @IsUUID()
  primaryTeamId!: string;

  /** An optional emergency backup team, promoted (with the booking) if the primary declines. */
  @IsOptional()
  @IsUUID()
  backupTeamId?: string;

  /** Calendar date in India, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date', example: '2026-05-04' })
  @IsCalendarDate()
  scheduledDate!: string;

  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  @IsIn(TIME_SLOTS)
  scheduledTimeSlot!: TimeSlot;
}

/** `POST /surveys/{id}/reschedule`: a new date and slot; the booking moves with it. */
export class RescheduleSurveyDto {
  /** Calendar date in India, `YYYY-MM-DD`. */
  @ApiProperty({ format: 'date', example: '2026-05-06' })
  @IsCalendarDate()
  scheduledDate!: string;

  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  @IsIn(TIME_SLOTS)
  scheduledTimeSlot!: TimeSlot;

  /** Why, for the timeline (e.g. "customer travelling"). */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

/** `POST /surveys/{id}/approve`. */
export class ApproveSurveyDto {
  /** Central Ops' remarks, kept on the timeline. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  notes?: string;
}

/** `POST /surveys/{id}/reject` and `/cancel`: the reason is required and kept as closingReason. */
export class SurveyReasonDto {
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason!: string;
}

/** `GET /surveys` filters; ordered by date and slot (earliest first). */
export class SurveyQueryDto extends ScheduledJobQueryDto {
  /** Repeatable: `?status=scheduled&status=rescheduled`. */
  @ApiPropertyOptional({ enum: SURVEY_STATUSES, enumName: 'SurveyStatus', isArray: true })
  @IsOptional()
  @ToArray()
  @IsIn(SURVEY_STATUSES, { each: true })
  status?: SurveyStatus[];
}
