import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jobMediaController } from '../documents/media/job-media.controller.js';
import { StorageModule } from '../documents/storage/storage.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { ClosurePackSigning } from './closure-pack/closure-pack-signing.js';
import { ClosurePacksController, ClosurePackVerificationController } from './closure-packs.controller.js';
import { ClosurePacksService } from './closure-packs.service.js';
import { ClosurePack } from './entities/closure-pack.entity.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { InstallationMedia } from './entities/installation-media.entity.js';
import { InstallationReport } from './entities/installation-report.entity.js';
import { Installation } from './entities/installation.entity.js';
import { InstallationMediaService } from './installation-media.service.js';
import { InstallationsController, SurveyInstallationController } from './installations.controller.js';
import { InstallationReportsService } from './installation-reports.service.js';
import { InstallationsService } from './installations.service.js';

const InstallationMediaController = jobMediaController({
  job: 'installation',
  service: InstallationMediaService,
  uploadStatuses: 'in progress or completed',
  name: 'InstallationMediaController',
});

/**
 * Installations planned from approved surveys (DESIGN §4–5): creation, bookings, assignments, the
 * lifecycle, the report with the customer's signature, media and the closure pack; files go
 * through the documents storage.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([Installation, InstallationAssignment, InstallationReport, InstallationMedia, ClosurePack]),
    LeadsModule,
    SurveysModule,
    TeamsModule,
    StorageModule,
  ],
  controllers: [SurveyInstallationController, InstallationsController, InstallationMediaController, ClosurePacksController, ClosurePackVerificationController],
  providers: [InstallationsService, InstallationReportsService, InstallationMediaService, ClosurePacksService, ClosurePackSigning],
  exports: [InstallationsService],
})
export class InstallationsModule {}
