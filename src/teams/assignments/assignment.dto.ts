import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { Trim } from '../../common/validators.js';
import { ASSIGNMENT_STATUSES, type AssignmentStatus } from './assignment-statuses.js';
import type { Team } from '../entities/team.entity.js';
import { TeamSummaryDto, toTeamSummary } from '../dto/team-response.dto.js';

/** `POST /surveys/{id}/assignments` and `POST /installations/{id}/assignments`: makes a team the primary or the backup. */
export class CreateAssignmentDto {
  @IsUUID()
  teamId!: string;

  /** True for the primary team (which holds the booking), false for the emergency backup. */
  @IsBoolean()
  isPrimary!: boolean;
}

/** Statuses `PATCH …/assignments/{assignmentId}` sets. */
export const ASSIGNMENT_RESPONSES = ['accepted', 'declined', 'cancelled'] as const;
export type AssignmentResponse = (typeof ASSIGNMENT_RESPONSES)[number];

/**
 * A team member accepts or declines its team's assignment; Central Ops cancels one. A primary
 * that declines with a backup present hands over to the backup (booking included).
 */
export class UpdateAssignmentDto {
  /** `accepted` or `declined` (a member of the team), `cancelled` (Central Ops). */
  @ApiProperty({ enum: ASSIGNMENT_RESPONSES })
  @IsIn(ASSIGNMENT_RESPONSES)
  status!: AssignmentResponse;

  /** Why, for the timeline. */
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  reason?: string;
}

/** A team's assignment to a survey or an installation (seed 001 InstallationAssignment, plus who answered it). */
export class AssignmentResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  team!: TeamSummaryDto;
  /** Primary (holds the booking) or emergency backup. */
  isPrimary!: boolean;
  @ApiProperty({ enum: ASSIGNMENT_STATUSES, enumName: 'AssignmentStatus' })
  status!: AssignmentStatus;
  @ApiProperty({ format: 'uuid' })
  assignedById!: string;
  assignedAt!: Date;
  /** The member who accepted or declined. */
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  respondedById!: string | null;
  @ApiProperty({ type: Date, nullable: true })
  respondedAt!: Date | null;
}

/** The columns survey and installation assignments share (DESIGN §4: "same structure"). */
export interface AssignmentRecord {
  id: string;
  teamId: string;
  isPrimary: boolean;
  status: AssignmentStatus;
  assignedById: string;
  assignedAt: Date;
  respondedById: string | null;
  respondedAt: Date | null;
}

/** Maps an assignment with its team loaded. */
export function toAssignmentResponse(a: AssignmentRecord & { team: Team }): AssignmentResponseDto {
  return {
    id: a.id,
    team: toTeamSummary(a.team),
    isPrimary: a.isPrimary,
    status: a.status,
    assignedById: a.assignedById,
    assignedAt: a.assignedAt,
    respondedById: a.respondedById,
    respondedAt: a.respondedAt,
  };
}

const isActive = (a: AssignmentRecord) => a.status === 'assigned' || a.status === 'accepted';

/**
 * A job's assignments as its response shows them: every assignment oldest first (primary before
 * backup when made together), and the active primary and backup teams.
 */
export function summarizeAssignments<A extends AssignmentRecord & { team: Team }>(
  assignments: A[],
): { assignments: AssignmentResponseDto[]; primaryTeam: TeamSummaryDto | null; backupTeam: TeamSummaryDto | null } {
  const ordered = [...assignments].sort(
    (a, b) => a.assignedAt.getTime() - b.assignedAt.getTime() || Number(b.isPrimary) - Number(a.isPrimary) || a.id.localeCompare(b.id),
  );
  const primary = ordered.find((a) => a.isPrimary && isActive(a));
  const backup = ordered.find((a) => !a.isPrimary && isActive(a));
  return {
    assignments: ordered.map(toAssignmentResponse),
    primaryTeam: primary ? toTeamSummary(primary.team) : null,
    backupTeam: backup ? toTeamSummary(backup.team) : null,
  };
}
