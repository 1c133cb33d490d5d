import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { Injectable, type Type } from '@nestjs/common';
import busboy from 'busboy';
import { AppException, ValidationProblem } from '../../common/problem.js';
import { createValidationPipe } from '../../common/validation.js';
import { WellFormedTextPipe } from '../../common/well-formed-text.pipe.js';
import type { AppConfig, UploadKind } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { FileStorage, type PutResult } from '../storage/file-storage.js';
import { CONTENT_TYPE_EXTENSIONS, CONTENT_TYPE_LABELS, CONTENT_TYPES, isTextType, SNIFF_BYTES, sniffContentType, TextContentCheck } from './content-type.js';
import { decodeFormDataName, sanitizeFileName } from '../../common/http/file-name.js';
import { checkImage, isDecodedImageType } from './image-check.js';

/**
 * What an upload route accepts. Lead documents are one policy; survey and installation media and
 * signatures are others, received by the same {@link UploadReceiver}.
 */
export interface UploadPolicy<F extends object> {
  /**
   * The size-limit kind (DESIGN §6: documents 10 MB, photos 15 MB, videos 200 MB), or a function of
   * the sniffed content type when one route takes several kinds (survey media: a photo or a video).
   * With a function, the largest limit holds until the type is known (after {@link SNIFF_BYTES}),
   * then the kind's own.
   */
  kind: UploadKind | ((contentType: string) => UploadKind);
  /** Storage key prefix, e.g. `documents`. */
  prefix: string;
  /** Multipart field carrying the file; `file` unless said otherwise. */
  fileField?: string;
  /** DTO of the text fields, validated like a JSON body (400 naming each field; unknown fields rejected). */
  fields: Type<F>;
  /**
   * Content types allowed given the text fields received so far. Called when the file's first
   * bytes are sniffed (fields sent after the file are not known yet: answer the union of every
   * type the route takes) and again with every field once the body is read.
   */
  allowedTypes(fields: Readonly<Record<string, string>>): readonly string[];
  /** Names the choice the allowed types depend on in a 415 message, e.g. `documentType electricity_bill`. */
  describe?(fields: Readonly<Record<string, string>>): string | undefined;
  /**
   * Decode every image before it is accepted (issue 11): a file sniffed as JPEG, PNG, WebP or
   * HEIC must decode to its last pixel within the caps of {@link checkImage} once it is written
   * to its temporary file, else the upload answers 422 naming the file field and stores nothing.
   * Other types (videos, PDFs, text) are not decoded.
   */
  decodeImages?: boolean;
}

/** The stored file of an upload: where it is, what it is (sniffed), and the sanitised client name. */
export interface ReceivedFile extends PutResult {
  contentType: string;
  originalName: string;
}

/** A received upload: validated fields and the file, already moved into storage. */
export interface ReceivedUpload<F> {
  fields: F;
  file: ReceivedFile;
}

/** Multipart limits besides the file's size: a handful of short text fields, one file. */
const LIMITS = { fields: 20, fieldSize: 16 * 1024, fieldNameSize: 100, parts: 30, headerPairs: 50 };
/** Room for the fields and multipart framing when judging a declared Content-Length against the file limit. */
const FRAMING_ALLOWANCE = LIMITS.fields * LIMITS.fieldSize + 64 * 1024;

/** 413 with the limit that was passed (DESIGN §6). */
export function uploadTooLarge(kind: UploadKind | 'file', limitBytes: number): AppException {
  return new AppException(413, 'UPLOAD_TOO_LARGE', `The file is larger than the ${formatBytes(limitBytes)} allowed for a ${kind}`, { limitBytes });
}

