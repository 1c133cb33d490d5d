import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { csvFormatRow } from 'd3-dsv';
import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { type KeysetOrder, keysetPage, type Page } from '../../common/pagination.js';
import { STAFF_ONLY_LEAD_FIELDS, type StaffOnlyLeadField } from '../audience/oem-audience.js';
import type { LeadFilterDto } from '../dto/lead.dto.js';
import type { Lead, LeadStatus } from '../entities/lead.entity.js';
import { isoTimestamp, type LeadRowPlan, numberOrNull } from '../lead-rows.js';
import { LeadsRepository } from '../leads.repository.js';
import { leadListOrder, LeadsService } from '../leads.service.js';
import { slaOf } from '../sla.js';
import { LeadTagsService } from '../tags/lead-tags.service.js';
import { neutraliseFormula } from './csv-cells.js';

/** Leads read per keyset batch: memory holds two batches (one read ahead), whatever the number of rows. */
const BATCH = 1000;

/**
 * The stream's buffer: room for about two batches of CSV (~420 KB each), so the next batch is
 * written while the socket still sends the last one (with Node's default of 16 KB the writer
 * waited for every chunk to drain).
 */
const STREAM_BUFFER_BYTES = 1 << 20;

/**
 * The export's columns, in order: the lead fields in camelCase (the ones `POST /leads` takes come
 * back in by import), the names of the OEM, source and assignee, the tags (`;`-separated) and the
 * SLA state at the time of the export.
 */
export const EXPORT_COLUMNS = [
  'id', 'externalRef', 'oemId', 'oemName', 'customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'addressLine2', 'city', 'state', 'pincode',
  'latitude', 'longitude', 'sourceId', 'sourceName', 'status', 'statusBeforeHold', 'closingReasonCode', 'closingReason', 'chargerModel', 'assignedToId',
  'assignedToName', 'introCallCompleted', 'possibleDuplicateOfId', 'tags', 'statusEnteredAt', 'slaStage', 'slaDueAt', 'slaOverdue', 'version', 'createdAt', 'updatedAt',
] as const;

type Cell = string | number | boolean | null;

/** Where the cells the keyset cursor needs are in a row of cells. */
const ID_CELL = EXPORT_COLUMNS.indexOf('id');
const TAGS_CELL = EXPORT_COLUMNS.indexOf('tags');
const CREATED_CELL = EXPORT_COLUMNS.indexOf('createdAt');
const UPDATED_CELL = EXPORT_COLUMNS.indexOf('updatedAt');

/** The columns of each lead field only Central Ops reads (audience/oem-audience.ts): left empty in an OEM's export. */
const STAFF_ONLY_COLUMNS: Record<StaffOnlyLeadField, ReadonlyArray<(typeof EXPORT_COLUMNS)[number]>> = { assignedToId: ['assignedToId'], assignedTo: ['assignedToName'] };
const STAFF_ONLY_CELLS = STAFF_ONLY_LEAD_FIELDS.flatMap((field) => STAFF_ONLY_COLUMNS[field].map((column) => EXPORT_COLUMNS.indexOf(column)));

/** A ready-to-send export: the CSV bytes as a stream and the file name for Content-Disposition. */
export interface LeadExport {
  stream: Readable;
  fileName: string;
}

/** How an export is written. */
export interface LeadExportOptions {
  /** Start the file with a UTF-8 BOM ({@link UTF8_BOM}), for Excel on Windows; default false (the file as RFC 4180 has it). */
  bom?: boolean;
}

/**
 * The UTF-8 encoding of U+FEFF. Excel on Windows opens a CSV without it in the computer's code
 * page (Windows-1252 on most), which shows every non-ASCII name as mojibake; with it, as UTF-8.
 * RFC 4180 knows no BOM, and a program that does not expect one reads it as part of the first
 * column's name, so it is only written when asked for (the import skips it).
 */
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Bytes set aside per row of a chunk; a longer row grows the chunk (rows are ~420 bytes). */
const BYTES_PER_ROW = 640;

