import { type DynamicModule, Module } from '@nestjs/common';
import { ClsModule } from 'nestjs-cls';
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
 * The HTTP application: every feature module behind the global auth guard. The request context
 * (nestjs-cls) is entered by the request logger (src/common/logger.ts) before any other
 * middleware, so ClsModule mounts no middleware of its own.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ClsModule.forRoot({ global: true, middleware: { mount: false } }), AppConfigModule.forRoot(config), DatabaseModule, AuthModule, UsersModule, LeadsModule, DocumentsModule, TeamsModule, SurveysModule, InstallationsModule, EventsModule, HealthModule, MetricsModule.forRoot(config)],
    };
  }
}
