import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer, text } from 'node:stream/consumers';
import { DeleteBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/config.js';
import { FileStorage, StoredObjectMissingError } from '../src/documents/storage/file-storage.js';
import { S3Storage } from '../src/documents/storage/s3.storage.js';
import { StorageSweeper } from '../src/documents/storage/storage-sweeper.service.js';
import { sha256 } from './support/documents.js';
import { expectProblem } from './support/factory.js';
import { sharedS3Server, startTestApp } from './support/test-app.js';
import type { S3Server } from './support/s3-server.js';

/** An S3Storage listing two keys per request, so that a handful of objects spans several pages. */
class SmallPageS3Storage extends S3Storage {
  protected override readonly pageSize = 2;
}

const configFor = (bucket: string, endpoint: string) => ({ objectStorage: { bucket, endpoint, region: 'us-east-1', forcePathStyle: true } }) as AppConfig;

/**
 * The S3 backend on its own, whatever TEST_STORAGE says (the storage specs run on it too with
 * TEST_STORAGE=s3, in CI): paging, multipart, Range, verify, readiness.
 */
describe('S3Storage on an S3-compatible server (s3rver)', () => {
  let s3: S3Server;
  let storage: S3Storage;
  let bucket: string;
  beforeAll(async () => {
    s3 = await sharedS3Server();
    ({ bucket } = await s3.newBucket());
    storage = new SmallPageS3Storage(configFor(bucket, s3.endpoint));
  });
  afterAll(() => storage?.onApplicationShutdown());

  it('streams a put larger than one part as a multipart upload, with the size and SHA-256 of what it stored; reads it back whole and by range', async () => {
    const bytes = randomBytes(11 * 1024 * 1024 + 17);
    const chunks = Array.from({ length: Math.ceil(bytes.length / 65_536) }, (_, i) => bytes.subarray(i * 65_536, (i + 1) * 65_536));
    const put = await storage.put(Readable.from(chunks), { prefix: 'videos' });
    expect(put).toEqual({ key: expect.stringMatching(/^videos\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/), sizeBytes: bytes.length, sha256: sha256(bytes) });
    expect(sha256(await buffer(await storage.stream(put.key)))).toBe(sha256(bytes));
    expect(await buffer(await storage.stream(put.key, { start: 6_000_000, end: 6_000_009 }))).toEqual(bytes.subarray(6_000_000, 6_000_010));
    expect(await storage.stat(put.key)).toMatchObject({ key: put.key, sizeBytes: bytes.length });
    expect(await storage.delete(put.key)).toBe(true);
    expect(await storage.delete(put.key)).toBe(false);
    expect(await storage.stat(put.key)).toBeNull();
    await expect(storage.stream(put.key)).rejects.toThrow(StoredObjectMissingError);
  });

  it('a failing source leaves no object; a refusing verify leaves none either, and saw the complete bytes in a local file', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.alloc(64 * 1024, 1));
        this.destroy(new Error('client went away'));
      },
    });
    await expect(storage.put(failing, { prefix: 'documents' })).rejects.toThrow('client went away');
    let seen = '';
    await expect(
      storage.put(Readable.from([Buffer.from('not an image')]), {
        prefix: 'photos',
        verify: async (path) => {
          seen = await text((await import('node:fs')).createReadStream(path));
          throw new Error('does not decode');
        },
      }),
    ).rejects.toThrow('does not decode');
    expect(seen).toBe('not an image');
    expect(await keys()).toEqual([]);
  });

  it('lists every object across pages, leaving out keys it did not make', async () => {
    const made = await Promise.all(Array.from({ length: 5 }, (_, i) => storage.put(Readable.from([Buffer.from(`object ${i}`)]), { prefix: 'documents' })));
    const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: 'README.txt', Body: 'an operator left this' }));
    client.destroy();
    expect(await keys()).toEqual(made.map((p) => p.key).sort());
    for (const p of made) await storage.delete(p.key);
  });

  it('refuses keys and prefixes it did not generate', async () => {
    await expect(storage.stream('../../etc/passwd')).rejects.toThrow(/Invalid storage key/);
    await expect(storage.stat('README.txt')).rejects.toThrow(/Invalid storage key/);
    await expect(storage.put(Readable.from([Buffer.from('x')]), { prefix: '../x' })).rejects.toThrow(/Invalid storage prefix/);
  });

  it('the app on a bucket: readiness is up; with the bucket gone, 503 naming storage (not the bucket) while liveness stays 200', async () => {
    const { storageUrl, bucket: own } = await s3.newBucket();
    const t = await startTestApp({ STORAGE_URL: storageUrl });
    try {
      expect(t.app.get(FileStorage)).toBeInstanceOf(S3Storage);
      const ready = await request(t.server).get('/api/v1/health/ready').expect(200);
      expect(ready.body.details).toMatchObject({ storage: { status: 'up' } });
      const client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
      await client.send(new DeleteBucketCommand({ Bucket: own }));
      client.destroy();
      const res = await request(t.server).get('/api/v1/health/ready').expect(503);
      expectProblem(res, 503);
      expect(JSON.stringify(res.body)).toContain('storage');
      expect(JSON.stringify(res.body)).not.toContain(own);
      await request(t.server).get('/api/v1/health/live').expect(200);
      // The sweep of a storage that fails says so instead of reporting an empty bucket.
      await expect(t.app.get(StorageSweeper).sweep()).rejects.toThrow();
    } finally {
      await t.close();
    }
  });

  async function keys(): Promise<string[]> {
    const out: string[] = [];
    for await (const object of storage.list()) out.push(object.key);
    return out.sort();
  }
});
