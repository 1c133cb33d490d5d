import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { type Dialect, dialectOf } from '../../common/persistence/dialect.js';
import { readInOneSnapshot } from '../../common/persistence/shared-snapshot.js';
import { User } from '../../users/entities/user.entity.js';
import { ClosingReason } from '../closing-reasons/closing-reason.entity.js';
import type { LeadFilterDto } from '../dto/lead.dto.js';
import { LeadSource } from '../entities/lead-source.entity.js';
import { FIRST_ENTRY_COLUMNS, LEAD_STATUSES, Lead, type LeadStatus } from '../entities/lead.entity.js';
import { LeadsRepository } from '../leads.repository.js';
import { LeadsService } from '../leads.service.js';
import { NEXT_STAGE, overdueCutoffs, SLA_STAGES } from '../sla.js';
import { FUNNEL_STAGES, type FunnelStageFigures, funnelFigures, funnelFiguresFromAggregates, type StageEntries } from './funnel-math.js';
import type { FunnelGroup, FunnelGroupDto, LeadFunnelDto, LeadSummaryDto } from './lead-reports.dto.js';

type Row = Record<string, unknown>;

/** One group of the funnel before its label is looked up. */
interface FunnelGroupRow {
  key: string;
  leads: number;
  cancelled: number;
  onHold: number;
  stages: FunnelStageFigures[];
}

/**
 * Lead reports (issue 14 items 1–3): the summary and the funnel with stage times, over the same
 * filters and the same visibility scope as the lead list (`LeadsRepository.applyFilters`: an OEM
 * sees only its own leads). Aggregates run in the database (GROUP BY); the funnel's stage times
 * come from the timeline's `status_changed` events, first entry per stage.
 */
@Injectable()
export class LeadReportsService {
  constructor(
    private readonly repository: LeadsRepository,
    private readonly leads: LeadsService,
  ) {}