/** 415 naming the sniffed type and what is allowed instead. */
export function typeNotAllowed(detected: string, allowed: readonly string[], context?: string): AppException {
  const names = [...new Set(allowed.map((t) => CONTENT_TYPE_LABELS[t] ?? t))].join(', ');
  const what = detected === CONTENT_TYPES.unknown ? 'a file of unrecognised type' : `${CONTENT_TYPE_LABELS[detected] ?? detected} (${detected})`;
  return new AppException(415, 'UPLOAD_TYPE_NOT_ALLOWED', `The content is ${what}, which is not allowed${context ? ` for ${context}` : ''}; allowed: ${names}`, {
    detectedType: detected,
    allowedTypes: [...allowed],
  });
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}

/**
 * The file part on its way to storage: counts bytes and fails with 413 on the first byte past the
 * limit; holds the first {@link SNIFF_BYTES} back until the type is sniffed and accepted (415
 * otherwise); checks every further byte of a text type (415 when it turns out binary); fails with
 * 400 when the file is empty. Memory is bounded by the sniff buffer and the stream buffers.
 */
class UploadInspector extends Transform {
  sizeBytes = 0;
  contentType: string | undefined;
  private head: Buffer[] = [];
  private headBytes = 0;
  private text: TextContentCheck | undefined;

  constructor(
    /** The limit in bytes, and the error for passing it, before (undefined) and after the type is sniffed. */
    private readonly limitOf: (contentType: string | undefined) => { bytes: number; error: () => Error },
    /** The error that refuses `contentType`, or undefined when it is allowed. */
    private readonly refuse: (contentType: string) => Error | undefined,
    private readonly fileField: string,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.sizeBytes += chunk.length;
    if (this.contentType === undefined) {
      this.head.push(chunk);
      this.headBytes += chunk.length;
      if (this.headBytes >= SNIFF_BYTES) return void this.decide(false).then(() => done(), done); // decide() applies the type's limit
      const limit = this.limitOf(undefined);
      return done(this.sizeBytes > limit.bytes ? limit.error() : null);
    }
    const limit = this.limitOf(this.contentType);
    if (this.sizeBytes > limit.bytes) return done(limit.error());
    if (this.text && !this.text.push(chunk)) return done(this.notText());
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    if (this.sizeBytes === 0) return done(new ValidationProblem([{ field: this.fileField, message: 'the file is empty' }]));
    (this.contentType === undefined ? this.decide(true) : Promise.resolve())
      .then(() => done(this.text && !this.text.end() ? this.notText() : null))
      .catch(done);
  }

  private async decide(complete: boolean): Promise<void> {
    const head = Buffer.concat(this.head);
    this.head = [];
    this.contentType = await sniffContentType(head, complete);
    const refused = this.refuse(this.contentType);
    if (refused) throw refused;
    const limit = this.limitOf(this.contentType);
    if (this.sizeBytes > limit.bytes) throw limit.error();
    if (isTextType(this.contentType)) {
      this.text = new TextContentCheck();
      this.text.push(head); // already judged text by the sniffer; this primes the decoder's state
    }
    this.push(head);
  }

  /** What looked like text in its first bytes is binary after all: a type nothing recognises. */
  private notText(): Error {
    this.contentType = CONTENT_TYPES.unknown;
    return this.refuse(CONTENT_TYPES.unknown) ?? new AppException(415, 'UPLOAD_TYPE_NOT_ALLOWED', 'The file is not text after all');
  }
}

/**
 * Receives one multipart upload (DESIGN §6) and streams its file into {@link FileStorage} without
 * ever holding it whole in memory: busboy parses the body as it arrives; the file part goes
 * through {@link UploadInspector} (limit, sniffed type) into `storage.put`, which hashes and sizes
 * it, decodes it when it is an image and the policy says so, and moves it into place.
 *
 * A failure answers at once: the rest of the body is read and discarded without waiting for it
 * (a client that sends 200 MB against a 10 MB limit gets its 413 after 10 MB), and whatever was
 * stored is removed. On success the caller owns the stored file: it writes the row that
 * references it, or deletes it when that fails.
 */
