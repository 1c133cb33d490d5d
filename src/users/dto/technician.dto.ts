import { IsOptional, IsString, MaxLength } from 'class-validator';
import { Trim } from '../../common/validators.js';

/** `GET /technicians?q=`: what the team member picker searches for. */
export class TechnicianQueryDto {
  /** Part of the technician's name or e-mail, any case; all active technicians (the first 50 by name) when empty. */
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(100)
  q?: string;
}

/** A field technician as the team member picker shows it: enough to name it and send its id as `userId`. */
export class TechnicianSummaryDto {
  /** The user's id, as `userId` of `POST /teams/{id}/members`. */
  id!: string;

  fullName!: string;

  email!: string;
}

/** Maps a technician user row to its summary. */
export function toTechnicianSummary(user: { id: string; fullName: string; email: string }): TechnicianSummaryDto {
  return { id: user.id, fullName: user.fullName, email: user.email };
}
