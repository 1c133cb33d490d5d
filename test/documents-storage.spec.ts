import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { PutObjectCommand, S3Client, UploadPartCommand } from '@aws-sdk/client-s3';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CLI_OUTPUT } from '../src/cli/cli-io.js';
import { CliModule } from '../src/cli/cli.module.js';
import type { JobLeases } from '../src/common/persistence/job-leases.service.js';
import { SweepStorageCommand } from '../src/cli/sweep-storage.command.js';
import type { AppConfig } from '../src/config/config.js';
import { LeadDocument } from '../src/documents/entities/lead-document.entity.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { FileStorage, StoredObjectMissingError } from '../src/documents/storage/file-storage.js';
import { LocalDiskStorage } from '../src/documents/storage/local-disk.storage.js';
import { S3Storage } from '../src/documents/storage/s3.storage.js';
import { StorageSweeper, StorageSweepScheduler, type SweepReport } from '../src/documents/storage/storage-sweeper.service.js';
import { LeadTimeline } from '../src/leads/lead-timeline.service.js';
import { documentsUrl, filesInStorage, SAMPLES, sha256, upload, uploaded } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp, testStorageKind } from './support/test-app.js';

const HOUR = 60 * 60 * 1000;

/** A PDF of `size` bytes. */
const pdfOf = (size: number) => {
  const file = Buffer.alloc(size, 0x20);
  file.write('%PDF-1.4\n');
  return file;
};

/** Makes a stored file look `ms` old, as the sweep judges age by modification time. */
const age = (t: TestApp, key: string, ms: number) => t.storage.age(key, ms);

