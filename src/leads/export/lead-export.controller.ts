import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { type Actor, CurrentActor } from '../../common/auth/actor.js';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { LeadExportQueryDto } from './lead-export.dto.js';
import { LeadExportService } from './lead-export.service.js';

/** Registered before LeadsController, so `GET /leads/export` is not read as `GET /leads/{id}`. */
@ApiTags('leads')
@Controller('leads')
export class LeadExportController {
  constructor(private readonly exports: LeadExportService) {}

  /**
   * The leads matching the list filters as CSV (RFC 4180, header row, UTF-8), streamed; an attachment `leads-<date>.csv`.
   * With `bom=true` the file starts with a UTF-8 BOM, for Excel on Windows.
   */
  @Get('export')
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  @ApiProduces('text/csv')
  @ApiOkResponse({ description: 'CSV, one row per lead', content: { 'text/csv': { schema: { type: 'string' } } } })
  @ApiProblemResponses(400)
  export(@CurrentActor() actor: Actor, @Query() query: LeadExportQueryDto): StreamableFile {
    const { bom, ...filter } = query;
    const { stream, fileName } = this.exports.export(actor, filter, { bom: bom === true });
    return new StreamableFile(stream, { type: 'text/csv; charset=utf-8', disposition: `attachment; filename="${fileName}"` });
  }
}
