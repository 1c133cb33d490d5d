import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const DELIVERY_CHANNELS = ['webhook', 'email'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];
/** `pending` until sent; `delivered`; `failed` after the last attempt (or 410); `skipped`: an e-mail with no SMTP configured. */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One message to send (issue #15, item 1): a webhook call to one subscription or one e-mail. Made
 * from the lead timeline by the outbox dispatcher (the timeline is the outbox: it is written in
 * the change's transaction), claimed and sent by the delivery worker of any server process.
 * The id is the Standard Webhooks `webhook-id` (`msg_<id>`), the same on every retry.
 */
@Entity('outbox_deliveries')
// The worker's claim: due pending rows, oldest first.
@Index('ix_outbox_deliveries_due', ['status', 'nextAttemptAt'])
// Per-lead order: "is an earlier delivery of this lead to this subscription still pending?"
@Index('ix_outbox_deliveries_order', ['subscriptionId', 'leadId', 'seq'], { where: "status = 'pending'" })
@Index('ix_outbox_deliveries_subscription', ['subscriptionId', 'createdAt', 'id'])
export class OutboxDelivery {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'varchar', length: 10 })
  channel!: DeliveryChannel;

  /** The webhook subscription; null for e-mail. No foreign key: a deleted subscription's history goes with it (see WebhookSubscriptionsService.remove). */
  @Column({ name: 'subscription_id', type: 'uuid', nullable: true })
  subscriptionId!: string | null;

  /** The lead the event is about (ordering key); null for `webhook.test` and subscription notices. */
  @Column({ name: 'lead_id', type: 'uuid', nullable: true })
  leadId!: string | null;

  /** The timeline entry it was made from (`lead_events.id`); null when not made from the timeline. */
  @Column({ name: 'event_id', type: 'integer', nullable: true })
  eventId!: number | null;

  /** Order within a lead: `event_id * 8 + n` for the n-th message of one entry. */
  @Column({ type: 'bigint', default: 0, transformer: { to: (v: number) => v, from: (v: string | number) => Number(v) } })
  seq!: number;

  /** Makes fan-out idempotent: `wh:<subscription>:<event>:<type>` or `mail:<event>:<kind>:<to>`. */
  @Index('uq_outbox_deliveries_dedupe', { unique: true })
  @Column({ name: 'dedupe_key', type: 'varchar', length: 200 })
  dedupeKey!: string;

  /** Webhook event type (`lead.created`) or e-mail kind (`mail.new_lead`). */
  @Column({ name: 'event_type', type: 'varchar', length: 60 })
  eventType!: string;

  /** Webhook: the JSON body `{type,timestamp,data}`; e-mail: `{to,subject,text}`. Fixed at fan-out so every retry sends the same bytes. */
  @Column({ type: 'simple-json' })
  payload!: Record<string, unknown>;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status!: DeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: Date })
  nextAttemptAt!: Date;

  /** A worker's lease: until then no other worker claims it (a crashed worker's claim expires). */
  @Column({ name: 'claimed_until', type: Date, nullable: true })
  claimedUntil!: Date | null;

  @Column({ name: 'claim_token', type: 'varchar', length: 36, nullable: true })
  claimToken!: string | null;

  @Column({ name: 'last_attempt_at', type: Date, nullable: true })
  lastAttemptAt!: Date | null;

  @Column({ name: 'last_response_code', type: 'integer', nullable: true })
  lastResponseCode!: number | null;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError!: string | null;

  @Column({ name: 'delivered_at', type: Date, nullable: true })
  deliveredAt!: Date | null;

  @CreateDateColumn({ name: 'created_at' })
  createdAt!: Date;
}
