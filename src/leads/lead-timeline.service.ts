import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import type { Page, PageQueryDto } from '../common/pagination.js';
import type { ProblemCode } from '../common/problem-codes.js';
import { AppException } from '../common/problem.js';
import { staleVersion } from '../common/optimistic-locking.js';
import { loadActorFacts } from './audience/actor-facts.js';
import { eventLabel, type EventActorFacts, OEM_EVENT_TYPES, type OemTimelineEntry, toOemTimelineEntry } from './audience/oem-audience.js';
import { type LeadEventResponseDto, toLeadEventResponse } from './dto/lead-response.dto.js';
import { LeadEvent } from './entities/lead-event.entity.js';
import { FIRST_ENTRY_COLUMNS, Lead, type LeadStatus } from './entities/lead.entity.js';
import { type LeadEventInput, leadEventInsert } from './lead-event-insert.js';
import { allowedManualTargets, REASON_REQUIRED } from './lead-state-machine.js';
import { LeadsRepository } from './leads.repository.js';
import { FALLBACK_REASON } from './closing-reasons/closing-reasons.service.js';

export type { LeadEventInput } from './lead-event-insert.js';

/**
 * Work another module does when a lead is cancelled, inside the cancelling transaction (DESIGN §5:
 * cancelling a lead cancels its open surveys/installations and frees their bookings).
 */
export type LeadCancelledHook = (em: EntityManager, actor: Actor, leadId: string, reason: string | undefined) => Promise<void>;

/** One automatic step of a lead ({@link LeadTimeline.automaticStep}): from where, to where, and the code of a lost race. */
export interface LeadStep {
  from: LeadStatus;
  to: LeadStatus;
  conflictCode: ProblemCode;
}

/**
 * A lead's timeline and status changes: the part of leads the other modules use (documents,
 * surveys, installations, closure packs), always inside the caller's transaction. It records
 * events, performs the automatic transitions of DESIGN §5 as compare-and-sets, and runs the hooks
 * the job modules register for a cancelled lead, so that leads never imports them (issue #12).
 */
@Injectable()
export class LeadTimeline {
  private readonly cancelledHooks: LeadCancelledHook[] = [];

  constructor(
    @InjectRepository(LeadEvent) private readonly events: Repository<LeadEvent>,
    private readonly leads: LeadsRepository,
  ) {}

  /** Writes one timeline entry with `em` (the caller's transaction); nothing is read back (SQLite would re-SELECT it). */
  async recordEvent(em: EntityManager, actor: Actor, leadId: string, input: LeadEventInput): Promise<void> {
    await leadEventInsert(em, actor, leadId, [input]).execute();
  }

  /**
   * The lead's timeline, oldest first, keyset-paged by event id. An OEM reads it through the
   * audience policy (`audience/oem-audience.ts`): only the entry types it may see (filtered in the
   * query, so pages stay full), their data reduced, staff named by role or team. @throws 404
   */
  async listEvents(actor: Actor, leadId: string, page: PageQueryDto): Promise<Page<LeadEventResponseDto>> {
    const lead = await this.leads.findVisible(actor, leadId);
    const qb = this.events.createQueryBuilder('e').where('e.leadId = :leadId', { leadId });
    if (actor.role === 'oem') qb.andWhere('e.type IN (:...oemTypes)', { oemTypes: OEM_EVENT_TYPES });
    const total = page.withTotal ? await qb.getCount() : undefined;
    if (page.cursor) qb.andWhere('e.id > :after', { after: decodeEventCursor(page.cursor) });
    const rows = await qb.orderBy('e.id', 'ASC').take(page.limit + 1).getMany();
    const more = rows.length > page.limit;
    const data = rows.slice(0, page.limit);
    const actors = await loadActorFacts(this.events.manager, data);
    const oemName = lead.oem?.fullName || 'OEM';
    return {
      data: data.map((event) => {
        const facts = actors.get(event.id) ?? null;
        if (actor.role !== 'oem') return toLeadEventResponse(event, { label: eventLabel(event), actorName: staffActorName(facts, oemName) });
        const entry = toOemTimelineEntry(event, facts, oemName)!; // the query kept only the types it sees
        const { at, detail: _detail, ...shown } = entry;
        // Onto the rest object, not spread into a new one (docs/architecture.md, step 7).
        return Object.assign(shown, { leadId: event.leadId, createdAt: at });
      }),
      nextCursor: more ? Buffer.from(String(data[data.length - 1].id)).toString('base64url') : null,
      ...(total !== undefined && { total }),
    };
  }

