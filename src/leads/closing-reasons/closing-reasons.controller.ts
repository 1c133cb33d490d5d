import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../../common/auth/authenticated.decorator.js';
import { ParseSerialIdPipe } from '../../common/parse-serial-id.pipe.js';
import { ApiProblem, ApiProblemResponses } from '../../common/problem-responses.decorator.js';
import { type AuditActor, CurrentAuditActor } from '../../users/audit/audit-actor.js';
import { ClosingReasonResponseDto, CreateClosingReasonDto, UpdateClosingReasonDto } from './closing-reason.dto.js';
import { ClosingReasonsService } from './closing-reasons.service.js';

@ApiTags('closing-reasons')
@Controller('closing-reasons')
export class ClosingReasonsController {
  constructor(private readonly reasons: ClosingReasonsService) {}

  /** Every closing reason, retired ones included (`isActive: false`), active first. */
  @Get()
  @Authenticated({ roles: ['admin', 'central_ops', 'oem'] })
  list(): Promise<ClosingReasonResponseDto[]> {
    return this.reasons.list();
  }

  /** Adds a closing reason. */
  @Post()
  @Authenticated({ roles: ['admin'] })
  @ApiProblemResponses(400)
  @ApiProblem(409, 'Code already taken')
  create(@CurrentAuditActor() actor: AuditActor, @Body() dto: CreateClosingReasonDto): Promise<ClosingReasonResponseDto> {
    return this.reasons.create(dto, actor);
  }

  /** Relabels a reason, changes the statuses it applies to, or retires it (`isActive: false`). */
  @Patch(':id')
  @Authenticated({ roles: ['admin'] })
  @ApiProblemResponses(400)
  @ApiProblem(404, 'No such closing reason')
  @ApiProblem(409, 'Retiring `other`, or narrowing its statuses (`CLOSING_REASON_FALLBACK`)')
  update(@CurrentAuditActor() actor: AuditActor, @Param('id', ParseSerialIdPipe) id: number, @Body() dto: UpdateClosingReasonDto): Promise<ClosingReasonResponseDto> {
    return this.reasons.update(id, dto, actor);
  }
}
