import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClosingReason } from '../leads/closing-reasons/closing-reason.entity.js';
import { ClosingReasonsService } from '../leads/closing-reasons/closing-reasons.service.js';
import { LeadEvent } from '../leads/entities/lead-event.entity.js';
import { LeadSource } from '../leads/entities/lead-source.entity.js';
import { Lead } from '../leads/entities/lead.entity.js';
import { LeadExportService } from '../leads/export/lead-export.service.js';
import { LeadImport } from '../leads/imports/lead-import.entity.js';
import { LeadImportsService } from '../leads/imports/lead-imports.service.js';
import { LeadImportWriter } from '../leads/imports/lead-import-writer.js';
import { LeadJobSummaries } from '../leads/lead-job-summaries.service.js';
import { LeadSourcesService } from '../leads/lead-sources.service.js';
import { LeadTimeline } from '../leads/lead-timeline.service.js';
import { LeadsRepository } from '../leads/leads.repository.js';
import { LeadsService } from '../leads/leads.service.js';
import { LeadReportsService } from '../leads/reports/lead-reports.service.js';
import { LeadTag } from '../leads/tags/lead-tag.entity.js';
import { LeadTagsService } from '../leads/tags/lead-tags.service.js';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { AuditModule } from '../users/audit/audit.module.js';
import { User } from '../users/entities/user.entity.js';

/**
 * The lead services the report, export and import commands run on: the server's own classes, without
 * its controllers and start-up work (source seeding, failing interrupted imports: a CLI run must not
 * touch a running server's imports).
 */
@Module({
  imports: [TypeOrmModule.forFeature([Lead, LeadSource, LeadEvent, User, ClosingReason, LeadTag, LeadImport]), ReferenceDataModule, AuditModule],
  providers: [LeadsService, LeadsRepository, LeadTimeline, LeadJobSummaries, LeadSourcesService, ClosingReasonsService, LeadTagsService, LeadReportsService, LeadExportService, LeadImportsService, LeadImportWriter],
  exports: [LeadsService, LeadReportsService, LeadExportService, LeadImportsService],
})
export class LeadCommandsModule {}
