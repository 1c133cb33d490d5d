import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, type ObjectLiteral, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import type { TimeSlot } from '../time-slots.js';
import { Team } from './team.entity.js';

/**
 * One taken slot of a team's calendar (DESIGN §4 TeamBooking). The unique index on
 * (team, date, timeSlot) is what forbids double-booking: every way of taking a slot inserts or
 * moves a row here in the same transaction as the change, so of two concurrent requests for one
 * slot the database lets exactly one through. Leaving a slot deletes the row.
 *
 * A booking belongs to one job: a survey or an installation (each reference unique, so a job
 * holds at most one slot). The job relations name their entity by string: teams/ does not import
 * surveys/ or installations/ (issue #12); the foreign keys are the same.
 */
@Entity('team_bookings')
@Index('uq_team_bookings_slot', ['teamId', 'date', 'timeSlot'], { unique: true })
export class TeamBooking {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => Team, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'team_id' })
  team!: Relation<Team>;

  @Column({ name: 'team_id', type: 'uuid' })
  teamId!: string;

  /** Calendar date in India, `YYYY-MM-DD`. */
  @Column({ type: 'varchar', length: 10 })
  date!: string;

  @Column({ name: 'time_slot', type: 'varchar', length: 5 })
  timeSlot!: TimeSlot;

  @ManyToOne('Survey', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey!: ObjectLiteral | null;

  @Index('uq_team_bookings_survey', { unique: true })
  @Column({ name: 'survey_id', type: 'uuid', nullable: true })
  surveyId!: string | null;

  @ManyToOne('Installation', { nullable: true, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'installation_id' })
  installation!: ObjectLiteral | null;

  @Index('uq_team_bookings_installation', { unique: true })
  @Column({ name: 'installation_id', type: 'uuid', nullable: true })
  installationId!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
