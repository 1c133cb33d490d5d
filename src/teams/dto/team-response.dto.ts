import { ApiProperty } from '@nestjs/swagger';
import type { TeamMember } from '../entities/team-member.entity.js';
import type { Team } from '../entities/team.entity.js';

/** A member of a team: the technician's account details and whether it leads the team. */
export class TeamMemberResponseDto {
  @ApiProperty({ format: 'uuid' })
  userId!: string;
  fullName!: string;
  email!: string;
  /** E.164. */
  @ApiProperty({ type: String, nullable: true })
  phone!: string | null;
  isLead!: boolean;
  /** False when the account is deactivated. */
  isActive!: boolean;
}

/** A field team with its members. */
export class TeamResponseDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  name!: string;
  city!: string;
  state!: string;
  isActive!: boolean;
  /** Members, the lead first, then by name. */
  members!: TeamMemberResponseDto[];
  createdAt!: Date;
  updatedAt!: Date;
}

/** A page of teams, newest first. */
export class TeamPageDto {
  data!: TeamResponseDto[];
  /** Opaque cursor of the next page; null on the last page. */
  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
  /** Every match, only with `withTotal=true`. */
  total?: number;
}

/** A small team reference embedded in survey and schedule answers. */
export class TeamSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  name!: string;
  city!: string;
  isActive!: boolean;
}

/** Maps a team and its members (with `user` loaded). */
export function toTeamResponse(team: Team, teamMembers: readonly TeamMember[]): TeamResponseDto {
  const members = [...teamMembers].sort((a, b) => Number(b.isLead) - Number(a.isLead) || a.user.fullName.localeCompare(b.user.fullName));
  return {
    id: team.id,
    name: team.name,
    city: team.city,
    state: team.state,
    isActive: team.isActive,
    members: members.map(toTeamMemberResponse),
    createdAt: team.createdAt,
    updatedAt: team.updatedAt,
  };
}

function toTeamMemberResponse(member: TeamMember): TeamMemberResponseDto {
  return {
    userId: member.userId,
    fullName: member.user.fullName,
    email: member.user.email,
    phone: member.user.phone,
    isLead: member.isLead,
    isActive: member.user.isActive,
  };
}

/** Maps a team to the summary embedded in survey and schedule answers. */
export function toTeamSummary(team: Pick<Team, 'id' | 'name' | 'city' | 'isActive'>): TeamSummaryDto {
  return { id: team.id, name: team.name, city: team.city, isActive: team.isActive };
}
