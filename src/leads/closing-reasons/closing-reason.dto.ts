import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMinSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsOptionalNonNull, Trim } from '../../common/validators.js';
import type { ClosingReason } from './closing-reason.entity.js';

/** The statuses a closing reason can be given for. */
export const CLOSING_TARGETS = ['cancelled', 'on_hold'] as const;
export type ClosingTarget = (typeof CLOSING_TARGETS)[number];

export class CreateClosingReasonDto {
  /** Stable code leads are moved with (`reasonCode`): lower-case letters, digits and `_`, 2–40 characters. */
  @Matches(/^[a-z][a-z0-9_]{1,39}$/, { message: 'code must be 2–40 lower-case letters, digits or _, starting with a letter' })
  code!: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label!: string;

  /** The statuses it may be given for. */
  @ApiProperty({ enum: CLOSING_TARGETS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CLOSING_TARGETS, { each: true })
  appliesTo!: ClosingTarget[];

  @IsOptional()
  @IsBoolean()
  isActive?: boolean;
}

/** Any of the label, the statuses and the active flag; the code never changes. */
export class UpdateClosingReasonDto {
  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  label?: string;

  @ApiPropertyOptional({ enum: CLOSING_TARGETS, isArray: true })
  @IsOptionalNonNull()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(CLOSING_TARGETS, { each: true })
  appliesTo?: ClosingTarget[];

  /** false retires the reason: leads keep it, new transitions may no longer give it. */
  @IsOptionalNonNull()
  @IsBoolean()
  isActive?: boolean;
}

export class ClosingReasonResponseDto {
  id!: number;
  code!: string;
  label!: string;
  @ApiProperty({ enum: CLOSING_TARGETS, isArray: true })
  appliesTo!: ClosingTarget[];
  isActive!: boolean;
}

export function toClosingReasonResponse(reason: ClosingReason): ClosingReasonResponseDto {
  const appliesTo: ClosingTarget[] = [];
  if (reason.appliesToCancelled) appliesTo.push('cancelled');
  if (reason.appliesToOnHold) appliesTo.push('on_hold');
  return { id: reason.id, code: reason.code, label: reason.label, appliesTo, isActive: reason.isActive };
}
