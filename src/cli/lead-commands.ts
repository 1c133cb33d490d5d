import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import cliProgress from 'cli-progress';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { DataSource } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { AppException } from '../common/problem.js';
import { isUuid } from '../common/uuid.js';
import type { LeadFilterDto } from '../leads/dto/lead.dto.js';
import { LEAD_STATUSES, type LeadStatus } from '../leads/entities/lead.entity.js';
import { LeadExportService } from '../leads/export/lead-export.service.js';
import { LeadImportsService } from '../leads/imports/lead-imports.service.js';
import { FUNNEL_GROUPS, type FunnelGroup } from '../leads/reports/lead-reports.dto.js';
import { LeadReportsService } from '../leads/reports/lead-reports.service.js';
import { User } from '../users/entities/user.entity.js';
import { CLI_OUTPUT, CliError, type CliOutput, copyToOutput, formatCount, writeToFile } from './cli-io.js';

/** The CLI acts as the system: every lead is visible (as to an admin); nothing is recorded as a person's act. */
const SYSTEM: Actor = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', apiKeyId: null };

const isoDay = (value: string, option: string) => {
  if (!/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value) || Number.isNaN(Date.parse(value))) throw new CliError(`${option} must be a date (YYYY-MM-DD), got "${value}"`);
  return new Date(value).toISOString();
};

/** A problem the services answer with (bad file, unknown OEM…) printed as the CLI's own error. */
async function asCli<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof AppException) {
      const fields = (error.extras.errors ?? []).map((e) => `${e.field}: ${e.message}`).join('; ');
      throw new CliError(`${error.message}${fields && !error.message.includes(fields) ? ` (${fields})` : ''}`);
    }
    throw error;
  }
}

