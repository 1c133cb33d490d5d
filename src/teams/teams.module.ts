import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ReferenceDataModule } from '../reference-data/reference-data.module.js';
import { AuditModule } from '../users/audit/audit.module.js';
import { BookingsService } from './bookings.service.js';
import { TeamBooking } from './entities/team-booking.entity.js';
import { TeamMember } from './entities/team-member.entity.js';
import { Team } from './entities/team.entity.js';
import { TeamsController } from './teams.controller.js';
import { TeamsService } from './teams.service.js';

/** Field teams, their members and the slot calendar (DESIGN §4); surveys and installations book through {@link BookingsService}. */
@Module({
  imports: [TypeOrmModule.forFeature([Team, TeamMember, TeamBooking]), ReferenceDataModule, AuditModule],
  controllers: [TeamsController],
  providers: [TeamsService, BookingsService],
  exports: [TeamsService, BookingsService],
})
export class TeamsModule {}
