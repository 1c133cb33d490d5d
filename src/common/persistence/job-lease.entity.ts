import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Which process may run a scheduled job (the storage sweep, retention) until when: one row per job,
 * claimed with a conditional UPDATE (see {@link JobLeases}), so two replicas never run the same
 * job at once whatever the database.
 */
@Entity('job_leases')
export class JobLease {
  @PrimaryColumn({ type: 'varchar', length: 60 })
  name!: string;

  /** The holding process (`host:pid:random`). */
  @Column({ type: 'varchar', length: 120 })
  holder!: string;

  /** Until then no other process claims the job; a holder that died is replaced once it passes. */
  @Column({ name: 'expires_at', type: Date })
  expiresAt!: Date;
}
