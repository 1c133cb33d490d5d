import { type FileHandle, lstat, open, rm } from 'node:fs/promises';
import { type Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

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

/** The system errors of writing a file, in words for {@link CliError}'s one line. */
const FILE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'no such directory',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
};

/**
 * `error` as `cannot write PATH: why` when it is a system error of the file: any, on opening it
 * (`opening`); while writing, only those of {@link FILE_ERRORS} (a database's socket errors are not the file's).
 * @returns undefined for anything else
 */
function fileError(path: string, error: unknown, opening: boolean): CliError | undefined {
  const { code, syscall } = (error ?? {}) as NodeJS.ErrnoException;
  if (!code || !syscall || (!opening && !(code in FILE_ERRORS))) return undefined;
  return new CliError(`cannot write ${path}: ${FILE_ERRORS[code] ?? code.toLowerCase()}`);
}

/**
 * Writes `source` to the file `path` (created or truncated), at the pace the disk takes it. When
 * the copy fails, a regular file is removed: nothing that looks like a complete export stays.
 * @throws CliError `cannot write PATH: why` when the file cannot be opened or written (no such directory, permission denied, disk full…); the source's own errors as they are
 */
export async function writeToFile(source: Readable, path: string): Promise<void> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'w');
  } catch (error) {
    source.destroy();
    throw fileError(path, error, true) ?? error;
  }
  try {
    await pipeline(source, handle.createWriteStream());
  } catch (error) {
    // Only a file of our own making: never a device (`--out /dev/stdout`) or what a symbolic link points to.
    if ((await lstat(path).catch(() => null))?.isFile()) await rm(path, { force: true }).catch(() => undefined);
    throw fileError(path, error, false) ?? error;
  }
}

/**
 * Copies `source` to a command's output. To a stream (stdout) through `pipeline`, at the pace its
 * reader takes it (back-pressure), stdout left open; a reader that went away (EPIPE: `| head -1`
 * closed the pipe) ends the copy quietly, as a successful run, as Unix tools do. Any other sink (a
 * test's buffer) gets the chunks as text.
 */
export async function copyToOutput(source: Readable, out: CliOutput): Promise<void> {
  if (!(out instanceof Writable)) {
    for await (const chunk of source) out.write(String(chunk));
    return;
  }
  try {
    await pipeline(source, out, { end: false });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPIPE') throw error;
    // Nothing more can be written; a later error of the closed pipe must not end the process.
    out.on('error', () => undefined);
  }
}
