import type { EntityManager, InsertQueryBuilder } from 'typeorm';
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
  return leadEventsInsert(em, actor, inputs.map((input) => ({ leadId, input })));
}

/** One INSERT of timeline entries of several leads (the bulk import), stamped now, by `actor`. */
export function leadEventsInsert(em: EntityManager, actor: Actor, entries: Array<{ leadId: string; input: LeadEventInput }>): InsertQueryBuilder<LeadEvent> {
  const createdAt = new Date();
  return em
    .createQueryBuilder()
    .insert()
    .into(LeadEvent)
    .updateEntity(false)
    .values(
      entries.map(({ leadId, input }) => ({
        leadId,
        type: input.type,
        fromStatus: input.fromStatus ?? null,
        toStatus: input.toStatus ?? null,
        actorUserId: actor.userId,
        actorApiKeyId: actor.apiKeyId,
        data: (input.data ?? null) as LeadEvent['data'] & object,
        createdAt,
      })),
    );
}
