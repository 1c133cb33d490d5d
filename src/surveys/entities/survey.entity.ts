import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  type Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { Lead } from '../../leads/entities/lead.entity.js';
import type { SurveyStatus } from '../../teams/assignments/job-statuses.js';
import type { TimeSlot } from '../../teams/time-slots.js';
import { User } from '../../users/entities/user.entity.js';


/**
 * A site survey of a lead by a field team (DESIGN §4 Survey, §5 workflow). Every status change is
 * a compare-and-set on `version`, so concurrent actions on one survey cannot both win.
 * Indexes: the seed's (status, scheduled date, lead, created by), the date one as
 * (scheduledDate, scheduledTimeSlot, id), the order `GET /surveys` pages in.
 */
@Entity('surveys')
@Index('ix_surveys_schedule', ['scheduledDate', 'scheduledTimeSlot', 'id'])
export class Survey {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human-readable, `SRV-<year>-<6-digit sequence>` (year in IST); unique. */
  @Index('uq_surveys_survey_id', { unique: true })
  @Column({ name: 'survey_id', type: 'varchar', length: 20 })
  surveyId!: string;

  @ManyToOne(() => Lead, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead!: Relation<Lead>;

  @Index('ix_surveys_lead')
  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  /** Calendar date in India, `YYYY-MM-DD`. */
  @Column({ name: 'scheduled_date', type: 'varchar', length: 10 })
  scheduledDate!: string;

  @Column({ name: 'scheduled_time_slot', type: 'varchar', length: 5 })
  scheduledTimeSlot!: TimeSlot;

  @Index('ix_surveys_status')
  @Column({ type: 'varchar', length: 20, default: 'scheduled' })
  status!: SurveyStatus;

  /** Why the survey was rejected or cancelled. */
  @Column({ name: 'closing_reason', type: 'varchar', length: 500, nullable: true })
  closingReason!: string | null;

  /** The Central Ops user who scheduled it. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy!: Relation<User>;

  @Index('ix_surveys_created_by')
  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
