import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { LeadImportResponseDto } from '../src/leads/imports/lead-import.dto.js';
import type { TestUser } from './support/factory.js';
import { expectProblem } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const IMPORTS = '/api/v1/lead-imports';
const HEADER = 'externalRef,customerName,customerPhone,addressLine1,city,state,pincode';
/** One valid row in Pune. */
const ROW = `UP-1,Upload Customer,+919812345678,1 FC Road,Pune,Maharashtra,411001`;

describe('POST /lead-imports refuses at once what would fail every row, and keeps an error report that fits its column', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [ops, oem] = [await t.factory.user('central_ops'), await t.factory.user('oem')];
  });
  afterAll(() => t.close());

  const upload = (as: TestUser, csv: string, fields: Record<string, string> = {}) => {
    const req = request(t.server).post(IMPORTS).set('Authorization', as.auth);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', Buffer.from(csv, 'utf8'), { filename: 'leads.csv', contentType: 'text/csv' });
  };
  const importCount = async () => (await request(t.server).get(IMPORTS).query({ limit: 100 }).set('Authorization', ops.auth).expect(200)).body.data.length as number;
  const finished = (as: TestUser, id: string) =>
    vi.waitFor(
      async () => {
        const res = await request(t.server).get(`${IMPORTS}/${id}`).set('Authorization', as.auth).expect(200);
        expect(res.body.status).toMatch(/completed|failed/);
        return res.body as LeadImportResponseDto;
      },
      { timeout: 60_000, interval: 50 },
    );

  it('answers 400 naming oemId when the OEM named is no active OEM, or Central Ops names none, and writes no import', async () => {
    const before = await importCount();
    const inactive = await t.factory.user('oem');
    await t.factory.deactivate(inactive);
    const csv = `${HEADER}\r\n${ROW}\r\n`;
    for (const oemId of [randomUUID(), ops.user.id, inactive.user.id]) {
      expect(expectProblem(await upload(ops, csv, { oemId }), 400, { field: 'oemId' }).errors).toEqual([{ field: 'oemId', message: 'oemId must be an active OEM user' }]);
    }
    // Neither the form field nor an oemId column; nor a column left empty on every row.
    expectProblem(await upload(ops, csv), 400, { field: 'oemId' });
    expectProblem(await upload(ops, `oemId,${HEADER}\r\n,${ROW}\r\n`), 400, { field: 'oemId' });
    expect(await importCount()).toBe(before);
    // An OEM named in a column is enough to start.
    const accepted = await upload(ops, `oemId,${HEADER}\r\n${oem.user.id},${ROW}\r\n`).expect(202);
    expect(await finished(ops, accepted.body.id)).toMatchObject({ status: 'completed', rowsCreated: 1 });
  });

  it('answers 400 naming sourceId for 0, a source that does not exist, or another OEM\'s source, and writes no import', async () => {
    const before = await importCount();
    const csv = `${HEADER}\r\n${ROW.replace('UP-1', 'UP-2')}\r\n`;
    const othersSource = await t.factory.leadSource({ oemId: (await t.factory.user('oem')).user.id });
    for (const sourceId of ['0', '999999', String(othersSource.id)]) {
      expectProblem(await upload(oem, csv, { sourceId }), 400, { field: 'sourceId' });
      expectProblem(await upload(ops, csv, { sourceId, oemId: oem.user.id }), 400, { field: 'sourceId' });
    }
    // With the OEM named per row, a source that exists may be right for some rows: only one that does not is refused.
    expectProblem(await upload(ops, `oemId,${HEADER}\r\n${oem.user.id},${ROW}\r\n`, { sourceId: '999999' }), 400, { field: 'sourceId' });
    expect(await importCount()).toBe(before);
    const own = await t.factory.leadSource({ oemId: oem.user.id });
    const accepted = await upload(oem, csv, { sourceId: String(own.id) }).expect(202);
    expect(await finished(oem, accepted.body.id)).toMatchObject({ status: 'completed', rowsCreated: 1 });
  });

  it('completes an import of many rows with long errors in three-byte characters, keeping the first errors that fit 64 KiB of JSON', async () => {
    // Each row's state is 100 Devanagari characters (300 bytes) that pincode 411001 is not in: the
    // error quotes it, ~400 bytes of JSON each, and 600 of them are far past MariaDB's TEXT.
    const state = 'महाराष्ट्रराज्य'.repeat(7).slice(0, 100);
    const lines = [HEADER];
    for (let i = 1; i <= 600; i++) lines.push(`LONG-${i},Long Error ${i},+9197${String(i).padStart(8, '0')},${i} FC Road,Pune,${state},411001`);
    const done = await finished(oem, (await upload(oem, `${lines.join('\r\n')}\r\n`).expect(202)).body.id);
    expect(done).toMatchObject({ status: 'completed', failure: null, rowsProcessed: 600, rowsCreated: 0, rowsRejected: 600 });
    expect(done.errors[0]).toMatchObject({ row: 1, field: 'state', code: 'VALIDATION_FAILED', message: expect.stringContaining(state) });
    // The first errors, in row order, as many as fit; the rest only counted.
    expect(done.errors.map((e) => e.row)).toEqual(Array.from({ length: done.errors.length }, (_, i) => i + 1));
    expect(done.errors.length).toBeGreaterThan(100);
    expect(done.errors.length).toBeLessThan(600);
    expect(Buffer.byteLength(JSON.stringify(done.errors))).toBeLessThanOrEqual(65_535);
    // The next row's error, as long as the last kept one, would not have fitted.
    expect(Buffer.byteLength(JSON.stringify([...done.errors, done.errors[done.errors.length - 1]]))).toBeGreaterThan(65_535);
  });
});
