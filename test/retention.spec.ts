import { DataSource } from 'typeorm';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRetentionReport } from '../src/cli/retention.command.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import { RetentionService } from '../src/events/retention/retention.service.js';
import { SAMPLES, sha256, uploaded } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { onPostgres, startTestApp, type TestApp } from './support/test-app.js';
import { verifyWithLibrary, WebhookReceiver } from './support/webhook-receiver.js';

describe('retention: personal data does not outlive its purpose (issue 15, item 7)', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  const receiver = new WebhookReceiver();
  beforeAll(async () => {
    await receiver.start();
    t = await startTestApp({ LEAD_RETENTION_DAYS: '0', WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });

  it('anonymises a cancelled lead and deletes its files in one step per lead, after a dry run that changes nothing', async () => {
    const sub = (await request(t.server).post('/api/v1/webhook-subscriptions').set('Authorization', oem.auth).send({ url: receiver.url('/retention'), events: ['lead.anonymised'] }).expect(201)).body as { secret: string };
    const lead = await t.factory.lead(oem, { customerName: 'Sunita Retention', city: 'Pune', state: 'Maharashtra', pincode: '411001', latitude: 18.52, longitude: 73.85 } as never);
    const doc = await uploaded(t, { Authorization: ops.auth }, lead.id, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' });
    const open = await t.factory.lead(oem);
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'cancelled', reason: 'Customer moved' }).expect(200);
    const file = await t.app.get(DataSource).getRepository(StoredFile).findOneByOrFail({ id: await fileIdOf(doc.id) });
    const path = t.storage.pathOf(file.storageKey);
    expect(existsSync(path)).toBe(true);

    const dry = (await t.app.get(RetentionService).run({ dryRun: true }))!;
    expect(dry.leads.map((l) => [l.leadId, l.files])).toEqual([[lead.id, 1]]);
    expect(formatRetentionReport(dry)).toContain(`would anonymise\n  ${lead.id}`);
    expect((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth)).body.customerName).toBe('Sunita Retention');
    expect(existsSync(path)).toBe(true);

    const done = (await t.app.get(RetentionService).run())!;
    expect(done).toMatchObject({ filesDeleted: 1, leads: [{ leadId: lead.id, status: 'cancelled', files: 1 }] });
    const after = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body;
    expect(after).toMatchObject({ customerName: 'Anonymised', customerEmail: null, addressLine1: 'Anonymised', addressLine2: '', city: 'Pune', state: 'Maharashtra', pincode: '411001', status: 'cancelled' });
    // The OEM's own name (random test data) may share a word with the customer's: leave it out of the check.
    expect(JSON.stringify({ ...after, oem: undefined })).not.toContain('Sunita');
    expect(after.customerPhone).not.toBe(lead.customerPhone);
    expect(existsSync(path)).toBe(false);
    // The document's row stays with its size and hash; only the bytes are gone.
    const docs = (await request(t.server).get(`${LEADS}/${lead.id}/documents`).set('Authorization', ops.auth).expect(200)).body.data;
    expect(docs.map((d: { id: string }) => d.id)).toEqual([doc.id]);
    expect(await t.app.get(DataSource).getRepository(StoredFile).findOneByOrFail({ id: file.id })).toMatchObject({ sha256: sha256(SAMPLES.pdf.bytes), sizeBytes: SAMPLES.pdf.bytes.length });
    // Downloading it says the file is gone for good and which one, not a 500; also with a cached ETag or a Range.
    const content = `${LEADS}/${lead.id}/documents/${doc.id}/content`;
    for (const headers of [{}, { 'If-None-Match': `"${file.sha256}"` }, { Range: 'bytes=0-9' }]) {
      const gone = await request(t.server).get(content).set('Authorization', ops.auth).set(headers);
      expectProblem(gone, 410, 'FILE_PURGED');
      expect(gone.body).toMatchObject({ fileId: file.id, detail: expect.stringContaining(file.id) });
    }
    const timeline = (await request(t.server).get(`${LEADS}/${lead.id}/events`).set('Authorization', oem.auth).expect(200)).body.data as Array<{ type: string; label: string }>;
    expect(timeline.at(-1)).toMatchObject({ type: 'anonymised', label: 'Personal data removed (retention period over)' });
    // The open lead is untouched; a second run changes nothing.
    expect((await request(t.server).get(`${LEADS}/${open.id}`).set('Authorization', ops.auth)).body.customerName).toBe(open.customerName);
    expect((await t.app.get(RetentionService).run())!.leads).toEqual([]);

    for (let i = 0; i < 10 && !receiver.received.length; i++) await t.app.get(OutboxRunner).runOnce();
    expect(receiver.received).toHaveLength(1);
    expect(verifyWithLibrary(sub.secret, receiver.received[0])).toMatchObject({ type: 'lead.anonymised', data: { leadId: lead.id, status: 'cancelled' } });
  });

  async function fileIdOf(documentId: string): Promise<string> {
    const rows = (await t.app.get(DataSource).query(`SELECT file_id FROM lead_documents WHERE id = ${onPostgres ? '$1' : '?'}`, [documentId])) as Array<{ file_id: string }>;
    return rows[0].file_id;
  }
});

describe('retention off', () => {
  it('does nothing while LEAD_RETENTION_DAYS is unset', async () => {
    const t = await startTestApp();
    try {
      expect(await t.app.get(RetentionService).run()).toBeNull();
    } finally {
      await t.close();
    }
  });
});
