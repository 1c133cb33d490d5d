import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { Trim } from '../../common/validators.js';
import { IsCalendarDate, TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';
import { SURVEY_STATUSES, type SurveyStatus } from '../entities/survey.entity.js';

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

/**
 * `POST /surveys/{id}/assignments`: makes a team the primary or the backup. An active assignment
 * of that kind is replaced (cancelled); naming the current backup as primary promotes it.
 */
export class CreateSurveyAssignmentDto {
  @IsUUID()
  teamId!: string;

  /** True for the primary team (which holds the booking), false for the emergency backup. */
  @IsBoolean()
  isPrimary!: boolean;
}

/** Statuses `PATCH /surveys/{id}/assignments/{assignmentId}` sets. */
export const ASSIGNMENT_RESPONSES = ['accepted', 'declined', 'cancelled'] as const;
export type AssignmentResponse = (typeof ASSIGNMENT_RESPONSES)[number];

/**
 * A team member accepts or declines its team's assignment; Central Ops cancels one. A primary
 * that declines with a backup present hands over to the backup (booking included).
 */
export class UpdateSurveyAssignmentDto {
  /** `accepted` or `declined` (a member of the team), `cancelled` (Central Ops). */
  @ApiProperty({ enum: ASSIGNMENT_RESPONSES })
  @IsIn(ASSIGNMENT_RESPONSES)
  status!: AssignmentResponse;

  /** Why, for the timeline. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

const toArray = ({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]);

/** `GET /surveys` filters; ordered by date and slot (earliest first). */
export class SurveyQueryDto extends PageQueryDto {
  /** Repeatable: `?status=scheduled&status=rescheduled`. */
  @ApiPropertyOptional({ enum: SURVEY_STATUSES, enumName: 'SurveyStatus', isArray: true })
  @IsOptional()
  @Transform(toArray)
  @IsIn(SURVEY_STATUSES, { each: true })
  status?: SurveyStatus[];

  /** Surveys this team is (or was, if completed) assigned to as primary or backup. */
  @IsOptional()
  @IsUUID()
  teamId?: string;

  @IsOptional()
  @IsUUID()
  leadId?: string;

  /** Scheduled on or after this date (`YYYY-MM-DD`). */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Scheduled on or before this date (`YYYY-MM-DD`). */
  @ApiPropertyOptional({ format: 'date' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}
