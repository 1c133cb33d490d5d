import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { IsOptionalNonNull, Trim } from '../../common/validators.js';

/** `POST /teams`: a new, active team. */
export class CreateTeamDto {
  /** Unique team name, e.g. `Pune North`. */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;

  /** The city (district) the team works in. */
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
}

/** Renames, moves or (de)activates a team; an inactive team takes no new bookings. */
export class UpdateTeamDto {
  @IsOptionalNonNull()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;

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

  /** `false` deactivates the team; refused (409) while it is assigned to an open survey. */
  @IsOptionalNonNull()
  @IsBoolean()
  isActive?: boolean;
}

/** `POST /teams/{id}/members`. */
export class AddTeamMemberDto {
  /** An active user with role `field_technician`. */
  @IsUUID()
  userId!: string;

  /** Makes this member the team lead (the previous lead, if any, stops being one). */
  @IsOptionalNonNull()
  @IsBoolean()
  isLead?: boolean;
}

/** `GET /teams` filters and paging. */
export class TeamQueryDto extends PageQueryDto {
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  city?: string;

  /** State name or ISO 3166-2 code. */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  state?: string;

  @ApiPropertyOptional({ type: Boolean })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  isActive?: boolean;
}