/**
 * RFC 4180 with d3-dsv's row writer: a cell quoted when it holds a comma, a quote or a line break
 * (quotes doubled), null as an empty cell, numbers and booleans (`true`/`false`) as their text;
 * records end in CRLF. Each row's text is written as UTF-8 straight into one buffer per batch: a
 * batch joined into one string and then encoded cost about three times as much (bench/README.md,
 * issue 14). Formula cells are neutralised by us (csv-cells.ts), so that E.164 phones stay as they are.
 */
function csvChunk(rows: Cell[][]): Buffer {
  let chunk = Buffer.allocUnsafe(rows.length * BYTES_PER_ROW);
  let at = 0;
  for (const row of rows) {
    const line = csvFormatRow(row as unknown as string[]);
    // UTF-8 takes at most 3 bytes per UTF-16 unit: only near the end is the exact length needed.
    if (at + line.length * 3 + 2 > chunk.length && at + Buffer.byteLength(line) + 2 > chunk.length) {
      const bigger = Buffer.allocUnsafe(Math.max(chunk.length * 2, at + Buffer.byteLength(line) + 2));
      chunk.copy(bigger, 0, 0, at);
      chunk = bigger;
    }
    at += chunk.write(line, at);
    chunk[at++] = 0x0d;
    chunk[at++] = 0x0a;
  }
  return chunk.subarray(0, at);
}

/**
 * The CSV export (issue 14 item 4): RFC 4180 (d3-dsv, CRLF, a header row), one row per lead
 * matching the list filters that `actor` may see, in the list's order. Rows are read in keyset
 * batches of {@link BATCH} (the list's own filters and paging, `LeadsRepository.filtered` and
 * `keysetPage`) as the driver's arrays with timestamps as text, and each row becomes its cells
 * directly: no entity and no response object per row (issue 14's 50,000 rows/s). The next batch
 * is read while the current one is written, so the database and the CSV writer work side by side;
 * memory holds at most two batches, whatever the number of rows, and the reader's pace drives the
 * reads (stream back-pressure). Each batch becomes one CSV chunk.
 */
@Injectable()
export class LeadExportService {
  constructor(
    private readonly repository: LeadsRepository,
    private readonly leads: LeadsService,
    private readonly tags: LeadTagsService,
  ) {}

  /**
   * Starts an export; the first batch is read when the stream is first read. Dates are ISO 8601 UTC,
   * phones E.164. With `options.bom` the bytes are a UTF-8 BOM, then the same bytes as without.
   */
  export(actor: Actor, filter: LeadFilterDto, options: LeadExportOptions = {}): LeadExport {
    const now = this.leads.now();
    const stream = Readable.from(this.chunks(actor, filter, now, options), { objectMode: false, highWaterMark: STREAM_BUFFER_BYTES });
    return { stream, fileName: `leads-${now.toISOString().slice(0, 10)}.csv` };
  }

  /** The CSV text: the header (after a BOM with `options.bom`), then one chunk per batch of rows. */
  async *chunks(actor: Actor, filter: LeadFilterDto, now: Date, options: LeadExportOptions = {}): AsyncGenerator<Buffer> {
    const header = csvChunk([[...EXPORT_COLUMNS]]);
    yield options.bom ? Buffer.concat([UTF8_BOM, header]) : header;
    const list = leadListOrder(filter);
    const timeCell = list.time === 'updatedAt' ? UPDATED_CELL : CREATED_CELL;
    const order: KeysetOrder<Cell[]> = { ...list, timeOf: (cells) => cells[timeCell] as unknown as Date, idOf: (cells) => cells[ID_CELL] as string };
    // The filters are built once; each batch adds its cursor, order and limit to a copy.
    const leads = await this.repository.filtered(actor, filter, now);
    const oem = actor.role === 'oem';
    let next: Promise<Page<Cell[]>> | undefined = this.batch(leads.clone(), oem, now, order);
    try {
      while (next) {
        const page: Page<Cell[]> = await next;
        // The next batch is asked for before this one's tags are read and its CSV written.
        next = page.nextCursor ? this.batch(leads.clone(), oem, now, order, page.nextCursor) : undefined;
        if (page.data.length) {
          await this.fillTags(page.data);
          yield csvChunk(page.data);
        }
      }
    } finally {
      // The client went away with a batch still being read: its outcome no longer matters, and a
      // failure of it must not surface as an unhandled rejection.
      next?.catch(() => undefined);
    }
  }

