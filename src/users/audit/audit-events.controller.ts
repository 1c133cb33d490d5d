import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { AuditLogService } from './audit-log.service.js';
import { AuditEventPageDto, AuditEventQueryDto } from './dto/audit-event.dto.js';

/**
 * `/audit-events`: the log of administrative changes (issue 11 item 6), for admins. Listed under the
 * `users` tag: the log is part of the users module (DESIGN §3).
 */
@ApiTags('users')
@Controller('audit-events')
@Authenticated({ roles: ['admin'] })
export class AuditEventsController {
  constructor(private readonly audit: AuditLogService) {}

  /** Lists administrative changes, newest first, filtered by actor, entity, action and time. */
  @Get()
  @ApiProblemResponses(400)
  list(@Query() query: AuditEventQueryDto): Promise<AuditEventPageDto> {
    return this.audit.list(query);
  }
}
