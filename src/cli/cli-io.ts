/** Injection token for where a command writes its report (stdout in the CLI, a buffer in tests). */
export const CLI_OUTPUT = Symbol('CLI_OUTPUT');

/** The sink a command's report goes to; `process.stdout` satisfies it. */
export interface CliOutput {
  write(text: string): unknown;
}

/**
 * An expected failure of a command (missing file, unexpected HTTP answer, missing credentials):
 * the CLI prints only its message to stderr, without a stack trace, and exits 1.
 */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** `19307` → `19,307`, for the reports' count columns. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** Milliseconds as seconds with two decimals, e.g. `1.23 s`. */
export function formatDuration(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}
