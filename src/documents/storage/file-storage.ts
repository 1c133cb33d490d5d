import type { Readable } from 'node:stream';

/** What {@link FileStorage.put} stored: the new key, and the size and hash of exactly the bytes written. */
export interface PutResult {
  key: string;
  sizeBytes: number;
  /** Lower-case hex SHA-256. */
  sha256: string;
}

/** Where and how {@link FileStorage.put} stores. */
export interface PutOptions {
  /** Key prefix, e.g. `documents`: lower-case letters, digits and dashes. */
  prefix: string;
  /**
   * Checks the complete bytes before they get a key (e.g. that an image decodes), given a local
   * file holding them (the temporary file on the local disk; a store without local files would
   * hand a local copy). A rejection fails the put with that error.
   */
  verify?: (localPath: string) => Promise<void>;
}

/** One object in storage. */
export interface StoredObjectInfo {
  key: string;
  sizeBytes: number;
  modifiedAt: Date;
}

/** An object as the sweep sees it; `temporary` marks a `put` that never finished (crash, abort). */
export interface ListedObject extends StoredObjectInfo {
  temporary: boolean;
}

/** A byte range, both ends inclusive (RFC 9110 §14.1.2), within the object. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The storage key a file row gets when its bytes were deleted on purpose (retention, issue #15
 * item 7) while the row stays for its size and SHA-256: no object ever has such a key, so the
 * sweep treats the old object as unreferenced and a download answers 410 instead of looking.
 */
export function purgedKey(fileId: string): string {
  return `${PURGED_KEY_PREFIX}${fileId}`;
}

/** True for a key written by {@link purgedKey}. */
export function isPurgedKey(key: string): boolean {
  return key.startsWith(PURGED_KEY_PREFIX);
}

const PURGED_KEY_PREFIX = 'purged/';

const PREFIX = /^[a-z0-9][a-z0-9-]{0,40}$/;
/** `documents/2026/05/<uuid>`: lower-case segments the app generated, so no traversal and no client names. */
const KEY = /^[a-z0-9][a-z0-9-]{0,40}(\/[a-z0-9][a-z0-9-]{0,40}){1,6}$/;

/**
 * A new key under `prefix` (`<prefix>/<yyyy>/<mm>/<id>`, UTC), for every {@link FileStorage}.
 * @throws Error when the prefix is not lower-case letters, digits and dashes
 */
export function newStorageKey(prefix: string, id: string, now = new Date()): string {
  if (!PREFIX.test(prefix)) throw new Error(`Invalid storage prefix "${prefix}"`);
  return `${prefix}/${now.getUTCFullYear()}/${String(now.getUTCMonth() + 1).padStart(2, '0')}/${id}`;
}

/** True for a key {@link newStorageKey} could have made: what a store accepts from callers and lists as its own. */
export function isStorageKey(key: string): boolean {
  return KEY.test(key);
}

/** @throws Error when `key` is not one {@link newStorageKey} could have made (no path traversal, no foreign names). */
export function checkStorageKey(key: string): string {
  if (!KEY.test(key)) throw new Error(`Invalid storage key "${key}"`);
  return key;
}

/** Thrown by {@link FileStorage.stream} when no object has the key. */
export class StoredObjectMissingError extends Error {
  constructor(readonly key: string) {
    super(`No stored object has the key ${key}`);
    this.name = 'StoredObjectMissingError';
  }
}

/**
 * Where file bytes live (DESIGN §2, §4 StoredFile): the local disk today, an S3-compatible store
 * when deployments need one. Keys are generated here, never taken from a client.
 *
 * The contract that keeps database and storage consistent: {@link put} writes to a temporary
 * object while hashing and counting and moves it to its key only when every byte is written, so a
 * key exists only for a complete file; the caller writes the row that points at the key after
 * that. Objects no row references are removed by the sweep (`StorageSweeper`).
 *
 * Used as the Nest injection token: `constructor(private readonly storage: FileStorage)`.
 */
export abstract class FileStorage {
  /**
   * How long, in milliseconds, a put still running may leave its temporary object untouched. The
   * sweeps, including the start-up sweep of every replica and CLI command, never remove a younger
   * temporary object.
   */
  abstract readonly temporaryQuietMs: number;

  /**
   * Streams `source` into a new object under `prefix` (e.g. `documents`). With `verify`, the
   * complete temporary object is checked before it gets its key.
   * @returns the key, size and SHA-256 of what was stored
   * @throws whatever `source` or `verify` fails with (e.g. a size-limit error, an image that does
   *         not decode), or the storage's own error; in every case the temporary object is removed
   *         and no key is created
   */
  abstract put(source: Readable, options: PutOptions): Promise<PutResult>;

  /**
   * Opens an object for reading, optionally only `range`.
   * @throws StoredObjectMissingError when there is no such object
   */
  abstract stream(key: string, range?: ByteRange): Promise<Readable>;

  /** Size and modification time, or null when there is no such object. */
  abstract stat(key: string): Promise<StoredObjectInfo | null>;

  /** Removes an object (also a temporary one listed by {@link list}). @returns false when it did not exist */
  abstract delete(key: string): Promise<boolean>;

  /**
   * Every object, complete or temporary, in no particular order (for the sweep); with
   * `temporaryOnly`, only the temporary objects of puts that never finished.
   */
  abstract list(options?: { temporaryOnly?: boolean }): AsyncIterable<ListedObject>;

  /**
   * Whether the store can take reads and writes now, for the readiness probe (`GET /health/ready`):
   * cheap, no object written.
   * @throws an Error saying what is wrong (e.g. the root is missing or read-only)
   */
  abstract probe(): Promise<void>;
}
