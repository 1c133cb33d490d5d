import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../src/config/config.js';
import type { ListedObject } from '../src/documents/storage/file-storage.js';
import { S3Storage } from '../src/documents/storage/s3.storage.js';
import { StartupTemporarySweep, StorageSweeper, type SweepReport } from '../src/documents/storage/storage-sweeper.service.js';
import { filesInStorage } from './support/documents.js';
import { startTestApp } from './support/test-app.js';

const SECOND = 1000;

/** Writes `relative` under `root` with a modification time `ageMs` in the past. */
function leave(root: string, relative: string, ageMs: number): string {
  const path = join(root, ...relative.split('/'));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, 'partial upload');
  const at = new Date(Date.now() - ageMs);
  utimesSync(path, at, at);
  return relative;
}

/** Issue 11 item 10: `.part` files of a killed upload or pack are removed at start-up, not an hour later. */
describe('start-up sweep of temporary files', () => {
  it('removes `.part` files left untouched for over ten minutes before the app serves; keeps younger ones and every stored file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargeops-startup-sweep-'));
    const storageDir = join(dir, 'storage');
    // What a process killed mid-upload leaves, and what live uploads of another process are writing.
    const stale = leave(storageDir, `.tmp/${randomUUID()}.part`, 11 * 60 * SECOND);
    const oldPack = leave(storageDir, `.tmp/${randomUUID()}.part`, 60 * 60 * SECOND);
    const live = leave(storageDir, `.tmp/${randomUUID()}.part`, 2 * SECOND);
    // A slow phone's body (1 KiB per 30 s window may come 58 s apart), or a photo waiting for its decode.
    const quiet = leave(storageDir, `.tmp/${randomUUID()}.part`, 2 * 60 * SECOND);
    // A stored file no row references keeps the sweep's one-hour rule, whatever its age.
    const orphan = leave(storageDir, `documents/2026/01/${randomUUID()}`, 2 * 60 * 60 * SECOND);
    const foreign = leave(storageDir, '.tmp/operator-notes.txt', 2 * 60 * 60 * SECOND);

    const t = await startTestApp({ STORAGE_DIR: storageDir, REQUEST_TIMEOUT_SECONDS: '30' });
    try {
      // app.init() has run the start-up hooks: this is what the first request finds.
      expect(filesInStorage(t)).toEqual([foreign, live, orphan, quiet].sort());
      expect(filesInStorage(t)).not.toEqual(expect.arrayContaining([stale, oldPack]));
      await request(t.server).get('/api/v1/health').expect(200);
    } finally {
      await t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('StartupTemporarySweep', () => {
  afterEach(() => vi.useRealTimers());

  const report: SweepReport = { scanned: 0, young: 0, referenced: 0, removed: 0, removedBytes: 0, durationMs: 0 };

  it('sweeps once before start-up completes, again once the grace has passed, and never after shutdown', async () => {
    vi.useFakeTimers();
    const sweepTemporary = vi.fn<(options: { minAgeMs: number }) => Promise<SweepReport>>().mockResolvedValue(report);
    const startup = new StartupTemporarySweep({ requestTimeoutSeconds: 30 } as AppConfig, { sweepTemporary, temporaryQuietMs: 10 * 60 * SECOND } as unknown as StorageSweeper);

    await startup.onApplicationBootstrap();
    expect(sweepTemporary).toHaveBeenCalledTimes(1);
    expect(sweepTemporary).toHaveBeenLastCalledWith({ minAgeMs: 10 * 60 * SECOND });
    await vi.advanceTimersByTimeAsync(10 * 60 * SECOND - 1);
    expect(sweepTemporary).toHaveBeenCalledTimes(1);
    // The `.part` files that were too young at start-up (a restart right after the kill).
    await vi.advanceTimersByTimeAsync(1);
    expect(sweepTemporary).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(3600 * SECOND);
    expect(sweepTemporary).toHaveBeenCalledTimes(2);
    await startup.onApplicationShutdown();
  });

  it('a failing pass is logged and does not stop the start', async () => {
    vi.useFakeTimers();
    const sweepTemporary = vi.fn().mockRejectedValue(new Error('EACCES: permission denied, opendir (simulated)'));
    const startup = new StartupTemporarySweep({ requestTimeoutSeconds: 30 } as AppConfig, { sweepTemporary, temporaryQuietMs: 10 * 60 * SECOND } as unknown as StorageSweeper);
    await expect(startup.onApplicationBootstrap()).resolves.toBeUndefined();
    await startup.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(3600 * SECOND);
    expect(sweepTemporary).toHaveBeenCalledTimes(1);
  });
});

describe('start-up sweep on S3', () => {
  /** An S3 backend whose bucket holds `objects` (no server needed: only listing and deleting are used). */
  class ListedS3Storage extends S3Storage {
    readonly deleted: string[] = [];
    constructor(private readonly objects: ListedObject[]) {
      super({ objectStorage: { bucket: 'uploads', endpoint: 'http://127.0.0.1:9', region: 'us-east-1', forcePathStyle: true } } as AppConfig);
    }
    override async *list(): AsyncIterable<ListedObject> {
      yield* this.objects;
    }
    override async delete(key: string): Promise<boolean> {
      this.deleted.push(key);
      return true;
    }
  }

  it("leaves a live multipart upload whose last part is older than REQUEST_TIMEOUT_SECONDS (a slow client filling a 5 MiB part); aborts one idle for over an hour", async () => {
    const now = new Date();
    const upload = (id: string, idleMs: number): ListedObject => ({ key: `.uploads/${id}/videos/2026/12/${randomUUID()}`, sizeBytes: 5 * 1024 * 1024, modifiedAt: new Date(now.getTime() - idleMs), temporary: true });
    const live = upload('live', 31 * SECOND);
    const quiet = upload('quiet', 50 * 60 * SECOND);
    const abandoned = upload('abandoned', 61 * 60 * SECOND);
    const storage = new ListedS3Storage([live, quiet, abandoned]);
    try {
      const report = await new StorageSweeper(storage, undefined as never).sweepTemporary({ minAgeMs: 30 * SECOND, now });
      expect(storage.deleted).toEqual([abandoned.key]);
      expect(report).toMatchObject({ scanned: 3, young: 2, removed: 1 });
    } finally {
      await storage.onApplicationShutdown();
    }
  });

  it("removes at start-up the local spool directories a killed upload left (untouched for over an hour), and keeps another process's live ones", async () => {
    const spool = (idleMs: number) => {
      const dir = mkdtempSync(join(tmpdir(), 'chargeops-put-'));
      writeFileSync(join(dir, 'object.part'), Buffer.alloc(1024));
      const at = new Date(Date.now() - idleMs);
      utimesSync(dir, at, at);
      return dir;
    };
    const abandoned = spool(61 * 60 * SECOND);
    const live = spool(5 * SECOND);
    const storage = new ListedS3Storage([]);
    try {
      await storage.onApplicationBootstrap();
      expect(existsSync(abandoned)).toBe(false);
      expect(existsSync(live)).toBe(true);
    } finally {
      await storage.onApplicationShutdown();
      rmSync(live, { recursive: true, force: true });
    }
  });
});
