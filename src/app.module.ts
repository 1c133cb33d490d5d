import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/config.js';
import { AppConfigModule } from './config/app-config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { EventsModule } from './events/events.module.js';
import { HealthModule } from './health/health.module.js';
import { InstallationsModule } from './installations/installations.module.js';
import { LeadsModule } from './leads/leads.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { UsersModule } from './users/users.module.js';

/**
 * The HTTP application: every feature module behind the global auth guard. The request's log
 * context is an AsyncLocalStorage the request logger enters (src/common/logger.ts), not a Nest
 * module: nestjs-cls's ClsModule registered a global guard and interceptor even when unmounted,
 * which put every route through Nest's RxJS interceptor pipeline (bench/README.md, session 12).
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [AppConfigModule.forRoot(config), DatabaseModule, AuthModule, UsersModule, LeadsModule, DocumentsModule, TeamsModule, SurveysModule, InstallationsModule, EventsModule, HealthModule, MetricsModule.forRoot(config)],
    };
  }
}
