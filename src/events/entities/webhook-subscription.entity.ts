import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation, UpdateDateColumn } from 'typeorm';
import { User } from '../../users/entities/user.entity.js';

/**
 * An OEM's webhook endpoint (issue #15, item 2): the URL, the event types it receives, and the
 * Standard Webhooks signing secret (`whsec_…`). The secret is kept as given out: the server must
 * sign with it, so it cannot be hashed; it is shown once, on creation and rotation. A rotation keeps
 * the secret it replaces for a while (`previousSecret`), never shown, so that deliveries carry a
 * second signature the receiver can still verify until it has deployed the new one.
 */
@Entity('webhook_subscriptions')
export class WebhookSubscription {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('ix_webhook_subscriptions_oem')
  @ManyToOne(() => User, { nullable: false, onDelete: 'CASCADE' })
  @JoinColumn({ name: 'oem_id' })
  oem!: Relation<User>;

  @Column({ name: 'oem_id', type: 'uuid' })
  oemId!: string;

  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** Event types it receives, e.g. `["lead.created","lead.status_changed"]`. */
  @Column({ type: 'simple-json' })
  events!: string[];

  @Column({ type: 'varchar', length: 500, nullable: true })
  description!: string | null;

  @Column({ name: 'is_active', type: 'boolean', default: true })
  isActive!: boolean;

  /** Why the server disabled it (`gone`: the receiver answered 410; `failing`: no success for WEBHOOK_DISABLE_AFTER_SECONDS); null when active or paused by its owner. */
  @Column({ name: 'disabled_reason', type: 'varchar', length: 20, nullable: true })
  disabledReason!: string | null;

  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  /** The secret the last rotation replaced; deliveries are signed with it too until `previousSecretExpiresAt`. Never shown. */
  @Column({ name: 'previous_secret', type: 'varchar', length: 100, nullable: true })
  previousSecret!: string | null;

  /** When `previousSecret` stops signing (24 h after the rotation, `PREVIOUS_SECRET_TTL_MS`); null before any rotation. */
  @Column({ name: 'previous_secret_expires_at', type: Date, nullable: true })
  previousSecretExpiresAt!: Date | null;

  /** When the first failure since the last success happened; null while it succeeds. */
  @Column({ name: 'failing_since', type: Date, nullable: true })
  failingSince!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at' })
  updatedAt!: Date;
}
