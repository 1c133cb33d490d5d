import { constants } from 'node:buffer';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ConfigError, loadConfig } from '../src/config/config.js';
import { type ImportRow, parseImportFile, rowRejection } from '../src/leads/imports/lead-import-file.js';

const HEADER = 'externalRef,customerName,customerPhone,addressLine1,city,state,pincode';
const row = (i: number, address: string) => `IMP-${i},Customer ${i},+9197${String(i).padStart(8, '0')},"${address}",Pune,Maharashtra,411001`;

describe('an import file (RFC 4180): rows are records, not lines', () => {
  it('reads every row when quoted cells hold line breaks (LF and CRLF), and keeps the breaks', () => {
    const text = [HEADER, ...Array.from({ length: 1000 }, (_, i) => row(i, i % 2 ? `Flat ${i}\nMG Road` : `Flat ${i}\r\nMG Road\r\nPune`))].join('\r\n');
    const rows = parseImportFile(Buffer.from(text, 'utf8'), 1500);
    expect(rows).toHaveLength(1000);
    expect(rows[999]).toMatchObject({ externalRef: 'IMP-999', addressLine1: 'Flat 999\nMG Road' });
    expect(rows[998]).toMatchObject({ externalRef: 'IMP-998', addressLine1: 'Flat 998\r\nMG Road\r\nPune' });
  });

  it('skips blank lines without counting them against IMPORT_MAX_ROWS, and refuses one row too many', () => {
    const rows = Array.from({ length: 5 }, (_, i) => row(i, `${i} MG Road`));
    expect(parseImportFile(Buffer.from([HEADER, '', ...rows.flatMap((r) => [r, ''])].join('\n'), 'utf8'), 5)).toHaveLength(5);
    expect(() => parseImportFile(Buffer.from([HEADER, ...rows, row(5, 'Flat 5\nMG Road')].join('\n'), 'utf8'), 5)).toThrow(expect.objectContaining({ status: 413 }));
  });

  it('reads coordinates as spreadsheets write them, and leaves anything else as text for validation to refuse', () => {
    const text = [`${HEADER},latitude,longitude`, `${row(1, 'a')},+19.1,72.`, `${row(2, 'b')},.5,-72.80`, `${row(3, 'c')},"19,1",72.8E0`].join('\n');
    expect(parseImportFile(Buffer.from(text, 'utf8'), 10).map(({ latitude, longitude }) => ({ latitude, longitude }))).toEqual([
      { latitude: 19.1, longitude: 72 },
      { latitude: 0.5, longitude: -72.8 },
      { latitude: '19,1', longitude: '72.8E0' },
    ]);
  });
});

describe('an import file as large as Node.js can decode, and no larger', () => {
  // V8's longest string (2^29 - 24 characters on 64-bit Node 20+): TextDecoder decodes the whole file into one.
  const limit = constants.MAX_STRING_LENGTH;

  it('IMPORT_MAX_BYTES may be set up to that length, and past it the configuration is refused naming the variable', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'chargeops-import-config-'));
    onTestFinished(() => rmSync(cwd, { recursive: true, force: true }));
    expect(loadConfig({ IMPORT_MAX_BYTES: String(limit) }, cwd).importMaxBytes).toBe(limit);
    for (const value of [limit + 1, 1024 * 1024 * 1024]) {
      const refused = (() => {
        try {
          loadConfig({ IMPORT_MAX_BYTES: String(value) }, cwd);
        } catch (error) {
          return error;
        }
        return undefined;
      })();
      expect(refused).toBeInstanceOf(ConfigError);
      expect(refused).toMatchObject({ variable: 'IMPORT_MAX_BYTES', message: expect.stringContaining(`IMPORT_MAX_BYTES must be at most ${limit}`) });
    }
  });

  it('a longer file (the CLI reads any) is refused as too large, not as "not UTF-8"', () => {
    const bytes = Buffer.alloc(limit + 1, 'a');
    expect(() => parseImportFile(bytes, 10)).toThrow(expect.objectContaining({ status: 413, code: 'LEAD_IMPORT_TOO_LARGE', extras: { limitBytes: limit } }));
  });

  it('still calls a file with a malformed UTF-8 sequence not UTF-8', () => {
    expect(() => parseImportFile(Buffer.from([0x63, 0xff, 0x0a]), 10)).toThrow(expect.objectContaining({ status: 400, code: 'LEAD_IMPORT_INVALID_FILE', message: expect.stringMatching(/^the file is not UTF-8 text: byte 0xFF on line 1 \(byte offset 1,/) }));
  });
});

