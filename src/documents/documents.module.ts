import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadsModule } from '../leads/leads.module.js';
import { DocumentsController } from './documents.controller.js';
import { DocumentsService } from './documents.service.js';
import { LeadDocument } from './entities/lead-document.entity.js';
import { StorageSweepScheduler } from './storage/storage-sweeper.service.js';
import { StorageModule } from './storage/storage.module.js';

/** Lead documents (`/leads/{id}/documents`) and, in the server, the periodic storage sweep. */
@Module({
  imports: [TypeOrmModule.forFeature([LeadDocument]), LeadsModule, StorageModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, StorageSweepScheduler],
})
export class DocumentsModule {}
