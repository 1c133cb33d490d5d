import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '../users/audit/audit.module.js';
import { User } from '../users/entities/user.entity.js';
import { LeadEvent } from './entities/lead-event.entity.js';
import { LeadSource } from './entities/lead-source.entity.js';
import { Lead } from './entities/lead.entity.js';
import { Pincode } from './entities/pincode.entity.js';
import { LeadSourcesController } from './lead-sources.controller.js';
import { LeadSourcesService } from './lead-sources.service.js';
import { LeadJobSummaries } from './lead-job-summaries.js';
import { LeadTimeline } from './lead-timeline.service.js';
import { LeadsController } from './leads.controller.js';
import { LeadsRepository } from './leads.repository.js';
import { LeadsService } from './leads.service.js';
import { PincodeDirectory } from './pincode-directory.service.js';
import { PincodeImporter } from './pincode-importer.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([Lead, LeadSource, LeadEvent, Pincode, User]), AuditModule],
  controllers: [LeadsController, LeadSourcesController],
  providers: [LeadsService, LeadsRepository, LeadTimeline, LeadJobSummaries, LeadSourcesService, PincodeDirectory, PincodeImporter],
  // What the job and document modules use: visible leads, the timeline, and the registration points.
  exports: [LeadsService, LeadsRepository, LeadTimeline, LeadJobSummaries, PincodeDirectory, PincodeImporter],
})
export class LeadsModule {}
