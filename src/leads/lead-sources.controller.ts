import { Body, Controller, Get, Param, ParseIntPipe, Patch, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../auth/actor.js';
import { Authenticated } from '../auth/authenticated.decorator.js';
import { ProblemDetailsDto } from '../common/problem.dto.js';
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

  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiConflictResponse({ description: 'Name already taken', type: ProblemDetailsDto })
  create(@Body() dto: CreateLeadSourceDto): Promise<LeadSourceResponseDto> {
    return this.sources.create(dto);
  }

  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiNotFoundResponse({ description: 'No such source', type: ProblemDetailsDto })
  @ApiConflictResponse({ description: 'Name already taken', type: ProblemDetailsDto })
  update(@Param('id', ParseIntPipe) id: number, @Body() dto: UpdateLeadSourceDto): Promise<LeadSourceResponseDto> {
    return this.sources.update(id, dto);
  }
}
