import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { AuditModule } from '../users/audit/audit.module.js';
import { User } from '../users/entities/user.entity.js';
import { LeadEvent } from './entities/lead-event.entity.js';
import { LeadSource } from './entities/lead-source.entity.js';
import { Lead } from './entities/lead.entity.js';
import { LeadJobSummaries } from './lead-job-summaries.service.js';
import { LeadSourceSeedService } from './lead-source-seed.service.js';
import { LeadSourcesController } from './lead-sources.controller.js';
import { LeadSourcesService } from './lead-sources.service.js';
import { LeadTimeline } from './lead-timeline.service.js';
import { LeadsController } from './leads.controller.js';
import { LeadsRepository } from './leads.repository.js';
import { LeadsService } from './leads.service.js';
import { ClosingReason } from './closing-reasons/closing-reason.entity.js';
import { ClosingReasonsController } from './closing-reasons/closing-reasons.controller.js';
import { ClosingReasonsService } from './closing-reasons/closing-reasons.service.js';
import { LeadTag } from './tags/lead-tag.entity.js';
import { LeadReportsController } from './reports/lead-reports.controller.js';
import { LeadExportController } from './export/lead-export.controller.js';
import { LeadExportService } from './export/lead-export.service.js';
import { LeadImport } from './imports/lead-import.entity.js';
import { LeadImportsController } from './imports/lead-imports.controller.js';
import { LeadImportRecovery, LeadImportsService } from './imports/lead-imports.service.js';
import { LeadImportWriter } from './imports/lead-import-writer.js';
import { LeadReportsService } from './reports/lead-reports.service.js';
import { LeadTagsController } from './tags/lead-tags.controller.js';
import { LeadTagsService } from './tags/lead-tags.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Lead, LeadSource, LeadEvent, User, ClosingReason, LeadTag, LeadImport]), ReferenceDataModule, AuditModule],
  controllers: [LeadExportController, LeadsController, LeadSourcesController, ClosingReasonsController, LeadTagsController, LeadReportsController, LeadImportsController],
  providers: [LeadsService, LeadsRepository, LeadTimeline, LeadJobSummaries, LeadSourcesService, LeadSourceSeedService, ClosingReasonsService, LeadTagsService, LeadReportsService, LeadExportService, LeadImportsService, LeadImportWriter, LeadImportRecovery],
  // What the job and document modules use: visible leads, the timeline, and the registration points.
  exports: [LeadsService, LeadsRepository, LeadTimeline, LeadJobSummaries, LeadTagsService, LeadReportsService, LeadExportService, LeadImportsService],
})
export class LeadsModule {}