/** A table for a terminal: a header and right-aligned numbers. */
export function formatTable(header: string[], rows: Array<Array<string | number>>): string {
  const cells = [header, ...rows.map((r) => r.map((c) => (typeof c === 'number' ? formatCount(c) : c)))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => String(r[i]).length)));
  return cells.map((r, k) => r.map((c, i) => (i === 0 || k === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ')).join('\n') + '\n';
}

/**
 * `leads-stats [--oem <id|email>] [--from DATE] [--to DATE] [--json]`: the summary of
 * `GET /reports/leads/summary` (seed 002's `leads_stats`).
 */
@Command({ name: 'leads-stats', description: 'Lead counts by status, source, state, OEM and closing reason, overdue leads and the conversion rate' })
export class LeadsStatsCommand extends CommandRunner {
  constructor(
    private readonly reports: LeadReportsService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_: string[], options: { oem?: string; from?: string; to?: string; json?: boolean }): Promise<void> {
    const filter: LeadFilterDto = {
      ...(options.oem && { oemId: await oemIdOf(this.db, options.oem) }),
      ...(options.from && { createdFrom: isoDay(options.from, '--from') }),
      ...(options.to && { createdTo: isoDay(options.to, '--to') }),
    };
    const s = await asCli(() => this.reports.summary(SYSTEM, filter));
    if (options.json) return void this.out.write(`${JSON.stringify(s, null, 2)}\n`);
    let text = `Leads: ${formatCount(s.total)}   conversion (closed / total): ${(s.conversionRate * 100).toFixed(1)} %   overdue: ${formatCount(s.overdueTotal)}\n\n`;
    text += formatTable(['status', 'leads'], LEAD_STATUSES.map((st) => [st, s.byStatus[st]]));
    text += `\n${formatTable(['OEM', 'leads'], (s.byOem ?? []).map((o) => [o.name, o.count]))}`;
    text += `\n${formatTable(['source', 'leads'], s.bySource.map((o) => [o.name, o.count]))}`;
    text += `\n${formatTable(['state', 'leads'], s.byState.slice(0, 15).map((o) => [o.state, o.count]))}`;
    text += `\n${formatTable(['closing reason', 'leads'], s.byClosingReason.map((o) => [o.label, o.count]))}`;
    text += `\n${formatTable(['overdue to reach', 'leads'], s.overdueByStage.map((o) => [o.stage, o.count]))}`;
    this.out.write(text);
  }

  @Option({ flags: '--oem <id|email>', description: 'one OEM, by user id or e-mail' })
  parseOem(value: string): string {
    return value;
  }
  @Option({ flags: '--from <date>', description: 'created on or after (YYYY-MM-DD, UTC)' })
  parseFrom(value: string): string {
    return value;
  }
  @Option({ flags: '--to <date>', description: 'created before (YYYY-MM-DD, UTC)' })
  parseTo(value: string): string {
    return value;
  }
  @Option({ flags: '--json', description: 'print JSON instead of tables' })
  parseJson(): boolean {
    return true;
  }
}

/**
 * `lead-conversion-report --days 30 [--group-by oem|state|month] [--json]`: the funnel of
 * `GET /reports/leads/funnel` for the leads created in the last `days` days (seed 002's `lead_conversion_report`).
 */
@Command({ name: 'lead-conversion-report', description: 'The funnel: leads reaching each stage, conversion and median/p90 hours per stage' })
export class LeadConversionReportCommand extends CommandRunner {
  constructor(
    private readonly reports: LeadReportsService,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_: string[], options: { days?: number; groupBy?: FunnelGroup; json?: boolean }): Promise<void> {
    const days = options.days ?? 30;
    const createdFrom = new Date(Date.now() - days * 86_400_000).toISOString();
    const funnel = await asCli(() => this.reports.funnel(SYSTEM, { createdFrom }, options.groupBy ?? 'none'));
    if (options.json) return void this.out.write(`${JSON.stringify(funnel, null, 2)}\n`);
    const hours = (h: number | null) => (h === null ? '–' : h.toFixed(1));
    let text = `Leads created in the last ${days} days${funnel.groupBy === 'none' ? '' : `, by ${funnel.groupBy}`}\n`;
    for (const g of funnel.groups) {
      text += `\n${g.label ?? 'all'}: ${formatCount(g.leads)} leads, ${formatCount(g.cancelled)} cancelled, ${formatCount(g.onHold)} on hold\n`;
      text += formatTable(
        ['stage', 'reached', 'from previous', 'median h', 'p90 h'],
        g.stages.map((s) => [s.stage, s.reached, s.conversionFromPrevious === null ? '–' : `${(s.conversionFromPrevious * 100).toFixed(1)} %`, hours(s.medianHours), hours(s.p90Hours)]),
      );
    }
    this.out.write(text);
  }

  @Option({ flags: '--days <n>', description: 'leads created in the last n days (default 30)' })
  parseDays(value: string): number {
    if (!/^\d{1,5}$/.test(value) || Number(value) < 1) throw new CliError(`--days must be a positive whole number, got "${value}"`);
    return Number(value);
  }
  @Option({ flags: '--group-by <group>', description: `one of ${FUNNEL_GROUPS.join(', ')}` })
  parseGroupBy(value: string): FunnelGroup {
    if (!(FUNNEL_GROUPS as readonly string[]).includes(value)) throw new CliError(`--group-by must be one of ${FUNNEL_GROUPS.join(', ')}, got "${value}"`);
    return value as FunnelGroup;
  }
  @Option({ flags: '--json', description: 'print JSON instead of tables' })
  parseJson(): boolean {
    return true;
  }
}

/**
 * `export-leads [--status S …] [--oem <id|email>] [--format csv] [--out FILE]`: the CSV of `GET /leads/export` (seed 002's `export_leads`), to a file or stdout.
 * An --out it cannot write is a CliError naming it; a reader that closes stdout early (`| head -1`) ends the export quietly.
 */
@Command({ name: 'export-leads', description: 'Export leads as CSV (RFC 4180), to --out FILE or stdout' })
export class ExportLeadsCommand extends CommandRunner {
  constructor(
    private readonly exports: LeadExportService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_: string[], options: { status?: LeadStatus[]; oem?: string; format?: string; out?: string }): Promise<void> {
    if (options.format && options.format !== 'csv') throw new CliError(`--format must be csv, got "${options.format}"`);
    const filter: LeadFilterDto = { ...(options.status && { status: options.status }), ...(options.oem && { oemId: await oemIdOf(this.db, options.oem) }) };
    const { stream } = this.exports.export(SYSTEM, filter);
    if (!options.out) return copyToOutput(stream, this.out);
    const path = resolve(options.out);
    await writeToFile(stream, path);
    process.stderr.write(`Wrote ${path} (${formatCount(statSync(path).size)} bytes)\n`);
  }

  @Option({ flags: '--status <status>', description: 'repeatable: only leads in these statuses' })
  parseStatus(value: string, previous: LeadStatus[] = []): LeadStatus[] {
    if (!(LEAD_STATUSES as readonly string[]).includes(value)) throw new CliError(`--status must be one of ${LEAD_STATUSES.join(', ')}, got "${value}"`);
    return [...previous, value as LeadStatus];
  }
  @Option({ flags: '--oem <id|email>', description: 'one OEM, by user id or e-mail' })
  parseOem(value: string): string {
    return value;
  }
  @Option({ flags: '--format <format>', description: 'csv (the only format)' })
  parseFormat(value: string): string {
    return value;
  }
  @Option({ flags: '--out <file>', description: 'write to this file instead of stdout' })
  parseOut(value: string): string {
    return value;
  }
}

/**
 * `import-leads FILE --oem <id|email> [--source <id>]`: a bulk import as `POST /lead-imports` makes it
 * for that OEM (as if the OEM uploaded it: the timeline names the OEM), with a progress bar and a summary;
 * an import that stops before its last row (the database refusing a write) prints its counts and fails (CliError).
 */
@Command({ name: 'import-leads', arguments: '<file>', description: 'Import leads from a CSV for one OEM, as POST /lead-imports does' })
export class ImportLeadsCommand extends CommandRunner {
  constructor(
    private readonly imports: LeadImportsService,
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run([file]: string[], options: { oem?: string; source?: number }): Promise<void> {
    if (!options.oem) throw new CliError('import-leads: --oem <id|email> is required');
    const path = resolve(file);
    if (!existsSync(path) || !statSync(path).isFile()) throw new CliError(`import-leads: file not found: ${path}`);
    const oemId = await oemIdOf(this.db, options.oem);
    const started = Date.now();
    const bar = new cliProgress.SingleBar({ format: 'import [{bar}] {value}/{total} rows  {eta_formatted} left', stream: process.stderr, noTTYOutput: false }, cliProgress.Presets.shades_classic);
    const job = await asCli(() =>
      this.imports.start({ userId: oemId, role: 'oem', apiKeyId: null }, readFileSync(path), { fileName: path.split('/').pop() ?? 'import.csv', sourceId: options.source, onProgress: (s) => bar.update(s.rowsProcessed) }),
    );
    bar.start(job.rowsTotal, 0);
    const done = await job.done;
    bar.update(done.rowsProcessed);
    bar.stop();
    const seconds = (Date.now() - started) / 1000;
    const completed = done.status === 'completed';
    let text = completed ? `Imported ${path} (import ${done.id}): completed\n` : `Import of ${path} (import ${done.id}) ${done.status}: ${done.failure ?? 'it did not complete'}\n`;
    for (const [label, n] of [['rows', done.rowsTotal], ['created', done.rowsCreated], ['replayed', done.rowsReplayed], ['duplicate', done.rowsDuplicate], ['rejected', done.rowsRejected]] as const) text += `  ${label.padEnd(12)}${formatCount(n).padStart(9)}\n`;
    text += `  ${formatCount(Math.round(done.rowsProcessed / Math.max(seconds, 0.001)))} rows/s in ${seconds.toFixed(2)} s\n`;
    for (const e of done.errors.slice(0, 10)) text += `  row ${e.row}: ${e.field ?? '-'} ${e.code}: ${e.message}\n`;
    if (done.errors.length > 10) text += `  … ${formatCount(done.rowsRejected + done.rowsDuplicate - 10)} more rows with errors (GET /lead-imports/${done.id})\n`;
    this.out.write(text);
    if (!completed)
      throw new CliError(
        `import-leads: import ${done.id} ${done.status} after ${formatCount(done.rowsProcessed)} of ${formatCount(done.rowsTotal)} rows (${done.failure ?? 'it did not complete'}); ` +
          'the rows handled are kept, each whole: import the file again to finish (rows with an externalRef are replayed, not duplicated)',
      );
  }

  @Option({ flags: '--oem <id|email>', description: 'the OEM the leads belong to, by user id or e-mail' })
  parseOem(value: string): string {
    return value;
  }
  @Option({ flags: '--source <id>', description: 'lead source id for rows without a sourceId column' })
  parseSource(value: string): number {
    if (!/^\d{1,9}$/.test(value)) throw new CliError(`--source must be a lead source id, got "${value}"`);
    return Number(value);
  }
}

/** The id of the OEM named by id or e-mail. @throws CliError when there is no such OEM */
async function oemIdOf(db: DataSource, oem: string): Promise<string> {
  const user = await db.getRepository(User).findOne({ where: isUuid(oem) ? { id: oem, role: 'oem' } : { email: String(oem).trim().toLowerCase(), role: 'oem' }, select: { id: true } });
  if (!user) throw new CliError(`--oem: no OEM account ${oem}`);
  return user.id;
}
