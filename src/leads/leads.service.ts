import { createHash, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, type EntityManager, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { Actor } from '../common/auth/actor.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { decodeCursor, encodeCursor, type Page, type PageQueryDto } from '../common/pagination.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { toE164 } from '../common/validators.js';
import { parseIfMatch, staleVersion } from '../common/optimistic-locking.js';
import { rawRowsOf } from '../common/persistence/query-templates.js';
import { isUniqueViolation, type PerDatabaseWrite, TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { decimalToNumber } from '../common/persistence/transformers.js';
import type { LeadInstallationView } from '../installations/dto/lead-installation-summary.dto.js';
import { loadLeadInstallations } from '../installations/lead-installation-summaries.js';
import { loadLeadSurveySummaries } from '../surveys/lead-survey-summaries.js';
import { User } from '../users/entities/user.entity.js';
import type { CreateLeadDto, LeadQueryDto, LeadTransitionDto, UpdateLeadDto } from './dto/lead.dto.js';
import { type LeadEventResponseDto, type LeadResponseDto, toLeadEventResponse, toLeadResponse } from './dto/lead-response.dto.js';
import { LeadEvent, type LeadEventType } from './entities/lead-event.entity.js';
import { LeadSource, type SourceType } from './entities/lead-source.entity.js';
import { FINAL_LEAD_STATUSES, Lead, type LeadStatus } from './entities/lead.entity.js';
import { allowedManualTargets, REASON_REQUIRED } from './lead-state-machine.js';
import { LeadSourcesService, sourceNotAllowed } from './lead-sources.service.js';
import { PincodeDirectory, sameState } from '../reference-data/pincode-directory.service.js';

/** Lead columns whose raw values the driver converts (dates, decimals, booleans, the version); the rest are read as they come. */
const CONVERTED_LEAD_COLUMNS = ['latitude', 'longitude', 'introCallCompleted', 'version', 'createdAt', 'updatedAt'] as const;

/** The result of `POST /leads`: `created` is false when an identical payload was replayed. */
export interface CreateLeadResult {
  lead: LeadResponseDto;
  created: boolean;
}

/** What creation found or wrote: the lead an earlier ingestion of the same externalRef created, or the new one. */
type CreationOutcome = { existing: { id: string; ingestHash: string | null } } | { existing?: undefined; lead: Lead };

/** A new lead's coordinates as PostgreSQL stored them (numeric: as text). */
interface StoredCoordinates {
  latitude: string | null;
  longitude: string | null;
}

/** A timeline entry to write in the same transaction as the change it records. */
export interface LeadEventInput {
  type: LeadEventType;
  fromStatus?: LeadStatus | null;
  toStatus?: LeadStatus | null;
  data?: Record<string, unknown> | null;
}

/**
 * Work another module does when a lead is cancelled, inside the cancelling transaction (DESIGN §5:
 * cancelling a lead cancels its open surveys/installations and frees their bookings).
 */
export type LeadCancelledHook = (em: EntityManager, actor: Actor, leadId: string, reason: string | undefined) => Promise<void>;

/**
 * Leads: ingestion, listing, editing, manual transitions and the timeline (DESIGN §4–6, seed 000).
 * Every read and write is scoped to what the actor may see (OEMs: their own leads, else 404).
 */
@Injectable()
export class LeadsService {
  private readonly cancelledHooks: LeadCancelledHook[] = [];
  /** The metadata of the lead columns {@link fetchLeads} converts with the driver; looked up on first use. */
  private convertedColumns?: Map<string, ColumnMetadata>;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(Lead) private readonly leads: Repository<Lead>,
    @InjectRepository(LeadEvent) private readonly events: Repository<LeadEvent>,
    private readonly tx: TransactionRunner,
    private readonly directory: PincodeDirectory,
    private readonly sources: LeadSourcesService,
  ) {}

  /**
   * Creates a lead, or returns the existing one when the OEM re-sends the same `externalRef` with
   * the same payload. Writes the lead, its `created` event and any `assigned`/`duplicate_flagged`
   * events in one transaction.
   * @throws 400 on an unknown pincode, a state that does not match it, a missing/forbidden oemId or a bad sourceId;
   *         409 LEAD_EXTERNAL_REF_CONFLICT when the externalRef exists with another payload;
   *         409 LEAD_DUPLICATE when `LEAD_DUPLICATE_CHECK=reject` finds an open lead with the same phone and pincode
   */
  async create(actor: Actor, dto: CreateLeadDto): Promise<CreateLeadResult> {
    const oemId = await this.resolveOemId(actor, dto.oemId);
    const ingestHash = createHash('sha256').update(JSON.stringify(Object.entries(dto).sort())).digest('hex');
    const address = await this.checkAddress(dto.pincode, dto.state, dto.latitude, dto.longitude);
    const sourceId = (await this.sources.forLead(oemId, dto.sourceId)).id;
    try {
      // One INSERT on PostgreSQL (insertLead), so no BEGIN/COMMIT there (issue #6).
      const outcome = await this.tx.runSingleWrite<CreationOutcome, StoredCoordinates>(async (em) => {
        const context = await this.creationContext(em, oemId, sourceId, dto);
        if (context.existing) return { done: { existing: context.existing } };
        if (!context.source) {
          this.sources.forgetSnapshot();
          throw sourceNotAllowed();
        }
        const duplicateOf = context.duplicateOf;
        if (duplicateOf && this.config.leadDuplicateCheck === 'reject') {
          throw new AppException(409, 'LEAD_DUPLICATE', `An open lead with this phone and pincode exists: ${duplicateOf}`, { duplicateOf });
        }
        const assignee = this.config.leadAutoAssign ? await this.pickAssignee(em) : null;
        const now = new Date();
        // Every column is set here (updatedAt too, with createdAt's millisecond precision), so
        // nothing needs reading back but what the database rounds (see insertLead).
        const lead = Object.assign(new Lead(), {
          id: randomUUID(),
          oemId,
          externalRef: dto.externalRef ?? null,
          customerName: dto.customerName,
          customerPhone: dto.customerPhone,
          customerEmail: dto.customerEmail ?? null,
          addressLine1: dto.addressLine1,
          addressLine2: dto.addressLine2 ?? '',
          city: dto.city,
          state: address.state,
          pincode: dto.pincode,
          latitude: address.latitude,
          longitude: address.longitude,
          sourceId,
          status: 'new',
          statusBeforeHold: null,
          closingReason: null,
          chargerModel: dto.chargerModel ?? null,
          assignedToId: assignee?.id ?? null,
          introCallCompleted: false,
          possibleDuplicateOfId: duplicateOf,
          ingestHash: dto.externalRef ? ingestHash : null,
          version: 1,
          createdAt: now,
          updatedAt: now,
        } satisfies Omit<Lead, 'oem' | 'source' | 'assignedTo' | 'possibleDuplicateOf'>);
        const events: LeadEventInput[] = [{ type: 'created', toStatus: 'new', data: { sourceId, externalRef: lead.externalRef } }];
        if (assignee) events.push({ type: 'assigned', data: { assignedToId: assignee.id, auto: true } });
        if (duplicateOf) events.push({ type: 'duplicate_flagged', data: { possibleDuplicateOfId: duplicateOf } });
        return {
          write: this.insertLead(em, actor, lead, events),
          result: ([stored]) => {
            // PostgreSQL's numeric(9,6) rounds the coordinates: they come back from the INSERT itself.
            if (stored) Object.assign(lead, { latitude: decimalToNumber.from(stored.latitude) as number | null, longitude: decimalToNumber.from(stored.longitude) as number | null });
            return { lead: Object.assign(lead, { oem: context.oem, source: context.source, assignedTo: assignee }) };
          },
        };
      });
      if (outcome.existing) return await this.replayOf(actor, outcome.existing, dto.externalRef as string, ingestHash);
      // The lead as GET /leads/{id} reads it back (test/leads-create.spec.ts compares the two), without
      // re-reading it: the columns were all written above, the OEM and source read in the same
      // use case, and a lead that did not exist before has no survey (nor anything planned from
      // one) for withSurveys() to add.
      return { lead: toLeadResponse(outcome.lead, actor, null), created: true };
    } catch (error) {
      // Two identical ingestions raced: the loser answers like a replay. With LEAD_DUPLICATE_CHECK=reject
      // the loser may instead have seen the winner as a duplicate of itself; that is a replay too.
      const lostRace = isUniqueViolation(error) || (error instanceof AppException && error.code === 'LEAD_DUPLICATE');
      if (dto.externalRef && lostRace) {
        const existing = await this.leads.findOne({ where: { oemId, externalRef: dto.externalRef }, select: { id: true, ingestHash: true } });
        if (existing) return this.replayOf(actor, existing, dto.externalRef, ingestHash);
      }
      throw error;
    }
  }

  /** Keyset-paged list, newest first, with every DESIGN §6 filter. OEMs see only their own leads. */
  async list(actor: Actor, query: LeadQueryDto): Promise<Page<LeadResponseDto>> {
    const qb = this.leads.createQueryBuilder('lead');
    await this.applyFilters(qb, actor, query);
    const total = query.withTotal ? await qb.getCount() : undefined;
    if (query.cursor) {
      const after = decodeCursor(query.cursor);
      // The leading `createdAt <= :after` is implied by the rest; it is there so both databases
      // start the index range at the cursor instead of filtering every newer row (bench/plans.mjs).
      qb.andWhere('lead.createdAt <= :afterCreatedAt AND (lead.createdAt < :afterCreatedAt OR (lead.createdAt = :afterCreatedAt AND lead.id < :afterId))', {
        afterCreatedAt: after.createdAt,
        afterId: after.id,
      });
    }
    // limit(), not take(): the joins are many-to-one, so LIMIT is exact, and take() would make
    // TypeORM run a SELECT DISTINCT pre-query for the ids (two statements; a whole-table sort on SQLite).
    const rows = await this.fetchLeads(this.withSummaries(qb).orderBy('lead.createdAt', 'DESC').addOrderBy('lead.id', 'DESC').limit(query.limit + 1));
    const more = rows.length > query.limit;
    const data = rows.slice(0, query.limit);
    return {
      data: await this.withSurveys(data, actor),
      nextCursor: more ? encodeCursor(data[data.length - 1]) : null,
      ...(total !== undefined && { total }),
    };
  }

  /** @throws 404 LEAD_NOT_FOUND when the lead does not exist or the actor may not see it */
  async get(actor: Actor, id: string): Promise<LeadResponseDto> {
    return (await this.withSurveys([await this.findVisible(actor, id)], actor))[0];
  }

  /**
   * Applies a partial update under optimistic locking and records what changed.
   * @throws 404; 412 LEAD_PRECONDITION_FAILED when If-Match is stale; 400 for a bad pincode/state/source/assignee;
   *         409 LEAD_FINAL when the lead is closed or cancelled
   */
  async update(actor: Actor, id: string, dto: UpdateLeadDto, ifMatch?: string): Promise<LeadResponseDto> {
    const expected = parseIfMatch(ifMatch, 'lead');
    await this.tx.run(async (em) => {
      const lead = await this.findVisible(actor, id, em);
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
        if (dto.pincode !== undefined && dto.latitude === undefined && address.latitude !== lead.latitude) changes.latitude = address.latitude;
        if (dto.pincode !== undefined && dto.longitude === undefined && address.longitude !== lead.longitude) changes.longitude = address.longitude;
      }
      if (dto.sourceId !== undefined && dto.sourceId !== lead.sourceId) changes.sourceId = (await this.sources.forLead(lead.oemId, dto.sourceId, em)).id;
      const assignedChanged = dto.assignedToId !== undefined && dto.assignedToId !== lead.assignedToId;
      if (assignedChanged) {
        if (dto.assignedToId) await this.checkAssignee(em, dto.assignedToId);
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
      if (result.affected !== 1) throw staleVersion('lead', lead.version + 1);
      const otherFields = fields.filter((f) => f !== 'assignedToId');
      if (otherFields.length) await this.recordEvent(em, actor, id, { type: 'updated', data: { fields: otherFields } });
      if (assignedChanged) await this.recordEvent(em, actor, id, { type: 'assigned', data: { assignedToId: changes.assignedToId, previousAssignedToId: lead.assignedToId } });
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
    if (REASON_REQUIRED.includes(dto.to) && !dto.reason) {
      throw new ValidationProblem([{ field: 'reason', message: `reason is required to move a lead to ${dto.to}` }]);
    }
    await this.tx.run(async (em) => {
      const lead = await this.findVisible(actor, id, em);
      if (expected !== undefined && lead.version !== expected) throw staleVersion('lead', lead.version);
      const allowed = allowedManualTargets(lead);
      if (!allowed.includes(dto.to)) throw invalidTransition(lead.status, dto.to, allowed);
      await this.applyTransition(em, actor, lead, dto.to, { reason: dto.reason, expectedVersion: expected });
    });
    return this.get(actor, id);
  }

  /**
   * Moves `lead` from its loaded status to `to` with a compare-and-set and records the event.
   * Also the entry point for the other modules' automatic transitions (DESIGN §5), inside their transaction.
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
    options: { reason?: string; data?: Record<string, unknown>; expectedVersion?: number } = {},
  ): Promise<void> {
    const set: Partial<Lead> = { status: to };
    if (to === 'on_hold') set.statusBeforeHold = lead.status;
    if (lead.status === 'on_hold') set.statusBeforeHold = null;
    if (options.reason && REASON_REQUIRED.includes(to)) set.closingReason = options.reason;
    if (lead.status === 'on_hold' && to !== 'cancelled') set.closingReason = null;
    if (to === 'contacted') set.introCallCompleted = true;
    const result = await em
      .createQueryBuilder()
      .update(Lead)
      .set({ ...set, version: () => 'version + 1', updatedAt: new Date() })
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
    await this.recordEvent(em, actor, lead.id, { type: 'status_changed', fromStatus: lead.status, toStatus: to, data: { ...(options.reason && { reason: options.reason }), ...options.data } });
    if (to === 'cancelled') for (const hook of this.cancelledHooks) await hook(em, actor, lead.id, options.reason);
  }

  /** Registers work to run in the same transaction whenever a lead is cancelled (see {@link LeadCancelledHook}). */
  onLeadCancelled(hook: LeadCancelledHook): void {
    this.cancelledHooks.push(hook);
  }

  /** Maps leads to responses with each lead's latest survey summary and installation view, loaded for all of them at once. */
  private async withSurveys(leads: Lead[], actor: Actor): Promise<LeadResponseDto[]> {
    const ids = leads.map((lead) => lead.id);
    // A survey exists for every lead that has an installation: most pages skip the second query.
    const surveys = await loadLeadSurveySummaries(this.leads.manager, ids);
    const installations = surveys.size ? await loadLeadInstallations(this.leads.manager, [...surveys.keys()]) : new Map<string, LeadInstallationView>();
    return leads.map((lead) => toLeadResponse(lead, actor, surveys.get(lead.id) ?? null, installations.get(lead.id) ?? null));
  }

  /** The lead's timeline, oldest first, keyset-paged by event id; without `survey_*` steps for OEMs. @throws 404 */
  async listEvents(actor: Actor, leadId: string, page: PageQueryDto): Promise<Page<LeadEventResponseDto>> {
    await this.findVisible(actor, leadId);
    const qb = this.events.createQueryBuilder('e').where('e.leadId = :leadId', { leadId });
    // An OEM sees its lead's status changes and the survey and installation summaries on the lead, not their internal steps (issues #4, #5).
    if (actor.role === 'oem') qb.andWhere("e.type NOT LIKE 'survey%' AND e.type NOT LIKE 'installation%'");
    const total = page.withTotal ? await qb.getCount() : undefined;
    if (page.cursor) qb.andWhere('e.id > :after', { after: decodeEventCursor(page.cursor) });
    const rows = await qb.orderBy('e.id', 'ASC').take(page.limit + 1).getMany();
    const more = rows.length > page.limit;
    const data = rows.slice(0, page.limit);
    return {
      data: data.map(toLeadEventResponse),
      nextCursor: more ? Buffer.from(String(data[data.length - 1].id)).toString('base64url') : null,
      ...(total !== undefined && { total }),
    };
  }

  /** Writes one timeline entry with `em` (the caller's transaction); nothing is read back (SQLite would re-SELECT it). */
  async recordEvent(em: EntityManager, actor: Actor, leadId: string, input: LeadEventInput): Promise<void> {
    await this.eventInsert(em, actor, leadId, [input]).execute();
  }

  /** The INSERT of `inputs` as timeline entries of one lead, stamped now. */
  private eventInsert(em: EntityManager, actor: Actor, leadId: string, inputs: LeadEventInput[]) {
    const createdAt = new Date();
    return em
      .createQueryBuilder()
      .insert()
      .into(LeadEvent)
      .updateEntity(false)
      .values(
        inputs.map((input) => ({
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

  /**
   * Loads a lead the actor may see, scoped in the query (DESIGN §1): OEMs only their own.
   * @throws 404 LEAD_NOT_FOUND
   */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Lead> {
    const repo = em ? em.getRepository(Lead) : this.leads;
    const qb = this.withSummaries(repo.createQueryBuilder('lead')).where('lead.id = :id', { id });
    if (actor.role === 'oem') qb.andWhere('lead.oemId = :oemId', { oemId: actor.userId });
    // A primary key lookup: its plan does not depend on the id, so it is prepared (preparedQuery()).
    const lead = /^[0-9a-f-]{36}$/i.test(id) ? (await this.fetchLeads(qb, em, { prepared: true }))[0] : undefined;
    if (!lead) throw new NotFoundProblem('Lead', id);
    return lead;
  }

  /**
   * Runs a lead query built with {@link withSummaries} and makes the leads from its raw rows
   * (TypeORM's aliases: `lead_<column>`, `oem_id`, `source_name`…), with the driver's own
   * conversion for the columns that need one (dates, decimals, booleans, the version): the values
   * getMany() gives. getMany()'s generic relation hydrator was a sixth of a 50-lead list request's
   * CPU, and a loop over the column metadata still 4 % (bench/README.md); this names each column.
   */
  private async fetchLeads(qb: SelectQueryBuilder<Lead>, em: EntityManager = this.leads.manager, options: { prepared?: boolean } = {}): Promise<Lead[]> {
    const rows = await rawRowsOf(em, 'lead+summaries', qb, options);
    if (!rows.length) return [];
    const { driver } = em.connection;
    const columns = (this.convertedColumns ??= new Map(
      em.connection
        .getMetadata(Lead)
        .columns.filter((column) => CONVERTED_LEAD_COLUMNS.includes(column.propertyName as (typeof CONVERTED_LEAD_COLUMNS)[number]))
        .map((column) => [column.propertyName, column]),
    ));
    const convert = <K extends (typeof CONVERTED_LEAD_COLUMNS)[number]>(property: K, value: unknown) => driver.prepareHydratedValue(value, columns.get(property) as ColumnMetadata) as Lead[K];
    return rows.map((row) => {
      const lead = new Lead();
      lead.id = row.lead_id as string;
      lead.oemId = row.lead_oem_id as string;
      lead.externalRef = row.lead_external_ref as string | null;
      lead.customerName = row.lead_customer_name as string;
      lead.customerPhone = row.lead_customer_phone as string;
      lead.customerEmail = row.lead_customer_email as string | null;
      lead.addressLine1 = row.lead_address_line1 as string;
      lead.addressLine2 = row.lead_address_line2 as string;
      lead.city = row.lead_city as string;
      lead.state = row.lead_state as string;
      lead.pincode = row.lead_pincode as string;
      lead.latitude = convert('latitude', row.lead_latitude);
      lead.longitude = convert('longitude', row.lead_longitude);
      lead.sourceId = row.lead_source_id as number;
      lead.status = row.lead_status as LeadStatus;
      lead.statusBeforeHold = row.lead_status_before_hold as LeadStatus | null;
      lead.closingReason = row.lead_closing_reason as string | null;
      lead.chargerModel = row.lead_charger_model as string | null;
      lead.assignedToId = row.lead_assigned_to_id as string | null;
      lead.introCallCompleted = convert('introCallCompleted', row.lead_intro_call_completed);
      lead.possibleDuplicateOfId = row.lead_possible_duplicate_of_id as string | null;
      lead.ingestHash = row.lead_ingest_hash as string | null;
      lead.version = convert('version', row.lead_version);
      lead.createdAt = convert('createdAt', row.lead_created_at);
      lead.updatedAt = convert('updatedAt', row.lead_updated_at);
      lead.oem = Object.assign(new User(), { id: row.oem_id as string, fullName: row.oem_full_name as string });
      lead.source = Object.assign(new LeadSource(), { id: row.source_id as number, name: row.source_name as string, oemId: row.source_oem_id as string | null, sourceType: row.source_source_type as SourceType });
      // A LEFT JOIN that found nothing (no assignee) gives null for the relation.
      lead.assignedTo = row.assignedTo_id == null ? null : Object.assign(new User(), { id: row.assignedTo_id as string, fullName: row.assignedTo_full_name as string });
      return lead;
    });
  }

  private withSummaries(qb: SelectQueryBuilder<Lead>): SelectQueryBuilder<Lead> {
    return qb
      .leftJoin('lead.oem', 'oem')
      .addSelect(['oem.id', 'oem.fullName'])
      .leftJoinAndSelect('lead.source', 'source')
      .leftJoin('lead.assignedTo', 'assignedTo')
      .addSelect(['assignedTo.id', 'assignedTo.fullName']);
  }

  private async applyFilters(qb: SelectQueryBuilder<Lead>, actor: Actor, query: LeadQueryDto): Promise<void> {
    const oemId = actor.role === 'oem' ? actor.userId : query.oemId;
    if (oemId) qb.andWhere('lead.oemId = :oemId', { oemId });
    if (query.status?.length) qb.andWhere('lead.status IN (:...statuses)', { statuses: query.status });
    if (query.sourceId) qb.andWhere('lead.sourceId = :sourceId', { sourceId: query.sourceId });
    if (query.assignedToId) qb.andWhere('lead.assignedToId = :assignedToId', { assignedToId: query.assignedToId });
    if (query.city) qb.andWhere('lead.city = :city', { city: query.city });
    if (query.state) qb.andWhere('lead.state = :state', { state: await this.directory.stateName(query.state) });
    if (query.pincode) qb.andWhere('lead.pincode = :pincode', { pincode: query.pincode });
    if (query.createdFrom) qb.andWhere('lead.createdAt >= :createdFrom', { createdFrom: new Date(query.createdFrom) });
    if (query.createdTo) qb.andWhere('lead.createdAt < :createdTo', { createdTo: new Date(query.createdTo) });
    if (query.q) {
      const q = query.q.trim();
      const phone = /^[+\d][\d\s-]{6,}$/.test(q) ? toE164(q) : null;
      // A name holds no digit and no '@': such a q is a phone, an email or an externalRef, and
      // leaving out the substring match keeps it on indexes (SQLite cannot index LIKE '%…%', so one
      // such OR branch scanned all leads: 0.6–0.9 s at 1M, bench/README.md).
      const byName = !/[\d@]/.test(q);
      qb.andWhere(
        new Brackets((w) => {
          if (phone) w.orWhere('lead.customerPhone = :qPhone', { qPhone: phone });
          if (byName) w.orWhere('LOWER(lead.customerName) LIKE :qName', { qName: `%${q.toLowerCase().replace(/[%_\\]/g, '')}%` });
          w.orWhere('lead.customerEmail = :qEmail', { qEmail: q.toLowerCase() }).orWhere('lead.externalRef = :qRef', { qRef: q });
        }),
      );
    }
  }

  /**
   * The answer to a re-sent externalRef: the lead as it is now when the payload is the same.
   * @throws 409 LEAD_EXTERNAL_REF_CONFLICT when the externalRef was received with another payload
   */
  private async replayOf(actor: Actor, existing: { id: string; ingestHash: string | null }, externalRef: string, ingestHash: string): Promise<CreateLeadResult> {
    if (existing.ingestHash !== ingestHash) {
      throw new AppException(409, 'LEAD_EXTERNAL_REF_CONFLICT', `Lead ${externalRef} was already received with different data`, { leadId: existing.id });
    }
    return { lead: await this.get(actor, existing.id), created: false };
  }

  private async resolveOemId(actor: Actor, requested: string | undefined): Promise<string> {
    if (actor.role === 'oem') {
      if (requested !== undefined) {
        throw new ValidationProblem([{ field: 'oemId', message: 'an OEM creates leads only for itself; leave oemId out' }]);
      }
      return actor.userId;
    }
    if (!requested) throw new ValidationProblem([{ field: 'oemId', message: 'oemId is required when Central Ops creates a lead' }]);
    const oem = await this.leads.manager.getRepository(User).findOne({ where: { id: requested, role: 'oem', isActive: true }, select: { id: true } });
    if (!oem) throw new ValidationProblem([{ field: 'oemId', message: 'oemId must be an active OEM user' }]);
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

  /**
   * Everything creating a lead reads, in one statement (DESIGN §7, seed 000): what the response
   * shows of the OEM and the source — the source only when it is still the OEM's own or a shared
   * one (the choice was made from {@link LeadSourcesService}'s snapshot); the lead already received
   * with this `externalRef` (a replay); and, unless `LEAD_DUPLICATE_CHECK=off`, the oldest open
   * lead of the same OEM with the same E.164 phone and pincode.
   */
  private async creationContext(
    em: EntityManager,
    oemId: string,
    sourceId: number,
    dto: CreateLeadDto,
  ): Promise<{ oem: User; source: LeadSource | null; duplicateOf: string | null; existing: { id: string; ingestHash: string | null } | null }> {
    const qb = em
      .createQueryBuilder()
      .select('oem.fullName', 'oemName')
      .addSelect('source.name', 'sourceName')
      .addSelect('source.sourceType', 'sourceType')
      .addSelect('source.oemId', 'sourceOemId')
      .from(User, 'oem')
      .leftJoin(LeadSource, 'source', 'source.id = :sourceId AND (source.oemId IS NULL OR source.oemId = oem.id)', { sourceId })
      .where('oem.id = :oemId', { oemId });
    if (dto.externalRef) {
      qb.addSelect('received.id', 'existingId')
        .addSelect('received.ingestHash', 'existingHash')
        .leftJoin(Lead, 'received', 'received.oemId = oem.id AND received.externalRef = :externalRef', { externalRef: dto.externalRef });
    }
    if (this.config.leadDuplicateCheck !== 'off') {
      qb.addSelect(
        (open) =>
          open
            .select('dup.id')
            .from(Lead, 'dup')
            .where('dup.oemId = :oemId AND dup.customerPhone = :phone AND dup.pincode = :pincode AND dup.status NOT IN (:...final)', {
              oemId,
              phone: dto.customerPhone,
              pincode: dto.pincode,
              final: FINAL_LEAD_STATUSES,
            })
            .orderBy('dup.createdAt', 'ASC')
            .limit(1),
        'duplicateOf',
      );
    }
    type Row = { oemName: string; sourceName: string | null; sourceType: SourceType; sourceOemId: string | null; existingId?: string | null; existingHash?: string | null; duplicateOf?: string | null };
    // The joins differ with and without an externalRef: two shapes.
    const [row] = await rawRowsOf<Row>(em, `lead-creation:${dto.externalRef ? 'ref' : 'no-ref'}`, qb, { prepared: true });
    // resolveOemId() checked the OEM; one removed since then has no source for it either.
    if (!row) return { oem: Object.assign(new User(), { id: oemId }), source: null, duplicateOf: null, existing: null };
    return {
      oem: Object.assign(new User(), { id: oemId, fullName: row.oemName }),
      source: row.sourceName === null ? null : Object.assign(new LeadSource(), { id: sourceId, name: row.sourceName, oemId: row.sourceOemId, sourceType: row.sourceType }),
      duplicateOf: row.duplicateOf ?? null,
      existing: row.existingId ? { id: row.existingId, ingestHash: row.existingHash ?? null } : null,
    };
  }

  /**
   * The write that INSERTs `lead` with every column as given and its timeline `events`, for
   * {@link TransactionRunner.runSingleWrite}. On PostgreSQL one statement (the events' INSERT takes
   * the lead's as a CTE; the foreign key is checked at the end of the statement) that returns the
   * coordinates as stored, since numeric(9,6) rounds them; on SQLite, which has no data-modifying
   * CTEs, the lead and then each event inside the transaction, returning no rows (it stores the
   * numbers as given).
   */
  private insertLead(em: EntityManager, actor: Actor, lead: Lead, events: LeadEventInput[]): PerDatabaseWrite<StoredCoordinates> {
    const insertLead = () => em.createQueryBuilder().insert().into(Lead).values(lead).updateEntity(false);
    return {
      postgres: () => {
        const [leadSql, leadParameters] = insertLead().returning(['latitude', 'longitude']).getQueryAndParameters();
        const [eventsSql, eventParameters] = this.eventInsert(em, actor, lead.id, events).getQueryAndParameters();
        // The events' placeholders follow the lead's ($1…$n): TypeORM numbers each statement from $1.
        const shifted = eventsSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + leadParameters.length}`);
        return {
          sql: `WITH "new_lead" AS (${leadSql}) ${shifted} RETURNING (SELECT "latitude" FROM "new_lead") AS "latitude", (SELECT "longitude" FROM "new_lead") AS "longitude"`,
          parameters: [...leadParameters, ...eventParameters],
          prepared: true,
        };
      },
      sqlite: async (sqliteEm) => {
        await insertLead().execute();
        for (const event of events) await this.recordEvent(sqliteEm, actor, lead.id, event);
        return [];
      },
    };
  }

  /** DESIGN §7 auto-assignment: the active Central Ops user with the fewest open leads (ties: oldest account). */
  private async pickAssignee(em: EntityManager): Promise<User | null> {
    const row = await em
      .getRepository(User)
      .createQueryBuilder('u')
      .select('u.id', 'id')
      .addSelect('u.fullName', 'fullName')
      .addSelect('COUNT(l.id)', 'open')
      .leftJoin(Lead, 'l', 'l.assigned_to_id = u.id AND l.status NOT IN (:...final)', { final: FINAL_LEAD_STATUSES })
      .where('u.role = :role AND u.isActive = :active', { role: 'central_ops', active: true })
      .groupBy('u.id')
      .addGroupBy('u.fullName')
      .addGroupBy('u.createdAt')
      .orderBy('open', 'ASC')
      .addOrderBy('u.createdAt', 'ASC')
      .limit(1)
      .getRawOne<{ id: string; fullName: string }>();
    return row ? Object.assign(new User(), { id: row.id, fullName: row.fullName }) : null;
  }

  private async checkAssignee(em: EntityManager, userId: string): Promise<void> {
    const user = await em.getRepository(User).findOne({ where: { id: userId, isActive: true }, select: { id: true, role: true } });
    // Seed 000: assigned_to is limited to role central_ops.
    if (!user || user.role !== 'central_ops') {
      throw new ValidationProblem([{ field: 'assignedToId', message: 'assignedToId must be an active Central Ops user' }]);
    }
  }
}

function invalidTransition(from: LeadStatus, to: LeadStatus, allowed: LeadStatus[]): AppException {
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
