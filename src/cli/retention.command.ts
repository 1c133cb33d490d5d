import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { RetentionService, type RetentionReport } from '../events/retention/retention.service.js';
import { CLI_OUTPUT, type CliOutput, formatCount } from './cli-io.js';

/**
 * `retention [--dry-run]`: one {@link RetentionService.run} (issue #15, item 7): anonymises every
 * lead closed or cancelled more than LEAD_RETENTION_DAYS ago (contact data, closing notes, file
 * names and free text of its documents, jobs, reports, media and timeline) and deletes its files;
 * with `--dry-run` prints what it would change and changes nothing. Safe while the server runs.
 */
@Command({ name: 'retention', description: 'Anonymise leads closed or cancelled more than LEAD_RETENTION_DAYS ago (--dry-run: only list them)' })
export class RetentionCommand extends CommandRunner {
  constructor(
    private readonly retention: RetentionService,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--dry-run', description: 'list what would be anonymised; change nothing' })
  parseDryRun(): boolean {
    return true;
  }

  async run(_params: string[], options: { dryRun?: boolean } = {}): Promise<void> {
    const report = await this.retention.run({ dryRun: !!options.dryRun });
    this.out.write(report ? formatRetentionReport(report) : 'LEAD_RETENTION_DAYS is not set: retention is off, nothing changed\n');
  }
}

/**
 * The human-readable report: one line per lead, then the totals. A lead an earlier version left
 * half anonymised (its file names and notes) is marked `completing an earlier anonymisation`.
 */
export function formatRetentionReport(report: RetentionReport): string {
  const head = report.dryRun ? `Retention dry run (LEAD_RETENTION_DAYS=${report.retentionDays}): would anonymise` : `Retention (LEAD_RETENTION_DAYS=${report.retentionDays}): anonymised`;
  const lines = report.leads.map((l) => `  ${l.leadId}  ${l.status.padEnd(10)}  since ${l.closedAt.toISOString()}  ${formatCount(l.files)} file(s)${l.completed ? '  (completing an earlier anonymisation)' : ''}\n`);
  const total = report.dryRun ? `${formatCount(report.leads.length)} lead(s), ${formatCount(report.leads.reduce((n, l) => n + l.files, 0))} file(s) would be deleted\n` : `${formatCount(report.leads.length)} lead(s), ${formatCount(report.filesDeleted)} file(s) deleted\n`;
  return `${head}\n${lines.join('')}${total}`;
}
