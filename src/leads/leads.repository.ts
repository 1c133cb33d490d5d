import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, type ObjectLiteral, type Repository, type SelectQueryBuilder } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';
import type { Actor } from '../common/auth/actor.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { searchableE164 } from '../common/validators.js';
import { insertStatement } from '../common/persistence/insert-templates.js';
import { arrayRowsOf, type QuerySource, rawRowsOf, type ShapedQuery, type TemplateOptions } from '../common/persistence/query-templates.js';
import { type Dialect, dialectOf, isServerDatabase, lowerCase, unseenParameter, whereAnyOf } from '../common/persistence/dialect.js';
import type { LeadResponseDto } from './dto/lead-response.dto.js';
import { LEAD_ROW_COLUMNS, leadResponseOfRow, type LeadRowPlan, leadRowPlan } from './lead-rows.js';
import type { PerDatabaseWrite } from '../common/persistence/transaction-runner.service.js';
import { User } from '../users/entities/user.entity.js';
import type { CreateLeadDto, LeadFilterDto } from './dto/lead.dto.js';
import { HOUR_MS, overdueTargets, type SlaHours, slaHoursOf } from './sla.js';
import { LeadSource, type SourceType } from './entities/lead-source.entity.js';
import { FINAL_LEAD_STATUSES, Lead, type LeadStatus } from './entities/lead.entity.js';
import { type LeadEventInput, leadEventInsert, leadEventRow } from './lead-event-insert.js';
import { LeadEvent } from './entities/lead-event.entity.js';
import { bulkInsert } from '../common/persistence/bulk-insert.js';
import { creationEvents } from './lead-creation.js';
import { PincodeDirectory } from '../reference-data/pincode-directory.service.js';
import { isUuid } from '../common/uuid.js';

/** No user has this id (UUIDs of version 4 have a 4 in the thirteenth digit): an OEM naming another OEM matches it, hence nothing. */
const NO_SUCH_OEM = '00000000-0000-0000-0000-000000000000';

/**
 * The query keys that leave a lead page's best plan independent of the values: `overdue`,
 * `updatedFrom` and paging. Any other filter, including one added later, makes the page planned on
 * each request.
 */
const PLAN_STABLE_KEYS: ReadonlySet<string> = new Set(['overdue', 'updatedFrom', 'limit', 'cursor', 'withTotal']);

/**
 * True when the best plan of a lead page filtered by `query` does not depend on the values: no
 * filter but `updatedFrom` (a page is the start of the (updated_at, id) range from that instant,
 * however many leads follow it), `overdue` (its statuses are literals, so the planner still knows
 * how many leads hold them; its cutoffs are instants that move with the clock) and the cursor (the
 * start of the list's range, hidden from the planner: `leadListOrder`). Such a page runs as a
 * prepared statement (query-templates.ts `preparedQuery`): PostgreSQL stops planning it on every
 * request (bench/README.md, issue 14).
 *
 * One OEM's leads (an OEM's own scope, or `oemId`) are planned on each request: the best plan
 * depends on how many leads that OEM has (a large OEM's page walks (created_at, id) and skips the
 * other OEMs' leads, a small one's walks (oem_id, created_at, id)). The generic plan PostgreSQL
 * settled on after a mid-sized OEM's pages (60k of 1M leads) read all 1M for an OEM with none:
 * 625 ms (bench/README.md, issue 13, session 27).
 */
export function isPlanStable(actor: Actor, query: LeadFilterDto): boolean {
  return actor.role !== 'oem' && Object.entries(query).every(([key, value]) => PLAN_STABLE_KEYS.has(key) || value === undefined || (Array.isArray(value) && value.length === 0));
}

/** The SQL of the `overdue` filter (alias `lead`) for one set of SLA targets; the cutoffs are the parameters `slaBefore<i>`, `now - cutoffHours[i]`. */
interface OverdueSql {
  /** `lead.status IN (…)`: the statuses that have a target. */
  statusIn: string;
  /** The cutoff of the lead's own status: `CASE WHEN lead.status IN (…) THEN :slaBefore0 … END`. */
  entryCutoff: string;
  /** The latest cutoff, `:slaLatestBefore`, as `overdue=true` bounds createdAt with it. */
  latestCutoff: string;
  cutoffHours: number[];
}

/**
 * The `overdue` filter's SQL for `slaHours` (leads/sla.ts: a lead is overdue iff it entered its
 * status S before `now - target(next stage of S)`). One comparison with the cutoff of the lead's
 * own status, not one OR branch per cutoff, whose index paths PostgreSQL planned on every request
 * (bench/README.md, issue 14). Statuses with the same target share a branch. The statuses are
 * literals (LeadStatus values, never input), so the planner knows how many leads hold them; on
 * PostgreSQL the cutoffs are cast (a CASE of untyped parameters would be text).
 */
