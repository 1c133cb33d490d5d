import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { AuditModule } from '../users/audit/audit.module.js';
import { JobKinds } from './assignments/job-kinds.service.js';
import { BookingsService } from './bookings.service.js';
import { TeamBooking } from './entities/team-booking.entity.js';
import { TeamMember } from './entities/team-member.entity.js';
import { Team } from './entities/team.entity.js';
import { TeamsController } from './teams.controller.js';
import { TeamsService } from './teams.service.js';

/**
 * Field teams, their members and the slot calendar (DESIGN §4); surveys and installations book
 * through {@link BookingsService} and register their job kind with {@link JobKinds}.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Team, TeamMember, TeamBooking]), ReferenceDataModule, AuditModule],
  controllers: [TeamsController],
  providers: [TeamsService, BookingsService, JobKinds],
  exports: [TeamsService, BookingsService, JobKinds],
})
export class TeamsModule {}
