import { type DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { CacheInvalidation } from '../common/cache-invalidation.service.js';
import { Clock } from '../common/clock.service.js';
import type { AppConfig } from './config.js';

/** Injection token for the validated {@link AppConfig}. */
export const APP_CONFIG = Symbol('APP_CONFIG');

/** Injects the validated configuration: `constructor(@InjectConfig() config: AppConfig)`. */
export const InjectConfig = (): ParameterDecorator => Inject(APP_CONFIG);

/** Provides one validated {@link AppConfig}, the {@link Clock} and the replicas' {@link CacheInvalidation} to the whole application (server or CLI). */
@Global()
@Module({})
export class AppConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: AppConfigModule, providers: [{ provide: APP_CONFIG, useValue: config }, Clock, { provide: CacheInvalidation, useFactory: () => new CacheInvalidation(config.redisUrl) }], exports: [APP_CONFIG, Clock, CacheInvalidation] };
  }
}