function overdueSql(slaHours: SlaHours, dialect: Dialect): OverdueSql {
  const byHours = new Map<number, LeadStatus[]>();
  for (const { status, hours } of overdueTargets(slaHours)) byHours.set(hours, [...(byHours.get(hours) ?? []), status]);
  const inStatuses = (statuses: LeadStatus[]) => `IN (${statuses.map(statusLiteral).join(', ')})`;
  const cutoff = (i: number) => (dialect === 'postgres' ? `CAST(:slaBefore${i} AS timestamp)` : `:slaBefore${i}`);
  // SQLite would serve `status IN (…)` through the status index (reading every lead of those
  // statuses, then sorting them: 0.6 s at 1M); a unary `+` keeps the term off indexes there
  // ("The Unary + Operator", SQLite's query optimizer overview), so the list walks its
  // (createdAt, id) order as on the other databases.
  return {
    statusIn: `${dialect === 'sqlite' ? '+lead.status' : 'lead.status'} ${inStatuses([...byHours.values()].flat())}`,
    entryCutoff: `CASE ${[...byHours.values()].map((statuses, i) => `WHEN lead.status ${inStatuses(statuses)} THEN ${cutoff(i)}`).join(' ')} END`,
    // Unseen by the planner: the prepared page (isPlanStable) then settles on its generic plan.
    latestCutoff: unseenParameter(dialect, 'slaLatestBefore', 'timestamp'),
    cutoffHours: [...byHours.keys()],
  };
}

/** A lead status as an SQL literal. Statuses are the fixed LeadStatus values, never input; the check keeps it so. */
function statusLiteral(status: LeadStatus): string {
  if (!/^[a-z_]+$/.test(status)) throw new Error(`not a lead status: ${status}`);
  return `'${status}'`;
}

/** Lead columns whose raw values the driver converts (dates, decimals, booleans, the version); the rest are read as they come. */
const CONVERTED_LEAD_COLUMNS = ['latitude', 'longitude', 'introCallCompleted', 'version', 'createdAt', 'updatedAt'] as const;

/** The final statuses as SQL literals ({@link statusLiteral}), so the duplicate check's text binds no array. */
const FINAL_STATUS_LIST = FINAL_LEAD_STATUSES.map(statusLiteral).join(', ');

const leadWithEventsTexts = new Map<string, string>();

/**
 * One statement of a lead's INSERT and its events' (see {@link LeadsRepository.insertLead}), kept
 * per pair of texts: the events' placeholders follow the lead's, as each INSERT numbers its own from `$1`.
 */
