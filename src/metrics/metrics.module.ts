import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from '../config/config.js';
import { HttpMetrics } from './http-metrics.service.js';
import { MetricsController } from './metrics.controller.js';

/**
 * Prometheus metrics of the HTTP server (issue #18 item 5): {@link HttpMetrics} and the
 * `GET /metrics` route. With `METRICS_ENABLED=false` the module is empty: no route, no hook.
 */
@Module({})
export class MetricsModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.metricsEnabled) return { module: MetricsModule };
    return { module: MetricsModule, providers: [HttpMetrics], controllers: [MetricsController] };
  }
}
