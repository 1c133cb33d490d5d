import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { keysetPage, type Page } from '../../common/pagination.js';
import { ValidationProblem } from '../../common/problem.js';
import type { AuditActor } from './audit-actor.js';
import { type AuditAction, AuditEvent, type AuditEntityType, type AuditValue, type AuditValues } from './audit-event.entity.js';
import { type AuditEventQueryDto, type AuditEventResponseDto, toAuditEventResponse } from './dto/audit-event.dto.js';

/** What changed, as a service describes it to {@link AuditLogService.record}. */
export interface AuditChange {
  action: AuditAction;
  entityType: AuditEntityType;
  /** The changed record's id (a lead source's integer id is stored as text). */
  entityId: string | number;
  /** Previous values of the changed fields only; null (or left out) for a creation. Never a secret. */
  before?: AuditValues | null;
  /** New values of the changed fields only; null (or left out) for a removal. Never a secret. */
  after?: AuditValues | null;
}

/** Field values as services hold them: scalars, Dates, or undefined for "not given". */
type FieldValues = Record<string, AuditValue | Date | undefined>;

const plain = (value: AuditValue | Date | undefined): AuditValue => (value instanceof Date ? value.toISOString() : (value ?? null));

/**
 * The fields of `after` whose values differ from `before`, as the `{ before, after }` pair an
 * audit event stores; null when nothing changed. Fields left undefined in `after` are skipped;
 * Dates are compared and stored as ISO strings.
 */
export function changedFields(before: FieldValues, after: FieldValues): { before: AuditValues; after: AuditValues } | null {
  const was: AuditValues = {};
  const now: AuditValues = {};
  for (const [field, value] of Object.entries(after)) {
    if (value === undefined) continue;
    const previous = plain(before[field]);
    const next = plain(value);
    if (previous === next) continue;
    was[field] = previous;
    now[field] = next;
  }
  return Object.keys(now).length ? { before: was, after: now } : null;
}

/**
 * The audit log of administrative changes (issue 11 item 6): users, API keys, teams and their
 * members, lead sources. Services call {@link record} inside the transaction of the change, so an
 * event exists exactly when its change was committed.
 */
@Injectable()
export class AuditLogService {
  constructor(@InjectRepository(AuditEvent) private readonly events: Repository<AuditEvent>) {}

  /**
   * Writes one event with `em`, the change's own transaction. `actor` null is the system (a change
   * made outside the API). Callers pass only changed, non-secret fields: no password or its hash,
   * no API key or its hash, no refresh token.
   */
  async record(em: EntityManager, actor: AuditActor | null, change: AuditChange): Promise<void> {
    const events = em.getRepository(AuditEvent);
    await events.insert(
      events.create({
        occurredAt: new Date(),
        actorId: actor?.userId ?? null,
        actorRole: actor?.role ?? null,
        apiKeyId: actor?.apiKeyId ?? null,
        action: change.action,
        entityType: change.entityType,
        entityId: String(change.entityId),
        before: change.before ?? null,
        after: change.after ?? null,
        requestId: actor?.requestId ?? null,
      }),
    );
  }

  /**
   * `GET /audit-events`: newest first, keyset-paged on (occurredAt, id); filters combine with AND,
   * `from` inclusive and `to` exclusive.
   * @throws 400 INVALID_CURSOR; 400 naming `to` when it is not after `from`
   */
  async list(query: AuditEventQueryDto): Promise<Page<AuditEventResponseDto>> {
    const from = query.from === undefined ? undefined : new Date(query.from);
    const to = query.to === undefined ? undefined : new Date(query.to);
    if (from && to && to <= from) throw new ValidationProblem([{ field: 'to', message: 'to must be after from' }]);
    const qb = this.events.createQueryBuilder('e');
    if (query.actorId) qb.andWhere('e.actorId = :actorId', { actorId: query.actorId });
    if (query.entityType) qb.andWhere('e.entityType = :entityType', { entityType: query.entityType });
    if (query.entityId) qb.andWhere('e.entityId = :entityId', { entityId: query.entityId });
    if (query.action) qb.andWhere('e.action = :action', { action: query.action });
    if (from) qb.andWhere('e.occurredAt >= :from', { from });
    if (to) qb.andWhere('e.occurredAt < :to', { to });
    return keysetPage(qb, query, { alias: 'e', time: 'occurredAt', direction: 'DESC', timeOf: (event) => event.occurredAt }, (events) => events.map(toAuditEventResponse));
  }
}
