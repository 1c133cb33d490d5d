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
import { decimalToNumber } from '../../common/persistence/transformers.js';
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
 * survey, installation and closure pack.
 *
 * Indexes serve the DESIGN §6 list: every equality filter has a (filter, createdAt, id) index, so
 * a page is read in the list's order (createdAt DESC, id DESC) straight from the index and a
 * cursor is a range on it, whatever the table's size (bench/plans.mjs checks the plans at 1M
 * leads). They replace the seed's single-column indexes on oem, status, city, state, assignedTo
 * and createdAt, which they cover as prefixes. Also: (externalRef, oem) unique for idempotent
 * ingestion and `q` on externalRef, (createdAt, id) for the unfiltered list and date ranges,
 * (customerPhone, pincode, createdAt) for the duplicate check (createdAt is its ORDER BY: without
 * it SQLite's planner prefers (oem, createdAt, id) and walks every lead of the OEM) and `q` on
 * phone, customerEmail for `q` on email, and on PostgreSQL a pg_trgm GIN index on
 * lower(customerName) for `q`'s substring match (made by migration; TypeORM cannot describe it,
 * hence `synchronize: false`).
 *
 * Issue 14: (updatedAt, id) and (oem, updatedAt, id) for `updatedFrom` (changes since a sync, paged
 * on (updatedAt, id)); (status, statusEnteredAt) for `overdue` (one range per status, see
 * `leads/sla.ts`).
 */
@Entity('leads')
@Index('uq_leads_external_ref_oem', ['externalRef', 'oemId'], { unique: true })
@Index('ix_leads_created_at_id', ['createdAt', 'id'])
@Index('ix_leads_phone_pincode_created_at', ['customerPhone', 'pincode', 'createdAt'])
@Index('ix_leads_oem_created_at_id', ['oemId', 'createdAt', 'id'])
@Index('ix_leads_status_created_at_id', ['status', 'createdAt', 'id'])
@Index('ix_leads_state_created_at_id', ['state', 'createdAt', 'id'])
@Index('ix_leads_city_created_at_id', ['city', 'createdAt', 'id'])
@Index('ix_leads_pincode_created_at_id', ['pincode', 'createdAt', 'id'])
@Index('ix_leads_source_created_at_id', ['sourceId', 'createdAt', 'id'])
@Index('ix_leads_assigned_to_created_at_id', ['assignedToId', 'createdAt', 'id'])
@Index('ix_leads_customer_email', ['customerEmail'])
@Index('ix_leads_updated_at_id', ['updatedAt', 'id'])
@Index('ix_leads_oem_updated_at_id', ['oemId', 'updatedAt', 'id'])
@Index('ix_leads_status_entered_at', ['status', 'statusEnteredAt'])
export class Lead {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @ManyToOne(() => User, { nullable: false, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'oem_id' })
  oem!: Relation<User>;

  @Column({ name: 'oem_id', type: 'uuid' })
  oemId!: string;

  /** The OEM's own identifier for the lead; unique per OEM. */
  @Column({ name: 'external_ref', type: 'varchar', length: 100, nullable: true })
  externalRef!: string | null;

  /** PostgreSQL: GIN (lower(customer_name) gin_trgm_ops), created by migration (see the class comment). */
  @Index('ix_leads_customer_name_trgm', { synchronize: false })
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

  @Column({ type: 'varchar', length: 100 })
  city!: string;

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

  @Column({ type: 'varchar', length: 30, default: 'new' })
  status!: LeadStatus;

  @Column({ name: 'status_before_hold', type: 'varchar', length: 30, nullable: true })
  statusBeforeHold!: LeadStatus | null;

  /** The note on why the lead was put on hold or cancelled (free text; `closingReasonCode` says which reason). */
  @Column({ name: 'closing_reason', type: 'varchar', length: 500, nullable: true })
  closingReason!: string | null;

  /** The code of the closing reason (reference data `closing_reasons.code`) of the last hold or cancellation. */
  @Column({ name: 'closing_reason_code', type: 'varchar', length: 40, nullable: true })
  closingReasonCode!: string | null;