function leadWithEventsSql(leadSql: string, eventsSql: string, leadParameterCount: number): string {
  const key = `${leadSql}\u0000${eventsSql}`;
  let sql = leadWithEventsTexts.get(key);
  if (sql === undefined) {
    const shifted = eventsSql.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + leadParameterCount}`);
    sql = `WITH "new_lead" AS (${leadSql}) ${shifted} RETURNING (SELECT "latitude" FROM "new_lead") AS "latitude", (SELECT "longitude" FROM "new_lead") AS "longitude"`;
    if (leadWithEventsTexts.size >= 100) leadWithEventsTexts.clear();
    leadWithEventsTexts.set(key, sql);
  }
  return sql;
}

/** Rows whose primary key is one of `ids` ({@link whereAnyOf} in `build`): one text whatever their number. */
function byIds(ids: ReadonlySet<unknown>, build: (ids: unknown[]) => SelectQueryBuilder<ObjectLiteral>): ShapedQuery {
  const list = [...ids];
  return { shape: 'by-ids', parameters: { ids: list }, build: () => build(list) };
}

/** One condition of a lead filter: its SQL over alias `lead`, with `:named` parameters. */
type LeadCondition = readonly [where: string, parameters?: ObjectLiteral];

/** The filtered leads as a shaped query whose rows hold NULL where the names go ({@link LeadsRepository.readRows} fills them in). */
export type FilteredLeads = ShapedQuery & { readonly fillsNames: true };

/** A new lead's coordinates as PostgreSQL stored them (numeric: as text), returned by {@link LeadsRepository.insertLead}. */
export interface StoredCoordinates {
  latitude: string | null;
  longitude: string | null;
}

/** What creating a lead reads in one statement (see {@link LeadsRepository.creationContext}). */
export interface LeadCreationContext {
  oem: User;
  /** Null when the source is no longer the OEM's own or a shared one. */
  source: LeadSource | null;
  duplicateOf: string | null;
  /** The lead already received with this `externalRef` (a replay). */
  existing: { id: string; ingestHash: string | null } | null;
}

/**
 * The leads' SQL (issue #12): the creation context, the INSERT, the visibility-scoped fetch with
 * its hand-written hydration, the list filters and the auto-assignee pick. No rules: the callers
 * ({@link LeadsService}, {@link LeadTimeline}) decide; every read is scoped to what the actor may see.
 */
@Injectable()
export class LeadsRepository {
  /** The metadata of the lead columns {@link fetchLeads} converts with the driver; looked up on first use. */
  private convertedColumns?: Map<string, ColumnMetadata>;

  /** The `overdue` filter's SQL for the configured targets, built once ({@link overdueSql}). */
  private overdueSql?: OverdueSql;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(Lead) private readonly leads: Repository<Lead>,
    private readonly directory: PincodeDirectory,
  ) {}

  /** The entity manager outside any transaction. */
  get manager(): EntityManager {
    return this.leads.manager;
  }

  /** The SQL dialect of the leads' database. */
  get dialect(): Dialect {
    return dialectOf(this.leads.manager);
  }

  /**
   * Loads a lead the actor may see, scoped in the query (DESIGN §1): OEMs only their own.
   * @throws 404 LEAD_NOT_FOUND
   */
  async findVisible(actor: Actor, id: string, em?: EntityManager): Promise<Lead> {
    // A primary key lookup: its plan does not depend on the id, so it is prepared (preparedQuery()).
    const lead = isUuid(id) ? (await this.fetchLeads(this.byId(em ? em.getRepository(Lead) : this.leads, actor, id), em, { prepared: true }))[0] : undefined;
    if (!lead) throw new NotFoundProblem('Lead', id);
    return lead;
  }

  /**
   * {@link findVisible} inside `em`'s transaction, after taking the lead's row lock on PostgreSQL
   * and MariaDB, so that writes which read what else the lead holds and then change it (uploads and
   * deletes of its documents, a replace of its tags) run one after another instead of interleaving
   * under READ COMMITTED. SQLite runs transactions one at a time already (TransactionRunner).
   * Locking a lead the actor cannot see leaks nothing: it answers 404 next.
   * @throws 404 LEAD_NOT_FOUND
   */
  async lockVisible(actor: Actor, id: string, em: EntityManager): Promise<Lead> {
    if (isServerDatabase(em) && isUuid(id)) {
      await em.getRepository(Lead).createQueryBuilder('lead').select('lead.id').where('lead.id = :id', { id }).setLock('pessimistic_write').getOne();
    }
    return this.findVisible(actor, id, em);
  }

  /**
   * The response of a lead the actor may see, built straight from the driver's array row as
   * {@link readResponses} builds it (the hot `GET /leads/{id}`; writes use {@link findVisible},
   * which gives the entity).
   * @throws 404 LEAD_NOT_FOUND
   */
  findVisibleResponse(actor: Actor, id: string): Promise<LeadResponseDto> {
    if (!isUuid(id)) return Promise.reject(new NotFoundProblem('Lead', id));
    // A primary key lookup: its plan does not depend on the id, so it is prepared. then(), not an
    // async layer: GET /leads/{id} (query-templates.ts `promised`).
    return arrayRowsOf(this.leads.manager, 'lead+summaries', this.byId(this.leads, actor, id), { prepared: true }).then(({ columns, rows }) => {
      if (!rows.length) throw new NotFoundProblem('Lead', id);
      return leadResponseOfRow(rows[0], leadRowPlan(columns), actor);
    });
  }

  /** The lead `id` if `actor` may see it (DESIGN §1: an OEM only its own), with the names {@link withSummaries} joins. */
  private byId(repo: Repository<Lead>, actor: Actor, id: string): ShapedQuery {
    const own = actor.role === 'oem';
    return {
      shape: own ? 'by-id:oem' : 'by-id',
      parameters: own ? { id, oemId: actor.userId } : { id },
      build: () => {
        const qb = this.withSummaries(repo.createQueryBuilder('lead')).where('lead.id = :id', { id });
        return own ? qb.andWhere('lead.oemId = :oemId', { oemId: actor.userId }) : qb;
      },
    };
  }

  /**
   * Runs a lead query built with {@link withSummaries} or by {@link filtered} ({@link readRows}) and
   * answers each row as its response, built straight from the driver's array (leads/lead-rows.ts;
   * issue #13): no entity in between, no timestamp parsed. Job summaries, tags and the SLA are
   * filled by the service for the page.
   */
  async readResponses(source: SelectQueryBuilder<Lead> | FilteredLeads, actor: Actor, options: TemplateOptions = {}): Promise<LeadResponseDto[]> {
    const { plan, rows } = await this.readRows(source, options);
    return plan ? rows.map((row) => leadResponseOfRow(row, plan, actor)) : [];
  }

  /**
   * Runs a lead query built with {@link withSummaries} or by {@link filtered} and gives its rows as
   * the driver's arrays (timestamps as text) with the plan of where each field is
   * (leads/lead-rows.ts): for readers that build something else than a response from each row
   * (the CSV export). A query of {@link filtered} joins nothing: the names of its OEMs, sources and
   * assignees are then looked up ({@link fillNames}). The plan is null when there are no rows.
   */
  async readRows(source: SelectQueryBuilder<Lead> | FilteredLeads, options: TemplateOptions = {}): Promise<{ plan: LeadRowPlan | null; rows: unknown[][] }> {
    const { columns, rows } = await arrayRowsOf(this.leads.manager, 'lead+summaries', source, options);
    if (!rows.length) return { plan: null, rows };
    const plan = leadRowPlan(columns);
    // Without joins the names are the placeholders filtered() selects.
    if ('fillsNames' in source || !source.expressionMap.joinAttributes.length) await this.fillNames(plan, rows);
    return { plan, rows };
  }

  /**
   * Fills the name columns of each lead row of a {@link filtered} query (selected as NULL there):
   * its OEM's and assignee's names and its source's name and type, read by primary key for the
   * distinct ids of the rows, two small statements instead of three joins in the filtered one.
   * PostgreSQL planned those joins afresh for every filtered page (a filtered list is not
   * prepared), and for `overdue` or `updatedFrom` the join planning's memory made each request
   * fault in ~50–80 fresh pages: 1.4–1.8 against 0.3–0.4 ms of the database's CPU per page
   * (bench/README.md, issue 14). The rows are filled in place: no array grows.
   */
  private async fillNames(p: LeadRowPlan, rows: unknown[][]): Promise<void> {
    const userIds = new Set<string>();
    const sourceIds = new Set<number>();
    for (const row of rows) {
      userIds.add(row[p.oemId] as string);
      if (row[p.assignedToId] !== null) userIds.add(row[p.assignedToId] as string);
      sourceIds.add(Number(row[p.sourceId]));
    }
    const em = this.leads.manager;
    // Primary-key lookups, one text whatever the number of ids: prepared.
    const [users, sources] = await Promise.all([
      arrayRowsOf(em, 'lead-names:users', byIds(userIds, (ids) => whereAnyOf(em.getRepository(User).createQueryBuilder('u').select(['u.id', 'u.fullName']), 'u.id', 'ids', ids)), { prepared: true }),
      arrayRowsOf(em, 'lead-names:sources', byIds(sourceIds, (ids) => whereAnyOf(em.getRepository(LeadSource).createQueryBuilder('s').select(['s.id', 's.name', 's.sourceType']), 's.id', 'ids', ids)), { prepared: true }),
    ]);
    const [userIdAt, userNameAt] = ['u_id', 'u_full_name'].map((column) => users.columns.indexOf(column));
    const userNames = new Map(users.rows.map((row) => [row[userIdAt] as string, row[userNameAt] as string]));
    const [sourceIdAt, sourceNameAt, sourceTypeAt] = ['s_id', 's_name', 's_source_type'].map((column) => sources.columns.indexOf(column));
    const sourceRows = new Map(sources.rows.map((row) => [Number(row[sourceIdAt]), row]));
    for (const row of rows) {
      const source = sourceRows.get(Number(row[p.sourceId]));
      const assignee = row[p.assignedToId] as string | null;
      row[p.oemName] = userNames.get(row[p.oemId] as string) ?? null;
      row[p.sourceName] = source?.[sourceNameAt] ?? null;
      row[p.sourceType] = source?.[sourceTypeAt] ?? null;
      row[p.assigneeName] = assignee === null ? null : (userNames.get(assignee) ?? null);
    }
  }

  /** The lead of `oemId` received with `externalRef`, if any: its id and the hash of the payload it came with. */
  findReceived(oemId: string, externalRef: string): Promise<{ id: string; ingestHash: string | null } | null> {
    return this.leads.findOne({ where: { oemId, externalRef }, select: { id: true, ingestHash: true } });
  }

  /** True when `id` is an active OEM user (the OEM Central Ops names when creating a lead). */
  async isActiveOem(id: string): Promise<boolean> {
    return (await this.leads.manager.getRepository(User).findOne({ where: { id, role: 'oem', isActive: true }, select: { id: true } })) !== null;
  }

  /**
   * A query over the leads matching `query` that `actor` may see ({@link applyFilters}): the lead's
   * own columns and NULL for the names, which {@link readRows} (and so {@link readResponses}) fills in.
   */
  async filtered(actor: Actor, query: LeadFilterDto, now: Date): Promise<SelectQueryBuilder<Lead>> {
    return this.filteredBy(await this.filterConditions(actor, query, now));
  }

  /**
   * {@link filtered} as a shaped query (query-templates.ts `ShapedQuery`), for the lead list: its
   * shape is the text of its conditions, and its parameters are theirs, so a page whose shape was
   * seen before is read without a query builder. TypeORM's builder and the JSON walk that derives
   * a builder's shape were ~5 % of a list page's CPU (bench/README.md, session 13).
   */
  async filteredSource(actor: Actor, query: LeadFilterDto, now: Date): Promise<FilteredLeads> {
    const conditions = await this.filterConditions(actor, query, now);
    return {
      shape: `filtered\u0000${conditions.map(([where]) => where).join('\u0000')}`,
      parameters: Object.assign({}, ...conditions.map(([, parameters]) => parameters)) as ObjectLiteral,
      build: () => this.filteredBy(conditions),
      fillsNames: true,
    };
  }

  private filteredBy(conditions: readonly LeadCondition[]): SelectQueryBuilder<Lead> {
    const qb = this.leads.createQueryBuilder('lead');
    for (const [where, parameters] of conditions) qb.andWhere(where, parameters);
    // Room for the names readRows() fills in (fillNames), so that no row array has to grow.
    for (const column of [LEAD_ROW_COLUMNS.oemName, LEAD_ROW_COLUMNS.sourceName, LEAD_ROW_COLUMNS.sourceType, LEAD_ROW_COLUMNS.assigneeName]) qb.addSelect('NULL', column);
    return qb;
  }

  /**
   * Runs a lead query built with {@link withSummaries} and makes the leads from its raw rows
   * (TypeORM's aliases: `lead_<column>`, `oem_id`, `source_name`…), with the driver's own
   * conversion for the columns that need one (dates, decimals, booleans, the version): the values
   * getMany() gives. getMany()'s generic relation hydrator was a sixth of a 50-lead list request's
   * CPU, and a loop over the column metadata still 4 % (bench/README.md); this names each column.
   */
  async fetchLeads(source: QuerySource, em: EntityManager = this.leads.manager, options: TemplateOptions = {}): Promise<Lead[]> {
    const rows = await rawRowsOf(em, 'lead+summaries', source, options);
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
      lead.closingReasonCode = row.lead_closing_reason_code as string | null;
      lead.chargerModel = row.lead_charger_model as string | null;
      lead.assignedToId = row.lead_assigned_to_id as string | null;
      lead.introCallCompleted = convert('introCallCompleted', row.lead_intro_call_completed);
      lead.possibleDuplicateOfId = row.lead_possible_duplicate_of_id as string | null;
      lead.ingestHash = row.lead_ingest_hash as string | null;
      lead.version = convert('version', row.lead_version);
      lead.createdAt = convert('createdAt', row.lead_created_at);
      lead.updatedAt = convert('updatedAt', row.lead_updated_at);
      // Stored like createdAt (`type: Date` is not one the driver's hydration knows): read with createdAt's conversion.
      lead.statusEnteredAt = row.lead_status_entered_at == null ? null : convert('createdAt', row.lead_status_entered_at);
      lead.oem = Object.assign(new User(), { id: row.oem_id as string, fullName: row.oem_full_name as string });
      lead.source = Object.assign(new LeadSource(), { id: row.source_id as number, name: row.source_name as string, oemId: row.source_oem_id as string | null, sourceType: row.source_source_type as SourceType });
      // A LEFT JOIN that found nothing (no assignee) gives null for the relation.
      lead.assignedTo = row.assignedTo_id == null ? null : Object.assign(new User(), { id: row.assignedTo_id as string, fullName: row.assignedTo_full_name as string });
      return lead;
    });
  }

  /** Joins what a lead response shows of the OEM, the source and the assignee, as {@link fetchLeads} reads them. */
  withSummaries(qb: SelectQueryBuilder<Lead>): SelectQueryBuilder<Lead> {
    return qb
      .leftJoin('lead.oem', 'oem')
      .addSelect(['oem.id', 'oem.fullName'])
      .leftJoinAndSelect('lead.source', 'source')
      .leftJoin('lead.assignedTo', 'assignedTo')
      .addSelect(['assignedTo.id', 'assignedTo.fullName']);
  }

  /**
   * Adds the lead filters to `qb` (alias `lead`), scoped to what `actor` may see
   * ({@link filterConditions}).
   */
  async applyFilters(qb: SelectQueryBuilder<Lead>, actor: Actor, query: LeadFilterDto, now: Date): Promise<void> {
    for (const [where, parameters] of await this.filterConditions(actor, query, now)) qb.andWhere(where, parameters);
  }

  /**
   * The lead filters of `query` as conditions over alias `lead`, scoped to what `actor` may see: an
   * OEM only its own leads, and an `oemId` naming another OEM then finds nothing. `overdue`
   * compares with the SLA targets at `now` (leads/sla.ts); `tag` is one EXISTS per tag. Each
   * condition's text depends only on which filters are given (and how many tags), never on their
   * values, which are its `:named` parameters ({@link filteredSource} relies on it).
   */
  private async filterConditions(actor: Actor, query: LeadFilterDto, now: Date): Promise<LeadCondition[]> {
    const conditions: LeadCondition[] = [];
    if (actor.role === 'oem') {
      // A foreign oemId is a contradiction, not a widening: the answer is empty.
      conditions.push(['lead.oemId = :oemId', { oemId: query.oemId && query.oemId !== actor.userId ? NO_SUCH_OEM : actor.userId }]);
    } else if (query.oemId) {
      conditions.push(['lead.oemId = :oemId', { oemId: query.oemId }]);
    }
    if (query.updatedFrom) conditions.push(['lead.updatedAt >= :updatedFrom', { updatedFrom: new Date(query.updatedFrom) }]);
    if (query.overdue !== undefined) {
      const { statusIn, entryCutoff, latestCutoff, cutoffHours } = (this.overdueSql ??= overdueSql(slaHoursOf(this.config.slaHours), this.dialect));
      const at = (hours: number) => new Date(now.getTime() - hours * HOUR_MS);
      const parameters = Object.fromEntries(cutoffHours.map((hours, i) => [`slaBefore${i}`, at(hours)]));
      conditions.push([statusIn]);
      if (query.overdue) {
        // A status is entered at or after creation (leads/sla.ts), so an overdue lead was created
        // before the latest cutoff (the shortest target's): bounding createdAt too lets the list's
        // range on (createdAt, id) start there instead of reading and dropping every newer lead.
        conditions.push([`lead.statusEnteredAt < ${entryCutoff}`, parameters], [`lead.createdAt < ${latestCutoff}`, { slaLatestBefore: at(Math.min(...cutoffHours)) }]);
      } else {
        // NOT (… < …) rather than >=: a lead without an entry time has no SLA (slaOf), so it is in neither list.
        conditions.push([`NOT (lead.statusEnteredAt < ${entryCutoff})`, parameters]);
      }
    }
    (query.tag ?? []).forEach((tag, i) => {
      conditions.push([`EXISTS (SELECT 1 FROM lead_tags lt${i} WHERE lt${i}.lead_id = lead.id AND lt${i}.tag = :tag${i})`, { [`tag${i}`]: tag }]);
    });
    if (query.status?.length) conditions.push(['lead.status IN (:...statuses)', { statuses: query.status }]);
    if (query.sourceId) conditions.push(['lead.sourceId = :sourceId', { sourceId: query.sourceId }]);
    if (query.assignedToId) conditions.push(['lead.assignedToId = :assignedToId', { assignedToId: query.assignedToId }]);
    if (query.city) conditions.push(['lead.city = :city', { city: query.city }]);
    if (query.state) conditions.push(['lead.state = :state', { state: await this.directory.stateName(query.state) }]);
    if (query.pincode) conditions.push(['lead.pincode = :pincode', { pincode: query.pincode }]);
    if (query.createdFrom) conditions.push(['lead.createdAt >= :createdFrom', { createdFrom: new Date(query.createdFrom) }]);
    if (query.createdTo) conditions.push(['lead.createdAt < :createdTo', { createdTo: new Date(query.createdTo) }]);
    if (query.q) {
      const q = query.q.trim();
      const phone = /^[+\d][\d\s-]{6,}$/.test(q) ? searchableE164(q) : null;
      // A name holds no digit and no '@': such a q is a phone, an email or an externalRef, and
      // leaving out the substring match keeps it on indexes (SQLite cannot index LIKE '%…%', so one
      // such OR branch scanned all leads: 0.6–0.9 s at 1M, bench/README.md).
      const byName = !/[\d@]/.test(q);
      const branches = [...(phone ? ['lead.customerPhone = :qPhone'] : []), ...(byName ? [`${lowerCase(this.dialect, 'lead.customerName', q)} LIKE :qName`] : []), 'lead.customerEmail = :qEmail', 'lead.externalRef = :qRef'];
      // Keys set on the object, none after a spread (on Node 20 that is V8's slow path: docs/architecture.md, step 7).
      const parameters: ObjectLiteral = { qEmail: q.toLowerCase(), qRef: q };
      if (phone) parameters.qPhone = phone;
      if (byName) parameters.qName = `%${q.toLowerCase().replace(/[%_\\]/g, '')}%`;
      conditions.push([`(${branches.join(' OR ')})`, parameters]);
    }
    return conditions;
  }

  /**
   * Everything creating a lead reads, in one statement (DESIGN §7, seed 000): what the response
   * shows of the OEM and the source — the source only when it is still the OEM's own or a shared
   * one (the choice was made from {@link LeadSourcesService}'s snapshot); the lead already received
   * with this `externalRef` (a replay); and, unless `LEAD_DUPLICATE_CHECK=off`, the oldest open
   * lead of the same OEM with the same E.164 phone and pincode.
   */
  async creationContext(
    em: EntityManager,
    oemId: string,
    sourceId: number,
    dto: CreateLeadDto,
  ): Promise<{ oem: User; source: LeadSource | null; duplicateOf: string | null; existing: { id: string; ingestHash: string | null } | null }> {
    const withRef = Boolean(dto.externalRef);
    const checksDuplicates = this.config.leadDuplicateCheck !== 'off';
    const parameters = {
      sourceId,
      oemId,
      ...(withRef && { externalRef: dto.externalRef }),
      ...(checksDuplicates && { phone: dto.customerPhone, pincode: dto.pincode }),
    };
    const build = () => {
      const qb = em
        .createQueryBuilder()
        .select('oem.fullName', 'oemName')
        .addSelect('source.name', 'sourceName')
        .addSelect('source.sourceType', 'sourceType')
        .addSelect('source.oemId', 'sourceOemId')
        .from(User, 'oem')
        .leftJoin(LeadSource, 'source', 'source.id = :sourceId AND (source.oemId IS NULL OR source.oemId = oem.id)', { sourceId })
        .where('oem.id = :oemId', { oemId });
      if (withRef) {
        qb.addSelect('received.id', 'existingId')
          .addSelect('received.ingestHash', 'existingHash')
          .leftJoin(Lead, 'received', 'received.oemId = oem.id AND received.externalRef = :externalRef', { externalRef: dto.externalRef });
      }
      if (checksDuplicates) {
        qb.addSelect(
          (open) =>
            open
              .select('dup.id')
              .from(Lead, 'dup')
              .where(`dup.oemId = :oemId AND dup.customerPhone = :phone AND dup.pincode = :pincode AND dup.status NOT IN (${FINAL_STATUS_LIST})`, {
                oemId,
                phone: dto.customerPhone,
                pincode: dto.pincode,
              })
              .orderBy('dup.createdAt', 'ASC')
              .limit(1),
          'duplicateOf',
        );
      }
      return qb;
    };
    type Row = { oemName: string; sourceName: string | null; sourceType: SourceType; sourceOemId: string | null; existingId?: string | null; existingHash?: string | null; duplicateOf?: string | null };
    // Four shapes: the joins differ with and without an externalRef, the selections with and without the duplicate check.
    const shape = `${withRef ? 'ref' : 'no-ref'}:${checksDuplicates ? 'dup' : 'no-dup'}`;
    const [row] = await rawRowsOf<Row>(em, 'lead-creation', { shape, parameters, build }, { prepared: true });
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
   * INSERTs `lead` with every column as given and its timeline `events`, reading nothing back but
   * the coordinates as stored: PostgreSQL's numeric(9,6) and MariaDB's decimal(9,6) round them, so
   * they are read back (PostgreSQL: from the statement itself, RETURNING; MariaDB: a SELECT by
   * primary key after the INSERTs); SQLite stores the number as given. On PostgreSQL lead and
   * events go in one statement (the events' INSERT takes the lead's as a CTE; the foreign key is
   * checked at the end of the statement), as `TransactionRunner.runSingleWrite` requires.
   */
  insertLead(em: EntityManager, actor: Actor, lead: Lead, events: LeadEventInput[]): PerDatabaseWrite<StoredCoordinates> {
    const insertLead = () => em.createQueryBuilder().insert().into(Lead).values(lead).updateEntity(false);
    return {
      postgres: () => {
        const [leadSql, leadParameters] = insertStatement(em, Lead, [lead], ['latitude', 'longitude']);
        const createdAt = new Date();
        const [eventsSql, eventParameters] = insertStatement(
          em,
          LeadEvent,
          events.map((event) => leadEventRow(actor, lead.id, event, createdAt)),
        );
        return { sql: leadWithEventsSql(leadSql, eventsSql, leadParameters.length), parameters: [...leadParameters, ...eventParameters], prepared: true };
      },
      inSteps: async (stepsEm: EntityManager) => {
        await insertLead().execute();
        for (const event of events) await leadEventInsert(stepsEm, actor, lead.id, [event]).execute();
        if (dialectOf(stepsEm) !== 'mariadb' || (lead.latitude === null && lead.longitude === null)) return [];
        return (await stepsEm.query('SELECT latitude, longitude FROM leads WHERE id = ?', [lead.id])) as StoredCoordinates[];
      },
    };
  }

  /**
   * The leads already received among `refs` (OEM and externalRef), by `receivedKey`: one query for
   * a batch of the bulk import instead of one per row.
   */
  async receivedAmong(em: EntityManager, refs: ReadonlyArray<{ oemId: string; externalRef: string }>): Promise<Map<string, { id: string; ingestHash: string | null }>> {
    const found = new Map<string, { id: string; ingestHash: string | null }>();
    if (!refs.length) return found;
    const rows = await em.getRepository(Lead).find({ where: { externalRef: In([...new Set(refs.map((r) => r.externalRef))]) }, select: { id: true, oemId: true, externalRef: true, ingestHash: true } });
    for (const row of rows) found.set(receivedKey(row.oemId, row.externalRef as string), { id: row.id, ingestHash: row.ingestHash });
    return found;
  }

  /**
   * The oldest open lead for each (OEM, phone, pincode) among `keys`, by `duplicateKey` (the
   * duplicate check of {@link creationContext}, DESIGN §7, for a batch at once).
   */
  async openDuplicatesAmong(em: EntityManager, keys: ReadonlyArray<{ oemId: string; customerPhone: string; pincode: string }>): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (!keys.length) return found;
    const rows = await em
      .getRepository(Lead)
      .createQueryBuilder('dup')
      .select(['dup.id', 'dup.oemId', 'dup.customerPhone', 'dup.pincode'])
      .where('dup.customerPhone IN (:...phones) AND dup.status NOT IN (:...final)', { phones: [...new Set(keys.map((k) => k.customerPhone))], final: FINAL_LEAD_STATUSES })
      .orderBy('dup.createdAt', 'ASC')
      .getMany();
    for (const row of rows) {
      const key = duplicateKey(row);
      if (!found.has(key)) found.set(key, row.id);
    }
    return found;
  }

  /** Every active Central Ops user with their open leads, in {@link pickAssignee}'s order (fewest first, ties oldest account). */
  async assigneeLoads(em: EntityManager): Promise<Array<{ id: string; open: number }>> {
    const rows = await this.assigneeQuery(em).getRawMany<{ id: string; open: string | number }>();
    return rows.map((row) => ({ id: row.id, open: Number(row.open) }));
  }

  /** The INSERTs of a batch of new leads of the import `importId` and their timeline entries: two statements whatever the batch size. */
  async insertLeads(em: EntityManager, actor: Actor, leads: Lead[], importId: string): Promise<void> {
    if (!leads.length) return;
    await bulkInsert(em, Lead, leads);
    await bulkInsert(em, LeadEvent, leads.flatMap((lead) => creationEvents(lead, importId).map((input) => leadEventRow(actor, lead.id, input, lead.createdAt))));
  }

  /** DESIGN §7 auto-assignment: the active Central Ops user with the fewest open leads (ties: oldest account). */
  async pickAssignee(em: EntityManager): Promise<User | null> {
    const row = await this.assigneeQuery(em).limit(1).getRawOne<{ id: string; fullName: string }>();
    return row ? Object.assign(new User(), { id: row.id, fullName: row.fullName }) : null;
  }

  private assigneeQuery(em: EntityManager) {
    return em
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
      .addOrderBy('u.createdAt', 'ASC');
  }

  async checkAssignee(em: EntityManager, userId: string): Promise<void> {
    const user = await em.getRepository(User).findOne({ where: { id: userId, isActive: true }, select: { id: true, role: true } });
    // Seed 000: assigned_to is limited to role central_ops.
    if (!user || user.role !== 'central_ops') {
      throw new ValidationProblem([{ field: 'assignedToId', message: 'assignedToId must be an active Central Ops user' }]);
    }
  }
}

/** The key of {@link LeadsRepository.receivedAmong}'s answer. */
export function receivedKey(oemId: string, externalRef: string): string {
  return `${oemId}\n${externalRef}`;
}

/** The key of {@link LeadsRepository.openDuplicatesAmong}'s answer. */
export function duplicateKey(lead: { oemId: string; customerPhone: string; pincode: string }): string {
  return `${lead.oemId}\n${lead.customerPhone}\n${lead.pincode}`;
}
