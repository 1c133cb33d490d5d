import './common/utc-process.js';
import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { pino } from 'pino';
import { CliError } from './cli/cli-io.js';
import { CliModule, COMMANDS_WITHOUT_DATABASE } from './cli/cli.module.js';
import { createLogger, PinoNestLogger } from './common/logger.js';
import { tuneGarbageCollector } from './common/v8-flags.js';
import { type AppConfig, ConfigError, loadConfig } from './config/config.js';

/** Prints an error for a person: expected failures as their message alone, anything else with its stack. */
function report(error: unknown): void {
  const text =
    error instanceof CliError || error instanceof ConfigError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`${text}\n`);
  process.exitCode = 1;
}

/**
 * JSON logs to stderr so stdout carries only command reports. Quieter than the server (warn)
 * unless LOG_LEVEL is set explicitly: Nest's start-up chatter is noise in a terminal.
 */
function stderrLogger(config: AppConfig): PinoNestLogger {
  const level = process.env.LOG_LEVEL?.trim() ? config.logLevel : 'warn';
  return new PinoNestLogger(createLogger(level, pino.destination({ dest: 2, sync: true })));
}

/**
 * The CLI entry (`npm run cli -- <command>`): same validated configuration as the server; a
 * ConfigError prints its message and exits 1, as does any failed command.
 */
async function main(): Promise<void> {
  tuneGarbageCollector();
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    report(error);
    return;
  }
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  const database = command === undefined || !COMMANDS_WITHOUT_DATABASE.includes(command);
  await CommandFactory.run(CliModule.forRoot(config, { database }), {
    cliName: 'chargeops',
    logger: stderrLogger(config),
    // Start-up errors (database unreachable, failed migration) reject instead of aborting the process.
    abortOnError: false,
    serviceErrorHandler: report,
  });
}

main().catch(report);
