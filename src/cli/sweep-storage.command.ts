import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { StorageSweeper, type SweepReport } from '../documents/storage/storage-sweeper.service.js';
import { CLI_OUTPUT, type CliOutput, formatCount, formatDuration } from './cli-io.js';

/**
 * `sweep-storage`: one {@link StorageSweeper.sweep} pass — removes stored files that no StoredFile
 * row references and that are older than an hour (abandoned uploads, files whose removal failed
 * after a delete) — and prints what it did. Safe to run while the server runs.
 */
@Command({ name: 'sweep-storage', description: 'Remove stored files that no database row references and that are older than an hour' })
export class SweepStorageCommand extends CommandRunner {
  constructor(
    private readonly sweeper: StorageSweeper,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run(): Promise<void> {
    await this.sweepAndReport();
  }

  /** Sweeps and prints the report. */
  async sweepAndReport(): Promise<SweepReport> {
    const report = await this.sweeper.sweep();
    this.out.write(formatSweepReport(report));
    return report;
  }
}

/** The human-readable report: files seen, kept and removed, and the bytes freed. */
export function formatSweepReport(report: SweepReport): string {
  const row = (label: string, n: number) => `  ${label.padEnd(34)}${formatCount(n).padStart(9)}\n`;
  return (
    'Storage sweep\n' +
    row('files scanned', report.scanned) +
    row('referenced by a row (kept)', report.referenced) +
    row('younger than an hour (kept)', report.young) +
    row('unreferenced (removed)', report.removed) +
    row('bytes freed', report.removedBytes) +
    `Duration: ${formatDuration(report.durationMs)}\n`
  );
}
