import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { ApiKey } from '../../users/entities/api-key.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { Lead, type LeadStatus } from './lead.entity.js';

export const LEAD_EVENT_TYPES = ['created', 'status_changed', 'assigned', 'updated', 'duplicate_flagged', 'note', 'document_uploaded', 'document_deleted'] as const;
/** DESIGN §4 LeadEvent types; later modules add `survey_*`, `installation_*`. */
export type LeadEventType = (typeof LEAD_EVENT_TYPES)[number] | (string & {});

/** One entry of a lead's timeline, written in the same transaction as the change it records (DESIGN §4). */
@Entity('lead_events')
@Index('ix_lead_events_lead_id', ['leadId', 'id'])
// The funnel (leads/reports) reads each lead's status changes by lead and target status, from the index alone.
@Index('ix_lead_events_status_changes', ['leadId', 'toStatus', 'createdAt'], { where: "type = 'status_changed'" })
export class LeadEvent {
  /** Increasing, so a timeline reads in the order its events were written. */
  @PrimaryGeneratedColumn('increment')
  id!: number;

  @ManyToOne(() => Lead, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'lead_id' })
  lead!: Relation<Lead>;

  @Column({ name: 'lead_id', type: 'uuid' })
  leadId!: string;

  @Column({ type: 'varchar', length: 40 })
  type!: LeadEventType;

  @Column({ name: 'from_status', type: 'varchar', length: 30, nullable: true })
  fromStatus!: LeadStatus | null;

  @Column({ name: 'to_status', type: 'varchar', length: 30, nullable: true })
  toStatus!: LeadStatus | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_user_id' })
  actorUser!: Relation<User> | null;

  @Column({ name: 'actor_user_id', type: 'uuid', nullable: true })
  actorUserId!: string | null;

  @ManyToOne(() => ApiKey, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'actor_api_key_id' })
  actorApiKey!: Relation<ApiKey> | null;

  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true })
  actorApiKeyId!: string | null;

  @Column({ type: 'simple-json', nullable: true })
  data!: Record<string, unknown> | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
