import { DataSource } from 'typeorm';
import { existsSync } from 'node:fs';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { formatRetentionReport } from '../src/cli/retention.command.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import { Clock } from '../src/common/clock.service.js';
import { JobLeases } from '../src/common/persistence/job-leases.service.js';
import type { AppConfig } from '../src/config/config.js';
import { RETENTION_FIRST_RUN_DELAY_MS, RETENTION_INTERVAL_MS, RetentionJob, RetentionService } from '../src/events/retention/retention.service.js';
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

  it('two runs at once (the CLI beside the daily run) anonymise each lead once, and the lead\'s updatedAt has the run\'s time to the millisecond', async () => {
    const leads = [await t.factory.lead(oem, { customerName: 'Meera Twice' }), await t.factory.lead(oem, { customerName: 'Arjun Twice' })];
    for (const lead of leads) await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'cancelled', reason: 'Customer moved' }).expect(200);
    const startedAt = Date.now();
    const reports = await Promise.all([t.app.get(RetentionService).run(), t.app.get(RetentionService).run()]);
    const finishedAt = Date.now();
    expect(reports.flatMap((r) => r!.leads.map((l) => l.leadId)).sort()).toEqual(leads.map((l) => l.id).sort());
    for (const lead of leads) {
      const timeline = (await request(t.server).get(`${LEADS}/${lead.id}/events`).set('Authorization', ops.auth).expect(200)).body.data as Array<{ type: string }>;
      expect(timeline.filter((e) => e.type === 'anonymised')).toHaveLength(1);
      const after = (await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body as { customerName: string; updatedAt: string };
      expect(after.customerName).toBe('Anonymised');
      expect(Date.parse(after.updatedAt)).toBeGreaterThanOrEqual(startedAt);
      expect(Date.parse(after.updatedAt)).toBeLessThanOrEqual(finishedAt);
    }
  });

  it('runs in the server soon after it starts, not first a day later, in one replica at a time', async () => {
    const lead = await t.factory.lead(oem, { customerName: 'Kavita Restarted' });
    await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'cancelled', reason: 'Customer moved' }).expect(200);
    const service = t.app.get(RetentionService);
    const runs = vi.spyOn(service, 'run');
    // Two replicas just (re)started, with the outbox timer on as in production (the test app runs none): each has its own lease holder.
    const server = { ...t.config, outboxPollIntervalMs: 500 };
    const replicas = [new RetentionJob(server, service, t.app.get(JobLeases)), new RetentionJob(server, service, new JobLeases(t.app.get(DataSource), t.app.get(Clock)))];
    onTestFinished(() => runs.mockRestore());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      for (const job of replicas) job.onApplicationBootstrap();
      await vi.advanceTimersByTimeAsync(RETENTION_FIRST_RUN_DELAY_MS);
      // Shutting down waits for a run in progress.
      await Promise.all(replicas.map((job) => job.onApplicationShutdown()));
    } finally {
      vi.useRealTimers();
    }
    expect((await request(t.server).get(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).expect(200)).body).toMatchObject({ customerName: 'Anonymised', status: 'cancelled' });
    // The other replica found the `retention` lease taken and skipped.
    expect(runs).toHaveBeenCalledTimes(1);
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

describe('RetentionJob', () => {
  afterEach(() => vi.useRealTimers());
  /** The leases of a replica that always gets them (across replicas: the test above). */
  const soleReplica = { runExclusive: (_name: string, _options: unknown, job: () => Promise<unknown>) => job().then(() => true) } as unknown as JobLeases;

  it('runs a minute after start, then daily, never two runs at once, and not after shutdown', async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const run = vi
      .fn<() => Promise<null>>()
      .mockResolvedValue(null)
      .mockImplementationOnce(() => new Promise((resolve) => (finish = () => resolve(null))));
    const job = new RetentionJob({ leadRetentionDays: 365, outboxPollIntervalMs: 500 } as AppConfig, { run } as unknown as RetentionService, soleReplica);
    job.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(RETENTION_FIRST_RUN_DELAY_MS - 1);
    expect(run).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(run).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(RETENTION_INTERVAL_MS); // the first run is still going
    expect(run).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(RETENTION_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(2);
    await job.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(3 * RETENTION_INTERVAL_MS);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it('starts no timer while LEAD_RETENTION_DAYS is unset or OUTBOX_POLL_INTERVAL_MS is 0 (tests)', async () => {
    vi.useFakeTimers();
    const run = vi.fn();
    for (const config of [{ leadRetentionDays: null, outboxPollIntervalMs: 500 }, { leadRetentionDays: 30, outboxPollIntervalMs: 0 }]) {
      const job = new RetentionJob(config as AppConfig, { run } as unknown as RetentionService, soleReplica);
      job.onApplicationBootstrap();
      expect(vi.getTimerCount()).toBe(0);
      await job.onApplicationShutdown();
    }
  });
});
