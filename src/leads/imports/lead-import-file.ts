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
const CR = 0x0d;
const LF = 0x0a;

/**
 * One data row as the fields of a lead payload (empty cells left out; numbers as numbers when they
 * read as such), or a record that is no row of the header's columns ({@link rowRejection}).
 */
export type ImportRow = Record<string, string | number>;

const invalid = (message: string) => new AppException(400, 'LEAD_IMPORT_INVALID_FILE', message, { errors: [{ field: 'file', message }] });

/**
 * csv-parse's options for an import file (RFC 4180 read as forgivingly as {@link parseImportFile}
 * says): a BOM skipped, empty lines skipped, CRLF, LF and CR each ending a record, a quote where
 * RFC 4180 allows none kept as text, a record of any number of fields (its row's error).
 */
const CSV_OPTIONS = { bom: true, skip_empty_lines: true, record_delimiter: ['\r\n', '\n', '\r'], relax_quotes: true, relax_column_count: true };

const rejections = new WeakMap<ImportRow, AppException>();

/**
 * The row of a record that cannot be read as one (its fields cannot be matched to the header's
 * columns): it has no field, and {@link rowRejection} gives its error, which LeadImportsService
 * reports as that row's (row, field null, code, message) and counts in `rowsRejected`. Read any
 * other way it still imports nothing: with no field, `POST /leads` validation refuses it.
 */
function rejectedRow(error: AppException): ImportRow {
  const row: ImportRow = {};
  rejections.set(row, error);
  return row;
}

/** The error of a row {@link parseImportFile} could not read (a record with the wrong number of fields), else undefined. */
export function rowRejection(row: ImportRow): AppException | undefined {
  return rejections.get(row);
}

/**
 * Parses an import file before anything is written (issue 14 item 5): UTF-8 (a BOM is skipped),
 * CSV as RFC 4180 describes it (csv-parse), read as forgivingly as spreadsheets and people write
 * it, a header naming at least {@link REQUIRED_COLUMNS}, then 1 to `maxRows` rows:
 * - a record ends at CRLF, LF or CR, whichever each line uses (RFC 4180 §2.1 asks for CRLF; files
 *   joined from several sources mix them); a quoted cell may hold line breaks of any kind, an
 *   unquoted one none (RFC 4180 §2.6);
 * - a quote inside a cell that does not start with one is kept as text (`12 "Shanti" Nagar`;
 *   RFC 4180 §2.5 forbids it), and so is a quote in a quoted cell that is not followed by a comma,
 *   a line break or a second quote (§2.7; the cell keeps its quotes, the outer ones included);
 *   files RFC 4180 allows read as they always did;
 * - a record whose cells are all empty or blank (an empty or whitespace-only line, `,,,` from a
 *   spreadsheet's empty row) is skipped, before the header too, and is not counted as a row;
 * - a record with more or fewer fields than the header (RFC 4180 §2.4) is that row's error, as a
 *   row {@link rowRejection} gives (VALIDATION_FAILED, field null, naming both counts and the line
 *   it starts on), not the file's: its cells cannot be matched to the columns.
 * A row's number counts the rows read (from 1, the header and skipped records not counted), as the
 * import's `errors[].row` does. Cells written neutralised by the export (`'=…`) get their text back.
 * @throws 400 LEAD_IMPORT_INVALID_FILE: not UTF-8 (naming the first byte that is not, its line and
 *         its offset), NUL bytes, a quoted cell never closed (naming the line of its record), no
 *         header, a missing column, no rows; 413 LEAD_IMPORT_TOO_LARGE (more than `maxRows` rows,
 *         or more than {@link MAX_IMPORT_BYTES}, the longest string V8 holds: the CLI reads files
 *         IMPORT_MAX_BYTES does not bound)
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
    throw notUtf8(bytes);
  }
  if (text.includes('\u0000')) throw invalid('the file is not text (it holds NUL bytes)');
  let records: string[][];
  try {
    // `to` counts records, not lines: a quoted cell may hold line breaks (an address, our own
    // export); blank records are skipped before they are counted. The bytes themselves are parsed
    // (UTF-8, as checked): no copy of the file as csv-parse makes of a string.
    records = parse(bytes, { ...CSV_OPTIONS, skip_records_with_empty_values: true, to: maxRows + 2 }) as string[][];
  } catch (error) {
    // The record left open runs to the end of the file: where it starts is where to look.
    if ((error as { code?: unknown }).code === 'CSV_QUOTE_NOT_CLOSED') {
      throw invalid(`a quoted cell is never closed: the record starting on line ${recordLines(bytes, Infinity).next} runs to the end of the file (a quote inside a quoted cell is written twice: "")`);
    }
    throw invalid(`the file is not CSV: ${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header) throw invalid('the file is empty');
  const names = header.map((h) => h.trim());
  const missing = REQUIRED_COLUMNS.filter((c) => !names.includes(c));
  if (missing.length) throw invalid(`the header lacks ${missing.join(', ')} (it names ${names.slice(0, 20).join(', ')})`);
  if (!rows.length) throw invalid('the file has a header but no rows');
  if (rows.length > maxRows) throw new AppException(413, 'LEAD_IMPORT_TOO_LARGE', `An import takes at most ${maxRows} rows (IMPORT_MAX_ROWS)`, { limitRows: maxRows });
  // Read again, for the lines of the records that need them, only when one does.
  const lines = rows.some((cells) => cells.length !== names.length) ? recordLines(bytes, records.length).starts : [];
  const wanted = names.map((name) => ((IMPORT_FIELDS as readonly string[]).includes(name) ? name : null));
  return rows.map((cells, index) => {
    if (cells.length !== names.length) return rejectedRow(wrongFieldCount(cells.length, names.length, lines[index + 1]));
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

/** The row error of a record of `fields` fields, starting on `line`, under a header of `expected` columns. */
function wrongFieldCount(fields: number, expected: number, line: number): AppException {
  const hint = fields > expected ? ': a cell holding a comma must be in double quotes, and a line must not end in an extra comma' : '';
  return new AppException(400, 'VALIDATION_FAILED', `expected ${expected} fields (one per header column), got ${fields}, on line ${line}${hint}`);
}