  /**
   * The summary of the leads matching `filter` that `actor` may see; `byOem` only for staff. One
   * statement on every database: the filtered leads read once, grouped by (status, source, state,
   * OEM for staff, closing reason code) with the overdue leads of each group counted by the same
   * CASE as the `overdue` filter (leads/sla.ts); the counts per status, source, state, OEM and
   * reason are these groups added up here (9k groups for the bench's 1M leads: most combinations of
   * 11 statuses × the sources × 36 states × the OEMs × the codes are empty). On PostgreSQL a
   * parallel hash aggregate; before, five GROUP BY statements read the filtered leads five times.
   */
  async summary(actor: Actor, filter: LeadFilterDto): Promise<LeadSummaryDto> {
    const now = this.leads.now();
    const staff = actor.role !== 'oem';
    const cutoffs = overdueCutoffs(this.leads.slaHours, now);
    const overdueCase = `SUM(CASE ${cutoffs.map((_, i) => `WHEN lead.status = :summaryStatus${i} AND lead.statusEnteredAt < :summaryBefore${i} THEN 1`).join(' ')} ELSE 0 END)`;
    const qb = await this.base(actor, filter, now);
    const keys: Array<[string, string]> = [
      ['lead.status', 'k_status'],
      ['lead.sourceId', 'k_source'],
      ['lead.state', 'k_state'],
      ...(staff ? [['lead.oemId', 'k_oem'] as [string, string]] : []),
      ['lead.closingReasonCode', 'k_reason'],
    ];
    qb.select(keys[0][0], keys[0][1]).groupBy(keys[0][0]);
    for (const [column, alias] of keys.slice(1)) qb.addSelect(column, alias).addGroupBy(column);
    qb.addSelect('COUNT(*)', 'n')
      .addSelect(overdueCase, 'overdue')
      .setParameters(Object.fromEntries(cutoffs.flatMap((c, i) => [[`summaryStatus${i}`, c.status], [`summaryBefore${i}`, c.before]])));
    // PostgreSQL estimates far more groups than there are (100k against 9k at 1M leads): with its
    // default 4 MB of work_mem it then sorts them on disk instead of hashing; JIT compiling the plan
    // cost more than it saved. Both set for this statement's transaction only.
    const groups =
      dialectOf(qb.connection) === 'postgres'
        ? await qb.connection.transaction(async (em) => {
            await em.query(`SET LOCAL work_mem = '${SUMMARY_WORK_MEM}'`);
            await em.query('SET LOCAL jit = off');
            return qb.setQueryRunner(em.queryRunner!).getRawMany<Row>();
          })
        : await qb.getRawMany<Row>();

    const byStatus = Object.fromEntries(LEAD_STATUSES.map((s) => [s, 0])) as Record<LeadStatus, number>;
    const overdueByStage = new Map<LeadStatus, number>(SLA_STAGES.map((stage) => [stage, 0]));
    const bySource = new Map<number, number>();
    const byState = new Map<string, number>();
    const byOem = new Map<string, number>();
    const byReason = new Map<string, number>();
    const add = <K>(counts: Map<K, number>, key: K, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
    for (const group of groups) {
      const n = Number(group.n);
      const status = group.k_status as LeadStatus;
      byStatus[status] += n;
      const next = NEXT_STAGE[status];
      if (next) add(overdueByStage, next, Number(group.overdue ?? 0));
      add(bySource, Number(group.k_source), n);
      add(byState, group.k_state as string, n);
      if (staff) add(byOem, group.k_oem as string, n);
      if (group.k_reason != null) add(byReason, group.k_reason as string, n);
    }
    const em = this.repository.manager;
    const [sources, oems, reasons] = await Promise.all([
      em.getRepository(LeadSource).find({ select: { id: true, name: true } }),
      byOem.size ? em.getRepository(User).createQueryBuilder('u').select(['u.id', 'u.fullName']).where('u.id IN (:...ids)', { ids: [...byOem.keys()] }).getMany() : [],
      em.getRepository(ClosingReason).find({ select: { code: true, label: true } }),
    ]);
    const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
    // Most first; ties in a stable order (by the label), the same on every database.
    const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count || JSON.stringify(Object.values(a)).localeCompare(JSON.stringify(Object.values(b)));
    const sourceNames = new Map(sources.map((s) => [s.id, s.name]));
    const oemNames = new Map(oems.map((u) => [u.id, u.fullName]));
    const reasonLabels = new Map(reasons.map((c) => [c.code, c.label]));
    return {
      total,
      byStatus,
      bySource: [...bySource].map(([sourceId, count]) => ({ sourceId, name: sourceNames.get(sourceId) ?? '', count })).sort(byCount),
      byState: [...byState].map(([state, count]) => ({ state, count })).sort(byCount),
      ...(staff && { byOem: [...byOem].map(([oemId, count]) => ({ oemId, name: oemNames.get(oemId) ?? '', count })).sort(byCount) }),
      byClosingReason: [...byReason].map(([code, count]) => ({ code, label: reasonLabels.get(code) ?? '', count })).sort(byCount),
      overdueByStage: [...overdueByStage].map(([stage, count]) => ({ stage, count })),
      overdueTotal: [...overdueByStage.values()].reduce((a, b) => a + b, 0),
      conversionRate: total ? Math.round((byStatus.closed / total) * 10_000) / 10_000 : 0,
    };
  }

  /**
   * The funnel of the leads matching `filter` that `actor` may see, per group: each lead's first
   * entry into each stage (creation for `new`, then the lead's `first_<stage>_at` columns, which
   * the status change into the stage sets: the timeline's earliest `status_changed` into it), then
   * the counts and percentiles. Both read one row per lead of the filtered leads, no join.
   * PostgreSQL aggregates in the database ({@link funnelRowsPostgres}: `percentile_cont`, one row
   * per group); SQLite and MariaDB, which have no percentile aggregate (MariaDB's is a window
   * function only), send one row per lead to Node ({@link funnelFigures}, the same definition).
   */
  async funnel(actor: Actor, filter: LeadFilterDto, groupBy: FunnelGroup): Promise<LeadFunnelDto> {
    const qb = await this.base(actor, filter, this.leads.now());
    const dialect = dialectOf(qb.connection);
    // The month in India (IST, UTC+05:30, no daylight saving), where every lead is: a lead of 1 March 01:00 IST is March's.
    const month = {
      postgres: "to_char(lead.created_at + interval '330 minutes', 'YYYY-MM')",
      sqlite: "strftime('%Y-%m', lead.created_at, '+330 minutes')",
      mariadb: "DATE_FORMAT(lead.created_at + INTERVAL 330 MINUTE, '%Y-%m')",
    }[dialect];
    const group = { none: "''", oem: 'lead.oem_id', state: 'lead.state', month }[groupBy];
    const groups = dialect === 'postgres' ? await this.funnelRowsPostgres(qb, group, groupBy) : await this.funnelRowsInNode(qb, group, dialect);
    const names =
      groupBy === 'oem' && groups.length
        ? new Map((await this.repository.manager.getRepository(User).createQueryBuilder('u').select(['u.id', 'u.fullName']).where('u.id IN (:...ids)', { ids: groups.map((g) => g.key) }).getMany()).map((u) => [u.id, u.fullName]))
        : new Map<string, string>();
    const result: FunnelGroupDto[] = groups.map((g) => ({
      key: groupBy === 'none' ? null : g.key,
      label: groupBy === 'none' ? null : (names.get(g.key) ?? g.key),
      leads: g.leads,
      stages: g.stages,
      cancelled: g.cancelled,
      onHold: g.onHold,
    }));
    if (groupBy === 'none' && !result.length) result.push({ key: null, label: null, leads: 0, stages: funnelFigures([]), cancelled: 0, onHold: 0 });
    result.sort((a, b) => (groupBy === 'month' ? String(a.key).localeCompare(String(b.key)) : b.leads - a.leads));
    return { groupBy, groups: result };
  }

  /**
   * PostgreSQL: the filtered leads (`qb`) aggregated per group with `count` and one
   * `percentile_cont(ARRAY[0.5, 0.9])` per stage (the interpolation {@link funnelFigures} uses), so
   * only one row per group leaves the database. Each percentile sorts the stage's values, the bulk
   * of the time; they are sorted as float8 seconds (`date_part`; `EXTRACT` is numeric since
   * PostgreSQL 14, much slower to compute) and the stages are split over
   * {@link FUNNEL_STATEMENTS} statements run at once on their own connections, reading one
   * snapshot ({@link readInOneSnapshot}): the same answer as one statement, on two cores.
   */
  private async funnelRowsPostgres(qb: SelectQueryBuilder<Lead>, group: string, groupBy: FunnelGroup): Promise<FunnelGroupRow[]> {
    const statements = FUNNEL_STATEMENTS.map((stages, k) => {
      const part = qb.clone().select(group, 'g');
      if (k === 0) {
        part
          .addSelect(`COUNT(*) FILTER (WHERE lead.status = 'cancelled')`, 'cancelled')
          .addSelect(`COUNT(*) FILTER (WHERE lead.status = 'on_hold')`, 'on_hold')
          .addSelect('COUNT(*)', 'r0');
      }
      for (const i of stages) {
        const seconds = `date_part('epoch', ${entryColumn(i)} - ${entryColumn(i - 1)})`;
        part.addSelect(`COUNT(${entryColumn(i)})`, `r${i}`).addSelect(`percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY ${seconds})`, `q${i}`);
      }
      if (groupBy !== 'none') part.groupBy(group);
      return part.getQueryAndParameters();
    });
    // Exact percentiles sort every value of a stage: with PostgreSQL's default 4 MB of work_mem a
    // whole-table funnel sorted on disk. FUNNEL_WORK_MEM per sort, for these transactions only; no
    // JIT (compiling costs more than it saves on these plans).
    const parts = await readInOneSnapshot(qb.connection, statements, [`SET LOCAL work_mem = '${FUNNEL_WORK_MEM}'`, 'SET LOCAL jit = off']);
    // Both statements group the same leads the same way: one row per group in each.
    const rows = new Map<string, Row>();
    for (const part of parts) for (const row of part) rows.set(String(row.g ?? ''), { ...rows.get(String(row.g ?? '')), ...row });
    const hours = (row: Row, i: number, k: number) => {
      const seconds = (row[`q${i}`] as Array<number | null> | null)?.[k];
      return seconds == null ? null : Number(seconds) / 3600;
    };
    // Without a group, an empty set still aggregates to one row of zeros: the caller adds that itself.
    return [...rows]
      .filter(([, row]) => Number(row.r0) > 0)
      .map(([key, row]) => ({
        key,
        leads: Number(row.r0),
        cancelled: Number(row.cancelled),
        onHold: Number(row.on_hold),
        stages: funnelFiguresFromAggregates(FUNNEL_STAGES.map((_, i) => ({ reached: Number(row[`r${i}`]), medianHours: i ? hours(row, i, 0) : null, p90Hours: i ? hours(row, i, 1) : null }))),
      }));
  }

  /** SQLite and MariaDB: one row per lead with its first entry per stage (ms since the epoch), figures computed by {@link funnelFigures}. */
  private async funnelRowsInNode(qb: SelectQueryBuilder<Lead>, group: string, dialect: Dialect): Promise<FunnelGroupRow[]> {
    // Timestamps are UTC on both (MariaDB sessions run at +00:00, which UNIX_TIMESTAMP reads them in).
    const epochMs = (expression: string) => (dialect === 'mariadb' ? `UNIX_TIMESTAMP(${expression}) * 1000` : `(julianday(${expression}) - 2440587.5) * 86400000`);
    qb.select(group, 'g').addSelect('lead.status', 'status');
    FUNNEL_STAGES.forEach((_, i) => qb.addSelect(epochMs(entryColumn(i)), `s${i}`));
    const rows = await qb.getRawMany<Row>();
    const groups = new Map<string, { entries: StageEntries[]; cancelled: number; onHold: number }>();
    for (const row of rows) {
      const key = String(row.g ?? '');
      const g = groups.get(key) ?? { entries: [], cancelled: 0, onHold: 0 };
      g.entries.push(FUNNEL_STAGES.map((_, i) => (row[`s${i}`] == null ? null : Number(row[`s${i}`]))));
      if (row.status === 'cancelled') g.cancelled++;
      if (row.status === 'on_hold') g.onHold++;
      groups.set(key, g);
    }
    return [...groups].map(([key, g]) => ({ key, leads: g.entries.length, cancelled: g.cancelled, onHold: g.onHold, stages: funnelFigures(g.entries) }));
  }

  /** The leads matching `filter` that `actor` may see, as a query to aggregate over. */
  private async base(actor: Actor, filter: LeadFilterDto, now: Date): Promise<SelectQueryBuilder<Lead>> {
    const qb = this.repository.manager.getRepository(Lead).createQueryBuilder('lead');
    await this.repository.applyFilters(qb, actor, filter, now);
    return qb;
  }
}

/** PostgreSQL's memory for the summary's hash table (bench/README.md, issue 14). */
const SUMMARY_WORK_MEM = '16MB';

/** PostgreSQL's memory per sort for the funnel's percentiles (bench/README.md, issue 14). */
const FUNNEL_WORK_MEM = '64MB';

/**
 * The stages (indexes into {@link FUNNEL_STAGES}, from 1) of each of the PostgreSQL funnel's
 * concurrent statements; the first also counts the leads. Balanced by the values each sorts (every
 * lead that reached the stage; later stages have fewer), so both end at about the same time.
 */
const FUNNEL_STATEMENTS: ReadonlyArray<readonly number[]> = [
  [1, 2, 3],
  [4, 5, 6, 7],
];

/** The SQL column of a lead's first entry into stage `i` of {@link FUNNEL_STAGES}: creation for `new`, else its `first_<stage>_at`. */
function entryColumn(i: number): string {
  return i === 0 ? 'lead.created_at' : `lead.${FIRST_ENTRY_COLUMNS[FUNNEL_STAGES[i]]!.column}`;
}
