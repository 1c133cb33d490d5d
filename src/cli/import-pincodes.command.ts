import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { Inject } from '@nestjs/common';
import { Command, CommandRunner } from 'nest-commander';
import { PincodeFileError, PincodeImporter, type PincodeImportReport } from '../reference-data/pincode-importer.service.js';
import { CLI_OUTPUT, CliError, type CliOutput, formatCount, formatDuration } from './cli-io.js';

/** How many skipped lines the report lists one by one; the rest are only counted per reason. */
const SKIPPED_SHOWN = 5;

/**
 * `import-pincodes <file>`: loads the India Post directory (shared/data/india-pincodes.csv,
 * DESIGN §8) through {@link PincodeImporter}, idempotently, and prints what it did to the CLI output.
 * @throws CliError when the file does not exist, is not a regular file or is not a pincode CSV
 */
@Command({
  name: 'import-pincodes',
  arguments: '<file>',
  description: 'Load the India Post pincode directory CSV (pincode,district,state_code,state,latitude,longitude,offices); safe to re-run',
  argsDescription: { file: 'path to india-pincodes.csv, e.g. ../shared/data/india-pincodes.csv' },
})
export class ImportPincodesCommand extends CommandRunner {
  constructor(
    private readonly importer: PincodeImporter,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run([file]: string[]): Promise<void> {
    await this.importAndReport(file);
  }

  /**
   * Imports `file` (relative to the working directory) and prints the report.
   * @throws CliError when the file does not exist, is not a regular file or is not a pincode CSV
   */
  async importAndReport(file: string): Promise<PincodeImportReport> {
    const path = resolve(file);
    if (!existsSync(path)) throw new CliError(`import-pincodes: file not found: ${path}`);
    if (!statSync(path).isFile()) throw new CliError(`import-pincodes: not a file: ${path}`);
    const report = await this.importer.importFile(path).catch((error: unknown) => {
      throw error instanceof PincodeFileError ? new CliError(`import-pincodes: ${error.message}`) : error;
    });
    this.out.write(formatImportReport(path, report));
    return report;
  }
}

/** The human-readable report: counts, data-quality notes, skipped lines by reason (first few listed), duration. */
export function formatImportReport(path: string, report: PincodeImportReport): string {
  const row = (label: string, n: number) => `  ${label.padEnd(20)}${formatCount(n).padStart(9)}\n`;
  let text = `Imported ${path}\n`;
  text += row('rows read', report.rowsRead);
  text += row('inserted', report.inserted);
  text += row('updated', report.updated);
  text += row('skipped', report.skipped.length);
  text += row('total in directory', report.totalInDirectory);
  if (report.withoutCoordinates || report.withoutDistrict) {
    text += `Loaded as they are: ${formatCount(report.withoutCoordinates)} rows without coordinates, ${formatCount(report.withoutDistrict)} without a district\n`;
  }
  if (report.skipped.length) {
    const byReason = new Map<string, number>();
    for (const s of report.skipped) byReason.set(s.reason, (byReason.get(s.reason) ?? 0) + 1);
    text += 'Skipped by reason:\n';
    for (const [reason, n] of byReason) text += `  ${formatCount(n).padStart(6)}  ${reason}\n`;
    text += `First skipped lines:\n`;
    for (const s of report.skipped.slice(0, SKIPPED_SHOWN)) text += `  line ${s.line}: ${s.reason}\n`;
    if (report.skipped.length > SKIPPED_SHOWN) text += `  … and ${formatCount(report.skipped.length - SKIPPED_SHOWN)} more\n`;
  }
  text += `Duration: ${formatDuration(report.durationMs)}\n`;
  return text;
}
