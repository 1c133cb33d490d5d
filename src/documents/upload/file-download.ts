import { Readable } from 'node:stream';
import { StreamableFile } from '@nestjs/common';
import { AppException } from '../../common/problem.js';
import type { StoredFile } from '../entities/stored-file.entity.js';
import { type ByteRange, type FileStorage, isPurgedKey } from '../storage/file-storage.js';
import { contentDisposition } from '../../common/http/file-name.js';

/** The request headers a download honours. */
export interface DownloadConditions {
  range?: string;
  ifRange?: string;
  ifNoneMatch?: string;
}

/** What a `Range` header asks of a file of a given size. */
export type RangeRequest = { kind: 'full' } | { kind: 'partial'; range: ByteRange } | { kind: 'unsatisfiable' };

const FULL: RangeRequest = { kind: 'full' };

/**
 * Reads a `Range` header (RFC 9110 §14.1.2) against a file of `size` bytes: `bytes=a-b`, `bytes=a-`
 * and `bytes=-n` (the last n bytes). A missing or malformed header, another unit, or several
 * ranges ask for the whole file (a server may ignore Range, §14.2); a range that starts at or
 * beyond the end (or `bytes=-0`) is unsatisfiable (416).
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  const match = header ? /^bytes=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return FULL;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? { kind: 'unsatisfiable' } : { kind: 'partial', range: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (match[2] !== '' && Number(match[2]) < start) return FULL; // an invalid range-spec: the header is ignored
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { start, end } };
}

/** True when an `If-None-Match` value (a list, `*`, weak or strong tags) names the entity tag `"<sha256>"`. */
export function etagMatches(header: string, sha256: string): boolean {
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === `"${sha256}"`;
  });
}

/** 416 for a Range beyond the file; {@link FileDownloadInterceptor} adds `Content-Range: bytes *\/<size>`. */
export class RangeNotSatisfiableProblem extends AppException {
  constructor(readonly sizeBytes: number) {
    super(416, 'RANGE_NOT_SATISFIABLE', `The requested range is outside the file (${sizeBytes} bytes)`, { sizeBytes });
  }
}

/**
 * 410 for a file whose bytes retention deleted (issue #15, item 7): gone for good, not "not
 * found", and named by `fileId` so a caller can tell which one; never a 500.
 */
export class FilePurgedProblem extends AppException {
  constructor(readonly fileId: string) {
    super(410, 'FILE_PURGED', `The file ${fileId} was deleted when its lead's retention period ended; only its size and SHA-256 are kept`, { fileId });
  }
}

/** A file answer: the stream plus the status (200, 206, 304) and headers {@link FileDownloadInterceptor} applies. */
export class FileDownload extends StreamableFile {
  constructor(
    body: Readable,
    readonly status: 200 | 206 | 304,
    readonly headers: Readonly<Record<string, string>>,
    options: { type?: string; length?: number; disposition?: string } = {},
  ) {
    super(body, options);
  }
}

/**
 * Opens a stored file for download (DESIGN §6): `ETag` = `"<sha256>"` (304 on a matching
 * `If-None-Match`), `Accept-Ranges: bytes`, one byte range → 206 with `Content-Range` (honouring
 * `If-Range`), the sniffed `Content-Type`, its `Content-Length`, and an attachment
 * `Content-Disposition` with the sanitised original name. `Cache-Control: private, no-cache`: the
 * files hold personal data, so shared caches keep none and browsers revalidate.
 * @throws 410 FILE_PURGED when retention deleted the bytes (checked first: no ETag or range answer for them);
 *         416 RANGE_NOT_SATISFIABLE; StoredObjectMissingError (a 500) when the row's file is gone otherwise
 */
export async function openDownload(
  storage: FileStorage,
  file: Pick<StoredFile, 'id' | 'storageKey' | 'sizeBytes' | 'sha256' | 'contentType' | 'originalName'>,
  conditions: DownloadConditions,
): Promise<FileDownload> {
  if (isPurgedKey(file.storageKey)) throw new FilePurgedProblem(file.id);
  const etag = `"${file.sha256}"`;
  const headers: Record<string, string> = { ETag: etag, 'Accept-Ranges': 'bytes', 'Cache-Control': 'private, no-cache' };
  if (conditions.ifNoneMatch && etagMatches(conditions.ifNoneMatch, file.sha256)) return new FileDownload(Readable.from([]), 304, headers);
  let request = parseRange(conditions.range, file.sizeBytes);
  // If-Range with another tag (or a date: we send no Last-Modified) means "the whole file, it changed".
  if (request.kind !== 'full' && conditions.ifRange !== undefined && conditions.ifRange.trim() !== etag) request = FULL;
  if (request.kind === 'unsatisfiable') throw new RangeNotSatisfiableProblem(file.sizeBytes);
  const disposition = contentDisposition(file.originalName);
  if (request.kind === 'partial') {
    const { start, end } = request.range;
    const stream = await storage.stream(file.storageKey, request.range);
    return new FileDownload(stream, 206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${file.sizeBytes}` }, { type: file.contentType, length: end - start + 1, disposition });
  }
  const stream = await storage.stream(file.storageKey);
  return new FileDownload(stream, 200, headers, { type: file.contentType, length: file.sizeBytes, disposition });
}
