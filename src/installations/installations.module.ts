import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LeadsModule } from '../leads/leads.module.js';
import { SurveysModule } from '../surveys/surveys.module.js';
import { TeamsModule } from '../teams/teams.module.js';
import { InstallationAssignment } from './entities/installation-assignment.entity.js';
import { Installation } from './entities/installation.entity.js';
import { InstallationsController, SurveyInstallationController } from './installations.controller.js';
import { InstallationsService } from './installations.service.js';

/** Installations planned from approved surveys (DESIGN §4–5): creation, bookings, assignments and the lead's auto-transition. */
@Module({
  imports: [TypeOrmModule.forFeature([Installation, InstallationAssignment]), LeadsModule, SurveysModule, TeamsModule],
  controllers: [SurveyInstallationController, InstallationsController],
  providers: [InstallationsService],
  exports: [InstallationsService],
})
export class InstallationsModule {}
