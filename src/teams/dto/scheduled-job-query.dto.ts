import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsUUID } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsCalendarDate } from '../time-slots.js';

/** Filters `GET /surveys` and `GET /installations` share; both are ordered by date and slot (earliest first). */
export class ScheduledJobQueryDto extends PageQueryDto {
  /** Jobs this team is (or was, if completed) assigned to as primary or backup. */
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
