import { type DynamicModule, Module, type Provider } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminPasswordReset } from '../auth/admin-password-reset.service.js';
import { LoginThrottler } from '../auth/throttling/login-throttler.service.js';
import type { AppConfig } from '../config/config.js';
import { AppConfigModule } from '../config/app-config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { StorageModule } from '../documents/storage/storage.module.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { AuditEvent } from '../users/audit/audit-event.entity.js';
import { AuditLogService } from '../users/audit/audit-log.service.js';
import { CLI_OUTPUT } from './cli-io.js';
import { DemoCommand } from './demo.command.js';
import { ImportPincodesCommand } from './import-pincodes.command.js';
import { ResetAdminPasswordCommand } from './reset-admin-password.command.js';
import { SweepStorageCommand } from './sweep-storage.command.js';
import { RetentionCommand } from './retention.command.js';
import { RetentionService } from '../events/retention/retention.service.js';
import { LeadCommandsModule } from './lead-commands.module.js';
import { ExportLeadsCommand, ImportLeadsCommand, LeadConversionReportCommand, LeadsStatsCommand } from './lead-commands.js';

/** Commands that never touch the database (the demo talks to a running server over HTTP only). */
export const COMMANDS_WITHOUT_DATABASE: readonly string[] = ['demo'];

/** What the CLI application is built with. */
export interface CliModuleOptions {
  /**
   * Open the database (migrations run on start, as in the server) and register the commands that
   * need it. Default true; `cli.ts` turns it off for {@link COMMANDS_WITHOUT_DATABASE}.
   */
  database?: boolean;
}

/**
 * The CLI application (`node dist/cli.js <command>`): the same validated {@link AppConfig} and data
 * layer as the server, but no HTTP server, no auth guard and no start-up seeding.
 */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig, options: CliModuleOptions = {}): DynamicModule {
    const database = options.database ?? true;
    const output: Provider = { provide: CLI_OUTPUT, useValue: process.stdout };
    return {
      module: CliModule,
      imports: [AppConfigModule.forRoot(config), ...(database ? [DatabaseModule, ReferenceDataModule, StorageModule, TypeOrmModule.forFeature([AuditEvent]), LeadCommandsModule] : [])],
      providers: [output, DemoCommand, ...(database ? [ImportPincodesCommand, SweepStorageCommand, RetentionCommand, RetentionService, ResetAdminPasswordCommand, AdminPasswordReset, LoginThrottler, AuditLogService, LeadsStatsCommand, LeadConversionReportCommand, ExportLeadsCommand, ImportLeadsCommand] : [])],
    };
  }
}
