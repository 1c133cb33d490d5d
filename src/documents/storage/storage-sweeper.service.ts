import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { StoredFile } from '../entities/stored-file.entity.js';
import { FileStorage, type ListedObject } from './file-storage.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { JobLeases } from '../../common/persistence/job-leases.service.js';

/** Files younger than this are never swept: an upload may have moved its file into place and not yet committed its row. */
export const SWEEP_MIN_AGE_MS = 60 * 60 * 1000;
/** Keys looked up per query. */
const BATCH = 500;

/** What one sweep did. */
export interface SweepReport {
  /** Objects seen in storage, complete and temporary. */
  scanned: number;
  /** Objects younger than the age threshold, left alone whether referenced or not. */
  young: number;
  /** Older objects a StoredFile row references. */
  referenced: number;
  /** Objects removed: unreferenced complete files and abandoned temporary ones. */
  removed: number;
  removedBytes: number;
  durationMs: number;
}

/**
 * Removes stored files that no StoredFile row references and that are older than an hour
 * (DESIGN §4; the upload flow's guarantee "after the sweep, no file without a row"). Such files
 * come from an upload whose database write failed, a delete whose file removal failed after the
 * commit, or a process that died mid-upload (temporary files).
 */
@Injectable()
export class StorageSweeper {
  private readonly logger = new Logger('StorageSweeper');

  constructor(
    private readonly storage: FileStorage,
    @InjectRepository(StoredFile) private readonly files: Repository<StoredFile>,
  ) {}

  /**
   * One pass over the whole storage.
   * @param options.minAgeMs age threshold in milliseconds (default one hour); tests pass 0
   * @param options.now the reference time (default now)
   */
  async sweep(options: { minAgeMs?: number; now?: Date } = {}): Promise<SweepReport> {
    const started = Date.now();
    const cutoff = (options.now ?? new Date()).getTime() - (options.minAgeMs ?? SWEEP_MIN_AGE_MS);
    const report: SweepReport = { scanned: 0, young: 0, referenced: 0, removed: 0, removedBytes: 0, durationMs: 0 };
    let batch: ListedObject[] = [];
    const flush = async () => {
      const known = await this.files.find({ where: { storageKey: In(batch.map((o) => o.key)) }, select: { id: true, storageKey: true } });
      const referenced = new Set(known.map((f) => f.storageKey));
      for (const object of batch) {
        if (referenced.has(object.key)) report.referenced += 1;
        else await this.remove(object, report);
      }
      batch = [];
    };
    for await (const object of this.storage.list()) {
      report.scanned += 1;
      if (object.modifiedAt.getTime() > cutoff) report.young += 1;
      // No row can reference a temporary object: it is an unfinished put.
      else if (object.temporary) await this.remove(object, report);
      else batch.push(object);
      if (batch.length >= BATCH) await flush();
    }
    if (batch.length) await flush();
    report.durationMs = Date.now() - started;
    if (report.removed) this.logger.log({ ...report }, `Storage sweep removed ${report.removed} unreferenced file(s)`);
    return report;
  }

  /** How long, in milliseconds, a put still running may leave its temporary object untouched: the storage's {@link FileStorage.temporaryQuietMs}. */
  get temporaryQuietMs(): number {
    return this.storage.temporaryQuietMs;
  }

  /**
   * Removes only temporary objects (the `.part` files of puts that never finished: a process
   * killed mid-upload or mid-pack) last modified more than `minAgeMs` ago, listing nothing else.
   * Stored files without a row are left to {@link sweep} and its hour.
   * @param options.minAgeMs the grace in milliseconds; at least {@link temporaryQuietMs} is kept
   * @param options.now the reference time (default now)
   */
  async sweepTemporary(options: { minAgeMs: number; now?: Date }): Promise<SweepReport> {
    const started = Date.now();
    const cutoff = (options.now ?? new Date()).getTime() - Math.max(options.minAgeMs, this.temporaryQuietMs);
    const report: SweepReport = { scanned: 0, young: 0, referenced: 0, removed: 0, removedBytes: 0, durationMs: 0 };
    for await (const object of this.storage.list({ temporaryOnly: true })) {
      if (!object.temporary) continue;
      report.scanned += 1;
      if (object.modifiedAt.getTime() > cutoff) report.young += 1;
      else await this.remove(object, report);
    }
    report.durationMs = Date.now() - started;
    if (report.removed) this.logger.log({ ...report }, `Removed ${report.removed} temporary file(s) left by interrupted uploads or closure packs`);
    return report;
  }

  private async remove(object: ListedObject, report: SweepReport): Promise<void> {
    if (await this.storage.delete(object.key)) {
      report.removed += 1;
      report.removedBytes += object.sizeBytes;
    }
  }
}

/** The sweep's lease lasts this long without renewal (renewed while a pass runs). */
const SWEEP_LEASE_MS = 5 * 60 * 1000;

/**
 * Runs {@link StorageSweeper.sweep} every `STORAGE_SWEEP_INTERVAL_SECONDS` in the server (0 turns
 * it off; the tests do), as a {@link PeriodicTask} (unref'd, no overlap, a failed pass retried at
 * the next tick) under the `storage-sweep` database lease: with several replicas one of them
 * sweeps per interval, so a large bucket is not listed by every replica at once.
 */
@Injectable()
export class StorageSweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: PeriodicTask;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    sweeper: StorageSweeper,
    leases: JobLeases,
  ) {
    this.task = new PeriodicTask(new Logger('StorageSweeper'), 'Storage sweep failed', () => sweeper.sweep(), { leases, name: 'storage-sweep', ttlMs: SWEEP_LEASE_MS });
  }

  /** One pass now, as the timer runs it (through the lease). @returns whether it ran in this process */
  runOnce(): Promise<boolean> {
    return this.task.tick();
  }

  onApplicationBootstrap(): void {
    this.task.start(this.config.storageSweepIntervalSeconds * 1000);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}

/**
 * Item 10 of issue 11: when the application starts, before it serves, removes the `.part` files a
 * killed upload or closure-pack generation left behind, instead of an hour later. Only those
 * left untouched for longer than {@link graceMs}: a `.part` may belong to a live upload of another
 * process (a replica on a shared disk, another cluster worker, the server beside a CLI command).
 * The ones younger than that at start-up are looked at again once that time has passed, so a
 * restart right after the kill cleans up too. Only temporary files: a stored file without a row keeps the
 * sweep's one-hour rule (its row may be about to commit on another replica).
 *
 * Runs in every process that has storage (the server and the CLI's database commands); a failed
 * pass is logged and does not stop the start.
 */
@Injectable()
export class StartupTemporarySweep implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('StorageSweeper');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly sweeper: StorageSweeper,
  ) {}

  /**
   * The grace in milliseconds: `REQUEST_TIMEOUT_SECONDS` (a request that sends nothing for that
   * long is cut off) or the storage's {@link FileStorage.temporaryQuietMs}, the longer (ten minutes
   * on the local disk, an hour on S3).
   */
  get graceMs(): number {
    return Math.max(this.config.requestTimeoutSeconds * 1000, this.sweeper.temporaryQuietMs);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.pass();
    this.timer = setTimeout(() => {
      this.running = this.pass().finally(() => (this.running = undefined));
    }, this.graceMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
  }

  private async pass(): Promise<void> {
    try {
      await this.sweeper.sweepTemporary({ minAgeMs: this.graceMs });
    } catch (error) {
      this.logger.error({ err: error }, 'Start-up sweep of temporary files failed');
    }
  }
}
