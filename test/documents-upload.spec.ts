import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadDocumentResponseDto } from '../src/documents/dto/lead-document.dto.js';
import { LeadDocument } from '../src/documents/entities/lead-document.entity.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import {
  ALLOWED_SAMPLES,
  documentsUrl,
  filesInStorage,
  multipartBody,
  SAMPLES,
  type SampleName,
  sha256,
  upload,
  uploaded,
  uploadRaw,
} from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { allEvents } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MIB = 1024 * 1024;

/** Storage holds exactly the files the StoredFile rows name: nothing half-stored either way. */
async function expectStorageMatchesRows(t: TestApp): Promise<void> {
  const keys = (await t.app.get(DataSource).getRepository(StoredFile).find()).map((f) => f.storageKey).sort();
  expect(filesInStorage(t)).toEqual(keys);
}

describe('documents: upload validation (default limits)', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;
  let leadId: string;
  const asOps = () => ({ Authorization: ops.auth });

  beforeAll(async () => {
    t = await startTestApp();
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
    leadId = (await t.factory.lead(oem)).id;
  });
  afterAll(() => t?.close());

  const matrix = Object.entries(ALLOWED_SAMPLES).flatMap(([documentType, allowed]) =>
    (Object.keys(SAMPLES) as SampleName[]).map((sample) => [documentType, sample, allowed.includes(sample) ? 201 : 415] as const),
  );

  it.each(matrix)('%s with %s content answers %i, judged by the bytes alone', async (documentType, sample, status) => {
    // Every file claims to be a PDF by name and Content-Type: only the bytes count.
    const res = await upload(t, asOps(), leadId, { documentType, file: SAMPLES[sample].bytes, filename: 'scan.pdf', contentType: 'application/pdf' });
    if (status === 201) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      const body = res.body as LeadDocumentResponseDto;
      expect(body.file).toMatchObject({ contentType: SAMPLES[sample].sniffed, sizeBytes: SAMPLES[sample].bytes.length, sha256: sha256(SAMPLES[sample].bytes), originalName: 'scan.pdf' });
      expect(body.documentType).toBe(documentType);
    } else {
      const problem = expectProblem(res, 415, 'UPLOAD_TYPE_NOT_ALLOWED');
      expect(problem.detectedType).toBe(SAMPLES[sample].sniffed);
      expect(problem.allowedTypes).toEqual(expect.arrayContaining([expect.any(String)]));
    }
  });

  it('keeps storage and rows in step after the whole matrix', async () => {
    await expectStorageMatchesRows(t);
    const rows = await t.app.get(DataSource).getRepository(LeadDocument).count({ where: { leadId } });
    expect(rows).toBe(matrix.filter(([, , status]) => status === 201).length);
  });

  it('a PNG named bill.pdf is stored as a PNG; a GIF named photo.jpg is refused as a GIF', async () => {
    const png = await uploaded(t, asOps(), leadId, { documentType: 'electricity_bill', file: SAMPLES.png.bytes, filename: 'bill.pdf', contentType: 'application/pdf' });
    expect(png.file.contentType).toBe('image/png');
    const gif = await upload(t, asOps(), leadId, { documentType: 'location_photo', file: SAMPLES.gif.bytes, filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(expectProblem(gif, 415, 'UPLOAD_TYPE_NOT_ALLOWED').detail).toMatch(/image\/gif.*documentType location_photo.*JPEG, PNG, HEIC, WebP/);
  });

  it('judges the type against documentType also when documentType comes after the file', async () => {
    const before = filesInStorage(t).length;
    const late = await uploadRaw(t, asOps(), leadId, [
      { name: 'file', filename: 'photo.webp', bytes: SAMPLES.webp.bytes },
      { name: 'documentType', value: 'electricity_bill' },
    ]);
    expectProblem(late, 415, 'UPLOAD_TYPE_NOT_ALLOWED');
    expect(filesInStorage(t)).toHaveLength(before);
    const ok = await uploadRaw(t, asOps(), leadId, [
      { name: 'file', filename: 'photo.webp', bytes: SAMPLES.webp.bytes },
      { name: 'documentType', value: 'location_photo' },
      { name: 'notes', value: 'front gate' },
    ]);
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ documentType: 'location_photo', notes: 'front gate', file: { contentType: 'image/webp' } });
  });

  it('refuses a text field holding the NUL character with 400 naming it, storing nothing, as a JSON body would be', async () => {
    const before = filesInStorage(t);
    const res = await uploadRaw(t, asOps(), leadId, [
      { name: 'documentType', value: 'electricity_bill' },
      { name: 'notes', value: 'March\u0000bill' },
      { name: 'file', filename: 'bill.pdf', bytes: SAMPLES.pdf.bytes },
    ]);
    expect(expectProblem(res, 400, 'VALIDATION_FAILED').errors).toEqual([expect.objectContaining({ field: 'notes' })]);
    expect(filesInStorage(t)).toEqual(before);
  });

  it('refuses text that turns binary after the sniffed head (415), storing nothing', async () => {
    const before = filesInStorage(t);
    const res = await upload(t, asOps(), leadId, { documentType: 'electrician_contact', file: SAMPLES.textThenBinary.bytes, filename: 'contact.txt' });
    expect(expectProblem(res, 415, 'UPLOAD_TYPE_NOT_ALLOWED').detectedType).toBe('application/octet-stream');
    expect(filesInStorage(t)).toEqual(before);
  });

  describe('400 naming the field', () => {
    const cases: [string, (leadId: string) => request.Test, string][] = [
      ['an empty file', (id) => upload(t, asOps(), id, { documentType: 'other', file: Buffer.alloc(0), filename: 'empty.pdf' }), 'file'],
      ['no file part', (id) => upload(t, asOps(), id, { documentType: 'other' }), 'file'],
      ['a JSON body', (id) => request(t.server).post(documentsUrl(id)).set(asOps()).send({ documentType: 'other' }), 'file'],
      ['no body at all', (id) => request(t.server).post(documentsUrl(id)).set(asOps()), 'file'],
      ['the file as a text field', (id) => uploadRaw(t, asOps(), id, [{ name: 'documentType', value: 'other' }, { name: 'file', value: 'not a file' }]), 'file'],
      [
        'two files',
        (id) =>
          uploadRaw(t, asOps(), id, [
            { name: 'documentType', value: 'other' },
            { name: 'file', filename: 'a.pdf', bytes: SAMPLES.pdf.bytes },
            { name: 'file', filename: 'b.pdf', bytes: SAMPLES.pdf.bytes },
          ]),
        'file',
      ],
      ['a file under another name', (id) => uploadRaw(t, asOps(), id, [{ name: 'documentType', value: 'other' }, { name: 'attachment', filename: 'a.pdf', bytes: SAMPLES.pdf.bytes }]), 'attachment'],
      ['no documentType', (id) => upload(t, asOps(), id, { file: SAMPLES.pdf.bytes, filename: 'a.pdf' }), 'documentType'],
      ['an unknown documentType', (id) => upload(t, asOps(), id, { documentType: 'passport', file: SAMPLES.pdf.bytes, filename: 'a.pdf' }), 'documentType'],
      ['notes over 2000 characters', (id) => upload(t, asOps(), id, { documentType: 'other', notes: 'x'.repeat(2001), file: SAMPLES.pdf.bytes }), 'notes'],
      [
        'an unknown field',
        (id) => uploadRaw(t, asOps(), id, [{ name: 'documentType', value: 'other' }, { name: 'leadId', value: id }, { name: 'file', filename: 'a.pdf', bytes: SAMPLES.pdf.bytes }]),
        'leadId',
      ],
      [
        'a __proto__ field',
        (id) => uploadRaw(t, asOps(), id, [{ name: 'documentType', value: 'other' }, { name: '__proto__', value: 'x' }, { name: 'file', filename: 'a.pdf', bytes: SAMPLES.pdf.bytes }]),
        '__proto__',
      ],
      ['documentType twice', (id) => uploadRaw(t, asOps(), id, [{ name: 'documentType', value: 'other' }, { name: 'documentType', value: 'other' }]), 'documentType'],
    ];

    it.each(cases)('%s', async (_, send, field) => {
      const lead = await t.factory.lead(oem);
      const problem = expectProblem(await send(lead.id), 400, 'VALIDATION_FAILED');
      expect(problem.errors?.map((e) => e.field)).toContain(field);
      expect(await t.app.get(DataSource).getRepository(LeadDocument).count({ where: { leadId: lead.id } })).toBe(0);
      await expectStorageMatchesRows(t);
    });

    it('a malformed multipart body answers 400 UPLOAD_MALFORMED', async () => {
      const res = await request(t.server).post(documentsUrl(leadId)).set(asOps()).set('Content-Type', 'multipart/form-data; boundary=x').send('--x\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nother');
      expectProblem(res, 400, 'UPLOAD_MALFORMED');
      const noBoundary = await request(t.server).post(documentsUrl(leadId)).set(asOps()).set('Content-Type', 'multipart/form-data').send('x');
      expectProblem(noBoundary, 400, 'UPLOAD_MALFORMED');
    });
  });

  it('stores a sanitised original name: no path, control or bidi characters, at most 255 characters', async () => {
    const name = async (filenameHeader: string) => {
      const res = await uploadRaw(t, asOps(), leadId, [{ name: 'documentType', value: 'other' }, { name: 'file', filenameHeader, bytes: SAMPLES.pdf.bytes }]);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      return (res.body as LeadDocumentResponseDto).file.originalName;
    };
    expect(await name('; filename="../../etc/passwd.pdf"')).toBe('passwd.pdf');
    expect(await name('; filename="C:\\\\Users\\\\asha\\\\bill.pdf"')).toBe('bill.pdf');
    expect(await name('; filename="bill\u202Efdp.exe"')).toBe('billfdp.exe');
    expect(await name('; filename="  .hidden\tbill .pdf. "')).toBe('hidden bill .pdf');
    expect(await name('; filename="बिजली बिल.pdf"')).toBe('बिजली बिल.pdf');
    expect(await name("; filename*=UTF-8''%E0%A4%AC%E0%A4%BF%E0%A4%B2%0A%07.pdf")).toBe('बिल .pdf');
    expect(await name('; filename=""')).toBe('upload.pdf');
    const long = await name(`; filename="${'a'.repeat(300)}.pdf"`);
    expect(long).toHaveLength(255);
    expect(long.endsWith('a.pdf')).toBe(true);
  });

  it('accepts exactly 10 MB and answers 413 for 10 MB + 1 byte, storing nothing', async () => {
    const limit = 10 * MIB;
    const exact = Buffer.alloc(limit, 0x20);
    exact.write('%PDF-1.4\n');
    const stored = await uploaded(t, asOps(), leadId, { documentType: 'other', file: exact, filename: 'big.pdf' });
    expect(stored.file).toMatchObject({ sizeBytes: limit, sha256: sha256(exact) });
    const before = filesInStorage(t);
    const over = Buffer.concat([exact, Buffer.from(' ')]);
    const res = await upload(t, asOps(), leadId, { documentType: 'other', file: over, filename: 'big.pdf' });
    expect(expectProblem(res, 413, 'UPLOAD_TOO_LARGE')).toMatchObject({ limitBytes: limit });
    expect(filesInStorage(t)).toEqual(before);
  });

  it('records the upload on the timeline in the same transaction, with who uploaded it', async () => {
    const key = await t.factory.apiKey(oem);
    const lead = await t.factory.lead(oem);
    const doc = await uploaded(t, { 'X-API-Key': key }, lead.id, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf', notes: 'March bill' });
    expect(doc).toMatchObject({ leadId: lead.id, notes: 'March bill', uploadedById: oem.user.id, uploadedBy: { id: oem.user.id, fullName: oem.user.fullName } });
    const events = await allEvents((url) => request(t.server).get(url).set(asOps()), lead.id);
    const uploadedEvent = events.find((e) => e.type === 'document_uploaded');
    expect(uploadedEvent).toMatchObject({
      actorUserId: oem.user.id,
      actorApiKeyId: expect.any(String),
      data: { documentId: doc.id, documentType: 'electricity_bill', fileId: doc.file.id, fileName: 'bill.pdf', contentType: 'application/pdf', sha256: sha256(SAMPLES.pdf.bytes) },
    });
  });

  it('the same file, type and notes sent again (a retry whose answer was lost) answers the stored document: one row, one file, one event', async () => {
    const lead = await t.factory.lead(oem);
    const input = { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf', notes: 'March bill' };
    const first = await uploaded(t, asOps(), lead.id, input);
    const files = filesInStorage(t).length;
    const again = await upload(t, { Authorization: oem.auth }, lead.id, input).expect(201);
    expect(again.body).toMatchObject({ id: first.id, file: { id: first.file.id } });
    expect(filesInStorage(t)).toHaveLength(files);
    // Other notes, another name or another type: another document.
    const others = [
      await uploaded(t, asOps(), lead.id, { ...input, notes: 'April bill' }),
      await uploaded(t, asOps(), lead.id, { ...input, filename: 'bill-april.pdf' }),
      await uploaded(t, asOps(), lead.id, { ...input, documentType: 'other' }),
    ];
    expect(new Set([first.id, ...others.map((d) => d.id)]).size).toBe(4);
    expect(await t.app.get(DataSource).getRepository(LeadDocument).countBy({ leadId: lead.id })).toBe(4);
    const events = await allEvents((url) => request(t.server).get(url).set(asOps()), lead.id);
    expect(events.filter((e) => e.type === 'document_uploaded')).toHaveLength(4);
    await expectStorageMatchesRows(t);
  });
});

