import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { type KeysetOrder, keysetPageOf, type Page } from '../common/pagination.js';
import { Clock } from '../common/clock.service.js';
import { AppException, ValidationProblem } from '../common/problem.js';
import { changedMeanwhile, parseIfMatch, staleVersion } from '../common/optimistic-locking.js';
import { isUniqueViolation, TransactionRunner, type WritePlan } from '../common/persistence/transaction-runner.service.js';
import type { CreateLeadDto, LeadFilterDto, LeadQueryDto, LeadTransitionDto, UpdateLeadDto } from './dto/lead.dto.js';
import { ClosingReasonsService, FALLBACK_REASON } from './closing-reasons/closing-reasons.service.js';
import { type SlaHours, slaHoursOf, slaOf } from './sla.js';
import { LeadTagsService } from './tags/lead-tags.service.js';
import { type LeadResponseDto, toLeadResponse } from './dto/lead-response.dto.js';
import { FINAL_LEAD_STATUSES, Lead } from './entities/lead.entity.js';
import { creationEvents, ingestHashOf, newLead, type PreparedCreation } from './lead-creation.js';
import type { LeadJobView } from './dto/lead-job-summary.dto.js';
import { LeadJobSummaries } from './lead-job-summaries.service.js';
import { allowedManualTargets, REASON_REQUIRED } from './lead-state-machine.js';
import { LeadSourcesService, sourceNotAllowed } from './lead-sources.service.js';
import { invalidTransition, LeadTimeline } from './lead-timeline.service.js';
import { isPlanStable, LeadsRepository, type StoredCoordinates } from './leads.repository.js';
import { decimalToNumber } from '../common/persistence/transformers.js';
import type { Dialect } from '../common/persistence/dialect.js';
import { PincodeDirectory, sameState } from '../reference-data/pincode-directory.service.js';

/**
 * The keyset order of a lead list (and of the export): newest first on (createdAt, id), or with
 * `updatedFrom` oldest change first on (updatedAt, id). `boundTime`: both databases then start the
 * index range at the cursor (bench/plans.mjs).
 * @param preparedOn the dialect when the page runs as a prepared statement (isPlanStable): its
 *   cursor is then hidden from the planner (`unseenCursor`), as the page's plan does not depend on it
 */
export function leadListOrder<T extends Pick<Lead, 'createdAt' | 'updatedAt'> & { id: string }>(query: LeadFilterDto, preparedOn?: Dialect): KeysetOrder<T> {
  const unseenCursor = preparedOn && { dialect: preparedOn, time: 'timestamp', id: 'uuid' };
  return query.updatedFrom
    ? { alias: 'lead', time: 'updatedAt', direction: 'ASC', timeOf: (lead: T) => lead.updatedAt, boundTime: true, unseenCursor }
    : { alias: 'lead', time: 'createdAt', direction: 'DESC', timeOf: (lead: T) => lead.createdAt, boundTime: true, unseenCursor };
}

/** The result of `POST /leads`: `created` is false when an identical payload was replayed. */
/** What creation found or wrote: the lead an earlier ingestion of the same externalRef created, or the new one. */
type CreationOutcome = { existing: { id: string; ingestHash: string | null } } | { existing?: undefined; lead: Lead };

export interface CreateLeadResult {
  lead: LeadResponseDto;
  created: boolean;
}

/**
 * Leads' use cases: ingestion, listing, editing and manual transitions (DESIGN §4–6, seed 000).
 * The SQL lives in {@link LeadsRepository}, the timeline and the status changes other modules
 * make in {@link LeadTimeline}. Every read and write is scoped to what the actor may see (OEMs:
 * their own leads, else 404).
 */