/** Thrown out of {@link recordLines}' parse once it has the lines it was asked for: the rest of the file is not read. */
const ENOUGH = Symbol('enough records');

/**
 * Reads the file again, with the records' offsets (which cost csv-parse an object per record, half
 * again the time of a plain read), for the line each of the first `count` records starts on, the
 * blank ones skipped as {@link parseImportFile} skips them (csv-parse's own line count takes a CRLF
 * inside a quoted cell for two lines).
 * @returns `starts`: the first line of each record (the header's at 0); `next`: the first line of
 *          what follows the last record read, e.g. a record whose quote is never closed (csv-parse
 *          refuses it at the end of the file: that error is the end of the reading here)
 */
function recordLines(bytes: Buffer, count: number): { starts: number[]; next: number } {
  const lines = new LineCounter(bytes);
  const starts: number[] = [];
  // Where the last record read ended, its line break included.
  let end = 0;
  try {
    parse(bytes, {
      ...CSV_OPTIONS,
      on_record: (cells: string[], info) => {
        const start = end;
        end = info.bytes;
        if (cells.every((cell) => cell.trim() === '')) return null;
        starts.push(lines.at(recordStart(bytes, start)));
        if (starts.length >= count) throw ENOUGH;
        return null;
      },
    });
  } catch (error) {
    if (error !== ENOUGH && (error as { code?: unknown }).code !== 'CSV_QUOTE_NOT_CLOSED') throw error;
  }
  return { starts, next: lines.at(recordStart(bytes, end)) };
}

/** Where the record read after offset `from` starts: past the empty lines the parser skipped. */
function recordStart(bytes: Buffer, from: number): number {
  let at = from;
  while (bytes[at] === CR || bytes[at] === LF) at++;
  return at;
}

/**
 * Line numbers (from 1) of offsets into `bytes`, asked for in increasing order: a line ends at
 * CRLF, LF or CR, as a record does. Each byte is looked at once, however many offsets are asked for.
 */
class LineCounter {
  private offset = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  /** The line that the byte at `offset` is on (an offset before the last one asked for: that one's line). */
  at(offset: number): number {
    for (; this.offset < offset; this.offset++) {
      const byte = this.bytes[this.offset];
      if (byte === LF || (byte === CR && this.bytes[this.offset + 1] !== LF)) this.line++;
    }
    return this.line;
  }
}

/**
 * The 400 for a file that is not UTF-8, naming its first ill-formed byte sequence by line and byte
 * offset: the well-formed sequences of the Unicode Standard (§3.9, table 3-7), which the WHATWG
 * decoder the file was checked with also follows. Excel's "CSV (Comma delimited)" writes the
 * computer's code page (Windows-1252 on most Windows PCs), where `é` or an en dash is one byte
 * that UTF-8 does not allow there; "CSV UTF-8 (Comma delimited)" writes UTF-8.
 */
function notUtf8(bytes: Buffer): AppException {
  const offset = firstIllFormed(bytes);
  const byte = `0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`;
  return invalid(`the file is not UTF-8 text: byte ${byte} on line ${new LineCounter(bytes).at(offset)} (byte offset ${offset}, counting from 0) is not UTF-8; save it from Excel as "CSV UTF-8 (Comma delimited)", or convert it to UTF-8`);
}

/** The offset of the first byte that does not start a well-formed UTF-8 sequence (one cut short by the end included); `bytes.length` when there is none. */
function firstIllFormed(bytes: Buffer): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at];
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead < 0x80) length = 1;
    else if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0;
      else if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90;
      else if (lead === 0xf4) high = 0x8f;
    } else return at;
    for (let i = 1; i < length; i++) {
      // Past the end, `byte` is undefined and fails both tests.
      const byte = bytes[at + i];
      // Only the second byte has a narrower range (no overlong form, no surrogate, nothing past U+10FFFF).
      if (!(i === 1 ? byte >= low && byte <= high : byte >= 0x80 && byte <= 0xbf)) return at;
    }
    at += length;
  }
  return at;
}