describe('documents: the size limit while streaming (UPLOAD_LIMIT_DOCUMENT_BYTES=1000)', () => {
  let t: TestApp;
  let ops: TestUser;
  let leadId: string;

  beforeAll(async () => {
    t = await startTestApp({ UPLOAD_LIMIT_DOCUMENT_BYTES: '1000' });
    ops = await t.factory.user('central_ops');
    leadId = (await t.factory.lead(await t.factory.user('oem'))).id;
    await t.app.listen(0, '127.0.0.1');
  });
  afterAll(() => t?.close());

  const pdfOf = (size: number) => {
    const file = Buffer.alloc(size, 0x2e);
    file.write('%PDF-1.4\n');
    return file;
  };

  it('takes exactly the limit and refuses one byte more with 413 naming the limit', async () => {
    await uploaded(t, { Authorization: ops.auth }, leadId, { documentType: 'other', file: pdfOf(1000) });
    const res = await upload(t, { Authorization: ops.auth }, leadId, { documentType: 'other', file: pdfOf(1001) });
    expect(expectProblem(res, 413, 'UPLOAD_TOO_LARGE')).toMatchObject({ limitBytes: 1000, detail: expect.stringContaining('1000 bytes') });
    await expectStorageMatchesRows(t);
  });

  it('answers 413 as soon as the limit is passed, while the client is still sending', async () => {
    const { port } = t.server.address() as AddressInfo;
    const boundary = 'streaming-boundary';
    const head = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nother\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="huge.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
    );
    // The body never ends: the answer must not wait for it.
    const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: documentsUrl(leadId), headers: { Authorization: ops.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' } });
    const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
      req.on('response', (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on('error', reject);
    });
    req.write(head);
    req.write(pdfOf(4096));
    const { status, body } = await answered;
    req.destroy();
    expect(status).toBe(413);
    expect(JSON.parse(body)).toMatchObject({ code: 'UPLOAD_TOO_LARGE', limitBytes: 1000 });
    await expectStorageMatchesRows(t);
  });

  it('answers 413 before reading a body whose declared length cannot fit', async () => {
    const { body, contentType } = multipartBody([{ name: 'documentType', value: 'other' }, { name: 'file', filename: 'a.pdf', bytes: pdfOf(2 * MIB) }]);
    const res = await request(t.server).post(documentsUrl(leadId)).set('Authorization', ops.auth).set('Content-Type', contentType).send(body);
    expectProblem(res, 413, 'UPLOAD_TOO_LARGE');
  });
});
