import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { jobMediaController } from '../documents/media/job-media.controller.js';
import { StorageModule } from '../documents/storage/storage.module.js';
import { LeadsModule } from '../leads/leads.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { SurveyMedia } from './entities/survey-media.entity.js';
import { SurveyAssignment } from './entities/survey-assignment.entity.js';
import { SurveyReport } from './entities/survey-report.entity.js';
import { Survey } from './entities/survey.entity.js';
import { SurveyMediaService } from './survey-media.service.js';
import { LeadSurveysController, SurveysController } from './surveys.controller.js';
import { SurveysService } from './surveys.service.js';

const SurveyMediaController = jobMediaController({ job: 'survey', service: SurveyMediaService, uploadStatuses: 'in progress or submitted', name: 'SurveyMediaController' });

/** Site surveys: scheduling, assignments, the lifecycle, the report and media (DESIGN §4–5); files go through the documents storage. */
@Module({
  imports: [TypeOrmModule.forFeature([Survey, SurveyAssignment, SurveyReport, SurveyMedia]), LeadsModule, TeamsModule, StorageModule],
  controllers: [LeadSurveysController, SurveysController, SurveyMediaController],
  providers: [SurveysService, SurveyMediaService],
  exports: [SurveysService],
})
export class SurveysModule {}
