import type { EntityManager, InsertQueryBuilder } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import type { Actor } from '../common/auth/actor.js';
import { LeadEvent, type LeadEventType } from './entities/lead-event.entity.js';
import type { LeadStatus } from './entities/lead.entity.js';

/** A timeline entry to write in the same transaction as the change it records. */
export interface LeadEventInput {
  type: LeadEventType;
  fromStatus?: LeadStatus | null;
  toStatus?: LeadStatus | null;
  data?: Record<string, unknown> | null;
}

/**
 * The INSERT of `inputs` as timeline entries of one lead, stamped now, by `actor`. Its own file so
 * that both the timeline and the repository (which folds it into the lead's INSERT on PostgreSQL)
 * build it without importing each other.
 */
export function leadEventInsert(em: EntityManager, actor: Actor, leadId: string, inputs: LeadEventInput[]): InsertQueryBuilder<LeadEvent> {
  const createdAt = new Date();
  return em
    .createQueryBuilder()
    .insert()
    .into(LeadEvent)
    .updateEntity(false)
    // The JSON column's type is wider than TypeORM's insert typing allows for an object.
    .values(inputs.map((input) => leadEventRow(actor, leadId, input, createdAt)) as QueryDeepPartialEntity<LeadEvent>[]);
}

/** The row of one timeline entry of `leadId` by `actor` at `createdAt` (its id left to the database). */
export function leadEventRow(actor: Actor, leadId: string, input: LeadEventInput, createdAt: Date): LeadEvent {
  return Object.assign(new LeadEvent(), {
    leadId,
    type: input.type,
    fromStatus: input.fromStatus ?? null,
    toStatus: input.toStatus ?? null,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    data: (input.data ?? null) as LeadEvent['data'],
    createdAt,
  });
}
