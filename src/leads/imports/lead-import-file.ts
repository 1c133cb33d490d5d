import { parse } from 'csv-parse/sync';
import { MAX_IMPORT_BYTES } from '../../config/config.js';
import { AppException } from '../../common/problem.js';
import { restoreFormula } from '../export/csv-cells.js';

/** The `POST /leads` fields an import reads, in camelCase; any other column is ignored (an export re-imports). */
export const IMPORT_FIELDS = ['oemId', 'externalRef', 'sourceId', 'customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'addressLine2', 'city', 'state', 'pincode', 'latitude', 'longitude', 'chargerModel'] as const;
/** Columns the header must name: the required fields of `POST /leads`. */
export const REQUIRED_COLUMNS = ['customerName', 'customerPhone', 'addressLine1', 'city', 'state', 'pincode'] as const;
const NUMERIC = new Set(['sourceId', 'latitude', 'longitude']);
/** A decimal number as spreadsheets write one (`19.1`, `-72.80`, `+19`, `.5`, `19.`); anything else stays text for validation to refuse. */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** One data row as the fields of a lead payload (empty cells left out; numbers as numbers when they read as such). */
export type ImportRow = Record<string, string | number>;

const invalid = (message: string) => new AppException(400, 'LEAD_IMPORT_INVALID_FILE', message, { errors: [{ field: 'file', message }] });

/**
 * Parses an import file before anything is written (issue 14 item 5): UTF-8 (a BOM is skipped),
 * RFC 4180 (csv-parse), a header naming at least {@link REQUIRED_COLUMNS}, 1 to `maxRows` rows.
 * Cells written neutralised by the export (`'=…`) get their text back.
 * @throws 400 LEAD_IMPORT_INVALID_FILE (not UTF-8 text, not CSV, a missing column, no rows); 413 LEAD_IMPORT_TOO_LARGE (more than `maxRows` rows, or
 *         more than {@link MAX_IMPORT_BYTES}, the longest string V8 holds: the CLI reads files IMPORT_MAX_BYTES does not bound)
 */
export function parseImportFile(bytes: Buffer, maxRows: number): ImportRow[] {
  // A UTF-8 byte decodes to at most one UTF-16 unit: a file within the limit always fits a string.
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new AppException(413, 'LEAD_IMPORT_TOO_LARGE', `An import file is at most ${MAX_IMPORT_BYTES} bytes (the longest text Node.js can hold)`, { limitBytes: MAX_IMPORT_BYTES });
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (error) {
    // Only a malformed sequence is the file's fault; anything else (memory) is not "not UTF-8".
    if ((error as { code?: unknown }).code !== 'ERR_ENCODING_INVALID_ENCODED_DATA') throw error;
    throw invalid('the file is not UTF-8 text');
  }
  if (text.includes('\u0000')) throw invalid('the file is not text (it holds NUL bytes)');
  let records: string[][];
  try {
    // `to` counts records, not lines: a quoted cell may hold line breaks (an address, our own export).
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false, to: maxRows + 2 }) as string[][];
  } catch (error) {
    throw invalid(`the file is not CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('the file is empty');
  const names = header.map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw invalid(`the header lacks ${missing.join(', ')} (it names ${names.slice(0, 20).join(', ')})`);
  if (!rows.length) throw invalid('the file has a header but no rows');
  if (rows.length > maxRows) throw new AppException(413, 'LEAD_IMPORT_TOO_LARGE', `An import takes at most ${maxRows} rows (IMPORT_MAX_ROWS)`, { limitRows: maxRows });
  const wanted = names.map((name) => ((IMPORT_FIELDS as readonly string[]).includes(name) ? name : null));
  return rows.map((cells) => {
    const row: ImportRow = {};
    cells.forEach((cell, i) => {
      const field = wanted[i];
      if (!field || cell.trim() === '') return;
      const value = restoreFormula(cell);
      row[field] = NUMERIC.has(field) && DECIMAL.test(value.trim()) ? Number(value.trim()) : value;
    });
    return row;
  });
}
