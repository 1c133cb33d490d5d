import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../common/auth/actor.js';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { VersionEtag } from '../common/http/version-etag.js';
import { type HttpReply, Reply } from '../common/http/http-exchange.js';
import { ApiProblem, ApiProblemResponses } from '../common/problem-responses.decorator.js';
import { CreateLeadDto, EventQueryDto, LeadQueryDto, LeadTransitionDto, UpdateLeadDto } from './dto/lead.dto.js';
import { LeadEventPageDto, LeadPageDto, LeadResponseDto } from './dto/lead-response.dto.js';
import { LeadTimeline } from './lead-timeline.service.js';
import { LeadsService } from './leads.service.js';

// Lower-case so it merges with the parameter the plugin derives from @Headers('if-match').
const IF_MATCH = { name: 'if-match', required: false, description: 'The ETag of the last read (`W/"<version>"`); a stale one answers 412' };
const ETAG = { ETag: { description: 'The lead version as a weak ETag, `W/"<version>"`', schema: { type: 'string' } } };

@ApiTags('leads')
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly timeline: LeadTimeline,
  ) {}

  /**
   * Creates a lead. An OEM creates for itself; Central Ops names `oemId`. Re-sending the same
   * payload with the same `externalRef` answers 200 with the existing lead.
   */
  @Post()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiCreatedResponse({ type: LeadResponseDto, description: 'Created' })
  @ApiOkResponse({ type: LeadResponseDto, description: 'Replay of an earlier identical request' })
  @ApiProblemResponses(400)
  @ApiProblem(409, 'externalRef reused with different data, or a rejected duplicate')
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateLeadDto, @Reply() res: HttpReply): Promise<LeadResponseDto> {
    const { lead, created } = await this.leads.create(actor, dto);
    res.status(created ? 201 : 200);
    return lead;
  }

  /** Lists leads newest first with the DESIGN §6 filters and keyset pagination. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  list(@CurrentActor() actor: Actor, @Query() query: LeadQueryDto): Promise<LeadPageDto> {
    return this.leads.list(actor, query);
  }

  /** One lead; the `ETag` header carries its version. */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @VersionEtag()
  @ApiOkResponse({ type: LeadResponseDto, headers: ETAG })
  @ApiProblem(404, 'No such lead visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LeadResponseDto> {
    return this.leads.get(actor, id);
  }

  /** Corrects lead details or reassigns it; honours `If-Match`. */
  @Patch(':id')
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: LeadResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such lead')
  @ApiProblem(409, 'The lead is closed or cancelled (`LEAD_FINAL`), or, without If-Match, another request changed it meanwhile (`LEAD_CHANGED`)')
  @ApiProblem(412, 'If-Match is stale')
  update(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: UpdateLeadDto, @Headers('if-match') ifMatch?: string): Promise<LeadResponseDto> {
    return this.leads.update(actor, id, dto, ifMatch);
  }

  /** Requests a manual status change (DESIGN §5); `reason` is required for on_hold and cancelled. */
  @Post(':id/transitions')
  @HttpCode(200)
  @Authenticated({ roles: ['admin', 'central_ops'] })
  @VersionEtag()
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: LeadResponseDto, headers: ETAG })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such lead')
  @ApiProblem(409, 'Not allowed from the current status; `allowed` lists the targets')
  @ApiProblem(412, 'If-Match is stale')
  transition(@CurrentActor() actor: Actor, @Param('id') id: string, @Body() dto: LeadTransitionDto, @Headers('if-match') ifMatch?: string): Promise<LeadResponseDto> {
    return this.leads.transition(actor, id, dto, ifMatch);
  }

  /** The lead's timeline, oldest first. */
  @Get(':id/events')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such lead visible to the caller')
  events(@CurrentActor() actor: Actor, @Param('id') id: string, @Query() query: EventQueryDto): Promise<LeadEventPageDto> {
    return this.timeline.listEvents(actor, id, query);
  }
}
