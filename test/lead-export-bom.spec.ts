import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { LeadImportResponseDto } from '../src/leads/imports/lead-import.dto.js';
import { stopClock } from './support/clock.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const IMPORTS = '/api/v1/lead-imports';
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('GET /leads/export?bom=true: a file Excel on Windows opens as UTF-8', () => {
  let t: TestApp;
  let oem: TestUser;
  let other: TestUser;
  const names = ['अनीता शर्मा', 'கார்த்திக் ராஜா', '=1+1'];

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, other] = [await t.factory.user('oem'), await t.factory.user('oem')];
    for (const [i, customerName] of names.entries()) {
      await t.factory.lead(oem, { customerName, customerPhone: `+91981234567${i}`, externalRef: `00012${i}`, pincode: '411001', city: 'Pune', state: 'Maharashtra' });
    }
  });
  afterAll(() => t.close());

  /** The export's bytes as sent. */
  const exportBytes = async (query: Record<string, string>) => {
    const res = await request(t.server).get(`${LEADS}/export`).query(query).set('Authorization', oem.auth).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks)));
    });
    return res;
  };

  it('starts with a UTF-8 BOM and is otherwise the bytes of the default export, which has none', async () => {
    // One instant for every export: each one's SLA cells are computed at it.
    stopClock(t.app);
    const plain = await exportBytes({});
    expect(plain.status).toBe(200);
    const body = plain.body as Buffer;
    expect(body.subarray(0, 16).toString('utf8')).toBe('id,externalRef,o');
    expect((await exportBytes({ bom: 'false' })).body).toEqual(body);
    const excel = await exportBytes({ bom: 'true' });
    expect(excel.status).toBe(200);
    expect(excel.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(excel.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = excel.body as Buffer;
    expect(bytes.subarray(0, 3)).toEqual(UTF8_BOM);
    expect(bytes.subarray(3)).toEqual(body);
    // Phones stay E.164 and references as sent; a formula-like name is still neutralised.
    const rows = parse(bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.customerName, r.customerPhone, r.externalRef]).sort()).toEqual([
      ["'=1+1", '+919812345672', '000122'],
      ['கார்த்திக் ராஜா', '+919812345671', '000121'],
      ['अनीता शर्मा', '+919812345670', '000120'],
    ].sort());
  });

  it('refuses a bom that is not true or false with 400 naming it', async () => {
    const res = await request(t.server).get(`${LEADS}/export`).query({ bom: 'yes' }).set('Authorization', oem.auth);
    expectProblem(res, 400, { code: 'VALIDATION_FAILED', field: 'bom' });
  });

  it('imports back into another OEM with every name as it was', async () => {
    const bytes = (await exportBytes({ bom: 'true' })).body as Buffer;
    const accepted = await request(t.server).post(IMPORTS).set('Authorization', other.auth).attach('file', bytes, { filename: 'leads.csv', contentType: 'text/csv' }).expect(202);
    const done = await vi.waitFor(
      async () => {
        const res = await request(t.server).get(`${IMPORTS}/${accepted.body.id}`).set('Authorization', other.auth).expect(200);
        expect(res.body.status).toBe('completed');
        return res.body as LeadImportResponseDto;
      },
      { timeout: 60_000, interval: 50 },
    );
    expect(done).toMatchObject({ rowsTotal: 3, rowsCreated: 3, rowsRejected: 0 });
    const back = (await request(t.server).get(LEADS).query({ limit: 100 }).set('Authorization', other.auth).expect(200)).body.data as LeadResponseDto[];
    expect(back.map((l) => [l.customerName, l.customerPhone, l.externalRef]).sort()).toEqual([
      ['=1+1', '+919812345672', '000122'],
      ['கார்த்திக் ராஜா', '+919812345671', '000121'],
      ['अनीता शर्मा', '+919812345670', '000120'],
    ].sort());
  });
});
