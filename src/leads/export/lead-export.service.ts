import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import Papa from 'papaparse';
import type { Actor } from '../../common/auth/actor.js';
import { keysetPage } from '../../common/pagination.js';
import type { LeadFilterDto } from '../dto/lead.dto.js';
import type { LeadResponseDto } from '../dto/lead-response.dto.js';
import { LeadsRepository } from '../leads.repository.js';
import { leadListOrder, LeadsService } from '../leads.service.js';
import { slaOf } from '../sla.js';
import { LeadTagsService } from '../tags/lead-tags.service.js';
import { neutraliseFormula } from './csv-cells.js';

/** Leads read per keyset batch: memory holds one batch, whatever the number of rows. */
const BATCH = 1000;

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

/** A ready-to-send export: the CSV bytes as a stream and the file name for Content-Disposition. */
export interface LeadExport {
  stream: Readable;
  fileName: string;
}

/**
 * RFC 4180 with papaparse's writer: CRLF records, a cell quoted when it holds a comma, a quote or
 * a line break (quotes doubled), null as an empty cell, booleans as `true`/`false`. Formula cells
 * are neutralised by us (csv-cells.ts), so that E.164 phones stay as they are.
 */
function csvLines(rows: Cell[][]): string {
  return `${Papa.unparse(rows, { newline: '\r\n', header: false })}\r\n`;
}

/**
 * The CSV export (issue 14 item 4): RFC 4180 (papaparse, CRLF, a header row), one row per lead
 * matching the list filters that `actor` may see, in the list's order. Rows are read in keyset
 * batches of {@link BATCH} (the list's own paging and row reader, `keysetPage` and
 * `LeadsRepository.readResponses`: no entity built, timestamps kept as text, an OEM's rows through
 * the audience policy) as the client reads, so memory does not grow with the row count; the
 * reader's pace drives the reads (stream back-pressure). Each batch becomes one CSV chunk.
 */
@Injectable()
export class LeadExportService {
  constructor(
    private readonly repository: LeadsRepository,
    private readonly leads: LeadsService,
    private readonly tags: LeadTagsService,
  ) {}

  /** Starts an export; the first batch is read when the stream is first read. Dates are ISO 8601 UTC, phones E.164. */
  export(actor: Actor, filter: LeadFilterDto): LeadExport {
    const now = this.leads.now();
    return { stream: Readable.from(this.chunks(actor, filter, now), { objectMode: false }), fileName: `leads-${now.toISOString().slice(0, 10)}.csv` };
  }

  /** The CSV text: the header, then one chunk per batch of rows. */
  async *chunks(actor: Actor, filter: LeadFilterDto, now: Date): AsyncGenerator<string> {
    yield csvLines([[...EXPORT_COLUMNS]]);
    const order = leadListOrder<LeadResponseDto>(filter);
    let cursor: string | undefined;
    do {
      const qb = await this.repository.filtered(actor, filter, now);
      const page = await keysetPage(qb, { limit: BATCH, cursor }, order, (batch) => this.toRows(batch, now), (q) => this.repository.readResponses(q, actor));
      if (page.data.length) yield csvLines(page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }

  private async toRows(leads: LeadResponseDto[], now: Date): Promise<Cell[][]> {
    const tags = await this.tags.load(this.repository.manager, leads.map((lead) => lead.id));
    const text = (value: string | null) => (value === null ? null : neutraliseFormula(value));
    // Timestamps are ISO 8601 text already (lead-rows.ts), typed as Date for the API's DTOs.
    const iso = (value: Date | null) => value as unknown as string | null;
    return leads.map((lead) => {
      const entered = iso(lead.statusEnteredAt);
      const sla = slaOf(lead.status, entered === null ? null : new Date(entered), this.leads.slaHours, now);
      return [
        lead.id, text(lead.externalRef), lead.oemId, text(lead.oem.fullName), text(lead.customerName),
        // E.164 (`+` and digits only): a number to a spreadsheet, not a formula.
        lead.customerPhone,
        text(lead.customerEmail), text(lead.addressLine1), text(lead.addressLine2), text(lead.city), text(lead.state), lead.pincode,
        lead.latitude, lead.longitude, lead.sourceId, text(lead.source.name), lead.status, lead.statusBeforeHold, lead.closingReasonCode, text(lead.closingReason), text(lead.chargerModel), lead.assignedToId,
        text(lead.assignedTo?.fullName ?? null), lead.introCallCompleted, lead.possibleDuplicateOfId, text((tags.get(lead.id) ?? []).join(';')),
        entered, sla?.stage ?? null, sla?.dueAt.toISOString() ?? null, sla ? sla.overdue : null, lead.version, iso(lead.createdAt), iso(lead.updatedAt),
      ];
    });
  }
}
