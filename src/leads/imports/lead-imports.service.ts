import type { IncomingMessage } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import busboy from 'busboy';
import { In, type Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { decodeFormDataName, sanitizeFileName } from '../../common/http/file-name.js';
import { keysetPage, type Page, type PageQueryDto } from '../../common/pagination.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../../common/problem.js';
import { isUuid } from '../../common/uuid.js';
import { createValidationPipe } from '../../common/validation.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { CreateLeadDto } from '../dto/lead.dto.js';
import { LeadsService } from '../leads.service.js';
import { LeadImportWriter, type ReadyRow, type RowOutcome } from './lead-import-writer.js';
import { type ImportRow, parseImportFile } from './lead-import-file.js';
import { type LeadImportAcceptedDto, type LeadImportResponseDto, toLeadImportResponse } from './lead-import.dto.js';
import { LeadImport, type LeadImportError, MAX_IMPORT_ERRORS } from './lead-import.entity.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';

/** Rows per batch: one transaction of a few statements (LeadImportWriter), then the import's counters saved. */
const SAVE_EVERY = 250;

/** What an import is started with, from the form fields or the CLI's options. */
export interface ImportOptions {
  fileName: string;
  sourceId?: number;
  /** Central Ops: the OEM of every row (else each row's `oemId`). Ignored for OEMs, who import for themselves. */
  oemId?: string;
  /** Called after each saved batch (the CLI's progress bar). */
  onProgress?: (state: LeadImport) => void;
}

/**
 * Bulk lead imports (issue 14 item 5). The whole file is read and checked first (400/413 before
 * anything is written), then each row is validated and checked as `POST /leads` checks a body
 * (LeadsService.prepareCreation) and the rows of each batch of {@link SAVE_EVERY} are written
 * together by {@link LeadImportWriter}: the same replays, duplicate check, auto-assignment and
 * timeline as `POST /leads`, a row written whole or not at all, a few statements per batch instead
 * of several per row (issue 14 figures in bench/README.md); `externalRef` makes a re-import replay
 * instead of duplicating. The file is held in memory only: an import that a restart interrupts is marked
 * failed at the next start, with its counters as they were (re-importing the file is safe for rows
 * with an externalRef).
 */
@Injectable()
export class LeadImportsService {
  private readonly logger = new Logger(LeadImportsService.name);
  private readonly validation = createValidationPipe();

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    @InjectRepository(LeadImport) private readonly imports: Repository<LeadImport>,
    private readonly leads: LeadsService,
    private readonly writer: LeadImportWriter,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Reads a multipart upload (`file`, and the form fields `sourceId`, `oemId`) with busboy, checks
   * the file and starts the import.
   * @throws 400 (no file, a bad field, not CSV, a missing column); 413 (over IMPORT_MAX_BYTES or IMPORT_MAX_ROWS)
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
   * Checks `bytes` and starts importing it in the background.
   * @returns the import as queued, and `done`, resolved (never rejected) with the import as it ended: completed, or failed
   * @throws 400/413 as {@link parseImportFile}; 400 naming oemId when an OEM names one
   */
  async start(actor: Actor, bytes: Buffer, options: ImportOptions): Promise<LeadImport & { done: Promise<LeadImport> }> {
    if (actor.role === 'oem' && options.oemId && options.oemId !== actor.userId) throw new ValidationProblem([{ field: 'oemId', message: 'an OEM imports only for itself; leave oemId out' }]);
    const rows = parseImportFile(bytes, this.config.importMaxRows);
    const oemId = actor.role === 'oem' ? actor.userId : (options.oemId ?? null);
    // The time from the clock, to the millisecond: SQLite's column default keeps only seconds, and
    // two imports of one second would list in id order instead of newest first.
    const now = this.leads.now();
    const saved = await this.tx.run((em) =>
      em.getRepository(LeadImport).save(
        em.getRepository(LeadImport).create({ oemId, createdById: actor.userId, sourceId: options.sourceId ?? null, fileName: options.fileName.slice(0, 255), status: 'queued', rowsTotal: rows.length, errors: [], createdAt: now, updatedAt: now }),
      ),
    );
    // run() counts on its own copy: the answer says `queued`, as the import was when accepted.
    // `done` never rejects: a failed import settles as its row ended (failed, the counters as last
    // saved), re-read; when the database refuses that too, as accepted, marked failed.
    const accepted = Object.assign(new LeadImport(), saved);
    const done = this.run(actor, Object.assign(new LeadImport(), saved), rows, options).catch(async (error: unknown) => {
      this.logger.error(error);
      const failed = { status: 'failed' as const, failure: 'an unexpected error stopped the import', finishedAt: new Date() };
      try {
        await this.record(saved.id, failed);
        return await this.imports.findOneByOrFail({ id: saved.id });
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

  private async run(actor: Actor, state: LeadImport, rows: ImportRow[], options: ImportOptions): Promise<LeadImport> {
    state.status = 'running';
    await this.record(state.id, { status: 'running' });
    const knownOems = new Map<string, Promise<boolean>>();
    for (let start = 0; start < rows.length; start += SAVE_EVERY) {
      const ready: ReadyRow[] = [];
      const end = Math.min(start + SAVE_EVERY, rows.length);
      for (let index = start; index < end; index++) {
        const rowNumber = index + 1;
        try {
          const dto = (await this.validation.transform(this.payloadOf(actor, rows[index], options), { type: 'body', metatype: CreateLeadDto })) as CreateLeadDto;
          ready.push({ rowNumber, dto, prepared: await this.leads.prepareCreation(actor, dto, knownOems) });
        } catch (error) {
          this.count(state, { rowNumber, error });
        }
      }
      for (const outcome of await this.writer.write(actor, ready, state.id)) this.count(state, outcome);
      state.rowsProcessed = end;
      await this.record(state.id, {
        rowsProcessed: state.rowsProcessed,
        rowsCreated: state.rowsCreated,
        rowsReplayed: state.rowsReplayed,
        rowsDuplicate: state.rowsDuplicate,
        rowsRejected: state.rowsRejected,
        errors: state.errors,
      });
      options.onProgress?.(state);
    }
    Object.assign(state, { status: 'completed', finishedAt: new Date() });
    await this.record(state.id, { status: 'completed', finishedAt: state.finishedAt });
    return state;
  }

  /**
   * Writes the import's progress in a transaction of its own: on SQLite's one shared connection a
   * statement sent beside the transaction queue joins whatever transaction a request has open, and
   * went with it when that one rolled back (the import's row, or its `completed`, lost).
   */
  private async record(id: string, changes: Partial<LeadImport>): Promise<void> {
    await this.tx.run((em) => em.getRepository(LeadImport).update(id, changes));
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
  private count(state: LeadImport, outcome: RowOutcome): void {
    if (!('error' in outcome)) {
      if (outcome.created) state.rowsCreated++;
      else state.rowsReplayed++;
      return;
    }
    const error = outcome.error;
    if (!(error instanceof AppException)) throw error;
    if (error.code === 'LEAD_DUPLICATE') state.rowsDuplicate++;
    else state.rowsRejected++;
    if (state.errors.length >= MAX_IMPORT_ERRORS) return;
    const fieldErrors = error.extras.errors ?? [];
    const entry = (field: string | null, message: string): LeadImportError => ({ row: outcome.rowNumber, field, code: error.code, message });
    if (fieldErrors.length) for (const e of fieldErrors.slice(0, MAX_IMPORT_ERRORS - state.errors.length)) state.errors.push(entry(e.field, e.message));
    else state.errors.push(entry(null, error.message));
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
 * At server start, imports left queued or running by a stopped process fail visibly (the rows
 * handled so far stay, each whole). Registered by the server's LeadsModule only, not by the CLI,
 * which must not touch a running server's imports. With several replicas, a restarting replica
 * also fails imports another replica is running (the file lives in that replica's memory only).
 */
@Injectable()
export class LeadImportRecovery implements OnApplicationBootstrap {
  constructor(@InjectRepository(LeadImport) private readonly imports: Repository<LeadImport>) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.imports.update(
      { status: In(['queued', 'running']) },
      { status: 'failed', failure: 'interrupted by a server restart; import the file again (rows with an externalRef are replayed, not duplicated)', finishedAt: new Date() },
    );
  }
}