/** What a parsed row shows: its fields, or the error it is rejected with (a record whose cells cannot be matched to the columns). */
const seen = (row: ImportRow): Record<string, unknown> => {
  const rejection = rowRejection(row);
  return rejection ? { code: rejection.code, message: rejection.message } : { ...row };
};
const bytesOf = (text: string | Buffer) => (Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8'));
const parsed = (text: string | Buffer, maxRows = 10) => parseImportFile(bytesOf(text), maxRows).map(seen);
const problemOf = (text: string | Buffer, maxRows = 10): unknown => {
  try {
    parseImportFile(bytesOf(text), maxRows);
  } catch (error) {
    return error;
  }
  throw new Error('the file was accepted');
};

describe("an import file as spreadsheets and people write it: one imperfect record is not the whole file's error", () => {
  it('keeps a quote inside a cell that does not start with one as text, and a stray quote in a quoted cell too', () => {
    const rows = parsed([HEADER, 'Q-1,Asha,+919800000001,12 "Shanti" Nagar,Pune,Maharashtra,411001', 'Q-2,Ravi,+919800000002,"Flat 4 "A" Wing",Pune,Maharashtra,411001', 'Q-3,Meena,+919800000003,"Plot ""7""",Pune,Maharashtra,411001'].join('\r\n'));
    expect(rows.map((r) => r.addressLine1)).toEqual(['12 "Shanti" Nagar', '"Flat 4 "A" Wing"', 'Plot "7"']);
  });

  it('ends a record at CRLF, LF or CR, whichever each line uses: LF rows appended to a CRLF file stay rows', () => {
    const rows = parsed(`${HEADER}\r\n${row(1, '1 MG Road')}\r\n${row(2, '2 MG Road')}\n${row(3, '3 MG Road')}\r${row(4, 'Flat 4\r\nMG Road')}\n${row(5, 'Flat 5\nMG Road')}\r\n`);
    expect(rows.map((r) => [r.externalRef, r.addressLine1, r.pincode])).toEqual([
      ['IMP-1', '1 MG Road', '411001'],
      ['IMP-2', '2 MG Road', '411001'],
      ['IMP-3', '3 MG Road', '411001'],
      ['IMP-4', 'Flat 4\r\nMG Road', '411001'],
      ['IMP-5', 'Flat 5\nMG Road', '411001'],
    ]);
  });

  it('skips whitespace-only lines and all-empty rows (a spreadsheet\'s ",,,"), before the header too, without counting them against IMPORT_MAX_ROWS', () => {
    const rows = Array.from({ length: 5 }, (_, i) => row(i, `${i} MG Road`));
    const text = ['   ', HEADER, ...rows.flatMap((r) => [r, ' \t ', ',,,,,,']), '  '].join('\n');
    expect(parsed(text, 5).map((r) => r.externalRef)).toEqual(['IMP-0', 'IMP-1', 'IMP-2', 'IMP-3', 'IMP-4']);
  });

  it("makes a record with more or fewer fields than the header that row's error, naming both counts and its line, and reads the rows after it", () => {
    const text = [
      HEADER,
      row(1, 'Flat 1\r\nMG Road'),
      '',
      `${row(2, '2 MG Road')},`,
      row(3, '3 MG Road'),
      'IMP-4,Customer 4,+919700000004,4, MG Road,Pune,Maharashtra,411001',
      'IMP-5,Customer 5,+919700000005,5 MG Road,Pune',
      row(6, '6 MG Road'),
    ].join('\r\n');
    expect(parsed(text)).toEqual([
      expect.objectContaining({ externalRef: 'IMP-1' }),
      { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^expected 7 fields \(one per header column\), got 8, on line 5: a cell holding a comma must be in double quotes/) },
      expect.objectContaining({ externalRef: 'IMP-3' }),
      { code: 'VALIDATION_FAILED', message: expect.stringMatching(/^expected 7 fields \(one per header column\), got 8, on line 7:/) },
      { code: 'VALIDATION_FAILED', message: 'expected 7 fields (one per header column), got 5, on line 8' },
      expect.objectContaining({ externalRef: 'IMP-6', addressLine1: '6 MG Road' }),
    ]);
  });

  it('names the line and byte offset of the first byte that is not UTF-8 (an Excel "CSV" in Windows-1252), and says how to save the file', () => {
    // `José` as Excel's "CSV (Comma delimited)" writes it on a Windows PC: é is the one byte 0xE9.
    const bytes = Buffer.from(`${HEADER}\r\n${row(1, '1 MG Road')}\r\nIMP-2,José,+919700000002,2 MG Road,Pune,Maharashtra,411001\r\n`, 'latin1');
    const offset = bytes.indexOf(0xe9);
    const message = `the file is not UTF-8 text: byte 0xE9 on line 3 (byte offset ${offset}, counting from 0) is not UTF-8; save it from Excel as "CSV UTF-8 (Comma delimited)", or convert it to UTF-8`;
    expect(problemOf(bytes)).toMatchObject({ status: 400, code: 'LEAD_IMPORT_INVALID_FILE', message, extras: { errors: [{ field: 'file', message }] } });
    // A character cut short by the end of the file, after a quoted cell with a line break in it.
    const cut = Buffer.from(`${HEADER}\n${row(1, 'Flat 1\nMG Road')}\nक`, 'utf8').subarray(0, -1);
    expect(problemOf(cut)).toMatchObject({ status: 400, message: expect.stringContaining(`byte 0xE0 on line 4 (byte offset ${cut.length - 2},`) });
    // Overlong forms, surrogates and code points past U+10FFFF are no UTF-8 either (Unicode table 3-7).
    for (const bad of [[0xc0, 0xaf], [0xe0, 0x80, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80]]) {
      expect(problemOf(Buffer.concat([Buffer.from('ab\n'), Buffer.from(bad)]))).toMatchObject({ status: 400, message: expect.stringContaining(`byte 0x${bad[0].toString(16).toUpperCase()} on line 2 (byte offset 3,`) });
    }
  });

  it('still refuses the whole file for a wrong header, or for a quoted cell never closed, naming the line its record starts on', () => {
    expect(problemOf(`customerName,phone,addressLine1,city,state,pincode\n${row(1, 'x')}\n`)).toMatchObject({ status: 400, code: 'LEAD_IMPORT_INVALID_FILE', message: expect.stringContaining('the header lacks customerPhone') });
    expect(problemOf([HEADER, row(1, 'Flat 1\r\nMG Road'), '', 'IMP-2,"Customer 2,+919700000002,2 MG Road,Pune,Maharashtra,411001', 'IMP-3,Customer 3,+919700000003,3 MG Road,Pune,Maharashtra,411001'].join('\r\n'))).toMatchObject({
      status: 400,
      code: 'LEAD_IMPORT_INVALID_FILE',
      message: expect.stringMatching(/^a quoted cell is never closed: the record starting on line 5 runs to the end of the file/),
    });
  });

  it('reads a file that starts with a UTF-8 BOM (Excel\'s "CSV UTF-8", the export with bom=true) as one without', () => {
    const text = `${HEADER.split(',').reverse().join(',')}\r\n411001,Maharashtra,Pune,1 MG Road,+919700000001,अनीता शर्मा,IMP-1\r\n`;
    const expected = [{ externalRef: 'IMP-1', customerName: 'अनीता शर्मा', customerPhone: '+919700000001', addressLine1: '1 MG Road', city: 'Pune', state: 'Maharashtra', pincode: '411001' }];
    expect(parsed(`\ufeff${text}`)).toEqual(expected);
    expect(parsed(text)).toEqual(expected);
  });
});
