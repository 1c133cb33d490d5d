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
import { decimalToNumber } from '../../database/transformers.js';
import { User } from '../../users/entities/user.entity.js';
import { LeadSource } from './lead-source.entity.js';

/** Seed 000 status choices, in workflow order. */
export const LEAD_STATUSES = [
  'new',
  'contacted',
  'documents_pending',
  'documents_received',
  'survey_scheduled',
  'survey_completed',
  'installation_scheduled',
  'installation_completed',
  'closed',
  'cancelled',
  'on_hold',
] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];

/** Final statuses: nothing leaves them (DESIGN §5). */
export const FINAL_LEAD_STATUSES: readonly LeadStatus[] = ['closed', 'cancelled'];

/**
 * An EV-charger installation request shared by an OEM (seed 000 `Lead`), the root of every
 * survey, installation and closure pack. Indexes: the seed's six, (oem, externalRef) unique for
 * idempotent ingestion, (createdAt, id) for keyset paging, and (customerPhone, pincode) for the
 * duplicate check.
 */
@Entity('leads')
@Index('uq_leads_oem_external_ref', ['oemId', 'externalRef'], { unique: true })
@Index('ix_leads_created_at_id', ['createdAt', 'id'])
@Index('ix_leads_phone_pincode', ['customerPhone', 'pincode'])
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'oem_id' })
  oem!: Relation<User>;

  @Index('ix_leads_oem')
  @Column({ name: 'oem_id', type: 'uuid' })
  oemId!: string;

  /** The OEM's own identifier for the lead; unique per OEM. */
  @Column({ name: 'external_ref', type: 'varchar', length: 100, nullable: true })
  externalRef!: string | null;

  @Column({ name: 'customer_name', type: 'varchar', length: 200 })
  customerName!: string;

  /** E.164, e.g. `+919812345678`. */
  @Column({ name: 'customer_phone', type: 'varchar', length: 16 })
  customerPhone!: string;

  @Column({ name: 'customer_email', type: 'varchar', length: 254, nullable: true })
  customerEmail!: string | null;

  @Column({ name: 'address_line1', type: 'varchar', length: 255 })
  addressLine1!: string;

  @Column({ name: 'address_line2', type: 'varchar', length: 255, default: '' })
  addressLine2!: string;

  @Index('ix_leads_city')
  @Column({ type: 'varchar', length: 100 })
  city!: string;

  @Index('ix_leads_state')
  @Column({ type: 'varchar', length: 100 })
  state!: string;

  @Column({ type: 'varchar', length: 10 })
  pincode!: string;

  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true, transformer: decimalToNumber })
  latitude!: number | null;

  @Column({ type: 'decimal', precision: 9, scale: 6, nullable: true, transformer: decimalToNumber })
  longitude!: number | null;

  @ManyToOne(() => LeadSource, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'source_id' })
  source!: Relation<LeadSource>;

  @Column({ name: 'source_id', type: 'int' })
  sourceId!: number;

  @Index('ix_leads_status')
  @Column({ type: 'varchar', length: 30, default: 'new' })
  status!: LeadStatus;

  @Column({ name: 'status_before_hold', type: 'varchar', length: 30, nullable: true })
  statusBeforeHold!: LeadStatus | null;

  /** Why the lead was put on hold or cancelled. */
  @Column({ name: 'closing_reason', type: 'varchar', length: 500, nullable: true })
  closingReason!: string | null;

  @Column({ name: 'charger_model', type: 'varchar', length: 100, nullable: true })
  chargerModel!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id' })
  assignedTo!: Relation<User> | null;

  @Index('ix_leads_assigned_to')
  @Column({ name: 'assigned_to_id', type: 'uuid', nullable: true })
  assignedToId!: string | null;

  @Column({ name: 'intro_call_completed', type: 'boolean', default: false })
  introCallCompleted!: boolean;

  @ManyToOne(() => Lead, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'possible_duplicate_of_id' })
  possibleDuplicateOf!: Relation<Lead> | null;

  @Column({ name: 'possible_duplicate_of_id', type: 'uuid', nullable: true })
  possibleDuplicateOfId!: string | null;

  /** SHA-256 of the normalised creation payload; tells a replay from a conflicting re-use of externalRef. */
  @Column({ name: 'ingest_hash', type: 'varchar', length: 64, nullable: true })
  ingestHash!: string | null;

  @VersionColumn()
  version!: number;

  @Index('ix_leads_created_at')
  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
