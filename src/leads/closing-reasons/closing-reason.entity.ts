import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Why a lead was cancelled or put on hold (seed 003 `ClosingReason`: reference data seeded on
 * install, editable by admins). Leads name it by `code`, which never changes; a reason is
 * retired by `isActive = false`, never deleted, so old leads keep their code.
 */
@Entity('closing_reasons')
export class ClosingReason {
  @PrimaryGeneratedColumn('increment')
  id!: number;

  /** Stable machine code, lower-case `a-z0-9_`, e.g. `customer_not_interested`. */
  @Index('uq_closing_reasons_code', { unique: true })
  @Column({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  label!: string;

  /** Offered when a lead is cancelled. */
  @Column({ name: 'applies_to_cancelled', type: 'boolean', default: true })
  appliesToCancelled!: boolean;

  /** Offered when a lead is put on hold. */
  @Column({ name: 'applies_to_on_hold', type: 'boolean', default: true })
  appliesToOnHold!: boolean;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
