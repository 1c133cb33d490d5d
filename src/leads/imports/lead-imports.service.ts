import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import busboy from 'busboy';
import { type EntityManager, In, IsNull, LessThan, type Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { Clock } from '../../common/clock.service.js';
import { decodeFormDataName, sanitizeFileName } from '../../common/http/file-name.js';
import { keysetPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { PeriodicTask } from '../../common/periodic-task.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../../common/problem.js';
import { isUuid } from '../../common/uuid.js';
import { createValidationPipe } from '../../common/validation.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { ApiKey } from '../../users/entities/api-key.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { CreateLeadDto } from '../dto/lead.dto.js';
import { LeadSource } from '../entities/lead-source.entity.js';
import { LeadSourcesService } from '../lead-sources.service.js';
import { LeadsService } from '../leads.service.js';
import { LeadImportWriter, type ReadyRow, type RowOutcome } from './lead-import-writer.js';
import { type ImportRow, parseImportFile, rowRejection } from './lead-import-file.js';
import { type LeadImportAcceptedDto, type LeadImportResponseDto, toLeadImportResponse } from './lead-import.dto.js';
import { LeadImport, type LeadImportError, type LeadImportStatus, MAX_IMPORT_ERRORS, MAX_IMPORT_ERRORS_BYTES } from './lead-import.entity.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';

/** Rows per batch: one transaction of a few statements (LeadImportWriter), then the import's counters saved. */
const SAVE_EVERY = 250;

/**
 * How long a queued or running import's heartbeat (`updatedAt`, written with each batch's
 * counters) may stand still before {@link LeadImportRecovery} takes its process for dead. A batch
 * of {@link SAVE_EVERY} rows takes about a second (0.8 s at the slowest import measured, 322 rows/s
 * on a loaded machine, bench/README.md issue 14); even one that waits out InnoDB's 50 s lock wait
 * on each of the transaction runner's 3 attempts takes under 3 minutes before its rows go one by
 * one. 10 minutes leaves a live import alone; a dead one waits that long to be failed.
 */
export const IMPORT_STALE_AFTER_MS = 10 * 60_000;

/** How often each server process looks for imports whose process died (a killed worker or replica restarted at once). */
const RECOVERY_INTERVAL_MS = 60_000;

/** The failure of an import whose process died, as {@link LeadImportRecovery} records it. */
export const INTERRUPTED_FAILURE = `interrupted: its server process stopped (no progress for ${IMPORT_STALE_AFTER_MS / 60_000} minutes); import the file again (rows with an externalRef are replayed, not duplicated)`;

/** What an import is started with, from the form fields or the CLI's options. */
export interface ImportOptions {
  fileName: string;
  sourceId?: number;
  /** Central Ops: the OEM of every row (else each row's `oemId`). Ignored for OEMs, who import for themselves. */
  oemId?: string;
  /** Called after each saved batch (the CLI's progress bar); the next batch waits for what it returns. */
  onProgress?: (state: LeadImport) => void | Promise<void>;
}

/**
 * Bulk lead imports (issue 14 item 5). The whole file is read and checked first (400/413 before
 * anything is written), then each row is validated and checked as `POST /leads` checks a body
 * (LeadsService.prepareCreation) and the rows of each batch of {@link SAVE_EVERY} are written
 * together by {@link LeadImportWriter}: the same replays, duplicate check, auto-assignment and
 * timeline as `POST /leads`, a row written whole or not at all, a few statements per batch instead
 * of several per row (issue 14 figures in bench/README.md); `externalRef` makes a re-import replay
 * instead of duplicating. The file is held in memory only: an import whose process dies is marked
 * failed by {@link LeadImportRecovery}, with its counters as they were (re-importing the file is
 * safe for rows with an externalRef). Between batches the import checks that it may go on (the
 * uploader's account and API key, the OEM; {@link mayContinue}); its writes land only while its row
 * is still `running`, so an import recovery failed stays failed.
 */
@Injectable()
export class LeadImportsService {
  private readonly logger = new Logger(LeadImportsService.name);
  private readonly validation = createValidationPipe();

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(LeadImport) private readonly imports: Repository<LeadImport>,
    private readonly leads: LeadsService,
    private readonly sources: LeadSourcesService,
    private readonly writer: LeadImportWriter,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Reads a multipart upload (`file`, and the form fields `sourceId`, `oemId`) with busboy, checks
   * the file and starts the import.
   * @throws 400 (no file, a bad field, not CSV, a missing column; the OEM or source as {@link start}); 413 (over IMPORT_MAX_BYTES or IMPORT_MAX_ROWS)
   */
  async receive(actor: Actor, req: IncomingMessage): Promise<LeadImportAcceptedDto> {
    const { fields, file, fileName } = await this.readMultipart(req);
    const sourceId = fields.sourceId === undefined ? undefined : /^\d{1,9}$/.test(fields.sourceId) ? Number(fields.sourceId) : NaN;
    if (Number.isNaN(sourceId)) throw new ValidationProblem([{ field: 'sourceId', message: 'sourceId must be a positive integer' }]);
    if (fields.oemId !== undefined && !isUuid(fields.oemId)) throw new ValidationProblem([{ field: 'oemId', message: 'oemId must be a UUID' }]);
    const started = await this.start(actor, file, { fileName, sourceId, oemId: fields.oemId });
    return { id: started.id, status: started.status };
  }

  /**
   * Checks `bytes`, and what would fail every row (the OEM, the source), then starts importing in the background.
   * @returns the import as queued, and `done`, resolved (never rejected) with the import as it ended: completed, or failed
   * @throws 400/413 as {@link parseImportFile}; 400 naming oemId when an OEM names another, when the OEM is not an active OEM
   *         account, or when Central Ops names none (neither the field nor an `oemId` cell); 400 naming sourceId when it is not
   *         a positive integer or not a lead source the OEM may use (DESIGN §4; with an OEM per row: not a lead source)
   */
  async start(actor: Actor, bytes: Buffer, options: ImportOptions): Promise<LeadImport & { done: Promise<LeadImport> }> {
    if (actor.role === 'oem' && options.oemId && options.oemId !== actor.userId) throw new ValidationProblem([{ field: 'oemId', message: 'an OEM imports only for itself; leave oemId out' }]);
    const sourceId = options.sourceId;
    if (sourceId !== undefined && !(Number.isSafeInteger(sourceId) && sourceId >= 1)) throw new ValidationProblem([{ field: 'sourceId', message: 'sourceId must be a positive integer' }]);
    const rows = parseImportFile(bytes, this.config.importMaxRows);
    const oemId = actor.role === 'oem' ? actor.userId : (options.oemId ?? null);
    // POST /leads needs Central Ops to name the OEM: without it anywhere every row would fail.
    if (oemId === null && !rows.some((row) => row.oemId !== undefined)) throw new ValidationProblem([{ field: 'oemId', message: 'oemId is required: give it as a form field, or in an oemId column' }]);
    // The time from the clock, to the millisecond: SQLite's column default keeps only seconds, and
    // two imports of one second would list in id order instead of newest first.
    const now = this.leads.now();
    const saved = await this.tx.run(async (em) => {
      await this.checkTargets(em, oemId, sourceId);
      return em.getRepository(LeadImport).save(
        em.getRepository(LeadImport).create({ oemId, createdById: actor.userId, sourceId: sourceId ?? null, fileName: options.fileName.slice(0, 255), status: 'queued', rowsTotal: rows.length, errors: [], createdAt: now, updatedAt: now }),
      );
    });
    // run() counts on its own copy: the answer says `queued`, as the import was when accepted.
    // `done` never rejects: a failed import settles as its row ended (failed, the counters as last
    // saved), re-read; when the database refuses that too, as accepted, marked failed.
    const accepted = Object.assign(new LeadImport(), saved);
    const done = this.run(actor, Object.assign(new LeadImport(), saved), rows, options).catch(async (error: unknown) => {
      this.logger.error(error);
      const failed = { status: 'failed' as const, failure: 'an unexpected error stopped the import', finishedAt: this.leads.now() };
      try {
        // Unless it ended meanwhile (recovery failed it): that end stays.
        await this.advance(saved.id, ['queued', 'running'], failed);
        return await this.current(saved.id);
      } catch (unrecorded) {
        this.logger.error(unrecorded);
        return Object.assign(accepted, failed);
      }
    });
    return Object.assign(saved, { done });
  }

  /** @throws 404 LEAD_IMPORT_NOT_FOUND when it does not exist or is not the caller's */
  async get(actor: Actor, id: string): Promise<LeadImportResponseDto> {
    const found = isUuid(id) ? await this.imports.findOne({ where: actor.role === 'oem' ? { id, oemId: actor.userId } : { id } }) : null;
    if (!found) throw new NotFoundProblem('Lead import', id);
    return toLeadImportResponse(found);
  }

  /** Imports newest first; an OEM sees those made for it. */
  list(actor: Actor, query: PageQueryDto): Promise<Page<LeadImportResponseDto>> {
    const qb = this.imports.createQueryBuilder('i');
    if (actor.role === 'oem') qb.where('i.oemId = :oemId', { oemId: actor.userId });
    return keysetPage(qb, query, { alias: 'i', time: 'createdAt', direction: 'DESC', timeOf: (i) => i.createdAt }, (rows) => rows.map(toLeadImportResponse));
  }

  /**
   * Imports `rows` batch by batch. Stops, leaving the import as it ended, when its row is no longer
   * `running` (recovery failed it) or when {@link mayContinue} refuses the next batch.
   * @returns the import as it ended; @throws what is not a row's fault (the database gone)
   */
  private async run(actor: Actor, state: LeadImport, rows: ImportRow[], options: ImportOptions): Promise<LeadImport> {
    if (!(await this.advance(state.id, 'queued', { status: 'running' }))) return this.current(state.id);
    state.status = 'running';
    const errors = new ErrorReport(state.errors);
    for (let start = 0; start < rows.length; start += SAVE_EVERY) {
      if (start > 0 && !(await this.mayContinue(actor, state))) return this.current(state.id);
      // Per batch: a row's OEM deactivated meanwhile is refused from the next batch on.
      const knownOems = new Map<string, Promise<boolean>>();
      const ready: ReadyRow[] = [];
      const end = Math.min(start + SAVE_EVERY, rows.length);
      for (let index = start; index < end; index++) {
        const rowNumber = index + 1;
        try {
          // A record that is no row of the header's columns (the wrong number of fields): its own error.
          const rejection = rowRejection(rows[index]);
          if (rejection) throw rejection;
          const dto = (await this.validation.transform(this.payloadOf(actor, rows[index], options), { type: 'body', metatype: CreateLeadDto })) as CreateLeadDto;
          ready.push({ rowNumber, dto, prepared: await this.leads.prepareCreation(actor, dto, knownOems) });
        } catch (error) {
          this.count(state, errors, { rowNumber, error });
        }
      }
      for (const outcome of await this.writer.write(actor, ready, state.id)) this.count(state, errors, outcome);
      state.rowsProcessed = end;
      const recorded = await this.advance(state.id, 'running', {
        rowsProcessed: state.rowsProcessed,
        rowsCreated: state.rowsCreated,
        rowsReplayed: state.rowsReplayed,
        rowsDuplicate: state.rowsDuplicate,
        rowsRejected: state.rowsRejected,
        errors: state.errors,
      });
      // Failed by recovery while this batch ran (no heartbeat for IMPORT_STALE_AFTER_MS): it stays
      // failed with the counters it had; this batch's leads stay, and a re-import replays them.
      if (!recorded) return this.current(state.id);
      await options.onProgress?.(state);
    }
    Object.assign(state, { status: 'completed', finishedAt: this.leads.now() });
    if (!(await this.advance(state.id, 'running', { status: 'completed', finishedAt: state.finishedAt }))) return this.current(state.id);
    return state;
  }

  /**
   * Writes the import's progress or end with its heartbeat (`updatedAt`, by the {@link Clock}),
   * only while its status is still `from`, in a transaction of its own: on SQLite's one shared
   * connection a statement sent beside the transaction queue joins whatever transaction a request
   * has open, and went with it when that one rolled back (the import's row, or its `completed`, lost).
   * @returns false when the import is no longer `from` (nothing written)
   */
  private async advance(id: string, from: LeadImportStatus | LeadImportStatus[], changes: Partial<LeadImport>): Promise<boolean> {
    const status = Array.isArray(from) ? In(from) : from;
    const result = await this.tx.run((em) => em.getRepository(LeadImport).update({ id, status }, { ...changes, updatedAt: this.leads.now() }));
    return result.affected !== 0;
  }

  /** The import as stored now. */
  private current(id: string): Promise<LeadImport> {
    return this.tx.run((em) => em.getRepository(LeadImport).findOneByOrFail({ id }));
  }

  /**
   * Before a batch other than the first, in one transaction: whether the import is still `running`
   * (recovery may have failed it), and may still write for its uploader: the account that started
   * it active in the same role, the API key it was uploaded with (if any) unrevoked, its OEM an
   * active OEM, as the auth guard and `POST /leads` would require of a new request. When not,
   * marks it failed naming the reason.
   * @returns false when the import must stop
   */
  private mayContinue(actor: Actor, state: LeadImport): Promise<boolean> {
    return this.tx.run(async (em) => {
      const imports = em.getRepository(LeadImport);
      const current = await imports.findOne({ where: { id: state.id }, select: { id: true, status: true } });
      if (current?.status !== 'running') return false;
      const reason = await this.refusal(em, actor, state.oemId);
      if (!reason) return true;
      const now = this.leads.now();
      await imports.update({ id: state.id, status: 'running' }, { status: 'failed', failure: `stopped after ${state.rowsProcessed} rows: ${reason}`, finishedAt: now, updatedAt: now });
      return false;
    });
  }

  /** Why `actor` may no longer import leads for `oemId` (null: rows name their OEMs), or null when it may. */
  private async refusal(em: EntityManager, actor: Actor, oemId: string | null): Promise<string | null> {
    const account = await em.getRepository(User).findOne({ where: { id: actor.userId }, select: { id: true, role: true, isActive: true } });
    if (!account?.isActive) return actor.role === 'oem' ? `OEM ${actor.userId} was deactivated` : `the account that started it (${actor.userId}) was deactivated`;
    if (account.role !== actor.role) return `the account that started it (${actor.userId}) is no longer ${actor.role}`;
    if (actor.apiKeyId && !(await em.getRepository(ApiKey).existsBy({ id: actor.apiKeyId, revokedAt: IsNull() }))) return `the API key it was uploaded with (${actor.apiKeyId}) was revoked`;
    if (oemId !== null && oemId !== actor.userId && !(await isActiveOem(em, oemId))) return `OEM ${oemId} was deactivated`;
    return null;
  }

  /**
   * What would fail every row, checked before the import is accepted: the OEM is an active OEM
   * account, and the source one it may use (DESIGN §4, as `POST /leads` checks; with an OEM per
   * row, a source that exists: each row's OEM is checked with the row).
   * @throws 400 naming oemId or sourceId
   */
  private async checkTargets(em: EntityManager, oemId: string | null, sourceId: number | undefined): Promise<void> {
    if (oemId !== null && !(await isActiveOem(em, oemId))) throw new ValidationProblem([{ field: 'oemId', message: 'oemId must be an active OEM user' }]);
    if (sourceId === undefined) return;
    if (oemId !== null) await this.sources.forLead(oemId, sourceId, em);
    else if (!(await em.getRepository(LeadSource).existsBy({ id: sourceId }))) throw new ValidationProblem([{ field: 'sourceId', message: `sourceId ${sourceId} is not a lead source` }]);
  }

  /** A file row as a `POST /leads` body: the import's source and OEM filled in where the row leaves them out. */
  private payloadOf(actor: Actor, row: ImportRow, options: ImportOptions): Record<string, unknown> {
    const payload: Record<string, unknown> = { ...row };
    if (options.sourceId !== undefined && payload.sourceId === undefined) payload.sourceId = options.sourceId;
    if (actor.role === 'oem') delete payload.oemId;
    else if (options.oemId) payload.oemId = options.oemId;
    return payload;
  }

  /**
   * A row's outcome into the import's counters, and its error (row, field, code) into the report.
   * @throws what is not a row's fault (not a problem a request would answer), e.g. the database gone
   */
  private count(state: LeadImport, errors: ErrorReport, outcome: RowOutcome): void {
    if (!('error' in outcome)) {
      if (outcome.created) state.rowsCreated++;
      else state.rowsReplayed++;
      return;
    }
    const error = outcome.error;
    if (!(error instanceof AppException)) throw error;
    if (error.code === 'LEAD_DUPLICATE') state.rowsDuplicate++;
    else state.rowsRejected++;
    const fieldErrors = error.extras.errors ?? [];
    const entry = (field: string | null, message: string): LeadImportError => ({ row: outcome.rowNumber, field, code: error.code, message });
    if (fieldErrors.length) for (const e of fieldErrors) errors.add(entry(e.field, e.message));
    else errors.add(entry(null, error.message));
  }

  /** The upload's fields and file bytes, at most IMPORT_MAX_BYTES (413 past it). */
  private readMultipart(req: IncomingMessage): Promise<{ fields: Record<string, string>; file: Buffer; fileName: string }> {
    const limit = this.config.importMaxBytes;
    return new Promise((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fields: 10, fileSize: limit, fieldSize: 1024 } });
      } catch {
        reject(new ValidationProblem([{ field: 'file', message: 'send the file as multipart/form-data with a part named file' }]));
        return;
      }
      const fields: Record<string, string> = {};
      const chunks: Buffer[] = [];
      let fileName: string | undefined;
      let failed: Error | undefined;
      parser.on('field', (name, value) => {
        if (name === 'sourceId' || name === 'oemId') fields[name] = value.trim();
        else failed ??= new ValidationProblem([{ field: name, message: `${name} is not a field of a lead import (file, sourceId, oemId)` }]);
      });
      parser.on('file', (name, stream, info) => {
        if (name !== 'file') {
          failed ??= new ValidationProblem([{ field: name, message: 'the file part must be named file' }]);
          stream.on('error', () => undefined);
          stream.resume();
          return;
        }
        // As for document uploads: UTF-8 names (RFC 7578), no control characters (a NUL is a 500 on PostgreSQL).
        fileName = sanitizeFileName(info.filename && decodeFormDataName(info.filename), 'csv');
        // A body that ends inside the file part errors the part's stream too (busboy): the
        // parser's own 'error' answers it; unheard, it would be an uncaught exception.
        stream.on('error', () => (failed ??= new ValidationProblem([{ field: 'file', message: 'the multipart body ended inside the file' }])));
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('limit', () => {
          failed ??= new AppException(413, 'LEAD_IMPORT_TOO_LARGE', `An import file is at most ${limit} bytes (IMPORT_MAX_BYTES)`, { limitBytes: limit });
        });
      });
      parser.on('error', () => reject(failed ?? new ValidationProblem([{ field: 'file', message: 'the multipart body is malformed' }])));
      parser.on('close', () => {
        if (failed) reject(failed);
        else if (fileName === undefined) reject(new ValidationProblem([{ field: 'file', message: 'file is required' }]));
        else resolve({ fields, file: Buffer.concat(chunks), fileName });
      });
      req.pipe(parser);
    });
  }
}

