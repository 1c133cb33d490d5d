import { createHash } from 'node:crypto';
import request, { type Response } from 'supertest';
import { encodeJpeg, encodePng, sitePhotoPainter } from '../../src/cli/demo-files.js';
import type { LeadDocumentResponseDto } from '../../src/documents/dto/lead-document.dto.js';
import type { TestApp } from './test-app.js';

export const documentsUrl = (leadId: string) => `/api/v1/leads/${leadId}/documents`;
export const contentUrl = (leadId: string, documentId: string) => `${documentsUrl(leadId)}/${documentId}/content`;

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A `Uint8Array`-free concat of strings and bytes (latin1 for strings, so \xNN means that byte). */
const bytes = (...parts: (string | Buffer | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.isBuffer(p) ? p : Buffer.from(p))));

/** An ISO-BMFF `ftyp` box with `brand` (HEIC/HEIF photos, MP4 video) followed by an empty `meta` box. */
const ftyp = (brand: string, ...compatible: string[]) => {
  const body = bytes(brand, [0, 0, 0, 0], ...compatible);
  const box = Buffer.alloc(8 + body.length);
  box.writeUInt32BE(box.length);
  box.write('ftyp', 4, 'latin1');
  body.copy(box, 8);
  return bytes(box, [0, 0, 0, 12], 'meta', [0, 0, 0, 0]);
};

const riff = (format: string, chunk: Buffer) => {
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + chunk.length, 4);
  head.write(format, 8, 'latin1');
  return bytes(head, chunk);
};

/** A sample upload: its bytes and the content type it must be sniffed as (undefined: refused by every document type). */
export interface Sample {
  bytes: Buffer;
  /** What the API must store as contentType. */
  sniffed: string;
}

