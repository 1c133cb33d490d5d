import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { LeadImportResponseDto } from '../src/leads/imports/lead-import.dto.js';
import { LeadImport } from '../src/leads/imports/lead-import.entity.js';
import { IMPORT_STALE_AFTER_MS, LeadImportRecovery, LeadImportsService } from '../src/leads/imports/lead-imports.service.js';
import { TransactionRunner } from '../src/common/persistence/transaction-runner.service.js';
import { User } from '../src/users/entities/user.entity.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { openTransaction } from './support/interleave.js';
import { stopClock } from './support/clock.js';

const IMPORTS = '/api/v1/lead-imports';
const HEADER = ['externalRef', 'customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'city', 'state', 'pincode', 'latitude', 'longitude', 'sourceId', 'chargerModel', 'unknownColumn'];

/** A CSV line from cells (quotes doubled, every cell quoted). */
const line = (cells: Array<string | number>) => cells.map((c) => `"${String(c).replace(/"/g, '""')}"`).join(',');

/** An import file of `count` valid leads in Pune: externalRef `<ref>-<i>`, phones `<phonePrefix>` and i in 8 digits. */
function numberedLeadsCsv(count: number, ref: string, phonePrefix: string): string {
  const lines = [HEADER.join(',')];
  for (let i = 1; i <= count; i++) {
    const row: Record<string, string> = { externalRef: `${ref}-${i}`, customerName: `${ref} Customer ${i}`, customerPhone: `${phonePrefix}${String(i).padStart(8, '0')}`, addressLine1: `${i} FC Road`, city: 'Pune', state: 'Maharashtra', pincode: '411001' };
    lines.push(line(HEADER.map((h) => row[h] ?? '')));
  }
  return `${lines.join('\r\n')}\r\n`;
}

describe('CSV export and bulk import', () => {
  let t: TestApp;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ IMPORT_MAX_ROWS: '1500' });
    await t.factory.loadPincodes();
    [oemA, oemB, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(() => t.close());

  const upload = (as: TestUser, csv: string | Buffer, fields: Record<string, string> = {}) => {
    const req = request(t.server).post(IMPORTS).set('Authorization', as.auth);
    for (const [k, v] of Object.entries(fields)) req.field(k, v);
    return req.attach('file', Buffer.isBuffer(csv) ? csv : Buffer.from(csv, 'utf8'), { filename: 'leads.csv', contentType: 'text/csv' });
  };
  const finished = async (as: TestUser, id: string): Promise<LeadImportResponseDto> =>
    vi.waitFor(
      async () => {
        const res = await request(t.server).get(`${IMPORTS}/${id}`).set('Authorization', as.auth).expect(200);
        expect(res.body.status).toMatch(/completed|failed/);
        return res.body as LeadImportResponseDto;
      },
      { timeout: 120_000, interval: 50 },
    );
  const exportCsv = async (as: TestUser, query: Record<string, string> = {}) => {
    const res = await request(t.server).get(`${LEADS}/export`).query(query).set('Authorization', as.auth).buffer(true).parse((r, done) => {
      const chunks: Buffer[] = [];
      r.on('data', (c: Buffer) => chunks.push(c));
      r.on('end', () => done(null, Buffer.concat(chunks).toString('utf8')));
    });
    expect(res.status).toBe(200);
    return res;
  };

  it('exports RFC 4180 CSV, neutralises formula cells, keeps Devanagari and Tamil names, and re-imports them', async () => {
    // The first (oldest, so last written) has a name and an address of three-byte characters at
    // their longest: its row is several times an ordinary one's size in UTF-8.
    const longName = 'सुनीता देवी '.repeat(16).trim();
    const longAddress = 'गली नंबर ४, '.repeat(21).trim();
    const names = [longName, 'अनीता शर्मा', 'கார்த்திக் ராஜா', '=HYPERLINK("http://evil.example/x","click")', '@SUM(A1:A2)', 'Ravi "Ravi" Kumar, Jr.'];
    const phones = ['+919800000006', '+919800000001', '+919800000002', '+919800000003', '+919800000004', '+919800000005'];
    for (const [i, customerName] of names.entries()) {
      await t.factory.lead(oemA, { customerName, customerPhone: phones[i], pincode: '411001', city: 'Pune', state: 'Maharashtra', ...(i === 0 && { addressLine1: longAddress }) });
    }
    await t.factory.lead(oemB, { customerName: 'Other OEM', pincode: '411001', city: 'Pune', state: 'Maharashtra' });
    const res = await exportCsv(oemA);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="leads-\d{4}-\d{2}-\d{2}\.csv"$/);
    const text = res.body as string;
    expect(text.split('\r\n')[0].split(',')).toEqual(expect.arrayContaining(['id', 'customerName', 'customerPhone', 'tags', 'slaStage', 'slaDueAt', 'slaOverdue', 'createdAt']));
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(6);
    expect(rows[5]).toMatchObject({ customerName: longName, addressLine1: longAddress });
    // Alone in its export, the long row is longer than the room set aside for a row.
    expect(parse((await exportCsv(oemA, { q: 'सुनीता देवी' })).body as string, { columns: true })).toEqual([rows[5]]);
    expect(rows.map((r) => r.customerName).sort()).toEqual(["'=HYPERLINK(\"http://evil.example/x\",\"click\")", "'@SUM(A1:A2)", ...names.filter((n) => !/^[=@]/.test(n))].sort());
    expect(rows.every((r) => /^\+91\d{10}$/.test(r.customerPhone))).toBe(true);
    expect(rows.every((r) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(r.createdAt))).toBe(true);
    expect(rows[0]).toMatchObject({ slaStage: 'contacted', slaOverdue: 'false', status: 'new' });

    // The same file into another OEM: every name comes back as it was, formulas included.
    const accepted = await upload(oemB, text).expect(202);
    expect(accepted.body).toEqual({ id: expect.any(String), status: 'queued' });
    const done = await finished(oemB, accepted.body.id);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 6, rowsCreated: 6, rowsRejected: 0, oemId: oemB.user.id });
    const back = (await request(t.server).get(LEADS).query({ limit: '100' }).set('Authorization', oemB.auth).expect(200)).body.data as LeadResponseDto[];
    expect(back.map((l) => l.customerName).sort()).toEqual([...names, 'Other OEM'].sort());
  });

  it('exports more leads than one read batch (1,000): every lead once, in the list order, the tags of a later batch too', async () => {
    const oemD = await t.factory.user('oem');
    const csv = numberedLeadsCsv(1200, 'BATCH', '+9196');
    expect(await finished(oemD, (await upload(oemD, csv).expect(202)).body.id)).toMatchObject({ status: 'completed', rowsCreated: 1200 });
    // The list's order, page by page, is the order the export must have.
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await request(t.server).get(LEADS).query({ limit: 100, ...(cursor && { cursor }) }).set('Authorization', oemD.auth).expect(200);
      listed.push(...page.body.data.map((l: LeadResponseDto) => l.id));
      cursor = page.body.nextCursor ?? undefined;
    } while (cursor);
    expect(listed).toHaveLength(1200);
    const oldest = listed[listed.length - 1];
    await request(t.server).put(`${LEADS}/${oldest}/tags`).set('Authorization', ops.auth).send({ tags: ['rooftop', 'priority'] }).expect(200);
    const rows = parse((await exportCsv(oemD)).body as string, { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.id)).toEqual(listed);
    expect(rows[rows.length - 1]).toMatchObject({ id: oldest, tags: 'priority;rooftop' });
    expect(new Set(rows.map((r) => r.externalRef)).size).toBe(1200);
  });

  it('exports the list filters only, scoped: an OEM naming another OEM gets a header alone', async () => {
    const mine = parse((await exportCsv(ops, { oemId: oemB.user.id, q: 'Other OEM' })).body as string, { columns: true }) as unknown[];
    expect(mine).toHaveLength(1);
    const foreign = (await exportCsv(oemA, { oemId: oemB.user.id })).body as string;
    expect(foreign.trim().split('\r\n')).toHaveLength(1);
  });

  it('names the Central Ops owner to staff only: an OEM\'s export leaves the assignee empty (README "What an OEM sees")', async () => {
    const lead = await t.factory.lead(oemA, { customerName: 'Owned Lead', pincode: '411001', city: 'Pune', state: 'Maharashtra' });
    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).send({ assignedToId: ops.user.id }).expect(200);
    const rowOf = async (as: TestUser) =>
      (parse((await exportCsv(as, { q: 'Owned Lead' })).body as string, { columns: true }) as Array<Record<string, string>>).find((r) => r.id === lead.id);
    expect(await rowOf(ops)).toMatchObject({ assignedToId: ops.user.id, assignedToName: ops.user.fullName, customerName: 'Owned Lead' });
    expect(await rowOf(oemA)).toMatchObject({ assignedToId: '', assignedToName: '', customerName: 'Owned Lead' });
  });

  it('imports 1,000 rows with 20 kinds of bad rows: each reported with its row and field; a re-import replays', async () => {
    await t.factory.lead(oemA, { externalRef: 'PRE-1', pincode: '411001', city: 'Pune', state: 'Maharashtra' });
    const good = (i: number) => ({
      externalRef: `IMP-${i}`, customerName: `Import Customer ${i}`, customerPhone: `+9197${String(i).padStart(8, '0')}`, customerEmail: `c${i}@example.in`,
      addressLine1: `${i} MG Road`, city: 'Pune', state: 'Maharashtra', pincode: '411001', latitude: '', longitude: '', sourceId: '', chargerModel: '7.4 kW AC Wallbox', unknownColumn: 'ignored',
    });
    const bad: Array<[Partial<ReturnType<typeof good>>, string]> = [
      [{ customerName: '' }, 'customerName'],
      [{ customerName: 'x'.repeat(201) }, 'customerName'],
      [{ customerPhone: '12345' }, 'customerPhone'],
      [{ customerPhone: 'call me' }, 'customerPhone'],
      [{ customerEmail: 'not-an-email' }, 'customerEmail'],
      [{ addressLine1: '' }, 'addressLine1'],
      [{ addressLine1: 'y'.repeat(256) }, 'addressLine1'],
      [{ city: '' }, 'city'],
      [{ state: '' }, 'state'],
      [{ pincode: '012345' }, 'pincode'],
      [{ pincode: '41100' }, 'pincode'],
      [{ pincode: '999999' }, 'pincode'],
      [{ state: 'Tamil Nadu' }, 'state'],
      [{ latitude: '95' }, 'latitude'],
      [{ longitude: '200' }, 'longitude'],
      [{ latitude: 'north' }, 'latitude'],
      [{ sourceId: '999999' }, 'sourceId'],
      [{ sourceId: 'abc' }, 'sourceId'],
      [{ chargerModel: 'z'.repeat(101) }, 'chargerModel'],
      [{ externalRef: 'PRE-1' }, ''],
    ];
    const badAt = new Map(bad.map((b, k) => [k * 50 + 7, b]));
    const lines = [HEADER.join(',')];
    for (let i = 1; i <= 1000; i++) {
      const row = { ...good(i), ...(badAt.get(i)?.[0] ?? {}) };
      lines.push(line(HEADER.map((h) => row[h as keyof typeof row])));
    }
    const csv = `${lines.join('\r\n')}\r\n`;
    const first = await finished(oemA, (await upload(oemA, csv).expect(202)).body.id);
    expect(first).toMatchObject({ status: 'completed', rowsTotal: 1000, rowsProcessed: 1000, rowsCreated: 980, rowsRejected: 20, rowsReplayed: 0 });
    for (const [row, [, field]] of badAt) {
      const errors = first.errors.filter((e) => e.row === row);
      expect(errors.length, `row ${row}`).toBeGreaterThan(0);
      if (field) expect(errors.map((e) => e.field), `row ${row}`).toContain(field);
      else expect(errors[0]).toMatchObject({ code: 'LEAD_EXTERNAL_REF_CONFLICT', field: null });
    }
    expect(first.errors.every((e) => badAt.has(e.row))).toBe(true);
    const again = await finished(oemA, (await upload(oemA, csv).expect(202)).body.id);
    expect(again).toMatchObject({ rowsCreated: 0, rowsReplayed: 980, rowsRejected: 20 });
    const listed = await request(t.server).get(IMPORTS).set('Authorization', oemA.auth).expect(200);
    expect(listed.body.data.map((i: LeadImportResponseDto) => i.id)).toEqual([again.id, first.id]);
    await request(t.server).get(`${IMPORTS}/${first.id}`).set('Authorization', oemB.auth).expect(404);
    expect((await request(t.server).get(IMPORTS).set('Authorization', ops.auth).expect(200)).body.data.length).toBe(4);
  });

  it('a coordinate cell that is not a plain decimal ("19,1") is its row\'s error naming the field; the other rows are created and read back', async () => {
    const row = (i: number, latitude: string, longitude: string) => ({
      externalRef: `COORD-${i}`, customerName: `Coordinate Customer ${i}`, customerPhone: `+9196001000${i}0`, addressLine1: `${i} FC Road`, city: 'Pune', state: 'Maharashtra', pincode: '411001', latitude, longitude,
    });
    const rows = [row(1, '19,1', '73.85'), row(2, '18.52', '73,85'), row(3, '18.52', '73.85')];
    const csv = `${[HEADER.join(','), ...rows.map((r) => line(HEADER.map((h) => r[h as keyof typeof r] ?? '')))].join('\r\n')}\r\n`;
    const done = await finished(oemA, (await upload(oemA, csv).expect(202)).body.id);
    expect(done).toMatchObject({ status: 'completed', rowsTotal: 3, rowsCreated: 1, rowsRejected: 2 });
    expect(done.errors.map((e) => [e.row, e.field, e.code])).toEqual([[1, 'latitude', 'VALIDATION_FAILED'], [2, 'longitude', 'VALIDATION_FAILED']]);
    const listed = (await request(t.server).get(LEADS).query({ q: 'Coordinate Customer' }).set('Authorization', oemA.auth).expect(200)).body.data as LeadResponseDto[];
    expect(listed.map((l) => [l.externalRef, l.latitude, l.longitude])).toEqual([['COORD-3', 18.52, 73.85]]);
  });

  it('re-importing its own export into the same OEM replays every row with an externalRef, though the export adds coordinates, the source and later changes', async () => {
    const oemC = await t.factory.user('oem');
    const place = { pincode: '411001', city: 'Pune', state: 'Maharashtra' };
    // Sent without coordinates or source (the directory and the OEM's default fill them), one in Devanagari, one with a formula-like name.
    const sent = [
      await t.factory.lead(oemC, { ...place, externalRef: 'RE-1', customerName: 'अनीता शर्मा', customerPhone: '+919811100001', customerEmail: undefined }),
      await t.factory.lead(oemC, { ...place, externalRef: 'RE-2', customerName: '=1+1', customerPhone: '+919811100002', state: 'IN-MH' }),
      await t.factory.lead(oemC, { ...place, externalRef: 'RE-3', customerName: 'Moved On', customerPhone: '+919811100003' }),
    ];
    expect(sent.every((l) => l.latitude !== null)).toBe(true);
    await t.factory.moveLead(ops, sent[2].id, 'contacted');
    const exported = (await exportCsv(oemC)).body as string;
    expect(parse(exported, { columns: true })).toHaveLength(3);

    const again = await finished(oemC, (await upload(oemC, exported).expect(202)).body.id);
    expect(again).toMatchObject({ status: 'completed', rowsTotal: 3, rowsCreated: 0, rowsReplayed: 3, rowsDuplicate: 0, rowsRejected: 0, errors: [] });
    const listed = (await request(t.server).get(LEADS).query({ limit: '100' }).set('Authorization', oemC.auth).expect(200)).body.data as LeadResponseDto[];
    expect(listed.map((l) => l.externalRef).sort()).toEqual(['RE-1', 'RE-2', 'RE-3']);

    // A cell the lead does not hold is still a conflict, for that row only.
    const edited = exported.replace('Moved On', 'Someone Else');
    const conflicted = await finished(oemC, (await upload(oemC, edited).expect(202)).body.id);
    expect(conflicted).toMatchObject({ rowsCreated: 0, rowsReplayed: 2, rowsRejected: 1 });
    expect(conflicted.errors).toEqual([expect.objectContaining({ code: 'LEAD_EXTERNAL_REF_CONFLICT', field: null })]);
  });

  it('refuses a malformed file before writing anything: not text, not CSV, a missing column, too many rows', async () => {
    const before = (await request(t.server).get(IMPORTS).set('Authorization', ops.auth).expect(200)).body.data.length;
    expectProblem(await upload(oemA, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0xff, 0xfe])), 400, { code: 'LEAD_IMPORT_INVALID_FILE', field: 'file' });
    expectProblem(await upload(oemA, 'customerName,customerPhone\n"unterminated,1\n'), 400, { code: 'LEAD_IMPORT_INVALID_FILE' });
    expectProblem(await upload(oemA, 'name,phone\nA,1\n'), 400, { code: 'LEAD_IMPORT_INVALID_FILE' });
    const big = [HEADER.join(','), ...Array.from({ length: 1501 }, (_, i) => line(Object.values({ a: `BIG-${i}`, b: 'N', c: '+919811111111', d: '', e: 'x', f: 'Pune', g: 'Maharashtra', h: '411001', i: '', j: '', k: '', l: '', m: '' })))].join('\n');
    expectProblem(await upload(oemA, big), 413, { code: 'LEAD_IMPORT_TOO_LARGE' });
    // Rows count, not lines: 1,501 rows whose addresses span two lines are 1,501 rows too many.
    const tall = [HEADER.join(','), ...Array.from({ length: 1501 }, (_, i) => line([`TALL-${i}`, 'N', '+919811111111', '', `Flat ${i}\r\nMG Road`, 'Pune', 'Maharashtra', '411001', '', '', '', '', '']))].join('\r\n');
    expectProblem(await upload(oemA, tall), 413, { code: 'LEAD_IMPORT_TOO_LARGE' });
    expectProblem(await upload(oemA, 'customerName\n', { oemId: oemB.user.id }), 400, { field: 'oemId' });
    expectProblem(await request(t.server).post(IMPORTS).set('Authorization', oemA.auth).field('sourceId', '1'), 400, { field: 'file' });
    expect((await request(t.server).get(IMPORTS).set('Authorization', ops.auth).expect(200)).body.data.length).toBe(before);
  });

  it('keeps the file\'s name as sent, in UTF-8 and without control characters (a NUL in it is no 500)', async () => {
    const named = async (filenameHeader: string) => {
      const boundary = 'import-name-boundary';
      const csv = `${HEADER.join(',')}\r\n${line([`NAME-${randomUUID().slice(0, 8)}`, 'Nisha Name', '+919822222222', '', '1 FC Road', 'Pune', 'Maharashtra', '411001', '', '', '', '', ''])}\r\n`;
      const body = Buffer.concat([
        Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"${filenameHeader}\r\nContent-Type: text/csv\r\n\r\n`, 'utf8'),
        Buffer.from(csv, 'utf8'),
        Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8'),
      ]);
      const res = await request(t.server).post(IMPORTS).set('Authorization', oemA.auth).set('Content-Type', `multipart/form-data; boundary=${boundary}`).send(body);
      expect(res.status, JSON.stringify(res.body)).toBe(202);
      return (await finished(oemA, res.body.id)).fileName;
    };
    expect(await named('; filename="लीड्स मार्च.csv"')).toBe('लीड्स मार्च.csv');
    expect(await named("; filename*=UTF-8''a%00b%07.csv")).toBe('ab.csv');
    expect(await named('; filename="../exports/leads.csv"')).toBe('leads.csv');
  });

  it('keeps its record and its counts when a transaction another request had open as it started rolls back (SQLite shares one connection)', async () => {
    const runner = t.app.get(TransactionRunner);
    const run = runner.run.bind(runner);
    const other = openTransaction(t.app, (em) => em.getRepository(User).update({ id: oemB.user.id }, { fullName: 'Never Committed' }), run);
    await other.opened;
    // The other request fails once the import asks the runner for its first transaction.
    const spy = vi.spyOn(runner, 'run').mockImplementation((work) => {
      other.rollBack();
      return run(work);
    });
    onTestFinished(() => spy.mockRestore());
    const started = await t.app.get(LeadImportsService).start(ops.actor, Buffer.from(numberedLeadsCsv(3, `RB-${randomUUID().slice(0, 8)}`, '+9193'), 'utf8'), { fileName: 'rollback.csv', oemId: oemA.user.id });
    await started.done;
    await other.ended;
    spy.mockRestore();
    const imported = await finished(ops, started.id);
    expect(imported).toMatchObject({ status: 'completed', rowsTotal: 3, rowsCreated: 3 });
    expect((await t.app.get(DataSource).getRepository(User).findOneByOrFail({ id: oemB.user.id })).fullName).not.toBe('Never Committed');
  });

  it('an import whose process died fails visibly once it has made no progress for 10 minutes, its counters and written rows kept; the file imports again', async () => {
    const oemE = await t.factory.user('oem');
    const csv = numberedLeadsCsv(30, 'CRASH', '+9197');
    const first = await finished(oemE, (await upload(oemE, csv).expect(202)).body.id);
    expect(first).toMatchObject({ status: 'completed', rowsCreated: 30 });
    // As a process killed after its first 12 rows leaves it: running, with 12 rows counted at its last heartbeat.
    const killedAt = Date.now();
    await t.app.get(DataSource).getRepository(LeadImport).update(first.id, { status: 'running', rowsProcessed: 12, rowsCreated: 12, finishedAt: null, updatedAt: new Date(killedAt) });
    const clock = stopClock(t.app, killedAt);
    // The process started in its place cannot yet tell it from an import another process is running.
    expect(await t.app.get(LeadImportRecovery).recover()).toBe(0);
    expect((await request(t.server).get(`${IMPORTS}/${first.id}`).set('Authorization', oemE.auth).expect(200)).body.status).toBe('running');
    // Its next look, 10 minutes on (every server process looks every minute), fails it.
    clock.advanceTo(IMPORT_STALE_AFTER_MS + 1);
    expect(await t.app.get(LeadImportRecovery).recover()).toBe(1);
    const after = (await request(t.server).get(`${IMPORTS}/${first.id}`).set('Authorization', oemE.auth).expect(200)).body;
    expect(after).toMatchObject({ status: 'failed', rowsProcessed: 12, rowsCreated: 12 });
    expect(after.failure).toMatch(/^interrupted: its server process stopped \(no progress for 10 minutes\); import the file again/);
    // Importing the file again replays every row that was written and writes no lead twice.
    expect(await finished(oemE, (await upload(oemE, csv).expect(202)).body.id)).toMatchObject({ status: 'completed', rowsReplayed: 30, rowsCreated: 0 });
    expect((await request(t.server).get(LEADS).query({ limit: 100 }).set('Authorization', oemE.auth).expect(200)).body.data).toHaveLength(30);
  });
});

