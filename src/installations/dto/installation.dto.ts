import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { IsCalendarDate, TIME_SLOTS, type TimeSlot } from '../../teams/time-slots.js';

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
