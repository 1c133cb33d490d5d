import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { INSTALLATION_STATUSES, type InstallationStatus, SURVEY_STATUSES, type SurveyStatus } from '../assignments/job-statuses.js';
import { IsCalendarDate, TIME_SLOTS, type TimeSlot } from '../time-slots.js';
import { TeamSummaryDto } from './team-response.dto.js';

/** `GET /teams/{id}/schedule?from=&to=`: an inclusive range of calendar dates in India, at most 62 days. */
export class ScheduleQueryDto {
  /** First day (`YYYY-MM-DD`); defaults to today in India. */
  @ApiPropertyOptional({ format: 'date', example: '2026-05-04' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  /** Last day (`YYYY-MM-DD`), inclusive; defaults to six days after `from`. */
  @ApiPropertyOptional({ format: 'date', example: '2026-05-10' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;
}

/** The survey a booking belongs to, with what a dispatcher needs to recognise it. */
export class BookedSurveyDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Human-readable, `SRV-2026-000123`. */
  surveyId!: string;
  @ApiProperty({ enum: SURVEY_STATUSES, enumName: 'SurveyStatus' })
  status!: SurveyStatus;
  @ApiProperty({ format: 'uuid' })
  leadId!: string;
  customerName!: string;
  city!: string;
  pincode!: string;
}

/** The installation a booking belongs to, with what a dispatcher needs to recognise it. */
export class BookedInstallationDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** Human-readable, `INS-2026-000123`. */
  installationId!: string;
  @ApiProperty({ enum: INSTALLATION_STATUSES, enumName: 'InstallationStatus' })
  status!: InstallationStatus;
  @ApiProperty({ format: 'uuid' })
  leadId!: string;
  customerName!: string;
  city!: string;
  pincode!: string;
}

/** A taken slot and the job holding it: `survey` is set for kind `survey`, `installation` for kind `installation`. */
export class ScheduleBookingDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  /** What the slot is booked for. */
  @ApiProperty({ enum: ['survey', 'installation'] })
  kind!: 'survey' | 'installation';
  @ApiPropertyOptional({ type: BookedSurveyDto })
  survey?: BookedSurveyDto;
  @ApiPropertyOptional({ type: BookedInstallationDto })
  installation?: BookedInstallationDto;
}

/** One time slot of a day. */
export class ScheduleSlotDto {
  @ApiProperty({ enum: TIME_SLOTS, enumName: 'TimeSlot' })
  timeSlot!: TimeSlot;
  /** The job holding the slot; null when it is free. */
  @ApiProperty({ type: ScheduleBookingDto, nullable: true })
  booking!: ScheduleBookingDto | null;
}

/** One calendar day (IST) of the schedule. */
export class ScheduleDayDto {
  @ApiProperty({ format: 'date' })
  date!: string;
  /** Every slot of the day, in order. */
  slots!: ScheduleSlotDto[];
}

/** `GET /teams/{id}/schedule`: the team's calendar from `from` to `to`. */
export class TeamScheduleDto {
  team!: TeamSummaryDto;
  @ApiProperty({ format: 'date' })
  from!: string;
  @ApiProperty({ format: 'date' })
  to!: string;
  /** One entry per day from `from` to `to`. */
  days!: ScheduleDayDto[];
}
