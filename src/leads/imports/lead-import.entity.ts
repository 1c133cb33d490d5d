import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

export const LEAD_IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export type LeadImportStatus = (typeof LEAD_IMPORT_STATUSES)[number];

/** One rejected row of an import: its 1-based data row number (the header is row 0), the field, a problem code and a message. */
export interface LeadImportError {
  row: number;
  field: string | null;
  code: string;
  message: string;
}

/**
 * A bulk import of leads from a CSV file (issue 14 item 5) and its progress. Each row becomes a lead
 * through `LeadsService.create` in its own transaction; the counters and the first
 * {@link MAX_IMPORT_ERRORS} errors (at most {@link MAX_IMPORT_ERRORS_BYTES} of JSON) are saved as the rows go. Scoped like leads: an OEM sees the
 * imports made for it (`oemId`).
 */
@Entity('lead_imports')
@Index('ix_lead_imports_oem_created_at_id', ['oemId', 'createdAt', 'id'])
@Index('ix_lead_imports_created_at_id', ['createdAt', 'id'])
export class LeadImport {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The OEM every row is imported for; null when Central Ops named the OEM per row (an `oemId` column). */
  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'oem_id' })
  oem!: Relation<User> | null;

  @Column({ name: 'oem_id', type: 'uuid', nullable: true })
  oemId!: string | null;

  @ManyToOne(() => User, { nullable: true, onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by_id' })
  createdBy!: Relation<User> | null;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById!: string | null;

  /** The source given as a form field (a `sourceId` column overrides it per row). */
  @Column({ name: 'source_id', type: 'int', nullable: true })
  sourceId!: number | null;

  @Column({ name: 'file_name', type: 'varchar', length: 255 })
  fileName!: string;

  @Column({ type: 'varchar', length: 20 })
  status!: LeadImportStatus;

  @Column({ name: 'rows_total', type: 'int', default: 0 })
  rowsTotal!: number;

  /** Rows handled so far (created, replayed, duplicate or rejected). */
  @Column({ name: 'rows_processed', type: 'int', default: 0 })
  rowsProcessed!: number;

  @Column({ name: 'rows_created', type: 'int', default: 0 })
  rowsCreated!: number;

  @Column({ name: 'rows_replayed', type: 'int', default: 0 })
  rowsReplayed!: number;

  @Column({ name: 'rows_duplicate', type: 'int', default: 0 })
  rowsDuplicate!: number;

  @Column({ name: 'rows_rejected', type: 'int', default: 0 })
  rowsRejected!: number;

  @Column({ type: 'simple-json' })
  errors!: LeadImportError[];

  /** Why a failed import stopped (e.g. the server restarted while it ran). */
  @Column({ name: 'failure', type: 'varchar', length: 500, nullable: true })
  failure!: string | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  /** The import's heartbeat while it runs: set with each batch's counters (LeadImportsService), read by LeadImportRecovery. */
  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;

  @Column({ name: 'finished_at', type: Date, nullable: true })
  finishedAt!: Date | null;
}

/** How many row errors an import keeps (issue 14: "the first 1,000 errors"); the rest are only counted. */
export const MAX_IMPORT_ERRORS = 1000;

/**
 * The most bytes the kept errors may take as stored (JSON, UTF-8): MariaDB's `errors` column is a
 * TEXT (migrations/mysql Initial), 65,535 bytes, and strict mode refuses a longer value, which
 * failed the whole import. PostgreSQL's and SQLite's text hold more; the same cap keeps the
 * answer alike on all three. Errors past it are only counted, as past {@link MAX_IMPORT_ERRORS}.
 */
export const MAX_IMPORT_ERRORS_BYTES = 65_535;