  /**
   * One keyset batch of `leads` (a query of its own: the batch adds to it) as rows of cells, the
   * tags cell empty until {@link fillTags}; for an OEM the staff-only cells are empty.
   */
  private batch(leads: SelectQueryBuilder<Lead>, oem: boolean, now: Date, order: KeysetOrder<Cell[]>, cursor?: string): Promise<Page<Cell[]>> {
    return keysetPage(
      leads,
      { limit: BATCH, cursor },
      order,
      (rows) => rows,
      async (q) => {
        const { plan, rows } = await this.repository.readRows(q);
        if (!plan) return [];
        return rows.map((row) => {
          const cells = this.cellsOf(row, plan, now);
          if (oem) for (const at of STAFF_ONLY_CELLS) cells[at] = null;
          return cells;
        });
      },
    );
  }

  /** Fills the tags cell of each row of a batch (`;`-separated, in name order). */
  private async fillTags(rows: Cell[][]): Promise<void> {
    const tags = await this.tags.load(this.repository.manager, rows.map((cells) => cells[ID_CELL] as string));
    for (const cells of rows) cells[TAGS_CELL] = neutraliseFormula((tags.get(cells[ID_CELL] as string) ?? []).join(';'));
  }

  /** The export's cells of one lead row ({@link EXPORT_COLUMNS}; the tags filled, and an OEM's staff-only cells emptied, by the batch). */
  private cellsOf(row: readonly unknown[], p: LeadRowPlan, now: Date): Cell[] {
    const status = row[p.status] as LeadStatus;
    const enteredText = row[p.statusEnteredAt] as string | null | undefined;
    const entered = enteredText === null || enteredText === undefined ? null : (isoTimestamp(enteredText) as unknown as string);
    const sla = slaOf(status, entered === null ? null : new Date(entered), this.leads.slaHours, now);
    const assignedToId = row[p.assignedToId] as string | null;
    return [
      row[p.id] as string, textOrNull(row[p.externalRef]), row[p.oemId] as string, neutraliseFormula((row[p.oemName] as string | null) ?? ''), neutraliseFormula(row[p.customerName] as string),
      // E.164 (`+` and digits only): a number to a spreadsheet, not a formula.
      row[p.customerPhone] as string,
      textOrNull(row[p.customerEmail]), neutraliseFormula(row[p.addressLine1] as string), neutraliseFormula(row[p.addressLine2] as string), neutraliseFormula(row[p.city] as string), neutraliseFormula(row[p.state] as string), row[p.pincode] as string,
      numberOrNull(row[p.latitude]), numberOrNull(row[p.longitude]), row[p.sourceId] as number, neutraliseFormula(row[p.sourceName] as string), status, row[p.statusBeforeHold] as string | null,
      row[p.closingReasonCode] as string | null, textOrNull(row[p.closingReason]), textOrNull(row[p.chargerModel]), assignedToId,
      assignedToId === null ? null : neutraliseFormula(row[p.assigneeName] as string), Boolean(row[p.introCallCompleted]), row[p.possibleDuplicateOfId] as string | null, null,
      entered, sla?.stage ?? null, sla?.dueAt.toISOString() ?? null, sla ? sla.overdue : null, Number(row[p.version]),
      isoTimestamp(row[p.createdAt]) as unknown as string, isoTimestamp(row[p.updatedAt]) as unknown as string,
    ];
  }
}

/** {@link neutraliseFormula} for a nullable column; null stays an empty cell. */
function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : neutraliseFormula(value as string);
}