/**
 * The row errors an import keeps: the first {@link MAX_IMPORT_ERRORS}, as long as they take at most
 * {@link MAX_IMPORT_ERRORS_BYTES} as stored (the JSON of the list, UTF-8), so the list always fits
 * MariaDB's TEXT column; once one does not fit, none after it is kept (the list stays the first
 * errors, in row order). `entries` is the import's own list, appended to.
 */
class ErrorReport {
  /** The list's JSON size in bytes: `[]`, plus each entry and a comma between two. */
  private bytes: number;
  private full = false;

  constructor(private readonly entries: LeadImportError[]) {
    this.bytes = Buffer.byteLength(JSON.stringify(entries));
  }

  /** Keeps `entry` when it fits, and none after one that did not. */
  add(entry: LeadImportError): void {
    if (this.full) return;
    const bytes = Buffer.byteLength(JSON.stringify(entry)) + (this.entries.length ? 1 : 0);
    if (this.entries.length >= MAX_IMPORT_ERRORS || this.bytes + bytes > MAX_IMPORT_ERRORS_BYTES) {
      this.full = true;
      return;
    }
    this.entries.push(entry);
    this.bytes += bytes;
  }
}

/** Whether `id` is an active OEM account, read with `em`. */
async function isActiveOem(em: EntityManager, id: string): Promise<boolean> {
  return em.getRepository(User).existsBy({ id, role: 'oem', isActive: true });
}

