import { type DynamicModule, Module } from '@nestjs/common';
import { AuthModule } from './auth/auth.module.js';
import type { AppConfig } from './config/config.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DocumentsModule } from './documents/documents.module.js';
import { SeedService } from './database/seed.service.js';
import { HealthModule } from './health/health.module.js';
import { InstallationsModule } from './installations/installations.module.js';
import { LeadsModule } from './leads/leads.module.js';
import { SurveysModule } from './surveys/surveys.module.js';
import { TeamsModule } from './teams/teams.module.js';
import { UsersModule } from './users/users.module.js';

/** The HTTP application: every feature module behind the global auth guard. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule, AuthModule, UsersModule, LeadsModule, DocumentsModule, TeamsModule, SurveysModule, InstallationsModule, HealthModule],
      providers: [SeedService],
    };
  }
}
