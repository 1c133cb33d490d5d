import { Controller, Get } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Authenticated } from '../common/auth/authenticated.decorator.js';
import { type HttpReply, Reply } from '../common/http/http-exchange.js';
import { HttpMetrics } from './http-metrics.service.js';

/**
 * `GET /metrics`: Prometheus text exposition (format 0.0.4) for a scraper, outside `/api/v1` and
 * without authentication (issue #18 item 5), so not part of the OpenAPI spec. Mounted only while
 * `METRICS_ENABLED` is true; otherwise the path answers 404 like any unknown one.
 */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: HttpMetrics) {}

  /** Every metric of {@link HttpMetrics}, as `text/plain; version=0.0.4`. */
  @Get()
  @Authenticated({ public: true })
  async scrape(@Reply() reply: HttpReply): Promise<string> {
    reply.header('Content-Type', this.metrics.registry.contentType);
    reply.header('Cache-Control', 'no-store');
    return this.metrics.registry.metrics();
  }
}
