import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { LeadImportResponseDto } from '../src/leads/imports/lead-import.dto.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const IMPORTS = '/api/v1/lead-imports';
const HEADER = 'externalRef,customerName,customerPhone,addressLine1,city,state,pincode';
/** A row in Pune, its address as written (quote it yourself where it needs quotes). */
const row = (i: number, address: string) => `REC-${i},Record Customer ${i},+91970000${String(i).padStart(4, '0')},${address},Pune,Maharashtra,411001`;

describe('POST /lead-imports: one imperfect record is its row\'s error, not the whole file\'s', () => {
  let t: TestApp;
  let oem: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    oem = await t.factory.user('oem');
  });
  afterAll(() => t.close());

  const upload = (bytes: Buffer) => request(t.server).post(IMPORTS).set('Authorization', oem.auth).attach('file', bytes, { filename: 'leads.csv', contentType: 'text/csv' });
  const finished = (id: string) =>
    vi.waitFor(
      async () => {
        const res = await request(t.server).get(`${IMPORTS}/${id}`).set('Authorization', oem.auth).expect(200);
        expect(res.body.status).toMatch(/completed|failed/);
        return res.body as LeadImportResponseDto;
      },
      { timeout: 60_000, interval: 50 },
    );

  it('imports a file with a bare quote in a cell, LF rows appended to CRLF ones, a trailing comma and blank lines: the row with the comma is reported, the others are created', async () => {
    const csv = [
      `${HEADER}\r\n`,
      `${row(1, '12 "Shanti" Nagar')}\r\n`,
      `${row(2, '"Flat 2\r\nMG Road"')}\r\n`,
      // Rows appended by a program that writes LF.
      `${row(3, '3 MG Road')}\n`,
      `${row(4, '4 MG Road')},\n`,
      `${row(5, '5 MG Road')}\n`,
      ' \n',
      '\r\n',
    ].join('');
    const done = await finished((await upload(Buffer.from(csv, 'utf8')).expect(202)).body.id);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 5, rowsProcessed: 5, rowsCreated: 4, rowsRejected: 1 });
    expect(done.errors).toEqual([
      {
        row: 4,
        field: null,
        code: 'VALIDATION_FAILED',
        message: 'expected 7 fields (one per header column), got 8, on line 6: a cell holding a comma must be in double quotes, and a line must not end in an extra comma',
      },
    ]);
    const leads = (await request(t.server).get(LEADS).query({ q: 'Record Customer', limit: 100 }).set('Authorization', oem.auth).expect(200)).body.data as LeadResponseDto[];
    expect(leads.map((l) => [l.externalRef, l.addressLine1]).sort()).toEqual([
      ['REC-1', '12 "Shanti" Nagar'],
      ['REC-2', 'Flat 2\r\nMG Road'],
      ['REC-3', '3 MG Road'],
      ['REC-5', '5 MG Road'],
    ]);
  });

  it('answers a file saved in Windows-1252 (Excel\'s "CSV") with 400 naming the line and byte offset of the first byte that is not UTF-8', async () => {
    const bytes = Buffer.from(`${HEADER}\r\n${row(1, '1 MG Road')}\r\n${row(2, 'Café Lane')}\r\n`, 'latin1');
    const problem = expectProblem(await upload(bytes), 400, { code: 'LEAD_IMPORT_INVALID_FILE', field: 'file' });
    const offset = bytes.indexOf(0xe9);
    expect(problem.detail).toBe(`the file is not UTF-8 text: byte 0xE9 on line 3 (byte offset ${offset}, counting from 0) is not UTF-8; save it from Excel as "CSV UTF-8 (Comma delimited)", or convert it to UTF-8`);
  });
});