/**
 * Fails the imports whose process died (killed, crashed, stopped mid-import): queued or running,
 * with no heartbeat for {@link IMPORT_STALE_AFTER_MS} by the {@link Clock}. Each server process
 * looks at its start and every {@link RECOVERY_INTERVAL_MS} after, so a dead import is failed
 * within about 11 minutes whichever process outlives it, while one another live process is running
 * (a worker of the cluster, another replica, the CLI) beats with every batch and is left alone. The
 * rows handled so far stay, each whole. Registered by the server's LeadsModule only, not by the CLI.
 */
@Injectable()
export class LeadImportRecovery implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task = new PeriodicTask(new Logger(LeadImportRecovery.name), 'Lead import recovery failed', () => this.recover());

  constructor(
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.recover();
    this.task.start(RECOVERY_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /**
   * Marks failed every queued or running import whose heartbeat is older than {@link IMPORT_STALE_AFTER_MS}.
   * @returns how many it failed
   */
  async recover(): Promise<number> {
    const now = new Date(this.clock.now());
    const stale = new Date(now.getTime() - IMPORT_STALE_AFTER_MS);
    const result = await this.tx.run((em) =>
      em.getRepository(LeadImport).update({ status: In(['queued', 'running']), updatedAt: LessThan(stale) }, { status: 'failed', failure: INTERRUPTED_FAILURE, finishedAt: now, updatedAt: now }),
    );
    return result.affected ?? 0;
  }
}
