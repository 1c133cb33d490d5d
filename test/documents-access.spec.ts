import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJpeg, sitePhotoPainter } from '../src/cli/demo-files.js';
import type { LeadDocumentResponseDto } from '../src/documents/dto/lead-document.dto.js';
import { LeadDocument } from '../src/documents/entities/lead-document.entity.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { binary, contentUrl, documentsUrl, filesInStorage, SAMPLES, sha256, upload, uploaded } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { allEvents } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('documents: who may see what, downloads and deletes', () => {
  let t: TestApp;
  let admin: TestUser;
  let ops: TestUser;
  let oem: TestUser;
  let otherOem: TestUser;
  let tech: TestUser;
  let oemKey: string;
  let otherKey: string;
  let leadId: string;
  let otherLeadId: string;
  let photo: Buffer;
  let document: LeadDocumentResponseDto;
  let otherDocument: LeadDocumentResponseDto;

  const as = (user: TestUser) => ({ Authorization: user.auth });
  const download = (headers: Record<string, string>, lead: string, doc: string) => request(t.server).get(contentUrl(lead, doc)).set(headers).buffer(true).parse(binary);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await t.factory.user('admin');
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
    otherOem = await t.factory.user('oem');
    tech = await t.factory.user('field_technician');
    oemKey = await t.factory.apiKey(oem);
    otherKey = await t.factory.apiKey(otherOem);
    leadId = (await t.factory.lead(oem)).id;
    otherLeadId = (await t.factory.lead(otherOem)).id;
    // Big enough for meaningful ranges: a 640×480 photo.
    photo = encodeJpeg(640, 480, sitePhotoPainter(640, 480, 99));
    document = await uploaded(t, { 'X-API-Key': oemKey }, leadId, { documentType: 'location_photo', file: photo, filename: 'Gate "front" — बाहर.jpg', contentType: 'image/jpeg' });
    otherDocument = await uploaded(t, as(otherOem), otherLeadId, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' });
  });
  afterAll(() => t?.close());

  describe('another OEM’s lead or document answers 404, exactly as if it did not exist', () => {
    for (const [name, headers] of [
      ['bearer token', () => as(otherOem)],
      ['API key', () => ({ 'X-API-Key': otherKey })],
    ] as const) {
      it(`list, upload and download with the other OEM's ${name}`, async () => {
        expectProblem(await request(t.server).get(documentsUrl(leadId)).set(headers()), 404, 'LEAD_NOT_FOUND');
        expectProblem(await upload(t, headers(), leadId, { documentType: 'other', file: SAMPLES.pdf.bytes }), 404, 'LEAD_NOT_FOUND');
        expectProblem(await download(headers(), leadId, document.id), 404, 'LEAD_NOT_FOUND');
        // Its own lead id with a document of another lead: the document does not exist for it.
        expectProblem(await download(headers(), otherLeadId, document.id), 404, 'DOCUMENT_NOT_FOUND');
      });
    }

    it('an unknown or malformed lead or document id answers 404', async () => {
      expectProblem(await download(as(ops), leadId, '00000000-0000-4000-8000-000000000000'), 404, 'DOCUMENT_NOT_FOUND');
      expectProblem(await download(as(ops), leadId, 'not-a-uuid'), 404, 'DOCUMENT_NOT_FOUND');
      expectProblem(await download(as(ops), 'not-a-uuid', document.id), 404, 'LEAD_NOT_FOUND');
      expectProblem(await request(t.server).delete(`${documentsUrl(leadId)}/${otherDocument.id}`).set(as(ops)), 404, 'DOCUMENT_NOT_FOUND');
    });

    it('nothing was stored by the refused upload', async () => {
      expect(await t.app.get(DataSource).getRepository(LeadDocument).count({ where: { leadId } })).toBe(1);
    });
  });

  it('a field technician gets 403 on every document route; an OEM may not delete', async () => {
    expectProblem(await request(t.server).get(documentsUrl(leadId)).set(as(tech)), 403, 'FORBIDDEN_ROLE');
    expectProblem(await upload(t, as(tech), leadId, { documentType: 'other', file: SAMPLES.pdf.bytes }), 403, 'FORBIDDEN_ROLE');
    expectProblem(await download(as(tech), leadId, document.id), 403, 'FORBIDDEN_ROLE');
    expectProblem(await request(t.server).delete(`${documentsUrl(leadId)}/${document.id}`).set(as(tech)), 403, 'FORBIDDEN_ROLE');
    expectProblem(await request(t.server).delete(`${documentsUrl(leadId)}/${document.id}`).set(as(oem)), 403, 'FORBIDDEN_ROLE');
    expectProblem(await request(t.server).delete(`${documentsUrl(leadId)}/${document.id}`).set({ 'X-API-Key': oemKey }), 403, 'FORBIDDEN_ROLE');
  });

  it('the owning OEM, Central Ops and admin download the very bytes that were uploaded', async () => {
    for (const headers of [as(oem), { 'X-API-Key': oemKey }, as(ops), as(admin)]) {
      const res = await download(headers, leadId, document.id);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, photo)).toBe(0);
      expect(sha256(res.body as Buffer)).toBe(document.file.sha256);
    }
  });

  it('sends the sniffed type, the length, the SHA-256 as ETag and a safe Content-Disposition', async () => {
    const res = await download(as(ops), leadId, document.id);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-length']).toBe(String(photo.length));
    expect(res.headers.etag).toBe(`"${sha256(photo)}"`);
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="Gate _front_ _ ____.jpg"; filename*=UTF-8''${encodeURIComponent('Gate "front" — बाहर.jpg')}`,
    );
  });

  it('answers 304 to If-None-Match with the current ETag', async () => {
    const res = await request(t.server).get(contentUrl(leadId, document.id)).set(as(ops)).set('If-None-Match', `W/"x", "${document.file.sha256}"`);
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe(`"${document.file.sha256}"`);
  });

  describe('Range', () => {
    const ranged = (range: string, extra: Record<string, string> = {}) => download({ ...as(oem), Range: range, ...extra }, leadId, document.id);

    it('answers 206 with exactly the requested slice', async () => {
      const res = await ranged('bytes=100-1123');
      expect(res.status).toBe(206);
      expect(res.headers['content-range']).toBe(`bytes 100-1123/${photo.length}`);
      expect(res.headers['content-length']).toBe('1024');
      expect(res.headers.etag).toBe(`"${document.file.sha256}"`);
      expect(Buffer.compare(res.body as Buffer, photo.subarray(100, 1124))).toBe(0);
    });

    it('serves open-ended and suffix ranges, clipped to the file', async () => {
      const tail = await ranged('bytes=-500');
      expect(tail.status).toBe(206);
      expect(Buffer.compare(tail.body as Buffer, photo.subarray(photo.length - 500))).toBe(0);
      const from = await ranged(`bytes=${photo.length - 10}-`);
      expect(from.headers['content-range']).toBe(`bytes ${photo.length - 10}-${photo.length - 1}/${photo.length}`);
      expect(Buffer.compare(from.body as Buffer, photo.subarray(photo.length - 10))).toBe(0);
      const beyond = await ranged(`bytes=0-${photo.length * 2}`);
      expect(beyond.status).toBe(206);
      expect((beyond.body as Buffer).length).toBe(photo.length);
    });

    it('answers 416 with Content-Range for a range past the end', async () => {
      const res = await ranged(`bytes=${photo.length}-`);
      expectProblem(res, 416, 'RANGE_NOT_SATISFIABLE');
      expect(res.headers['content-range']).toBe(`bytes */${photo.length}`);
    });

    it('sends the whole file for several ranges, a malformed header or a stale If-Range', async () => {
      for (const [range, extra] of [
        ['bytes=0-1,5-6', {}],
        ['items=0-10', {}],
        ['bytes=50-10', {}],
        ['bytes=0-99', { 'If-Range': '"some-older-etag"' }],
      ] as const) {
        const res = await ranged(range, extra);
        expect(res.status, range).toBe(200);
        expect((res.body as Buffer).length).toBe(photo.length);
      }
      const fresh = await ranged('bytes=0-99', { 'If-Range': `"${document.file.sha256}"` });
      expect(fresh.status).toBe(206);
    });
  });

  describe('list', () => {
    it('lists the lead’s documents oldest first with file metadata, paged and filtered by type', async () => {
      const lead = (await t.factory.lead(oem)).id;
      const bill = await uploaded(t, as(ops), lead, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' });
      const photos = [];
      for (let i = 0; i < 3; i++) photos.push(await uploaded(t, as(oem), lead, { documentType: 'location_photo', file: SAMPLES.png.bytes, filename: `p${i}.png` }));
      const all = await request(t.server).get(documentsUrl(lead)).query({ withTotal: 'true' }).set(as(oem));
      expect(all.status).toBe(200);
      expect(all.body.total).toBe(4);
      expect((all.body.data as LeadDocumentResponseDto[]).map((d) => d.id)).toEqual([bill.id, ...photos.map((p) => p.id)]);
      // The OEM reads staff by role, never by person (README "What an OEM sees").
      expect(all.body.data[0]).toEqual({ ...bill, uploadedById: null, uploadedBy: { id: null, fullName: 'Central Ops' } });
      const first = await request(t.server).get(documentsUrl(lead)).query({ limit: 2 }).set(as(ops));
      expect(first.body.data[0]).toEqual(bill);
      const second = await request(t.server).get(documentsUrl(lead)).query({ limit: 2, cursor: first.body.nextCursor as string }).set(as(ops));
      expect([...first.body.data, ...second.body.data].map((d: LeadDocumentResponseDto) => d.id)).toEqual([bill.id, ...photos.map((p) => p.id)]);
      expect(second.body.nextCursor).toBeNull();
      const onlyPhotos = await request(t.server).get(documentsUrl(lead)).query({ documentType: 'location_photo' }).set(as(ops));
      expect(onlyPhotos.body.data).toHaveLength(3);
      expectProblem(await request(t.server).get(documentsUrl(lead)).query({ documentType: 'passport' }).set(as(ops)), 400, 'VALIDATION_FAILED');
    });

    it('names who uploaded to staff; the owning OEM sees its own uploads as its own and staff by role, with no staff user id', async () => {
      const lead = (await t.factory.lead(oem)).id;
      const byAdmin = await uploaded(t, as(admin), lead, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' });
      const byOps = await uploaded(t, as(ops), lead, { documentType: 'location_photo', file: SAMPLES.png.bytes, filename: 'gate.png' });
      const byOem = await uploaded(t, { 'X-API-Key': oemKey }, lead, { documentType: 'location_photo', file: SAMPLES.png.bytes, filename: 'meter.png' });
      expect(byOps.uploadedBy).toEqual({ id: ops.user.id, fullName: ops.user.fullName });
      const uploaders = async (reader: Record<string, string>) => {
        const res = await request(t.server).get(documentsUrl(lead)).set(reader).expect(200);
        return (res.body.data as LeadDocumentResponseDto[]).map((d) => ({ id: d.id, uploadedById: d.uploadedById, uploadedBy: d.uploadedBy }));
      };
      const staffView = [
        { id: byAdmin.id, uploadedById: admin.user.id, uploadedBy: { id: admin.user.id, fullName: admin.user.fullName } },
        { id: byOps.id, uploadedById: ops.user.id, uploadedBy: { id: ops.user.id, fullName: ops.user.fullName } },
        { id: byOem.id, uploadedById: oem.user.id, uploadedBy: { id: oem.user.id, fullName: oem.user.fullName } },
      ];
      expect(await uploaders(as(ops))).toEqual(staffView);
      expect(await uploaders(as(admin))).toEqual(staffView);
      const oemView = [
        { id: byAdmin.id, uploadedById: null, uploadedBy: { id: null, fullName: 'ChargeOps administration' } },
        { id: byOps.id, uploadedById: null, uploadedBy: { id: null, fullName: 'Central Ops' } },
        staffView[2],
      ];
      expect(await uploaders(as(oem))).toEqual(oemView);
      expect(await uploaders({ 'X-API-Key': oemKey })).toEqual(oemView);
      expect(JSON.stringify(await uploaders(as(oem)))).not.toMatch(new RegExp(`${ops.user.id}|${admin.user.id}|${ops.user.fullName}|${admin.user.fullName}`));
    });
  });

  describe('delete', () => {
    it('removes the document, its StoredFile row and its file, and keeps a document_deleted record', async () => {
      const lead = (await t.factory.lead(oem)).id;
      const doc = await uploaded(t, as(oem), lead, { documentType: 'electrician_contact', file: SAMPLES.vcard.bytes, filename: 'ramesh.vcf', notes: 'evening only' });
      const file = await t.app.get(DataSource).getRepository(StoredFile).findOneByOrFail({ id: doc.file.id });
      expect(filesInStorage(t)).toContain(file.storageKey);

      const res = await request(t.server).delete(`${documentsUrl(lead)}/${doc.id}`).set(as(ops));
      expect(res.status).toBe(204);
      expect(filesInStorage(t)).not.toContain(file.storageKey);
      expect(await t.app.get(DataSource).getRepository(StoredFile).existsBy({ id: doc.file.id })).toBe(false);
      expect((await request(t.server).get(documentsUrl(lead)).set(as(oem))).body.data).toEqual([]);
      expectProblem(await download(as(oem), lead, doc.id), 404, 'DOCUMENT_NOT_FOUND');
      expectProblem(await request(t.server).delete(`${documentsUrl(lead)}/${doc.id}`).set(as(admin)), 404, 'DOCUMENT_NOT_FOUND');

      const events = await allEvents((url) => request(t.server).get(url).set(as(ops)), lead);
      expect(events.map((e) => e.type)).toEqual(['created', 'document_uploaded', 'document_deleted']);
      expect(events[2]).toMatchObject({
        actorUserId: ops.user.id,
        data: { documentId: doc.id, documentType: 'electrician_contact', fileName: 'ramesh.vcf', sha256: doc.file.sha256, sizeBytes: SAMPLES.vcard.bytes.length },
      });
      // The OEM reads the same record through the audience policy (issue 16): Central Ops by role, the file by name.
      const forOem = await allEvents((url) => request(t.server).get(url).set(as(oem)), lead);
      expect(forOem[2]).toMatchObject({ type: 'document_deleted', actorUserId: null, actorName: 'Central Ops', data: { documentId: doc.id, documentType: 'electrician_contact', fileName: 'ramesh.vcf' } });
    });
  });
});
