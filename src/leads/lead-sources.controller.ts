import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ParseSerialIdPipe } from '../common/parse-serial-id.pipe.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { type AuditActor, CurrentAuditActor } from '../users/audit/audit-actor.js';
import { CreateLeadSourceDto, LeadSourceResponseDto, UpdateLeadSourceDto } from './dto/lead-source.dto.js';
import { LeadSourcesService } from './lead-sources.service.js';

@ApiTags('lead-sources')
@Controller('lead-sources')
export class LeadSourcesController {
  constructor(private readonly sources: LeadSourcesService) {}

  /** Every source for staff; an OEM sees its own and the shared ones. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  list(@CurrentActor() actor: Actor): Promise<LeadSourceResponseDto[]> {
    return this.sources.list(actor);
  }

  /** Creates a lead source, shared or owned by one OEM. */
  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiProblemResponses(400)
  @ApiProblem(409, 'Name already taken')
  create(@CurrentAuditActor() actor: AuditActor, @Body() dto: CreateLeadSourceDto): Promise<LeadSourceResponseDto> {
    return this.sources.create(dto, actor);
  }

  /** Renames a source, changes its type, or attaches it to (or detaches it from) an OEM. */
  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such source')
  @ApiProblem(409, 'Name already taken (`LEAD_SOURCE_NAME_TAKEN`), or a change to the default source\'s name, type or OEM (`LEAD_SOURCE_DEFAULT`)')
  update(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseSerialIdPipe) id: number, @Body() dto: UpdateLeadSourceDto): Promise<LeadSourceResponseDto> {
    return this.sources.update(id, dto, actor);
  }
}
