import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  paginateListObjectsV2,
  paginateListParts,
  S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig, ObjectStorageConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { type ByteRange, checkStorageKey, FileStorage, isStorageKey, type ListedObject, newStorageKey, type PutOptions, type PutResult, type StoredObjectInfo, StoredObjectMissingError } from './file-storage.js';
import { measuringStream } from './measuring-stream.js';

/** Multipart part size in bytes; with {@link QUEUE_SIZE} this bounds what a put holds in memory. S3's minimum part is 5 MiB. */
const PART_SIZE = 5 * 1024 * 1024;
/** Parts uploaded at once per put. */
const QUEUE_SIZE = 2;
/** How an unfinished multipart upload is listed: `.uploads/<uploadId>/<key>`; never a valid key (keys do not start with a dot). */
const TEMP_KEY = /^\.uploads\/([^/]+)\/(.+)$/;

const isNotFound = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NoSuchKey' || e?.name === 'NotFound' || e?.name === 'NoSuchUpload' || e?.$metadata?.httpStatusCode === 404;
};
const isNotImplemented = (error: unknown) => {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'NotImplemented' || e?.$metadata?.httpStatusCode === 501;
};

/** The AWS SDK client for `config`; credentials come from the SDK's standard chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profile, role). */
export function s3Client(config: ObjectStorageConfig): S3Client {
  return new S3Client({
    region: config.region,
    endpoint: config.endpoint,
    forcePathStyle: config.forcePathStyle,
    // Flexible checksums only when an operation needs them: several S3-compatible servers (older
    // MinIO, Ceph, s3rver) refuse the SDK's default trailing checksums. Integrity of what was
    // stored is the SHA-256 put() measures and the row keeps.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** The prefix of a put's local spool directory under the OS temp directory. */
const SPOOL_PREFIX = 'chargeops-put-';

/**
 * {@link FileStorage} in an S3-compatible bucket (`STORAGE_URL=s3://…`, issue 18 item 2), for
 * deployments with several replicas. A put streams the bytes into a multipart upload
 * (`@aws-sdk/lib-storage`, {@link PART_SIZE} × {@link QUEUE_SIZE} in memory at most) straight to
 * its final key while hashing and counting: S3 makes an object visible only when its upload
 * completes, so a key never names a partial file, as the rename does on the local disk. A put
 * with `verify` first spools the bytes to a local temporary file (the check needs a file), then
 * uploads that file.
 *
 * Temporary objects are the bucket's unfinished multipart uploads (a process killed mid-put),
 * listed as `.uploads/<uploadId>/<key>` with the time of their last part, and removed by aborting
 * them. A server without ListMultipartUploads (s3rver) lists none: give the bucket a lifecycle
 * rule `AbortIncompleteMultipartUpload` there.
 */
@Injectable()
export class S3Storage extends FileStorage implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('S3Storage');
  private readonly bucket: string;
  private readonly client: S3Client;
  private warnedNoUploadListing = false;
  /**
   * An unfinished multipart upload changes only when a whole part (5 MiB) has been sent, which a
   * slow client may take longer than the request timeout to fill: an hour, the sweep's own rule.
   */
  override readonly temporaryQuietMs = 60 * 60 * 1000;
  /** Keys per listing request (S3's maximum); a seam for tests of the pagination. */
  protected readonly pageSize: number = 1000;

  constructor(@InjectConfig() config: AppConfig) {
    super();
    if (!config.objectStorage) throw new Error('S3Storage needs STORAGE_URL');
    this.bucket = config.objectStorage.bucket;
    this.client = s3Client(config.objectStorage);
  }

  async put(source: Readable, options: PutOptions): Promise<PutResult> {
    const key = newStorageKey(options.prefix, randomUUID());
    const { stream: measure, measured } = measuringStream();
    if (options.verify) {
      const dir = await mkdtemp(join(tmpdir(), SPOOL_PREFIX));
      try {
        const local = join(dir, 'object.part');
        await pipeline(source, measure, createWriteStream(local, { flags: 'wx', mode: 0o600 }));
        await options.verify(local);
        await this.upload(key, createReadStream(local));
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    } else {
      const body = new PassThrough();
      const upload = this.upload(key, body).catch((error: unknown) => {
        // The store failed: stop reading the source.
        body.destroy(error as Error);
        throw error;
      });
      const [piped, uploaded] = await Promise.allSettled([pipeline(source, measure, body), upload]);
      // The source's own failure (a size limit, a client gone) comes first: it is what the caller answers.
      if (piped.status === 'rejected') throw piped.reason;
      if (uploaded.status === 'rejected') throw uploaded.reason;
    }
    return { key, ...measured() };
  }

  async stream(key: string, range?: ByteRange): Promise<Readable> {
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: checkStorageKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }));
      return object.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw new StoredObjectMissingError(key);
      throw error;
    }
  }

  async stat(key: string): Promise<StoredObjectInfo | null> {
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: checkStorageKey(key) }));
      return { key, sizeBytes: head.ContentLength ?? 0, modifiedAt: head.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    const temporary = TEMP_KEY.exec(key);
    if (temporary) {
      try {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: checkStorageKey(temporary[2]), UploadId: decodeURIComponent(temporary[1]) }));
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    }
    // S3 answers a delete of a missing object like any other: ask first, for the caller's count.
    if (!(await this.stat(key))) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    return true;
  }

  async *list(options: { temporaryOnly?: boolean } = {}): AsyncIterable<ListedObject> {
    if (!options.temporaryOnly) {
      for await (const page of paginateListObjectsV2({ client: this.client, pageSize: this.pageSize }, { Bucket: this.bucket })) {
        for (const object of page.Contents ?? []) {
          // Not ours (e.g. a README an operator put there).
          if (!object.Key || !isStorageKey(object.Key)) continue;
          yield { key: object.Key, sizeBytes: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0), temporary: false };
        }
      }
    }
    yield* this.unfinishedUploads();
  }

  /** Reads the bucket's location: fails when the bucket is missing, the credentials are refused or the service is down. */
  async probe(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      throw new Error(`Bucket ${this.bucket} is not usable${status ? ` (HTTP ${status})` : ''}: ${(error as Error).name}`, { cause: error });
    }
  }

  /**
   * Removes the local spool directories (`<tmpdir>/chargeops-put-*`, an image kept while it is
   * checked) that a process killed mid-upload left behind: up to the photo limit each. Only those
   * untouched for {@link temporaryQuietMs}: another process on this host may be spooling now.
   * A failure is logged and does not stop the start.
   */
  async onApplicationBootstrap(): Promise<void> {
    const cutoff = Date.now() - this.temporaryQuietMs;
    try {
      for (const name of await readdir(tmpdir())) {
        if (!name.startsWith(SPOOL_PREFIX)) continue;
        const path = join(tmpdir(), name);
        const info = await stat(path).catch(() => null);
        if (info?.isDirectory() && info.mtimeMs < cutoff) await rm(path, { recursive: true, force: true });
      }
    } catch (error) {
      this.logger.warn({ err: error }, 'Could not remove old upload spool directories');
    }
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private upload(key: string, body: Readable): Promise<unknown> {
    return new Upload({ client: this.client, params: { Bucket: this.bucket, Key: key, Body: body }, partSize: PART_SIZE, queueSize: QUEUE_SIZE, leavePartsOnError: false }).done();
  }

  /** The bucket's unfinished multipart uploads of our keys, each dated by its last part (or its start when it has none). */
  private async *unfinishedUploads(): AsyncIterable<ListedObject> {
    try {
      let markers: { KeyMarker?: string; UploadIdMarker?: string } = {};
      for (;;) {
        // The SDK has no paginator for this listing.
        const page = await this.client.send(new ListMultipartUploadsCommand({ Bucket: this.bucket, ...markers }));
        for (const upload of page.Uploads ?? []) {
          if (!upload.Key || !upload.UploadId || !isStorageKey(upload.Key)) continue;
          let sizeBytes = 0;
          let modifiedAt = upload.Initiated ?? new Date(0);
          for await (const parts of paginateListParts({ client: this.client }, { Bucket: this.bucket, Key: upload.Key, UploadId: upload.UploadId })) {
            for (const part of parts.Parts ?? []) {
              sizeBytes += part.Size ?? 0;
              if (part.LastModified && part.LastModified > modifiedAt) modifiedAt = part.LastModified;
            }
          }
          yield { key: `.uploads/${encodeURIComponent(upload.UploadId)}/${upload.Key}`, sizeBytes, modifiedAt, temporary: true };
        }
        if (!page.IsTruncated) break;
        markers = { KeyMarker: page.NextKeyMarker, UploadIdMarker: page.NextUploadIdMarker };
      }
    } catch (error) {
      if (!isNotImplemented(error)) throw error;
      if (!this.warnedNoUploadListing) this.logger.warn(`The storage service cannot list unfinished multipart uploads of bucket ${this.bucket}: give it a lifecycle rule AbortIncompleteMultipartUpload`);
      this.warnedNoUploadListing = true;
    }
  }
}
