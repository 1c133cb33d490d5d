import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { Role } from '../../common/auth/roles.js';

/**
 * What the audit log records (issue 11 item 6). Stable names: clients filter on them. A role change
 * is not listed because no route changes a user's role.
 */
export const AUDIT_ACTIONS = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.password_reset',
  'user.password_changed',
  'api_key.issued',
  'api_key.revoked',
  'team.created',
  'team.updated',
  'team.member_added',
  'team.member_updated',
  'team.member_removed',
  'lead_source.created',
  'lead_source.updated',
  'closing_reason.created',
  'closing_reason.updated',
  'webhook_subscription.created',
  'webhook_subscription.updated',
  'webhook_subscription.deleted',
  'webhook_subscription.secret_rotated',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of record an audit event is about. */
export const AUDIT_ENTITY_TYPES = ['user', 'api_key', 'team', 'team_member', 'lead_source', 'closing_reason', 'webhook_subscription'] as const;
export type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

/** A recorded value: scalars only (dates as ISO strings). */
export type AuditValue = string | number | boolean | null;

/** Changed fields and their values (before or after the change); never a secret. */
export type AuditValues = Record<string, AuditValue>;

/**
 * One administrative change (DESIGN §3 "audit of admin changes"), written in the transaction of the
 * change by {@link AuditLogService}. Rows are never updated. No foreign keys: the log outlives
 * whatever it names, and a change made outside the API has no actor.
 */
@Entity('audit_events')
@Index('ix_audit_events_occurred', ['occurredAt', 'id'])
@Index('ix_audit_events_actor', ['actorId', 'occurredAt'])
// entity_id first: it serves `entityId` alone ("everything about this team") as well as with entityType.
@Index('ix_audit_events_entity', ['entityId', 'entityType', 'occurredAt'])
export class AuditEvent {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Set in code: millisecond precision on both databases (SQLite's CURRENT_TIMESTAMP has whole seconds). */
  @Column({ name: 'occurred_at', type: Date })
  occurredAt!: Date;

  /** The user who made the change; null for a change made outside the API (the system). */
  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId!: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 20, nullable: true })
  actorRole!: Role | null;

  /** Set when the change was made with an OEM API key. */
  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  @Column({ type: 'varchar', length: 40 })
  action!: AuditAction;

  @Column({ name: 'entity_type', type: 'varchar', length: 20 })
  entityType!: AuditEntityType;

  /** The changed record's id as text (uuids, and lead sources' integer ids). */
  @Column({ name: 'entity_id', type: 'varchar', length: 64 })
  entityId!: string;

  /** The changed fields' previous values; null for a creation. */
  @Column({ type: 'simple-json', nullable: true })
  before!: AuditValues | null;

  /** The changed fields' new values; null for a removal. */
  @Column({ type: 'simple-json', nullable: true })
  after!: AuditValues | null;

  /** The `X-Request-Id` of the request that made the change; null outside a request. */
  @Column({ name: 'request_id', type: 'varchar', length: 128, nullable: true })
  requestId!: string | null;
}
