import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { LeadFilterDto } from '../dto/lead.dto.js';
import { FunnelQueryDto, LeadFunnelDto, LeadSummaryDto } from './lead-reports.dto.js';
import { LeadReportsService } from './lead-reports.service.js';

@ApiTags('reports')
@Controller('reports/leads')
export class LeadReportsController {
  constructor(private readonly reports: LeadReportsService) {}

  /** Counts by status, source, state, OEM (staff) and closing reason, overdue leads per stage and the conversion rate, with the lead-list filters. */
  @Get('summary')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  summary(@CurrentActor() actor: Actor, @Query() query: LeadFilterDto): Promise<LeadSummaryDto> {
    return this.reports.summary(actor, query);
  }

  /** For each stage of the path: leads that reached it, conversion from the stage before, median and p90 hours it took; per group. */
  @Get('funnel')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  funnel(@CurrentActor() actor: Actor, @Query() query: FunnelQueryDto): Promise<LeadFunnelDto> {
    return this.reports.funnel(actor, query, query.groupBy);
  }
}
