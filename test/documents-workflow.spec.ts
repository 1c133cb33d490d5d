import { readFileSync } from 'node:fs';
import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng, sitePhotoPainter } from '../src/cli/demo-files.js';
import { LeadDocument } from '../src/documents/entities/lead-document.entity.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { LeadEvent } from '../src/leads/entities/lead-event.entity.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { filesInStorage, SAMPLES, sha256, upload, uploaded, type UploadInput } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { allEvents } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A PDF whose bytes differ per `n`, so every upload has its own hash. */
const pdf = (n: number) => Buffer.from(`%PDF-1.4\n% bill ${n}\n1 0 obj <</Type /Catalog>> endobj\n%%EOF\n`);

describe('documents: the automatic move documents_pending → documents_received (DESIGN §5)', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;
  const as = (user: TestUser) => ({ Authorization: user.auth });
  const bill: UploadInput = { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' };
  const photo: UploadInput = { documentType: 'location_photo', file: SAMPLES.jpeg.bytes, filename: 'site.jpg' };
  const statusOf = async (leadId: string) => (await t.app.get(DataSource).getRepository(Lead).findOneByOrFail({ id: leadId })).status;
  const statusEvents = async (leadId: string) => (await allEvents((url) => request(t.server).get(url).set(as(ops)), leadId)).filter((e) => e.type === 'status_changed');

  beforeAll(async () => {
    t = await startTestApp();
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
  });
  afterAll(() => t?.close());

  it('moves the lead once it has a bill and a location photo, in either order, with one status_changed event', async () => {
    for (const order of [
      [bill, photo],
      [photo, bill],
    ]) {
      const lead = await t.factory.leadInStatus(oem, ops, 'documents_pending');
      const before = (await statusEvents(lead.id)).length;
      await uploaded(t, as(oem), lead.id, order[0]);
      expect(await statusOf(lead.id)).toBe('documents_pending');
      const second = await uploaded(t, as(ops), lead.id, order[1]);
      expect(await statusOf(lead.id)).toBe('documents_received');
      // More documents change nothing further.
      await uploaded(t, as(oem), lead.id, photo);
      const moves = (await statusEvents(lead.id)).slice(before);
      expect(moves).toHaveLength(1);
      expect(moves[0]).toMatchObject({ fromStatus: 'documents_pending', toStatus: 'documents_received', actorUserId: ops.user.id, data: { auto: true, documentId: second.id } });
      const lead2 = (await request(t.server).get(`/api/v1/leads/${lead.id}`).set(as(ops))).body as { status: string; version: number; allowedTransitions: string[] };
      expect(lead2.status).toBe('documents_received');
    }
  });

  it('leaves leads in other statuses where they are', async () => {
    for (const status of ['new', 'contacted', 'on_hold', 'documents_received'] as const) {
      const lead = await t.factory.leadInStatus(oem, ops, status, { heldFrom: 'documents_pending' });
      const before = (await statusEvents(lead.id)).length;
      await uploaded(t, as(ops), lead.id, bill);
      await uploaded(t, as(ops), lead.id, photo);
      expect(await statusOf(lead.id), status).toBe(status);
      expect(await statusEvents(lead.id)).toHaveLength(before);
    }
  });

  it('a lead on hold from documents_pending that gets its bill and photo stays on hold, and resumes to documents_received', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'on_hold', { heldFrom: 'documents_pending' });
    await uploaded(t, as(oem), lead.id, bill);
    await uploaded(t, as(oem), lead.id, photo);
    const held = (await request(t.server).get(`/api/v1/leads/${lead.id}`).set(as(ops)).expect(200)).body as { status: string; allowedTransitions: string[] };
    expect(held).toMatchObject({ status: 'on_hold', allowedTransitions: ['documents_received', 'cancelled'] });
    await request(t.server).post(`/api/v1/leads/${lead.id}/transitions`).set(as(ops)).send({ to: 'documents_received' }).expect(200);
    expect(await statusOf(lead.id)).toBe('documents_received');
  });

  it('refuses documents for a closed or cancelled lead (409 LEAD_FINAL) and stores nothing', async () => {
    for (const status of ['cancelled', 'closed'] as const) {
      const lead = await t.factory.leadInStatus(oem, ops, status);
      const files = filesInStorage(t);
      expectProblem(await upload(t, as(ops), lead.id, bill), 409, 'LEAD_FINAL');
      expect(filesInStorage(t)).toEqual(files);
      expect(await t.app.get(DataSource).getRepository(LeadDocument).count({ where: { leadId: lead.id } })).toBe(0);
    }
  });

  it('20 concurrent uploads to one lead all land with their own rows and hashes, and the lead moves exactly once', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'documents_pending');
    const inputs: (UploadInput & { expected: string })[] = Array.from({ length: 20 }, (_, i) => {
      const kind = i % 4;
      const file =
        kind === 0 ? pdf(i) : kind === 1 ? encodeJpeg(48, 32, sitePhotoPainter(48, 32, i + 1)) : kind === 2 ? encodePng(48, 32, sitePhotoPainter(48, 32, i + 1)) : pdf(1000 + i);
      const documentType = kind === 0 ? 'electricity_bill' : kind === 3 ? 'other' : 'location_photo';
      return { documentType, file, filename: `upload-${i}`, expected: sha256(file) };
    });
    const responses = await Promise.all(inputs.map((input, i) => upload(t, i % 2 ? as(oem) : as(ops), lead.id, input)));
    for (const [i, res] of responses.entries()) {
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body).toMatchObject({ documentType: inputs[i].documentType, file: { originalName: `upload-${i}`, sha256: inputs[i].expected, sizeBytes: inputs[i].file!.length } });
    }

    const ds = t.app.get(DataSource);
    const documents = await ds.getRepository(LeadDocument).find({ where: { leadId: lead.id }, relations: { file: true } });
    expect(documents).toHaveLength(20);
    for (const document of documents) {
      const i = Number(document.file.originalName.replace('upload-', ''));
      expect(document.file.sha256).toBe(inputs[i].expected);
      expect(document.documentType).toBe(inputs[i].documentType);
      // The stored bytes are the uploaded ones.
      expect(sha256(readFileSync(t.storage.pathOf(document.file.storageKey)))).toBe(inputs[i].expected);
    }
    expect(new Set(documents.map((d) => d.file.storageKey)).size).toBe(20);

    expect(await statusOf(lead.id)).toBe('documents_received');
    const events = await ds.getRepository(LeadEvent).find({ where: { leadId: lead.id, type: In(['status_changed', 'document_uploaded']) } });
    expect(events.filter((e) => e.type === 'document_uploaded')).toHaveLength(20);
    const moves = events.filter((e) => e.type === 'status_changed' && e.toStatus === 'documents_received');
    expect(moves).toHaveLength(1);
    expect(moves[0].fromStatus).toBe('documents_pending');
    expect(await ds.getRepository(StoredFile).count({ where: { id: In(documents.map((d) => d.fileId)) } })).toBe(20);
  });

  it('a bill and a photo uploaded at the same moment still move the lead (no write skew between their transactions)', async () => {
    const leads = await Promise.all(Array.from({ length: 8 }, () => t.factory.leadInStatus(oem, ops, 'documents_pending')));
    await Promise.all(leads.flatMap((lead) => [uploaded(t, as(oem), lead.id, bill), uploaded(t, as(ops), lead.id, photo)]));
    for (const lead of leads) {
      expect(await statusOf(lead.id)).toBe('documents_received');
      expect((await statusEvents(lead.id)).filter((e) => e.toStatus === 'documents_received')).toHaveLength(1);
    }
  });
});
