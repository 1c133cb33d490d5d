import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { ApiProblem, ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { LeadResponseDto } from '../dto/lead-response.dto.js';
import { LeadsService } from '../leads.service.js';
import { SetLeadTagsDto, TagCountDto } from './lead-tags.dto.js';
import { LeadTagsService } from './lead-tags.service.js';

@ApiTags('tags')
@Controller()
export class LeadTagsController {
  constructor(
    private readonly tags: LeadTagsService,
    private readonly leads: LeadsService,
  ) {}

  /** Replaces the lead's tags (Central Ops); answers the lead. */
  @Put('leads/:id/tags')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such lead')
  async replace(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: SetLeadTagsDto): Promise<LeadResponseDto> {
    await this.tags.replace(actor, id, dto.tags);
    return this.leads.get(actor, id);
  }

  /** The tags in use on the leads the caller may see, most used first. */
  @Get('tags')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  inUse(@CurrentActor() actor: Actor): Promise<TagCountDto[]> {
    return this.tags.inUse(actor);
  }
}
