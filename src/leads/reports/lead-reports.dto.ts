import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LeadFilterDto } from '../dto/lead.dto.js';
import { LEAD_STATUSES, type LeadStatus } from '../entities/lead.entity.js';

export const FUNNEL_GROUPS = ['none', 'oem', 'state', 'month'] as const;
export type FunnelGroup = (typeof FUNNEL_GROUPS)[number];

/** `GET /reports/leads/funnel`: the lead filters plus how to group. */
export class FunnelQueryDto extends LeadFilterDto {
  /** `month` is the month the lead was created in, in India (IST), `YYYY-MM`. */
  @ApiPropertyOptional({ enum: FUNNEL_GROUPS, default: 'none' })
  @IsOptional()
  @IsIn(FUNNEL_GROUPS)
  groupBy: FunnelGroup = 'none';
}

export class SourceCountDto {
  sourceId!: number;
  name!: string;
  count!: number;
}

export class StateCountDto {
  state!: string;
  count!: number;
}

export class OemCountDto {
  @ApiProperty({ format: 'uuid' })
  oemId!: string;
  name!: string;
  count!: number;
}

export class ClosingReasonCountDto {
  code!: string;
  label!: string;
  count!: number;
}

export class StageCountDto {
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus' })
  stage!: LeadStatus;
  count!: number;
}

/** `GET /reports/leads/summary`. */
export class LeadSummaryDto {
  total!: number;
  /** Every status, zeros included. */
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, example: { new: 10, contacted: 4, closed: 1 } })
  byStatus!: Record<LeadStatus, number>;
  bySource!: SourceCountDto[];
  byState!: StateCountDto[];
  /** Staff only; absent for an OEM. */
  byOem?: OemCountDto[];
  byClosingReason!: ClosingReasonCountDto[];
  /** Leads past their stage SLA, by the stage they are due to reach (every SLA stage, zeros included). */
  overdueByStage!: StageCountDto[];
  overdueTotal!: number;
  /** closed / total, 0–1 (0 when total is 0). */
  conversionRate!: number;
}

export class FunnelStageDto {
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus' })
  stage!: LeadStatus;
  /** Leads whose timeline ever entered the stage (every lead entered `new`). */
  reached!: number;
  /** reached / reached of the stage before, 0–1; null for `new` or when none reached the stage before. */
  @ApiProperty({ type: Number, nullable: true })
  conversionFromPrevious!: number | null;
  /** Hours from entering the stage before to entering this one (first entries), median; null with no such lead. */
  @ApiProperty({ type: Number, nullable: true })
  medianHours!: number | null;
  /** The same, 90th percentile. */
  @ApiProperty({ type: Number, nullable: true })
  p90Hours!: number | null;
}

export class FunnelGroupDto {
  /** The group: null for `groupBy=none`, else the OEM id, the state or `YYYY-MM`. */
  @ApiProperty({ type: String, nullable: true })
  key!: string | null;
  /** The OEM's name for `groupBy=oem`; else as `key`. */
  @ApiProperty({ type: String, nullable: true })
  label!: string | null;
  leads!: number;
  stages!: FunnelStageDto[];
  /** Leads of the group now cancelled. */
  cancelled!: number;
  /** Leads of the group now on hold. */
  onHold!: number;
}

/** `GET /reports/leads/funnel`. */
export class LeadFunnelDto {
  @ApiProperty({ enum: FUNNEL_GROUPS })
  groupBy!: FunnelGroup;
  groups!: FunnelGroupDto[];
}