@Injectable()
export class LeadsService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly repository: LeadsRepository,
    private readonly timeline: LeadTimeline,
    private readonly jobs: LeadJobSummaries,
    private readonly tx: TransactionRunner,
    private readonly directory: PincodeDirectory,
    private readonly sources: LeadSourcesService,
    private readonly tags: LeadTagsService,
    private readonly closingReasons: ClosingReasonsService,
    private readonly clock: Clock,
  ) {
    // Checked at start-up: a bad stage name in SLA_HOURS stops the server with a ConfigError.
    this.slaHours = slaHoursOf(config.slaHours);
  }

  /** The stage SLA targets in force (`SLA_HOURS` over the defaults). */
  readonly slaHours: SlaHours;

  /** The SLA clock's now: the application clock, which tests move instead of waiting. */
  now(): Date {
    return new Date(this.clock.now());
  }

  /**
   * Creates a lead, or returns the existing one when the OEM re-sends the same `externalRef` with
   * the same payload. Writes the lead, its `created` event and any `assigned`/`duplicate_flagged`
   * events in one transaction.
   * @throws 400 on an unknown pincode, a state that does not match it, a missing/forbidden oemId or a bad sourceId;
   *         409 LEAD_EXTERNAL_REF_CONFLICT when the externalRef exists with another payload;
   *         409 LEAD_DUPLICATE when `LEAD_DUPLICATE_CHECK=reject` finds an open lead with the same phone and pincode
   */
  async create(actor: Actor, dto: CreateLeadDto): Promise<CreateLeadResult> {
    const prepared = await this.prepareCreation(actor, dto);
    const { oemId, ingestHash, address, sourceId } = prepared;
    try {
      // One INSERT on PostgreSQL (insertLead), so no BEGIN/COMMIT there (issue #6).
      const plan = async (em: EntityManager): Promise<WritePlan<CreationOutcome, StoredCoordinates>> => {
        const context = await this.repository.creationContext(em, oemId, sourceId, dto);
        if (context.existing) return { done: { existing: context.existing } };
        if (!context.source) {
          this.sources.forgetSnapshot();
          throw sourceNotAllowed();
        }
        const duplicateOf = context.duplicateOf;
        if (duplicateOf && this.config.leadDuplicateCheck === 'reject') throw duplicateLead(duplicateOf);
        const assignee = this.config.leadAutoAssign ? await this.repository.pickAssignee(em) : null;
        // Every column is set here (updatedAt too, with createdAt's millisecond precision), so
        // nothing needs reading back but what the database rounds (see insertLead).
        const lead = newLead(dto, prepared, assignee, duplicateOf, new Date());
        const events = creationEvents(lead);
        return {
          write: this.repository.insertLead(em, actor, lead, events),
          result: ([stored]) => {
            // PostgreSQL's numeric(9,6) and MariaDB's decimal(9,6) round the coordinates: they come back from the write (insertLead).
            if (stored) Object.assign(lead, { latitude: decimalToNumber.from(stored.latitude) as number | null, longitude: decimalToNumber.from(stored.longitude) as number | null });
            return { lead: Object.assign(lead, { oem: context.oem, source: context.source, assignedTo: assignee }) };
          },
        };
      };
      const outcome = await this.tx.runSingleWrite(plan);
      if (outcome.existing) return await this.replayOf(actor, outcome.existing, dto, { ingestHash, state: address.state, sourceId });
      // The lead as GET /leads/{id} reads it back (test/leads-create.spec.ts compares the two), without
      // re-reading it: the columns were all written above, the OEM and source read in the same
      // use case, and a lead that did not exist before has no survey (nor anything planned from
      // one) for the job summaries to add.
      return { lead: toLeadResponse(outcome.lead, actor, null, { tags: [], sla: slaOf('new', outcome.lead.statusEnteredAt, this.slaHours, this.now()) }), created: true };
    } catch (error) {
      // Two identical ingestions raced: the loser answers like a replay. With LEAD_DUPLICATE_CHECK=reject
      // the loser may instead have seen the winner as a duplicate of itself; that is a replay too.
      const lostRace = isUniqueViolation(error) || (error instanceof AppException && error.code === 'LEAD_DUPLICATE');
      if (dto.externalRef && lostRace) {
        const existing = await this.repository.findReceived(oemId, dto.externalRef);
        if (existing) return this.replayOf(actor, existing, dto, { ingestHash, state: address.state, sourceId });
      }
      throw error;
    }
  }

  /**
   * What creating a lead checks before it writes (`POST /leads` and the bulk import): the OEM
   * (an OEM's own; Central Ops names an active one), the pincode against the India Post directory
   * and the state, the source (DESIGN §4), and the payload's hash for replays.
   * @param knownOems the import's answers for the OEMs it named already (one query per OEM, not per row)
   * @throws 400 naming oemId, pincode, state or sourceId
   */
  async prepareCreation(actor: Actor, dto: CreateLeadDto, knownOems?: Map<string, Promise<boolean>>): Promise<PreparedCreation> {
    const oemId = await this.resolveOemId(actor, dto.oemId, knownOems);
    const ingestHash = ingestHashOf(dto);
    const address = await this.checkAddress(dto.pincode, dto.state, dto.latitude, dto.longitude);
    const sourceId = (await this.sources.forLead(oemId, dto.sourceId)).id;
    return { oemId, ingestHash, address, sourceId };
  }

  /**
   * Keyset-paged list with every filter of {@link LeadFilterDto}, newest first; with `updatedFrom`,
   * oldest change first on (updatedAt, id), so an OEM syncs incrementally. OEMs see only their own leads.
   */
  async list(actor: Actor, query: LeadQueryDto): Promise<Page<LeadResponseDto>> {
    const now = this.now();
    const source = await this.repository.filteredSource(actor, query, now);
    // The hot read: each row becomes its response straight from the driver's array (lead-rows.ts).
    const prepared = isPlanStable(actor, query);
    const order = leadListOrder<LeadResponseDto>(query, prepared ? this.repository.dialect : undefined);
    return keysetPageOf(source, query, order, (leads) => this.completed(leads, now), (page) => this.repository.readResponses(page, actor, { prepared }));
  }

  /** @throws 404 LEAD_NOT_FOUND when the lead does not exist or the actor may not see it */
  get(actor: Actor, id: string): Promise<LeadResponseDto> {
    // then(), not async layers: the hot single read (query-templates.ts `promised`).
    return this.repository.findVisibleResponse(actor, id).then((lead) => this.completed([lead], this.now()).then(([completed]) => completed));
  }

  /**
   * Applies a partial update under optimistic locking (a compare-and-set on the version read,
   * DESIGN §5–6) and records what changed.
   * @throws 404; 412 LEAD_PRECONDITION_FAILED when If-Match is stale, also when the lead changes between
   *         the read and the write; 400 for a bad pincode/state/source/assignee; 409 LEAD_FINAL when the
   *         lead is closed or cancelled; 409 LEAD_CHANGED when, without If-Match, another request changed
   *         the lead between the read and the write (RFC 9110 §15.5.13: 412 only for a precondition sent)
   */
  async update(actor: Actor, id: string, dto: UpdateLeadDto, ifMatch?: string): Promise<LeadResponseDto> {
    const expected = parseIfMatch(ifMatch, 'lead');
    await this.tx.run(async (em) => {
      const lead = await this.repository.findVisible(actor, id, em);
      if (expected !== undefined && lead.version !== expected) throw staleVersion('lead', lead.version);
      if (FINAL_LEAD_STATUSES.includes(lead.status)) {
        throw new AppException(409, 'LEAD_FINAL', `A ${lead.status} lead cannot be edited`);
      }
      const changes: Partial<Lead> = {};
      const simple = ['customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'addressLine2', 'city', 'chargerModel', 'introCallCompleted', 'latitude', 'longitude'] as const;
      for (const field of simple) {
        if (dto[field] !== undefined && dto[field] !== lead[field]) (changes as Record<string, unknown>)[field] = dto[field];
      }
      if (dto.pincode !== undefined || dto.state !== undefined) {
        const pincode = dto.pincode ?? lead.pincode;
        const address = await this.checkAddress(pincode, dto.state ?? lead.state, dto.latitude ?? undefined, dto.longitude ?? undefined);
        if (pincode !== lead.pincode) changes.pincode = pincode;
        if (address.state !== lead.state) changes.state = address.state;
        // A new pincode brings its coordinates unless given; the current one sent again (a form posting
        // every field) keeps the lead's own, which may be a GPS fix finer than the pincode's centre.
        const moved = pincode !== lead.pincode;
        if (moved && dto.latitude === undefined && address.latitude !== lead.latitude) changes.latitude = address.latitude;
        if (moved && dto.longitude === undefined && address.longitude !== lead.longitude) changes.longitude = address.longitude;
      }
      if (dto.sourceId !== undefined && dto.sourceId !== lead.sourceId) changes.sourceId = (await this.sources.forLead(lead.oemId, dto.sourceId, em)).id;
      const assignedChanged = dto.assignedToId !== undefined && dto.assignedToId !== lead.assignedToId;
      if (assignedChanged) {
        if (dto.assignedToId) await this.repository.checkAssignee(em, dto.assignedToId);
        changes.assignedToId = dto.assignedToId ?? null;
      }
      const fields = Object.keys(changes);
      if (fields.length === 0) return;
      const result = await em
        .createQueryBuilder()
        .update(Lead)
        .set({ ...changes, version: () => 'version + 1', updatedAt: new Date() })
        .where('id = :id AND version = :version', { id, version: lead.version })
        .execute();
      // A precondition the client did not send cannot fail (RFC 9110 §13.1.1): without If-Match, losing the race is a 409.
      if (result.affected !== 1) {
        throw expected === undefined ? changedMeanwhile('lead') : staleVersion('lead', lead.version + 1);
      }
      const otherFields = fields.filter((f) => f !== 'assignedToId');
      if (otherFields.length) await this.timeline.recordEvent(em, actor, id, { type: 'updated', data: { fields: otherFields } });
      if (assignedChanged) await this.timeline.recordEvent(em, actor, id, { type: 'assigned', data: { assignedToId: changes.assignedToId, previousAssignedToId: lead.assignedToId } });
    });
    return this.get(actor, id);
  }

  /**
   * A manual transition of DESIGN §5 as a compare-and-set on (id, status[, version]): of two
   * concurrent requests exactly one wins. Writes one `status_changed` event with the change.
   * @throws 404; 400 when `reason` is missing for on_hold/cancelled; 409 LEAD_INVALID_TRANSITION with `allowed`;
   *         412 LEAD_PRECONDITION_FAILED when If-Match is stale
   */
  async transition(actor: Actor, id: string, dto: LeadTransitionDto, ifMatch?: string): Promise<LeadResponseDto> {
    const expected = parseIfMatch(ifMatch, 'lead');
    const needsReason = REASON_REQUIRED.includes(dto.to);
    if (needsReason && !dto.reasonCode && !dto.reason) {
      throw new ValidationProblem([{ field: 'reasonCode', message: `reasonCode is required to move a lead to ${dto.to}` }]);
    }
    // Before issue 14 a reason was free text: it is now the note of the reason `other`.
    const reasonCode = needsReason ? (dto.reasonCode ?? FALLBACK_REASON) : undefined;
    const note = dto.note ?? dto.reason;
    await this.tx.run(async (em) => {
      if (reasonCode) await this.closingReasons.checkUsable(em, reasonCode, dto.to as 'on_hold' | 'cancelled');
      const lead = await this.repository.findVisible(actor, id, em);
      if (expected !== undefined && lead.version !== expected) throw staleVersion('lead', lead.version);
      const allowed = allowedManualTargets(lead);
      if (!allowed.includes(dto.to)) throw invalidTransition(lead.status, dto.to, allowed);
      await this.timeline.applyTransition(em, actor, lead, dto.to, { reason: note, reasonCode, expectedVersion: expected });
    });
    return this.get(actor, id);
  }

  /**
   * Fills what a page of responses built from rows (lead-rows.ts) does not hold: the job summaries
   * and tags of the whole page (one query each) and each lead's SLA at `now`.
   */
  private completed(leads: LeadResponseDto[], now: Date): Promise<LeadResponseDto[]> {
    return this.jobsAndTags(leads.map((lead) => lead.id)).then(([jobs, tags]) => {
      for (const lead of leads) {
        const view = jobs.get(lead.id);
        if (view) Object.assign(lead, { survey: view.survey, installation: view.installation, closurePack: view.closurePack });
        lead.tags = tags.get(lead.id) ?? [];
        const entered = lead.statusEnteredAt as Date | string | null;
        lead.sla = slaOf(lead.status, entered === null ? null : new Date(entered), this.slaHours, now);
      }
      return leads;
    });
  }

  /**
   * The job views of `ids` (a query or two, {@link LeadJobSummaries}) and their tags (one query,
   * {@link LeadTagsService.load}). For a page the two loads run side by side, on two pooled
   * connections on PostgreSQL and MariaDB. For one lead they run one after the other: two tiny
   * statements at once wake two database sessions per read, which cost PostgreSQL more than the
   * overlapped round trip saves (bench/README.md, issue 13, session 26).
   */
  private jobsAndTags(ids: string[]): Promise<[Map<string, LeadJobView>, Map<string, string[]>]> {
    const manager = this.repository.manager;
    if (ids.length > 1) return Promise.all([this.jobs.load(manager, ids), this.tags.load(manager, ids)]);
    return this.jobs.load(manager, ids).then((jobs) => this.tags.load(manager, ids).then((tags) => [jobs, tags]));
  }

  /**
   * The answer to a re-sent externalRef: the lead as it is now, when the payload is the one first
   * received (same ingest hash) or says what the lead holds now ({@link agreesWithLead}: e.g. our own
   * CSV export of it, which adds the coordinates the pincode directory filled in and the source
   * that was chosen; issue 14 item 5, "an export file re-imports").
   * @param resolved the payload's ingest hash, and its state and source as creating it resolved them
   * @throws 409 LEAD_EXTERNAL_REF_CONFLICT when the externalRef was received with data the lead does not hold
   */
  private async replayOf(actor: Actor, existing: { id: string; ingestHash: string | null }, dto: CreateLeadDto, resolved: { ingestHash: string; state: string; sourceId: number }): Promise<CreateLeadResult> {
    if (existing.ingestHash === resolved.ingestHash) return { lead: await this.get(actor, existing.id), created: false };
    const lead = await this.get(actor, existing.id);
    if (agreesWithLead(dto, resolved, lead)) return { lead, created: false };
    throw new AppException(409, 'LEAD_EXTERNAL_REF_CONFLICT', `Lead ${dto.externalRef} was already received with different data`, { leadId: existing.id });
  }

  private async resolveOemId(actor: Actor, requested: string | undefined, knownOems?: Map<string, Promise<boolean>>): Promise<string> {
    if (actor.role === 'oem') {
      if (requested !== undefined) {
        throw new ValidationProblem([{ field: 'oemId', message: 'an OEM creates leads only for itself; leave oemId out' }]);
      }
      return actor.userId;
    }
    if (!requested) throw new ValidationProblem([{ field: 'oemId', message: 'oemId is required when Central Ops creates a lead' }]);
    let active = knownOems?.get(requested);
    if (!active) {
      active = this.repository.isActiveOem(requested);
      knownOems?.set(requested, active);
    }
    if (!(await active)) throw new ValidationProblem([{ field: 'oemId', message: 'oemId must be an active OEM user' }]);
    return requested;
  }

  /**
   * Checks the pincode against the India Post directory (when loaded) and fills coordinates.
   * @throws 400 naming `pincode` (unknown) or `state` (pincode lies in another state)
   */
  private async checkAddress(pincode: string, state: string, latitude?: number, longitude?: number) {
    const check = await this.directory.check(pincode);
    if (!check.directoryLoaded) return { state: await this.directory.stateName(state), latitude: latitude ?? null, longitude: longitude ?? null };
    const entry = check.entry;
    if (!entry) throw new ValidationProblem([{ field: 'pincode', message: `pincode ${pincode} is not in the India Post directory` }]);
    if (!sameState(state, entry)) {
      throw new ValidationProblem([{ field: 'state', message: `pincode ${pincode} is in ${entry.state} (${entry.stateCode}), not ${state}` }]);
    }
    return { state: entry.state, latitude: latitude ?? entry.latitude, longitude: longitude ?? entry.longitude };
  }
}