  /**
   * The whole timeline of `leadId` as its OEM may read it (the audience policy), oldest first, in
   * `em`'s transaction: what summary.pdf prints, entry for entry what `listEvents` shows the OEM.
   * @param oemName the OEM's display name, naming its own actions
   */
  async oemTimeline(em: EntityManager, leadId: string, oemName: string): Promise<OemTimelineEntry[]> {
    const events = await em.getRepository(LeadEvent).createQueryBuilder('e').where('e.leadId = :leadId AND e.type IN (:...oemTypes)', { leadId, oemTypes: OEM_EVENT_TYPES }).orderBy('e.id', 'ASC').getMany();
    const actors = await loadActorFacts(em, events);
    return events.map((event) => toOemTimelineEntry(event, actors.get(event.id) ?? null, oemName)!);
  }

  /**
   * Moves `lead` from its loaded status to `to` with a compare-and-set and records the event.
   * The manual transitions and the other modules' automatic ones (DESIGN §5) both come here, inside their transaction.
   * With `expectedVersion` (the request's If-Match) the version is part of the compare-and-set too.
   * Moving to `cancelled` also runs the {@link onLeadCancelled} hooks (open surveys are cancelled, slots freed).
   * @throws 409 LEAD_INVALID_TRANSITION when the status changed since `lead` was read;
   *         412 LEAD_PRECONDITION_FAILED when `expectedVersion` is no longer current
   */
  async applyTransition(
    em: EntityManager,
    actor: Actor,
    lead: Lead,
    to: LeadStatus,
    options: { reason?: string; reasonCode?: string; data?: Record<string, unknown>; expectedVersion?: number } = {},
  ): Promise<void> {
    const now = new Date();
    // The SLA clock (leads/sla.ts) restarts with every status change; never before the lead's
    // creation (a replica's clock a little behind the creator's), which the overdue filter relies on.
    const set: Partial<Lead> = { status: to, statusEnteredAt: now < lead.createdAt ? lead.createdAt : now };
    if (to === 'on_hold') set.statusBeforeHold = lead.status;
    if (lead.status === 'on_hold') set.statusBeforeHold = null;
    if (REASON_REQUIRED.includes(to) && (options.reasonCode || options.reason)) {
      set.closingReasonCode = options.reasonCode ?? FALLBACK_REASON;
      set.closingReason = options.reason ?? null;
    }
    if (lead.status === 'on_hold' && to !== 'cancelled') Object.assign(set, { closingReason: null, closingReasonCode: null });
    if (to === 'contacted') set.introCallCompleted = true;
    // The funnel's first entry into the stage: kept when the lead enters it again (e.g. after a step back).
    const firstEntry = FIRST_ENTRY_COLUMNS[to];
    const result = await em
      .createQueryBuilder()
      .update(Lead)
      .set({ ...set, ...(firstEntry && { [firstEntry.property]: () => `COALESCE(${firstEntry.column}, :firstEntryAt)` }), version: () => 'version + 1', updatedAt: now })
      .setParameter('firstEntryAt', now)
      .where(`id = :id AND status = :from${options.expectedVersion === undefined ? '' : ' AND version = :version'}`, {
        id: lead.id,
        from: lead.status,
        version: options.expectedVersion,
      })
      .execute();
    if (result.affected !== 1) {
      const current = await em.getRepository(Lead).findOneOrFail({ where: { id: lead.id }, select: { id: true, status: true, statusBeforeHold: true, version: true } });
      if (options.expectedVersion !== undefined && current.version !== options.expectedVersion) throw staleVersion('lead', current.version);
      throw invalidTransition(current.status, to, allowedManualTargets(current));
    }
    await this.recordEvent(em, actor, lead.id, { type: 'status_changed', fromStatus: lead.status, toStatus: to, data: { ...(options.reasonCode && { reasonCode: options.reasonCode }), ...(options.reason && { reason: options.reason }), ...options.data } });
    if (to === 'cancelled') for (const hook of this.cancelledHooks) await hook(em, actor, lead.id, options.reason);
  }