  /**
   * When the lead entered its current status: creation, then every status change. The SLA clock
   * (leads/sla.ts) runs from it. Null only for rows written before issue 14 that the migration
   * could not date (it fills it from the last `status_changed` event, else `created_at`).
   */
  @Column({ name: 'status_entered_at', type: Date, nullable: true })
  statusEnteredAt!: Date | null;

  /*
   * When the lead first entered each stage of the funnel path after `new` (FIRST_ENTRY_COLUMNS;
   * `new` is createdAt): set once, by the status change into the stage (LeadTimeline.applyTransition),
   * so the funnel (leads/reports) reads one row per lead instead of joining the timeline (issue 14
   * figures in bench/README.md). Filled from the timeline for older rows by the migration.
   * Optional here: a new lead leaves them to the database's NULL. Not selected with the lead
   * (`select: false`): only the funnel reads them, and parsing seven more dates per row cost the
   * list and the export (a profile of the export: 9 % of its CPU in postgres-date).
   */
  @Column({ name: 'first_contacted_at', type: Date, nullable: true, select: false })
  firstContactedAt?: Date | null;

  @Column({ name: 'first_documents_received_at', type: Date, nullable: true, select: false })
  firstDocumentsReceivedAt?: Date | null;

  @Column({ name: 'first_survey_scheduled_at', type: Date, nullable: true, select: false })
  firstSurveyScheduledAt?: Date | null;

  @Column({ name: 'first_survey_completed_at', type: Date, nullable: true, select: false })
  firstSurveyCompletedAt?: Date | null;

  @Column({ name: 'first_installation_scheduled_at', type: Date, nullable: true, select: false })
  firstInstallationScheduledAt?: Date | null;

  @Column({ name: 'first_installation_completed_at', type: Date, nullable: true, select: false })
  firstInstallationCompletedAt?: Date | null;

  @Column({ name: 'first_closed_at', type: Date, nullable: true, select: false })
  firstClosedAt?: Date | null;

  @Column({ name: 'charger_model', type: 'varchar', length: 100, nullable: true })
  chargerModel!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'assigned_to_id' })
  assignedTo!: Relation<User> | null;

  @Column({ name: 'assigned_to_id', type: 'uuid', nullable: true })
  assignedToId!: string | null;

  @Column({ name: 'intro_call_completed', type: 'boolean', default: false })
  introCallCompleted!: boolean;

  @ManyToOne(() => Lead, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'possible_duplicate_of_id' })
  possibleDuplicateOf!: Relation<Lead> | null;

  /**
   * Indexed (only the few non-null rows) for the foreign key: deleting a lead makes the database
   * find the leads flagged as its duplicates (ON DELETE SET NULL), a scan of every lead without it
   * (~0.3 s per deleted lead at 1M leads on PostgreSQL).
   */
  @Index('ix_leads_possible_duplicate_of', { where: '"possible_duplicate_of_id" IS NOT NULL' })
  @Column({ name: 'possible_duplicate_of_id', type: 'uuid', nullable: true })
  possibleDuplicateOfId!: string | null;

  /** SHA-256 of the normalised creation payload; tells a replay from a conflicting re-use of externalRef. */
  @Column({ name: 'ingest_hash', type: 'varchar', length: 64, nullable: true })
  ingestHash!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}

/**
 * The column holding a lead's first entry into each funnel stage after `new` (the seed's path,
 * leads/reports/funnel-math.ts `FUNNEL_STAGES`), by stage: property and SQL column name.
 */
export const FIRST_ENTRY_COLUMNS: Readonly<Partial<Record<LeadStatus, { property: keyof Lead; column: string }>>> = {
  contacted: { property: 'firstContactedAt', column: 'first_contacted_at' },
  documents_received: { property: 'firstDocumentsReceivedAt', column: 'first_documents_received_at' },
  survey_scheduled: { property: 'firstSurveyScheduledAt', column: 'first_survey_scheduled_at' },
  survey_completed: { property: 'firstSurveyCompletedAt', column: 'first_survey_completed_at' },
  installation_scheduled: { property: 'firstInstallationScheduledAt', column: 'first_installation_scheduled_at' },
  installation_completed: { property: 'firstInstallationCompletedAt', column: 'first_installation_completed_at' },
  closed: { property: 'firstClosedAt', column: 'first_closed_at' },
};
