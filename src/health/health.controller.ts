import { Controller, Get } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { ApiProblem } from '../common/problem-responses.decorator.js';
import { FileStorage } from '../documents/storage/file-storage.js';
import { Mailer } from '../events/notifications/mailer.service.js';
import { HealthIndicatorDto, HealthResponseDto } from './dto/health.dto.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly mailer: Mailer,
    private readonly storage: FileStorage,
    private readonly indicators: HealthIndicatorService,
  ) {}

  /**
   * The first combined check, kept for existing callers (probes should use `live` and `ready`):
   * 200 when the database answers, 503 otherwise. `details.notifications`
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

  /**
   * Liveness (issue #18 item 5): 200 while the process's event loop answers; no dependency is
   * checked, so a database outage does not make an orchestrator restart every replica.
   */
  @Get('live')
  @Authenticated({ public: true })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthResponseDto, description: 'The process runs' })
  @ApiProblem(503, 'The server is shutting down')
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Readiness (issue #18 item 5): 200 when the database answers a ping (3 s timeout) and the file
   * storage can be read and written ({@link FileStorage.probe}); 503 problem+json naming the
   * indicator that is down otherwise, so a load balancer stops sending this replica traffic.
   */
  @Get('ready')
  @Authenticated({ public: true })
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  @ApiOkResponse({ type: HealthResponseDto, description: 'The database and the file storage answer' })
  @ApiProblem(503, 'The database or the file storage is down, or the server is shutting down')
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.storageCheck()]);
  }

  private async storageCheck() {
    const indicator = this.indicators.check('storage');
    try {
      await this.storage.probe();
      return indicator.up();
    } catch {
      // The probe's message names the server's path: not for an unauthenticated caller.
      return indicator.down({ message: 'cannot read and write files' });
    }
  }
}
