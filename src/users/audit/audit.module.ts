import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditEvent } from './audit-event.entity.js';
import { AuditEventsController } from './audit-events.controller.js';
import { AuditLogService } from './audit-log.service.js';

/**
 * The audit log of administrative changes, part of the users module (DESIGN §3). Its own module so
 * that teams and leads record events without importing the users' services.
 */
@Module({
  imports: [TypeOrmModule.forFeature([AuditEvent])],
  controllers: [AuditEventsController],
  providers: [AuditLogService],
  exports: [AuditLogService],
})
export class AuditModule {}
