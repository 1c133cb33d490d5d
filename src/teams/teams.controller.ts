import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { type AuditActor, CurrentAuditActor } from '../users/audit/audit-actor.js';
import { ScheduleQueryDto, TeamScheduleDto } from './dto/schedule.dto.js';
import { AddTeamMemberDto, CreateTeamDto, TeamQueryDto, UpdateTeamDto } from './dto/team.dto.js';
import { TeamPageDto, TeamResponseDto } from './dto/team-response.dto.js';
import { TeamsService } from './teams.service.js';


/** `/teams`: teams, members and the schedule (DESIGN §4); admin and Central Ops write, technicians read their own. */
@ApiTags('teams')
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  /** Creates an active field team. */
  @Post()
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiProblemResponses(400)
  @ApiProblem(409, 'A team with this name exists')
  create(@CurrentAuditActor() actor: AuditActor, @Body() dto: CreateTeamDto): Promise<TeamResponseDto> {
    return this.teams.create(actor, dto);
  }

  /** Lists teams, newest first; a field technician sees only its own teams. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiProblemResponses(400)
  list(@CurrentActor() actor: Actor, @Query() query: TeamQueryDto): Promise<TeamPageDto> {
    return this.teams.list(actor, query);
  }

  /** One team with its members. */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such team visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TeamResponseDto> {
    return this.teams.get(actor, id);
  }

  /** Renames, moves, deactivates (`isActive: false`) or reactivates a team. */
  @Patch(':id')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such team')
  @ApiProblem(409, 'Name taken, or deactivating a team assigned to open surveys')
  update(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: UpdateTeamDto): Promise<TeamResponseDto> {
    return this.teams.update(actor, id, dto);
  }

  /** Adds a field technician to the team (or changes whether it leads the team); answers the team. */
  @Post(':id/members')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such team')
  addMember(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseUUIDPipe) id: string, @Body() dto: AddTeamMemberDto): Promise<TeamResponseDto> {
    return this.teams.addMember(actor, id, dto);
  }

  /** Removes a member from the team. */
  @Delete(':id/members/:userId')
  @HttpCode(204)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such team, or the user is not a member')
  removeMember(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<void> {
    return this.teams.removeMember(actor, id, userId);
  }

  /** The team's slots from `from` to `to` (IST calendar dates), each free or with the job holding it. */
  @Get(':id/schedule')
  @Authenticated({ roles: ['admin', 'central_ops', 'field_technician'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such team visible to the caller')
  schedule(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: ScheduleQueryDto): Promise<TeamScheduleDto> {
    return this.teams.schedule(actor, id, query);
  }
}