describe('bulk import: the same rules as POST /leads, within a file too', () => {
  let t: TestApp;
  let oem: TestUser;
  const agents: TestUser[] = [];

  beforeAll(async () => {
    t = await startTestApp({ LEAD_AUTO_ASSIGN: 'true', LEAD_DUPLICATE_CHECK: 'flag' });
    await t.factory.loadPincodes();
    oem = await t.factory.user('oem');
    // In account order: the fewest open leads wins, ties go to the older account.
    for (let i = 0; i < 3; i++) agents.push(await t.factory.user('central_ops'));
  });
  afterAll(() => t.close());

  it('replays a repeated externalRef, flags a repeated phone and pincode, shares the leads among agents and writes each timeline', async () => {
    const header = ['externalRef', 'customerName', 'customerPhone', 'addressLine1', 'city', 'state', 'pincode'];
    const row = (ref: string, name: string, phone: string) => line([ref, name, phone, '1 FC Road', 'Pune', 'Maharashtra', '411001']);
    const csv = [
      header.join(','),
      row('F-1', 'First', '+919700000001'),
      row('F-2', 'Second', '+919700000002'),
      row('F-1', 'First', '+919700000001'), // the same row again: a replay
      row('F-3', 'Same Phone', '+919700000002'), // Second's phone and pincode: flagged
      row('F-4', 'Fourth', '+919700000004'),
      row('F-5', 'Fifth', '+919700000005'),
      row('F-6', 'Sixth', '+919700000006'),
    ].join('\r\n');
    const accepted = await request(t.server).post(IMPORTS).set('Authorization', oem.auth).attach('file', Buffer.from(csv), { filename: 'f.csv', contentType: 'text/csv' }).expect(202);
    const done = await vi.waitFor(
      async () => {
        const res = await request(t.server).get(`${IMPORTS}/${accepted.body.id}`).set('Authorization', oem.auth).expect(200);
        expect(res.body.status).toBe('completed');
        return res.body as LeadImportResponseDto;
      },
      { timeout: 30_000, interval: 50 },
    );
    expect(done).toMatchObject({ rowsTotal: 7, rowsCreated: 6, rowsReplayed: 1, rowsRejected: 0, rowsDuplicate: 0, errors: [] });

    const staff = agents[0];
    const leads = (await request(t.server).get(LEADS).query({ limit: '100' }).set('Authorization', staff.auth).expect(200)).body.data as LeadResponseDto[];
    expect(leads).toHaveLength(6);
    const byRef = new Map(leads.map((l) => [l.externalRef, l]));
    expect(byRef.get('F-3')?.possibleDuplicateOfId).toBe(byRef.get('F-2')?.id);
    expect(byRef.get('F-2')?.possibleDuplicateOfId).toBeNull();
    const perAgent = agents.map((a) => leads.filter((l) => l.assignedToId === a.user.id).length);
    expect(perAgent).toEqual([2, 2, 2]);

    const timeline = (await request(t.server).get(`${LEADS}/${byRef.get('F-3')?.id}/events`).set('Authorization', staff.auth).expect(200)).body.data as Array<{ type: string; data: unknown; toStatus: string | null }>;
    expect(timeline.map((e) => e.type).sort()).toEqual(['assigned', 'created', 'duplicate_flagged']);
    expect(timeline.find((e) => e.type === 'created')).toMatchObject({ toStatus: 'new', data: { externalRef: 'F-3' } });
    expect(timeline.find((e) => e.type === 'duplicate_flagged')?.data).toEqual({ possibleDuplicateOfId: byRef.get('F-2')?.id });
  });
});
