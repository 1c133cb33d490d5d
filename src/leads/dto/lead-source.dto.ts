import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { IsOptionalNonNull, Trim } from '../../common/validators.js';
import { type LeadSource, SOURCE_TYPES, type SourceType } from '../entities/lead-source.entity.js';

export class CreateLeadSourceDto {
  /** Unique, e.g. "Tata Motors Portal". */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** The OEM user this source belongs to, if any. */
  @IsOptional()
  @IsUUID()
  oemId?: string;

  @ApiProperty({ enum: SOURCE_TYPES, enumName: 'SourceType' })
  @IsIn(SOURCE_TYPES)
  sourceType!: SourceType;
}

export class UpdateLeadSourceDto {
  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

  /** Set to null to detach the source from its OEM. */
  @IsOptional()
  @IsUUID()
  oemId?: string | null;

  @ApiPropertyOptional({ enum: SOURCE_TYPES, enumName: 'SourceType' })
  @IsOptionalNonNull()
  @IsIn(SOURCE_TYPES)
  sourceType?: SourceType;
}

export class LeadSourceResponseDto {
  id!: number;
  name!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  oemId!: string | null;
  @ApiProperty({ enum: SOURCE_TYPES, enumName: 'SourceType' })
  sourceType!: SourceType;
}

export function toLeadSourceResponse(source: LeadSource): LeadSourceResponseDto {
  return { id: source.id, name: source.name, oemId: source.oemId, sourceType: source.sourceType };
}
