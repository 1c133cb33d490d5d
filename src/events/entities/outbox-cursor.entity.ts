import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How far the outbox dispatcher has read the lead timeline (`lead_events.id`), kept in the
 * database so a restart resumes where it stopped. On PostgreSQL event ids are allocated before
 * commit, so a lower id can become visible after a higher one: the dispatcher reads only up to a
 * bound it has seen settle (`pending*`, see OutboxDispatcher).
 */
@Entity('outbox_cursors')
export class OutboxCursor {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  name!: string;

  /** Every event with an id up to this one has been fanned out. */
  @Column({ name: 'last_event_id', type: 'integer', default: 0 })
  lastEventId!: number;

  /** The largest event id seen at {@link pendingXmax}'s snapshot; safe to read up to once that snapshot's transactions ended. */
  @Column({ name: 'pending_max_id', type: 'integer', nullable: true })
  pendingMaxId!: number | null;

  /** PostgreSQL: `pg_snapshot_xmax` of that snapshot, as text (xid8). */
  @Column({ name: 'pending_xmax', type: 'varchar', length: 30, nullable: true })
  pendingXmax!: string | null;

  @Column({ name: 'pending_since', type: Date, nullable: true })
  pendingSince!: Date | null;
}