/** 409 LEAD_DUPLICATE: `LEAD_DUPLICATE_CHECK=reject` found an open lead of the OEM with the same phone and pincode (DESIGN §7). */
export function duplicateLead(duplicateOf: string): AppException {
  return new AppException(409, 'LEAD_DUPLICATE', `An open lead with this phone and pincode exists: ${duplicateOf}`, { duplicateOf });
}

/**
 * True when a create payload says nothing the stored lead contradicts: every field it gives equals
 * the lead's (the state and source as creation resolved them; coordinates to the 6 decimals the
 * database keeps), and every optional field it leaves out is empty on the lead too, except the
 * coordinates and the source, which the server fills in when a payload leaves them out.
 */
export function agreesWithLead(dto: CreateLeadDto, resolved: { state: string; sourceId: number }, lead: LeadResponseDto): boolean {
  const sameCoordinate = (given: number | undefined, stored: number | null) => given === undefined || (stored !== null && Math.abs(given - stored) < 5e-7);
  return (
    dto.customerName === lead.customerName &&
    dto.customerPhone === lead.customerPhone &&
    (dto.customerEmail ?? null) === lead.customerEmail &&
    dto.addressLine1 === lead.addressLine1 &&
    (dto.addressLine2 ?? '') === lead.addressLine2 &&
    dto.city === lead.city &&
    resolved.state === lead.state &&
    dto.pincode === lead.pincode &&
    resolved.sourceId === lead.sourceId &&
    (dto.chargerModel ?? null) === lead.chargerModel &&
    sameCoordinate(dto.latitude, lead.latitude) &&
    sameCoordinate(dto.longitude, lead.longitude)
  );
}
