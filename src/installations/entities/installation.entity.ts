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
import { Survey } from '../../surveys/entities/survey.entity.js';
import type { InstallationStatus } from '../../teams/assignments/job-statuses.js';
import type { TimeSlot } from '../../teams/time-slots.js';
import { User } from '../../users/entities/user.entity.js';

/**
 * A charger installation planned from an approved survey (seed 001 Installation, DESIGN §4): one
 * per survey besides cancelled ones (a unique `survey_id` over the others settles concurrent creations). Every change is a
 * compare-and-set on `version`. Indexes: the seed's status, scheduled date, lead and created by.
 */
@Entity('installations')
export class Installation {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Human-readable, `INS-<year>-<6-digit sequence>` (year in IST); unique. */
  @Index('uq_installations_installation_id', { unique: true })
  @Column({ name: 'installation_id', type: 'varchar', length: 20 })
  installationId!: string;

  /** The approved survey it was planned from (one installation per survey, cancelled ones aside). */
  @ManyToOne(() => Survey, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'survey_id' })
  survey!: Relation<Survey>;

  @Index('uq_installations_survey_open', { unique: true, where: `"status" <> 'cancelled'` })
  @Column({ name: 'survey_id', type: 'uuid' })
  surveyId!: string;

  @ManyToOne(() => Lead, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'lead_id' })
  lead!: Relation<Lead>;

  @Index('ix_installations_lead')
  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  /** Calendar date in India, `YYYY-MM-DD`. */
  @Index('ix_installations_scheduled_date')
  @Column({ name: 'scheduled_date', type: 'varchar', length: 10 })
  scheduledDate!: string;

  @Column({ name: 'scheduled_time_slot', type: 'varchar', length: 5 })
  scheduledTimeSlot!: TimeSlot;

  @Index('ix_installations_status')
  @Column({ type: 'varchar', length: 20, default: 'planned' })
  status!: InstallationStatus;

  /** All materials allocated and confirmed. */
  @Column({ name: 'material_ready', type: 'boolean', default: false })
  materialReady!: boolean;

  /** Pre-installation confirmation received from the customer. */
  @Column({ name: 'customer_confirmed', type: 'boolean', default: false })
  customerConfirmed!: boolean;

  /** Charger demo given to the customer. */
  @Column({ name: 'demo_completed', type: 'boolean', default: false })
  demoCompleted!: boolean;

  /** Why it was cancelled. */
  @Column({ name: 'closing_reason', type: 'varchar', length: 500, nullable: true })
  closingReason!: string | null;

  /** The Central Ops user who planned it. */
  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy!: Relation<User>;

  @Index('ix_installations_created_by')
  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById!: string;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
