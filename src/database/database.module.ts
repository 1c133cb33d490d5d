import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { APP_CONFIG } from '../config/app-config.module.js';
import { createDataSource, dataSourceOptions } from './data-source-options.js';
import { JobLeases } from '../common/persistence/job-leases.service.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';

/**
 * The one TypeORM connection of the app (SQLite or PostgreSQL per `DATABASE_URL`). Pending
 * migrations run when the module starts (`migrationsRun`), before any route is served. Also gives
 * every module the {@link TransactionRunner} and the scheduled jobs' {@link JobLeases}.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database), migrationsRun: true }),
      dataSourceFactory: (options) => createDataSource(options as DataSourceOptions).initialize(),
    }),
  ],
  providers: [TransactionRunner, JobLeases],
  exports: [TransactionRunner, JobLeases],
})
export class DatabaseModule {}