/** Small real files of every type the documents API allows, and of several it must refuse. */
export const SAMPLES = {
  pdf: { bytes: bytes('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n'), sniffed: 'application/pdf' },
  jpeg: { bytes: encodeJpeg(32, 24, sitePhotoPainter(32, 24, 1)), sniffed: 'image/jpeg' },
  png: { bytes: encodePng(32, 24, sitePhotoPainter(32, 24, 2)), sniffed: 'image/png' },
  heic: { bytes: ftyp('heic', 'mif1', 'heic'), sniffed: 'image/heic' },
  heif: { bytes: ftyp('mif1', 'mif1', 'heic'), sniffed: 'image/heif' },
  webp: { bytes: riff('WEBP', bytes('VP8L', [5, 0, 0, 0], [0x2f, 0, 0, 0, 0x10], [0])), sniffed: 'image/webp' },
  text: { bytes: Buffer.from('Electrician: रमेश कुमार (licence MH-EL-2291)\nPhone: +91 98123 45678\n', 'utf8'), sniffed: 'text/plain' },
  vcard: { bytes: Buffer.from('BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Ramesh Kumar\r\nTEL;TYPE=cell:+919812345678\r\nEND:VCARD\r\n'), sniffed: 'text/vcard' },
  // RFC 6350 names are case-insensitive; file-type only knows the upper-case form.
  vcardLowerCase: { bytes: Buffer.from('\ufeffbegin:vcard\nversion:3.0\nfn:Suresh Patil\nend:vcard\n'), sniffed: 'text/vcard' },
  html: { bytes: Buffer.from('<!doctype html><title>x</title><script>alert(1)</script>'), sniffed: 'text/plain' },
  gif: { bytes: bytes('GIF89a', [1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 0x44, 1, 0, 0x3b]), sniffed: 'image/gif' },
  zip: { bytes: bytes('PK', [3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0], 'a.txt'), sniffed: 'application/zip' },
  mp4: { bytes: ftyp('isom', 'isom', 'mp41'), sniffed: 'video/mp4' },
  exe: { bytes: bytes('MZ', Buffer.alloc(62), 'PE', [0, 0]), sniffed: 'application/x-msdownload' },
  elf: { bytes: bytes([0x7f], 'ELF', [2, 1, 1, 0], Buffer.alloc(56)), sniffed: 'application/x-elf' },
  xml: { bytes: Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>'), sniffed: 'application/xml' },
  binary: { bytes: bytes([0x13, 0x37, 0x00, 0x42, 0xde, 0xad, 0xbe, 0xef, 0x00, 0x01]), sniffed: 'application/octet-stream' },
  // Text for more than the sniffed head, then a NUL: it is not text after all.
  textThenBinary: { bytes: bytes('a'.repeat(5000), [0], 'b'.repeat(10)), sniffed: 'application/octet-stream' },
} satisfies Record<string, Sample>;

export type SampleName = keyof typeof SAMPLES;

/** Which samples each document type takes (issue #3); every other sample must answer 415. */
export const ALLOWED_SAMPLES: Record<string, SampleName[]> = {
  electricity_bill: ['pdf', 'jpeg', 'png', 'heic', 'heif'],
  location_photo: ['jpeg', 'png', 'heic', 'heif', 'webp'],
  electrician_contact: ['pdf', 'jpeg', 'png', 'text', 'vcard', 'vcardLowerCase', 'html'],
  other: ['pdf', 'jpeg', 'png', 'heic', 'heif', 'webp'],
};

/** What an upload sends. */
export interface UploadInput {
  documentType?: string;
  file?: Buffer;
  filename?: string;
  /** The client's claim, which the API ignores. */
  contentType?: string;
  notes?: string;
}

/** `POST /leads/{id}/documents` as multipart/form-data, with `headers` (Authorization or X-API-Key). */
export function upload(t: TestApp, headers: Record<string, string>, leadId: string, input: UploadInput): request.Test {
  let call = request(t.server).post(documentsUrl(leadId)).set(headers);
  if (input.documentType !== undefined) call = call.field('documentType', input.documentType);
  if (input.notes !== undefined) call = call.field('notes', input.notes);
  if (input.file) call = call.attach('file', input.file, { filename: input.filename ?? 'upload.bin', contentType: input.contentType ?? 'application/octet-stream' });
  return call;
}

/** Uploads and expects 201; returns the document. */
export async function uploaded(t: TestApp, headers: Record<string, string>, leadId: string, input: UploadInput): Promise<LeadDocumentResponseDto> {
  const res: Response = await upload(t, headers, leadId, input);
  if (res.status !== 201) throw new Error(`upload answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as LeadDocumentResponseDto;
}

/** Every file in the app's storage (keys and, on the local disk, `.tmp/…`), sorted. */
export function filesInStorage(t: TestApp): string[] {
  return t.storage.keys();
}

/** A supertest parser for downloads: the body as a Buffer, or the parsed problem+json of an error. */
export function binary(res: request.Response, callback: (error: Error | null, body: unknown) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => {
    const body = Buffer.concat(chunks);
    const json = /json/.test(String((res as unknown as { headers: Record<string, string> }).headers['content-type']));
    callback(null, json ? (JSON.parse(body.toString('utf8')) as unknown) : body);
  });
}

/** One part of a hand-built multipart body: a text field, or a file with raw header bytes for its name. */
export type RawPart = { name: string; value: string } | { name: string; filename?: string; filenameHeader?: string; contentType?: string; bytes: Buffer };

/**
 * Builds a multipart/form-data body byte by byte, for what client libraries will not send:
 * parts in a chosen order, file names with control characters or `filename*`, a file sent twice.
 */
export function multipartBody(parts: RawPart[], boundary = `----chargeops${Date.now().toString(16)}`): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const part of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n`));
    if ('value' in part) {
      chunks.push(Buffer.from(`Content-Disposition: form-data; name="${part.name}"\r\n\r\n`), Buffer.from(part.value, 'utf8'), Buffer.from('\r\n'));
    } else {
      const filename = part.filenameHeader ?? (part.filename === undefined ? '' : `; filename="${part.filename}"`);
      chunks.push(
        Buffer.from(`Content-Disposition: form-data; name="${part.name}"${filename}\r\nContent-Type: ${part.contentType ?? 'application/octet-stream'}\r\n\r\n`, 'utf8'),
        part.bytes,
        Buffer.from('\r\n'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Sends a {@link multipartBody} to `POST /leads/{id}/documents`. */
export function uploadRaw(t: TestApp, headers: Record<string, string>, leadId: string, parts: RawPart[]): request.Test {
  const { body, contentType } = multipartBody(parts);
  return request(t.server).post(documentsUrl(leadId)).set(headers).set('Content-Type', contentType).send(body);
}
