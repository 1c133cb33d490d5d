import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsLatitude,
  IsLongitude,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsE164Phone, IsIndianPincode, IsOptionalNonNull, ToArray, Trim } from '../../common/validators.js';
import { LEAD_STATUSES, type LeadStatus } from '../entities/lead.entity.js';

/** Seed 000 lead fields in camelCase, plus `sourceId`, `externalRef` and (Central Ops only) `oemId`. */
export class CreateLeadDto {
  /** Required for Central Ops and admin: the OEM the lead belongs to. OEMs must leave it out. */
  @IsOptional()
  @IsUUID()
  oemId?: string;

  /** The OEM's own id for the lead. Re-sending the same payload with it returns the existing lead (200). */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  externalRef?: string;

  /** A lead source id; defaults to the OEM's API source (or the seeded "OEM API"). */
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  sourceId?: number;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  customerName!: string;

  /** Any valid number; stored in E.164. Ten-digit numbers are read as Indian. */
  @IsE164Phone()
  customerPhone!: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  customerEmail?: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  addressLine1!: string;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(255)
  addressLine2?: string;

  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city!: string;

  /** State or union territory: its name ("Maharashtra") or ISO 3166-2 code ("IN-MH"). */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  state!: string;

  /** Six-digit India Post PIN code; must exist and lie in `state` once the directory is loaded. */
  @IsIndianPincode()
  pincode!: string;

  /** Decimal degrees; filled from the pincode directory when omitted. */
  @IsOptional()
  @IsLatitude()
  latitude?: number;

  /** Decimal degrees; filled from the pincode directory when omitted. */
  @IsOptional()
  @IsLongitude()
  longitude?: number;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  chargerModel?: string;
}

/** Fields Central Ops may correct; every change is recorded on the timeline. */
export class UpdateLeadDto {
  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  customerName?: string;

  @IsOptionalNonNull()
  @IsE164Phone()
  customerPhone?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  customerEmail?: string | null;

  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(255)
  addressLine1?: string;

  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @MaxLength(255)
  addressLine2?: string;

  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  city?: string;

  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  state?: string;

  @IsOptionalNonNull()
  @IsIndianPincode()
  pincode?: string;

  @IsOptional()
  @IsLatitude()
  latitude?: number | null;

  @IsOptional()
  @IsLongitude()
  longitude?: number | null;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  chargerModel?: string | null;

  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  sourceId?: number;

  /** A Central Ops user; null unassigns. */
  @IsOptional()
  @IsUUID()
  assignedToId?: string | null;

  @IsOptionalNonNull()
  @IsBoolean()
  introCallCompleted?: boolean;
}

/** `POST /leads/{id}/transitions` body (DESIGN §5). */
export class LeadTransitionDto {
  @ApiProperty({ enum: LEAD_STATUSES, enumName: 'LeadStatus' })
  @IsIn(LEAD_STATUSES)
  to!: LeadStatus;

  /** Required for `on_hold` and `cancelled`; stored as closingReason. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

/** `GET /leads` filters (DESIGN §6). All filters combine with AND. */
export class LeadQueryDto extends PageQueryDto {
  /** Repeatable: `?status=new&status=contacted`. */
  @ApiPropertyOptional({ enum: LEAD_STATUSES, enumName: 'LeadStatus', isArray: true })
  @IsOptional()
  @ToArray()
  @IsIn(LEAD_STATUSES, { each: true })
  status?: LeadStatus[];

  /** Ignored for OEM callers, who only ever see their own leads. */
  @IsOptional()
  @IsUUID()
  oemId?: string;

  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  sourceId?: number;

  @IsOptional()
  @IsUUID()
  assignedToId?: string;

  /** Exact city as stored. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  city?: string;

  /** State name or ISO 3166-2 code. */
  @IsOptional()
  @IsString()
  @MaxLength(100)
  state?: string;

  @IsOptional()
  @IsIndianPincode()
  pincode?: string;

  /** Created at or after this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  createdFrom?: string;

  /** Created before this instant (ISO 8601). */
  @IsOptional()
  @IsISO8601({ strict: true })
  createdTo?: string;

  /** Free text: part of the customer name, or an exact phone number, email or externalRef. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}

export class EventQueryDto extends PageQueryDto {}