@Injectable()
export class UploadReceiver {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly storage: FileStorage,
  ) {}

  /**
   * @throws 400 VALIDATION_FAILED naming `file` (not multipart, missing, empty, sent twice, sent as
   *         text) or a field (missing, invalid, unknown, too long); 400 UPLOAD_MALFORMED for a broken
   *         multipart body; 413 UPLOAD_TOO_LARGE; 415 UPLOAD_TYPE_NOT_ALLOWED; with
   *         `policy.decodeImages`, 422 IMAGE_UNDECODABLE or IMAGE_TOO_LARGE naming the file field
   */
  async receive<F extends object>(req: IncomingMessage, policy: UploadPolicy<F>): Promise<ReceivedUpload<F>> {
    const { fields, file } = await this.receiveParts(req, policy, true);
    return { fields, file: file as ReceivedFile };
  }

  /**
   * As {@link receive}, for a route where the file may be left out (e.g. an installation report
   * without a customer signature): `file` is null when the body has no file part.
   * @throws as {@link receive}, except for a missing file part
   */
  receiveOptionalFile<F extends object>(req: IncomingMessage, policy: UploadPolicy<F>): Promise<{ fields: F; file: ReceivedFile | null }> {
    return this.receiveParts(req, policy, false);
  }

  private receiveParts<F extends object>(req: IncomingMessage, policy: UploadPolicy<F>, fileRequired: boolean): Promise<{ fields: F; file: ReceivedFile | null }> {
    const fileField = policy.fileField ?? 'file';
    const limits = this.config.uploadLimits;
    const limitOf = (contentType: string | undefined) => {
      const kind = typeof policy.kind === 'string' ? policy.kind : contentType === undefined ? undefined : policy.kind(contentType);
      const bytes = kind ? limits[kind] : Math.max(...Object.values(limits));
      return { bytes, error: () => uploadTooLarge(kind ?? 'file', bytes) };
    };
    const ceiling = limitOf(undefined);
    const missingFile = (message: string) => new ValidationProblem([{ field: fileField, message }]);

    if (!/^multipart\/form-data\s*(;|$)/i.test(req.headers['content-type'] ?? '')) {
      return Promise.reject(missingFile(`send multipart/form-data with the file in a part named "${fileField}"`));
    }
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > ceiling.bytes + FRAMING_ALLOWANCE) return Promise.reject(ceiling.error());

    return new Promise<{ fields: F; file: ReceivedFile | null }>((resolve, reject) => {
      let parser: busboy.Busboy;
      try {
        // Browsers send UTF-8 file names as raw bytes; busboy would read them as latin1.
        parser = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: LIMITS });
      } catch {
        reject(new AppException(400, 'UPLOAD_MALFORMED', 'The multipart body has no boundary'));
        return;
      }
      const fields = new Map<string, string>();
      let inspector: UploadInspector | undefined;
      let stored: Promise<ReceivedFile> | undefined;
      let settled = false;

      const fail = (error: unknown) => {
        if (settled) return;
        settled = true;
        // Stop parsing and discard the rest of the body: the answer goes out now, not after the upload.
        req.unpipe(parser);
        req.resume();
        inspector?.destroy(error instanceof Error ? error : new Error(String(error)));
        // Answer once nothing is left behind: a put still running fails on the destroyed stream and
        // removes its temporary file; a file already moved into place has no row and never will.
        // (A failed removal is left to the sweep.)
        const cleanup = stored ? stored.then((file) => this.storage.delete(file.key), () => undefined).catch(() => undefined) : Promise.resolve();
        void cleanup.then(() => reject(error));
      };
      const allowed = () => policy.allowedTypes(Object.fromEntries(fields));
      const refuse = (contentType: string) => {
        const types = allowed();
        return types.includes(contentType) ? undefined : typeNotAllowed(contentType, types, policy.describe?.(Object.fromEntries(fields)));
      };

      // After a failure the parser may still emit parts it had buffered: they are ignored, never stored.
      parser.on('field', (name, value, info) => {
        if (settled) return;
        if (info.nameTruncated) return fail(new ValidationProblem([{ field: name, message: 'the field name is too long' }]));
        if (info.valueTruncated) return fail(new ValidationProblem([{ field: name, message: `must be at most ${LIMITS.fieldSize} bytes` }]));
        if (name === fileField) return fail(missingFile('must be a file part (with a filename), not a text field'));
        if (fields.has(name)) return fail(new ValidationProblem([{ field: name, message: 'sent more than once' }]));
        // The DTO's whitelist would silently skip these instead of refusing them like any unknown field.
        if (['__proto__', 'constructor', 'prototype'].includes(name)) return fail(new ValidationProblem([{ field: name, message: `property ${name} should not exist` }]));
        fields.set(name, value);
      });

      parser.on('file', (name, fileStream, info) => {
        if (settled) return void fileStream.resume();
        if (name !== fileField) {
          fileStream.resume();
          return fail(new ValidationProblem([{ field: name, message: `unexpected file part; send the file as "${fileField}"` }]));
        }
        if (stored) {
          fileStream.resume();
          return fail(missingFile('send exactly one file'));
        }
        const current = new UploadInspector(limitOf, refuse, fileField);
        inspector = current;
        // Listened to from the start: the inspector may fail (a small file, refused) before put's pipeline is attached.
        current.on('error', fail);
        fileStream.on('error', (error) => current.destroy(error));
        fileStream.pipe(current);
        // The sniffed type is known once the whole file is written, which is when verify runs.
        const verify = policy.decodeImages
          ? async (path: string) => {
              const contentType = current.contentType;
              if (contentType && isDecodedImageType(contentType)) await checkImage(path, fileField, contentType);
            }
          : undefined;
        stored = this.storage.put(current, { prefix: policy.prefix, verify }).then((put) => {
          const contentType = current.contentType ?? CONTENT_TYPES.unknown;
          return { ...put, contentType, originalName: sanitizeFileName(info.filename && decodeFormDataName(info.filename), CONTENT_TYPE_EXTENSIONS[contentType]) };
        });
        stored.catch(fail);
      });

      parser.on('close', () => {
        if (settled) return;
        if (!stored && fileRequired) return fail(missingFile(`a file part named "${fileField}" is required`));
        (stored ?? Promise.resolve(null)).then(async (file) => {
          if (settled) return;
          try {
            // The global pipes skip this handler's custom parameter: run both here, as on a JSON body.
            const body = new WellFormedTextPipe().transform(Object.fromEntries(fields), { type: 'body', metatype: policy.fields });
            const validated = (await createValidationPipe().transform(body, { type: 'body', metatype: policy.fields })) as F;
            const refused = file && refuse(file.contentType); // again, now that every field is known
            if (refused) throw refused;
            settled = true;
            resolve({ fields: validated, file });
          } catch (error) {
            fail(error);
          }
        }, () => undefined); // its failure already went to fail()
      });

      parser.on('error', (error: Error) => fail(new AppException(400, 'UPLOAD_MALFORMED', `The multipart body is malformed: ${error.message}`)));
      parser.on('partsLimit', () => fail(new AppException(400, 'UPLOAD_MALFORMED', `At most ${LIMITS.parts} parts`)));
      parser.on('fieldsLimit', () => fail(new AppException(400, 'UPLOAD_MALFORMED', `At most ${LIMITS.fields} fields`)));
      // A client that goes away mid-upload: nothing can be answered, but nothing may stay behind either.
      const aborted = () => new AppException(400, 'UPLOAD_ABORTED', 'The upload was interrupted');
      req.on('close', () => {
        if (!req.complete) fail(aborted());
      });
      req.once('error', () => fail(aborted()));
      // Gone already, while the guard and the checks before this ran: 'close' has fired, and a
      // destroyed request piped into the parser never ends it (the handler would wait for good).
      if (req.destroyed && !req.readableEnded) {
        fail(aborted());
        return;
      }
      req.pipe(parser);
    });
  }
}
