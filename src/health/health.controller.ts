import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiProblem } from '../common/problem-responses.decorator.js';
import { Mailer } from '../events/notifications/mailer.service.js';
import { HealthIndicatorDto, HealthResponseDto } from './dto/health.dto.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly mailer: Mailer,
  ) {}

  /**
   * Liveness and readiness: 200 when the database answers, 503 otherwise. `details.notifications`
   * says whether SMTP is configured and how many staff e-mails this process skipped without it
   * (always up: a missing SMTP server does not stop the service).
   */
  @Get()
  @Authenticated({ public: true })
  // Documented here, not by terminus: the global filter turns its 503 into problem+json.
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiExtraModels(HealthIndicatorDto)
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database answers' })
  @ApiProblem(503, 'A dependency is down, or the server is shutting down')
  check(): Promise<HealthCheckResult> {
    return this.health.check([
      () => this.db.pingCheck('database', { timeout: 3000 }),
      () => ({ notifications: { status: 'up', smtpConfigured: this.mailer.enabled, skippedEmails: this.mailer.skipped } }),
    ]);
  }
}
