import type { IncomingMessage } from 'node:http';
import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { RawRequest } from '../../common/http/http-exchange.js';
import { PageQueryDto } from '../../common/page-query.dto.js';
import { ApiProblem, ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { LeadImportAcceptedDto, LeadImportPageDto, LeadImportResponseDto, LeadImportUploadDto } from './lead-import.dto.js';
import { LeadImportsService } from './lead-imports.service.js';

@ApiTags('lead-imports')
@Controller('lead-imports')
export class LeadImportsController {
  constructor(private readonly imports: LeadImportsService) {}

  /** Uploads a CSV of leads; the file is checked at once, the rows are imported in the background (poll `GET /lead-imports/{id}`). */
  @Post()
  @HttpCode(202)
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: LeadImportUploadDto })
  @ApiAcceptedResponse({ type: LeadImportAcceptedDto })
  @ApiProblemResponses(400)
  @ApiProblem(413, 'More rows than IMPORT_MAX_ROWS or bytes than IMPORT_MAX_BYTES')
  create(@CurrentActor() actor: Actor, @RawRequest() req: IncomingMessage): Promise<LeadImportAcceptedDto> {
    return this.imports.receive(actor, req);
  }

  /** Imports, newest first; an OEM sees its own. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblemResponses(400)
  list(@CurrentActor() actor: Actor, @Query() query: PageQueryDto): Promise<LeadImportPageDto> {
    return this.imports.list(actor, query);
  }

  /** An import's status, counters and its first row errors (at most 1,000, within 64 KiB). */
  @Get(':id')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProblem(404, 'No such import visible to the caller')
  get(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<LeadImportResponseDto> {
    return this.imports.get(actor, id);
  }
}
