import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { StorageSweeper, SWEEP_MIN_AGE_MS, type SweepReport } from '../documents/storage/storage-sweeper.service.js';
import { CLI_OUTPUT, CliError, type CliOutput, formatCount, formatDuration } from './cli-io.js';

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

  async run(_args: string[], options: { minAgeMinutes?: number } = {}): Promise<void> {
    await this.sweepAndReport(options.minAgeMinutes === undefined ? undefined : options.minAgeMinutes * 60_000);
  }

  @Option({ flags: '--min-age-minutes <n>', description: 'leave files younger than this alone (default 60; 0 only while no upload runs)' })
  parseMinAge(value: string): number {
    if (!/^\d+$/.test(value.trim()) || Number(value) > 100_000) throw new CliError(`sweep-storage: --min-age-minutes must be an integer from 0 to 100000, got "${value}"`);
    return Number(value);
  }

  /** Sweeps (files younger than `minAgeMs`, default an hour, are kept) and prints the report. */
  async sweepAndReport(minAgeMs: number = SWEEP_MIN_AGE_MS): Promise<SweepReport> {
    const report = await this.sweeper.sweep({ minAgeMs });
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
    row('too young to judge (kept)', report.young) +
    row('unreferenced (removed)', report.removed) +
    row('bytes freed', report.removedBytes) +
    `Duration: ${formatDuration(report.durationMs)}\n`
  );
}
