import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { constants, createWriteStream, type Dirent } from 'node:fs';
import { access, mkdir, open, opendir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { type ByteRange, checkStorageKey, FileStorage, isStorageKey, newStorageKey, type ListedObject, type PutOptions, type PutResult, type StoredObjectInfo, StoredObjectMissingError } from './file-storage.js';
import { measuringStream } from './measuring-stream.js';

/** Where unfinished puts live, inside the storage root; never a valid key (keys do not start with a dot). */
const TMP_DIR = '.tmp';
const TEMP_KEY = /^\.tmp\/[0-9a-f-]{36}\.part$/;

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

/**
 * {@link FileStorage} on the local disk under `STORAGE_DIR` (config.storageDir). A put streams to
 * `.tmp/<uuid>.part` (mode 0600) while hashing and counting, fsyncs it, then renames it to
 * `<prefix>/<yyyy>/<mm>/<uuid>`: a rename within one file system is atomic, so a key never names a
 * partial file. `verify` runs on the complete temporary file, before the fsync and the rename.
 * Nothing is held in memory beyond the stream buffers.
 */
@Injectable()
export class LocalDiskStorage extends FileStorage {
  private readonly root: string;
  /**
   * Ten minutes. A live upload's `.part` goes untouched for up to two of the body's progress
   * windows (`REQUEST_TIMEOUT_SECONDS`: 1 KiB per window, which may come at its start and at the
   * next one's end), then while the complete file waits its turn for the one image decode at a time
   * (upload/image-check.ts). A sweep in another process (a restarted worker, a replica, a CLI
   * command) that removed it then failed the upload after all its bytes had arrived.
   */
  override readonly temporaryQuietMs = 10 * 60 * 1000;

  constructor(@InjectConfig() config: AppConfig) {
    super();
    this.root = config.storageDir;
  }

  async put(source: Readable, options: PutOptions): Promise<PutResult> {
    const id = randomUUID();
    const key = newStorageKey(options.prefix, id);
    const tmpPath = join(this.root, TMP_DIR, `${id}.part`);
    const { stream: measure, measured } = measuringStream();
    let writer: Writable | undefined;
    try {
      await mkdir(dirname(tmpPath), { recursive: true });
      writer = this.openTempFile(tmpPath);
      await pipeline(source, measure, writer);
      // Before the fsync: a refused file is never made durable.
      if (options.verify) await options.verify(tmpPath);
      // Durable before the database row can point at it.
      const handle = await open(tmpPath, 'r');
      await handle.sync().finally(() => handle.close());
      const finalPath = this.pathOf(key);
      await mkdir(dirname(finalPath), { recursive: true });
      await rename(tmpPath, finalPath);
    } catch (error) {
      // The writer opens its file asynchronously: removing it before the writer has closed could
      // leave a file created after the removal. A temporary file that still stays (the disk went
      // away) is removed by the sweep.
      if (writer && !writer.closed) await once(writer, 'close').catch(() => undefined);
      await rm(tmpPath, { force: true }).catch(() => undefined);
      throw error;
    }
    return { key, ...measured() };
  }

  async stream(key: string, range?: ByteRange): Promise<Readable> {
    let handle;
    try {
      handle = await open(this.pathOf(key), 'r');
    } catch (error) {
      if (isMissing(error)) throw new StoredObjectMissingError(key);
      throw error;
    }
    return handle.createReadStream(range ? { start: range.start, end: range.end } : {});
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const info = await stat(this.pathOf(key));
      return { key, sizeBytes: info.size, modifiedAt: info.mtime };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const path = TEMP_KEY.test(key) ? join(this.root, ...key.split('/')) : this.pathOf(key);
    try {
      await rm(path);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async *list(options: { temporaryOnly?: boolean } = {}): AsyncIterable<ListedObject> {
    const root = options.temporaryOnly ? join(this.root, TMP_DIR) : this.root;
    for await (const path of walk(root)) {
      const relative = path.slice(this.root.length + 1).split(sep).join('/');
      const temporary = relative.startsWith(`${TMP_DIR}/`);
      if (!(temporary ? TEMP_KEY.test(relative) : isStorageKey(relative))) continue; // not ours (e.g. a README an operator put there)
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        if (isMissing(error)) continue; // removed while listing
        throw error;
      }
      yield { key: relative, sizeBytes: info.size, modifiedAt: info.mtime, temporary };
    }
  }

  /**
   * Creates the root if missing (as `put` would), then checks it is a directory the process may
   * read and write: fails when the path is taken by a file, permissions or a read-only mount.
   */
  async probe(): Promise<void> {
    await mkdir(this.root, { recursive: true });
    if (!(await stat(this.root)).isDirectory()) throw new Error(`STORAGE_DIR ${this.root} is not a directory`);
    await access(this.root, constants.R_OK | constants.W_OK);
  }

  /** The temporary file's writer; a seam for tests that simulate a disk failing mid-write. */
  protected openTempFile(path: string): Writable {
    return createWriteStream(path, { flags: 'wx', mode: 0o600 });
  }

  private pathOf(key: string): string {
    return join(this.root, ...checkStorageKey(key).split('/'));
  }
}

/** Every regular file under `dir`, depth first; a missing root yields nothing. */
async function* walk(dir: string): AsyncIterable<string> {
  let entries: AsyncIterable<Dirent>;
  try {
    entries = await opendir(dir);
  } catch (error) {
    if (isMissing(error)) return;
    throw error;
  }
  for await (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield path;
  }
}
