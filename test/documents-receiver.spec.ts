import { once } from 'node:events';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, IncomingMessage, type Server } from 'node:http';
import { Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HttpException } from '@nestjs/common';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../src/config/config.js';
import { UploadLeadDocumentDto } from '../src/documents/dto/lead-document.dto.js';
import { LocalDiskStorage } from '../src/documents/storage/local-disk.storage.js';
import { etagMatches, parseRange } from '../src/documents/upload/file-download.js';
import { contentDisposition, decodeFormDataName, sanitizeFileName } from '../src/common/http/file-name.js';
import { type UploadPolicy, UploadReceiver } from '../src/documents/upload/upload-receiver.service.js';
import { SAMPLES } from './support/documents.js';

const padded = (bytes: Buffer, size: number) => Buffer.concat([bytes, Buffer.alloc(size - bytes.length)]);

describe('UploadReceiver with the kind chosen by the sniffed type (survey media: photo or video)', () => {
  let dir: string;
  let server: Server;
  let base: string;
  const policy: UploadPolicy<UploadLeadDocumentDto> = {
    kind: (contentType) => (contentType.startsWith('video/') ? 'video' : 'photo'),
    prefix: 'media',
    fields: UploadLeadDocumentDto,
    allowedTypes: () => ['image/png', 'video/mp4'],
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'chargeops-receiver-'));
    const limits = { document: 1000, photo: 5000, video: 20_000 };
    const receiver = new UploadReceiver({ uploadLimits: limits } as AppConfig, new LocalDiskStorage({ storageDir: dir } as AppConfig));
    // A bare Node server: the receiver needs no Express.
    server = createServer((req, res) => {
      receiver.receive(req, policy).then(
        ({ file }) => res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(file)),
        (error: HttpException) => res.writeHead(error.getStatus(), { 'content-type': 'application/json' }).end(JSON.stringify({ message: error.message, ...error.getResponse?.call(error) as object })),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (file: Buffer) => request(base).post('/').field('documentType', 'other').attach('file', file, 'clip.bin');

  it('holds a photo to the photo limit and a video to the video limit', async () => {
    expect((await send(padded(SAMPLES.png.bytes, 5000))).status).toBe(201);
    const photo = await send(padded(SAMPLES.png.bytes, 5001));
    expect(photo.status).toBe(413);
    expect(photo.body.message).toMatch(/5000 bytes allowed for a photo/);
    const video = await send(padded(SAMPLES.mp4.bytes, 19_000));
    expect(video.status).toBe(201);
    expect(video.body).toMatchObject({ contentType: 'video/mp4', sizeBytes: 19_000 });
    const long = await send(padded(SAMPLES.mp4.bytes, 20_001));
    expect(long.status).toBe(413);
    expect(long.body.message).toMatch(/allowed for a video/);
  });
});

describe('UploadReceiver and a client gone before its body is read', () => {
  it('answers UPLOAD_ABORTED at once and stores nothing (the checks before the body may take a while on a phone that gives up)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chargeops-receiver-gone-'));
    try {
      const receiver = new UploadReceiver({ uploadLimits: { document: 1000, photo: 5000, video: 20_000 } } as AppConfig, new LocalDiskStorage({ storageDir: dir } as AppConfig));
      const req = new IncomingMessage(new Socket());
      req.headers = { 'content-type': 'multipart/form-data; boundary=x', 'content-length': '500' };
      req.push(Buffer.from('--x\r\nContent-Disposition: form-data; name="documentType"\r\n\r\nother\r\n'));
      req.destroy();
      await once(req, 'close');
      const policy: UploadPolicy<UploadLeadDocumentDto> = { kind: 'photo', prefix: 'media', fields: UploadLeadDocumentDto, allowedTypes: () => ['image/png'] };
      await expect(receiver.receive(req, policy)).rejects.toMatchObject({ code: 'UPLOAD_ABORTED' });
      expect(readdirSync(dir, { recursive: true }).filter((name) => String(name).endsWith('.part'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('file names, Content-Disposition, Range', () => {
  it('sanitises names', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('passwd');
    expect(sanitizeFileName('C:\\Users\\x\\bill.pdf')).toBe('bill.pdf');
    expect(sanitizeFileName('a\u0000b\u001fc\u007f.pdf')).toBe('abc.pdf');
    expect(sanitizeFileName('in\u202Eexe.pdf')).toBe('inexe.pdf');
    expect(sanitizeFileName('...', 'pdf')).toBe('upload.pdf');
    expect(sanitizeFileName(undefined)).toBe('upload');
    expect(sanitizeFileName(`${'é'.repeat(300)}.jpeg`)).toHaveLength(255);
    expect(decodeFormDataName('a%22b%0D%0Ac 50%.pdf')).toBe('a"b\r\nc 50%.pdf');
  });

  it('builds an RFC 6266 Content-Disposition with an ASCII fallback and the exact UTF-8 name', () => {
    expect(contentDisposition('bill.pdf')).toBe(`attachment; filename="bill.pdf"; filename*=UTF-8''bill.pdf`);
    expect(contentDisposition('Crème "brûlée" (1)*.pdf')).toBe(`attachment; filename="Creme _brulee_ (1)*.pdf"; filename*=UTF-8''Cr%C3%A8me%20%22br%C3%BBl%C3%A9e%22%20%281%29%2A.pdf`);
    expect(contentDisposition('100%\\x.pdf')).toMatch(/^attachment; filename="100__x.pdf"; /);
  });

  it('reads Range headers', () => {
    expect(parseRange(undefined, 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-9', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 9 } });
    expect(parseRange('bytes=90-', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(parseRange('bytes=-10', 100)).toEqual({ kind: 'partial', range: { start: 90, end: 99 } });
    expect(parseRange('bytes=-1000', 100)).toEqual({ kind: 'partial', range: { start: 0, end: 99 } });
    expect(parseRange('bytes=50-1000', 100)).toEqual({ kind: 'partial', range: { start: 50, end: 99 } });
    expect(parseRange('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=9-3', 100)).toEqual({ kind: 'full' });
    expect(parseRange('bytes=0-1,3-4', 100)).toEqual({ kind: 'full' });
    expect(parseRange('lines=1-2', 100)).toEqual({ kind: 'full' });
    expect(etagMatches('W/"abc", "def"', 'def')).toBe(true);
    expect(etagMatches('*', 'def')).toBe(true);
    expect(etagMatches('"abc"', 'def')).toBe(false);
  });
});
