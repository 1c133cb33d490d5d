import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { MAX_SERIAL_ID } from '../../common/parse-serial-id.pipe.js';
import { IsE164Phone, IsIndianPincode, IsIsoInstant, IsLatitudeNumber, IsLongitudeNumber, IsOptionalNonNull, ToArray, Trim } from '../../common/validators.js';
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
  @ApiPropertyOptional({ type: 'integer' })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(MAX_SERIAL_ID)
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
  @IsLatitudeNumber()
  latitude?: number;

  /** Decimal degrees; filled from the pincode directory when omitted. */
  @IsOptional()
  @IsLongitudeNumber()
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
  @IsLatitudeNumber()
  latitude?: number | null;

  @IsOptional()
  @IsLongitudeNumber()
  longitude?: number | null;

  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  chargerModel?: string | null;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptionalNonNull()
  @IsInt()
  @Min(1)
  @Max(MAX_SERIAL_ID)
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

  /**
   * For `on_hold` and `cancelled`: the code of an active closing reason that applies to the target
   * (`GET /closing-reasons`). One of `reasonCode` and `reason` is required there.
   */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  reasonCode?: string;

  /** An optional note on the closing reason, shown on the lead as `closingReason`. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  note?: string;

  /** Free text as before issue 14: taken as `reasonCode: other` with this text as the note. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

/**
 * The lead filters (DESIGN §6 plus issue 14's `updatedFrom`, `overdue` and `tag`), shared by the
 * list, the export and the reports. All filters combine with AND; every query is scoped to what the
 * caller may see whatever the filters say.
 */
export class LeadFilterDto {
  /** Repeatable: `?status=new&status=contacted`. */
  @ApiPropertyOptional({ enum: LEAD_STATUSES, enumName: 'LeadStatus', isArray: true })
  @IsOptional()
  @ToArray()
  @IsIn(LEAD_STATUSES, { each: true })
  status?: LeadStatus[];

  /** An OEM caller always sees its own leads only: naming another OEM finds nothing. */
  @IsOptional()
  @IsUUID()
  oemId?: string;

  @ApiPropertyOptional({ type: 'integer' })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value))
  @IsInt()
  @Min(1)
  @Max(MAX_SERIAL_ID) // PostgreSQL refuses an id past its integer range with an error (a 500)
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

  /**
   * Created at or after this instant (ISO 8601): a date `YYYY-MM-DD` (midnight UTC), or a
   * date-time `YYYY-MM-DDTHH:MM[:SS[.fraction]]`, UTC unless it ends in `Z` or an offset such as
   * `+05:30`; years 0001–9999.
   */
  @IsOptional()
  @IsIsoInstant()
  createdFrom?: string;

  /** Created before this instant, in the forms of `createdFrom`. */
  @IsOptional()
  @IsIsoInstant()
  createdTo?: string;

  /**
   * Changed at or after this instant, in the forms of `createdFrom`: the leads changed since an
   * OEM's last sync. With it the answer runs oldest change first, paged on (updatedAt, id), so the
   * last `updatedAt` seen is the next sync's `updatedFrom`.
   */
  @IsOptional()
  @IsIsoInstant()
  updatedFrom?: string;

  /** `true`: only leads past their stage SLA (`sla.overdue`); `false`: only open leads within it. */
  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  overdue?: boolean;

  /** Repeatable: leads carrying every tag named (`?tag=vip&tag=callback`). */
  @ApiPropertyOptional({ type: String, isArray: true })
  @IsOptional()
  @ToArray()
  @Transform(({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value))
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  tag?: string[];

  /** Free text: part of the customer name, or an exact phone number, email or externalRef. */
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}

/** `GET /leads`: the {@link LeadFilterDto} filters with keyset paging. */
export class LeadQueryDto extends IntersectionType(LeadFilterDto, PageQueryDto) {}

export class EventQueryDto extends PageQueryDto {}
