import { Inject } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { CLI_OUTPUT, CliError, type CliOutput } from './cli-io.js';
import { type DemoSummary, formatDemoSummary, runDemo } from './demo.js';

/** Parsed `demo` options. */
export interface DemoCommandOptions {
  leads: number;
  baseUrl: string;
  pincodes: string;
}

/**
 * `demo [--leads N] [--base-url URL] [--pincodes FILE]`: runs {@link runDemo} against a running
 * server with the admin from ADMIN_EMAIL/ADMIN_PASSWORD (validated by loadConfig); progress goes to
 * stderr, the summary to the CLI output.
 * @throws CliError when the admin credentials are not set, and whatever runDemo throws
 */
@Command({ name: 'demo', description: 'Push realistic demo leads to a running server over HTTP with OEM API keys and work them as Central Ops' })
export class DemoCommand extends CommandRunner {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @Inject(CLI_OUTPUT) private readonly out: CliOutput,
  ) {
    super();
  }

  async run(_args: string[], options: DemoCommandOptions): Promise<void> {
    await this.demo(options);
  }

  /** Runs the demo and prints its summary. @throws CliError when ADMIN_EMAIL/ADMIN_PASSWORD are not set */
  async demo(options: DemoCommandOptions): Promise<DemoSummary> {
    const { adminEmail, adminPassword } = this.config;
    if (!adminEmail || !adminPassword) {
      throw new CliError('demo: set ADMIN_EMAIL and ADMIN_PASSWORD to the credentials of an admin of the running server');
    }
    const summary = await runDemo({
      baseUrl: options.baseUrl,
      leads: options.leads,
      pincodesFile: options.pincodes,
      adminEmail,
      adminPassword,
      log: (line) => process.stderr.write(`${line}\n`),
    });
    this.out.write(formatDemoSummary(summary));
    return summary;
  }

  @Option({ flags: '--leads <n>', description: 'how many leads to push (1–100000)', defaultValue: 500 })
  parseLeads(value: string): number {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!Number.isInteger(n) || n < 1 || n > 100_000) throw new CliError(`demo: --leads must be an integer from 1 to 100000, got "${value}"`);
    return n;
  }

  @Option({ flags: '--base-url <url>', description: 'origin of the running server', defaultValue: 'http://localhost:3000' })
  parseBaseUrl(value: string): string {
    return value;
  }

  @Option({
    flags: '--pincodes <file>',
    description: 'india-pincodes.csv (relative to the working directory)',
    defaultValue: '../shared/data/india-pincodes.csv',
  })
  parsePincodes(value: string): string {
    return value;
  }
}