describe(`documents: storage, failures and the sweep (${testStorageKind === 's3' ? 'S3, s3rver' : 'local disk'})`, () => {
  let t: TestApp;
  let ops: TestUser;
  let leadId: string;
  let storage: FileStorage;
  let sweeper: StorageSweeper;
  const asOps = () => ({ Authorization: ops.auth });
  const rows = async () => ({
    documents: await t.app.get(DataSource).getRepository(LeadDocument).count({ where: { leadId } }),
    files: await t.app.get(DataSource).getRepository(StoredFile).count(),
  });

  beforeAll(async () => {
    t = await startTestApp();
    ops = await t.factory.user('central_ops');
    leadId = (await t.factory.lead(await t.factory.user('oem'))).id;
    storage = t.app.get(FileStorage);
    sweeper = t.app.get(StorageSweeper);
    await t.app.listen(0, '127.0.0.1');
  });
  afterEach(() => vi.restoreAllMocks());
  afterAll(() => t?.close());

  describe('the FileStorage', () => {
    it('puts under a generated key, with the size and SHA-256 of exactly what it wrote', async () => {
      const bytes = pdfOf(300_000);
      const put = await storage.put(Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000)]), { prefix: 'documents' });
      expect(put.key).toMatch(/^documents\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
      expect(put).toMatchObject({ sizeBytes: bytes.length, sha256: sha256(bytes) });
      expect(await storage.stat(put.key)).toMatchObject({ key: put.key, sizeBytes: bytes.length });
      expect(await text(await storage.stream(put.key, { start: 0, end: 7 }))).toBe('%PDF-1.4');
      expect(await storage.delete(put.key)).toBe(true);
      expect(await storage.delete(put.key)).toBe(false);
      expect(await storage.stat(put.key)).toBeNull();
      await expect(storage.stream(put.key)).rejects.toThrow(StoredObjectMissingError);
    });

    it('refuses keys and prefixes it did not generate (no path traversal)', async () => {
      await expect(storage.stream('../../etc/passwd')).rejects.toThrow(/Invalid storage key/);
      await expect(storage.stat('documents/../../x')).rejects.toThrow(/Invalid storage key/);
      await expect(storage.delete('/etc/passwd')).rejects.toThrow(/Invalid storage key/);
      await expect(storage.put(Readable.from([Buffer.from('x')]), { prefix: '../x' })).rejects.toThrow(/Invalid storage prefix/);
    });

    it('leaves nothing behind when the source fails mid-stream', async () => {
      const before = filesInStorage(t);
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await expect(storage.put(failing, { prefix: 'documents' })).rejects.toThrow('client went away');
      expect(filesInStorage(t)).toEqual(before);
    });
  });

  describe('failure injection', () => {
    it('the store fails mid-write: 500, no document row, no file (and none after a sweep)', async () => {
      if (storage instanceof S3Storage) {
        // The bucket refuses the object, as a full or unreachable store would.
        const client = (storage as unknown as { client: { send(command: unknown): Promise<unknown> } }).client;
        const send = client.send.bind(client);
        vi.spyOn(client, 'send').mockImplementation((command: unknown) =>
          command instanceof PutObjectCommand || command instanceof UploadPartCommand ? Promise.reject(Object.assign(new Error('We encountered an internal error'), { name: 'InternalError' })) : send(command),
        );
      } else failDiskAfter64KiB(storage as LocalDiskStorage);
      const before = await rows();
      const res = await upload(t, asOps(), leadId, { documentType: 'other', file: pdfOf(1024 * 1024), filename: 'big.pdf' });
      expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(await rows()).toEqual(before);
      expect(filesInStorage(t)).toEqual(await storedKeys());
      await sweeper.sweep({ minAgeMs: 0 });
      expect(filesInStorage(t)).toEqual(await storedKeys());
    });

    /** The temporary file's writer accepts 64 KiB, then fails as a full disk would. */
    function failDiskAfter64KiB(disk: LocalDiskStorage): void {
      vi.spyOn(disk as unknown as { openTempFile(path: string): Writable }, 'openTempFile').mockImplementationOnce((path: string) => {
        const real = createWriteStream(path, { flags: 'wx' });
        let written = 0;
        return new Writable({
          write(chunk: Buffer, _encoding, done) {
            written += chunk.length;
            if (written > 64 * 1024) return done(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }));
            real.write(chunk, done);
          },
          final(done) {
            real.end(done);
          },
          destroy(error, done) {
            real.destroy();
            done(error);
          },
        });
      });
    }

    it('the client goes away mid-upload: no row and no file', async () => {
      const original = storage.put.bind(storage);
      // Wrapped in an object: resolving with the promise itself would wait for it to settle.
      let started!: (running: { put: Promise<unknown> }) => void;
      const putStarted = new Promise<{ put: Promise<unknown> }>((resolve) => (started = resolve));
      vi.spyOn(storage, 'put').mockImplementationOnce((source, options) => {
        const put = original(source, options);
        started({ put });
        return put;
      });
      const { port } = t.server.address() as AddressInfo;
      const boundary = 'abort-boundary';
      const req = httpRequest({ port, host: '127.0.0.1', method: 'POST', path: documentsUrl(leadId), headers: { Authorization: ops.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Transfer-Encoding': 'chunked' } });
      req.on('error', () => undefined); // we are the ones hanging up
      req.write(`--${boundary}\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nother\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="half.pdf"\r\n\r\n`);
      req.write(pdfOf(256 * 1024));
      const { put } = await putStarted;
      const before = await rows();
      req.destroy();
      await expect(put).rejects.toThrow();
      expect(await rows()).toEqual(before);
      expect(filesInStorage(t)).toEqual(await storedKeys());
    });

    it('the database write fails after the file is stored: no row, and the file is removed', async () => {
      vi.spyOn(t.app.get(LeadTimeline), 'recordEvent').mockRejectedValueOnce(new Error('connection reset by the database'));
      const before = await rows();
      expectProblem(await upload(t, asOps(), leadId, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' }), 500, 'INTERNAL_ERROR');
      expect(await rows()).toEqual(before);
      expect(filesInStorage(t)).toEqual(await storedKeys());
    });

    it('… and when removing the file fails too, the sweep removes it once it is an hour old', async () => {
      vi.spyOn(t.app.get(LeadTimeline), 'recordEvent').mockRejectedValueOnce(new Error('connection reset by the database'));
      vi.spyOn(storage, 'delete').mockRejectedValueOnce(new Error('EIO: i/o error'));
      const before = await rows();
      expectProblem(await upload(t, asOps(), leadId, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' }), 500, 'INTERNAL_ERROR');
      expect(await rows()).toEqual(before);
      const referenced = await storedKeys();
      const orphan = filesInStorage(t).filter((key) => !referenced.includes(key));
      expect(orphan).toHaveLength(1);

      // Young files are left alone: their row may be about to commit.
      expect(await sweeper.sweep()).toMatchObject({ removed: 0, young: expect.any(Number) });
      expect(filesInStorage(t)).toContain(orphan[0]);
      const report = await sweeper.sweep({ now: new Date(Date.now() + 2 * HOUR) });
      expect(report).toMatchObject({ removed: 1, removedBytes: SAMPLES.pdf.bytes.length, referenced: referenced.length });
      expect(filesInStorage(t)).toEqual(referenced);
    });
  });

  describe('the sweep', () => {
    it('removes old unreferenced files and abandoned temporary files; keeps referenced, young and foreign ones', async () => {
      const kept = await uploaded(t, asOps(), leadId, { documentType: 'other', file: SAMPLES.png.bytes, filename: 'kept.png' });
      const keptKey = (await t.app.get(DataSource).getRepository(StoredFile).findOneByOrFail({ id: kept.file.id })).storageKey;
      age(t, keptKey, 3 * HOUR);
      const orphan = await storage.put(Readable.from([Buffer.from('orphan')]), { prefix: 'documents' });
      age(t, orphan.key, 2 * HOUR);
      const youngOrphan = await storage.put(Readable.from([Buffer.from('young orphan')]), { prefix: 'documents' });
      // A file an operator put there is not ours to judge.
      await putForeign('README.txt', 'backups at 02:00');
      age(t, 'README.txt', 5 * HOUR);
      // What a crash mid-upload leaves on the local disk: a temporary file, old and young. (In S3
      // an unfinished put is an unfinished multipart upload, which s3rver cannot list.)
      const local = t.storage.kind === 'local';
      const staleTemp = `.tmp/${randomUUID()}.part`;
      const freshTemp = `.tmp/${randomUUID()}.part`;
      if (local) {
        mkdirSync(join(t.config.storageDir, '.tmp'), { recursive: true });
        writeFileSync(join(t.config.storageDir, staleTemp), 'partial');
        writeFileSync(join(t.config.storageDir, freshTemp), 'partial');
        age(t, staleTemp, 2 * HOUR);
      }

      const report = await sweeper.sweep();
      expect(report).toMatchObject(local ? { removed: 2, removedBytes: 'orphan'.length + 'partial'.length } : { removed: 1, removedBytes: 'orphan'.length });
      const left = filesInStorage(t);
      expect(left).toEqual(expect.arrayContaining([keptKey, youngOrphan.key, 'README.txt', ...(local ? [freshTemp] : [])]));
      expect(left).not.toContain(orphan.key);
      expect(left).not.toContain(staleTemp);

      await storage.delete(youngOrphan.key);
      if (local) await storage.delete(freshTemp);
    });

    it('`sweep-storage` runs the same sweep from the CLI and prints what it did', async () => {
      const orphan = await storage.put(Readable.from([Buffer.from('left by a failed delete')]), { prefix: 'documents' });
      age(t, orphan.key, 2 * HOUR);
      const out = { text: '', write: (s: string) => (out.text += s) };
      const cli = await Test.createTestingModule({ imports: [CliModule.forRoot(t.config)] })
        .overrideProvider(CLI_OUTPUT)
        .useValue(out)
        .compile();
      await cli.init();
      try {
        const report = await cli.get(SweepStorageCommand).sweepAndReport();
        expect(report.removed).toBe(1);
        expect(out.text).toMatch(/unreferenced \(removed\)\s+1\n/);
        expect(filesInStorage(t)).not.toContain(orphan.key);
      } finally {
        await cli.close();
      }
    });
  });

  /** Stores `name` outside the app's keys, as an operator might. */
  async function putForeign(name: string, body: string): Promise<void> {
    if (t.storage.kind === 'local') writeFileSync(join(t.config.storageDir, name), body);
    else {
      const client = new S3Client({ endpoint: t.config.objectStorage!.endpoint, region: 'us-east-1', forcePathStyle: true });
      await client.send(new PutObjectCommand({ Bucket: t.config.objectStorage!.bucket, Key: name, Body: body }));
      client.destroy();
    }
  }

  /** The keys the StoredFile rows name, sorted like filesInStorage(). */
  async function storedKeys(): Promise<string[]> {
    return (await t.app.get(DataSource).getRepository(StoredFile).find()).map((f) => f.storageKey).sort();
  }
});

describe('StorageSweepScheduler', () => {
  afterEach(() => vi.useRealTimers());
  /** The leases of a replica that always gets them (the cross-replica behaviour is in test/replicas-shared-state.spec.ts). */
  const soleReplica = { runExclusive: (_name: string, _options: unknown, job: () => Promise<unknown>) => job().then(() => true) } as unknown as JobLeases;

  const report: SweepReport = { scanned: 0, young: 0, referenced: 0, removed: 0, removedBytes: 0, durationMs: 0 };

  it('sweeps every STORAGE_SWEEP_INTERVAL_SECONDS, never two passes at once, on an unref’d timer', async () => {
    vi.useFakeTimers();
    let finish!: () => void;
    const sweep = vi
      .fn<() => Promise<SweepReport>>()
      .mockImplementationOnce(() => new Promise((resolve) => (finish = () => resolve(report))))
      .mockResolvedValue(report);
    const scheduler = new StorageSweepScheduler({ storageSweepIntervalSeconds: 60 } as AppConfig, { sweep } as unknown as StorageSweeper, soleReplica);
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweep).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(120_000); // the first pass is still running
    expect(sweep).toHaveBeenCalledTimes(1);
    finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sweep).toHaveBeenCalledTimes(2);
    await scheduler.onApplicationShutdown();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(sweep).toHaveBeenCalledTimes(2);
  });

  it('does not run with STORAGE_SWEEP_INTERVAL_SECONDS=0', async () => {
    vi.useFakeTimers();
    const sweep = vi.fn();
    const scheduler = new StorageSweepScheduler({ storageSweepIntervalSeconds: 0 } as AppConfig, { sweep } as unknown as StorageSweeper, soleReplica);
    scheduler.onApplicationBootstrap();
    expect(vi.getTimerCount()).toBe(0);
    await scheduler.onApplicationShutdown();
  });
});
