import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiProblem } from '../common/problem-responses.decorator.js';
import { HealthIndicatorDto, HealthResponseDto } from './dto/health.dto.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /** Liveness and readiness: 200 when the database answers, 503 otherwise. */
  @Get()
  @Authenticated({ public: true })
  // Documented here, not by terminus: the global filter turns its 503 into problem+json.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiExtraModels(HealthIndicatorDto)
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database answers' })
  @ApiProblem(503, 'A dependency is down, or the server is shutting down')
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 })]);
  }
}