  /**
   * One automatic step `from → to` of a lead, in the caller's transaction. Back, after the job that
   * moved it forward ended without result: a rejected or cancelled survey returns `survey_scheduled →
   * documents_received` (DESIGN §5); a cancelled installation `installation_scheduled →
   * survey_completed`, which DESIGN §5 does not list but needs, or no installation could be planned
   * again for the lead (README, installations). Forward, once its condition holds: the bill and a
   * location photo on file move `documents_pending → documents_received` (DESIGN §5). A lead on hold
   * from `from` keeps its hold but will resume to `to` (documents completed during a hold are not
   * forgotten); a lead elsewhere (e.g. already cancelled) is left alone.
   * @param data what the timeline event records besides the change (e.g. `{ surveyId }`)
   * @throws 409 `conflictCode` when the lead changed while the request ran
   */
  async automaticStep(em: EntityManager, actor: Actor, lead: Lead, step: LeadStep, data: Record<string, unknown>): Promise<void> {
    if (lead.status === step.from) {
      await this.applyTransition(em, actor, lead, step.to, { data });
    } else if (lead.status === 'on_hold' && lead.statusBeforeHold === step.from) {
      const result = await em
        .createQueryBuilder()
        .update(Lead)
        .set({ statusBeforeHold: step.to, version: () => 'version + 1', updatedAt: new Date() })
        .where('id = :id AND status = :status AND status_before_hold = :before', { id: lead.id, status: 'on_hold', before: step.from })
        .execute();
      if (result.affected !== 1) throw new AppException(409, step.conflictCode, 'The lead changed while this request ran; reload and retry');
      await this.recordEvent(em, actor, lead.id, { type: 'updated', data: { fields: ['statusBeforeHold'], statusBeforeHold: step.to, ...data } });
    }
  }

  /** Registers work to run in the same transaction whenever a lead is cancelled (see {@link LeadCancelledHook}). */
  onLeadCancelled(hook: LeadCancelledHook): void {
    this.cancelledHooks.push(hook);
  }
}

/** Who acted, for staff readers: the person's name, the OEM's API, or "ChargeOps" for a system action. */
function staffActorName(actor: EventActorFacts, oemName: string): string {
  if (!actor) return 'ChargeOps';
  return actor.kind === 'api_key' ? `${oemName} (API)` : actor.fullName;
}

/** 409 LEAD_INVALID_TRANSITION naming the statuses a manual transition may reach from `from`. */
export function invalidTransition(from: LeadStatus, to: LeadStatus, allowed: readonly LeadStatus[]): AppException {
  return new AppException(409, 'LEAD_INVALID_TRANSITION', `A lead in ${from} cannot move to ${to}; allowed: ${allowed.join(', ') || 'none'}`, { from, to, allowed });
}

function decodeEventCursor(cursor: string): number {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const id = Number(raw);
  // Event ids are positive 32-bit integers (SERIAL): anything else is no cursor of ours ('' would read as 0).
  if (!/^\d{1,10}$/.test(raw) || id > 2_147_483_647) {
    throw new AppException(400, 'INVALID_CURSOR', 'cursor is not a cursor this API returned', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
  }
  return id;
}
