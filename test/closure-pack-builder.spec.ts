import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import archiver from 'archiver';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { encodeJpeg, encodePng, renderDemoBill, sitePhotoPainter } from '../src/cli/demo-files.js';
import type { AppConfig } from '../src/config/config.js';
import type { ByteRange, PutResult } from '../src/documents/storage/file-storage.js';
import { LocalDiskStorage } from '../src/documents/storage/local-disk.storage.js';
import {
  buildClosurePack,
  type ClosurePackFile,
  type ClosurePackManifest,
  type ClosurePackSummary,
} from '../src/installations/closure-pack/closure-pack-builder.js';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import { corruptPng, pngBomb, truncatedJpeg } from './support/crafted-images.js';
import { parsePdf } from './support/pdf.js';
import { popplerImages, popplerInfo, popplerText, popplerWords } from './support/poppler.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** The PDF's text (pdftotext) with wrapped lines joined again, so assertions do not depend on where a line breaks. */
const flatText = (pdf: Buffer) => popplerText(pdf).replace(/\s+/g, ' ');

/**
 * LocalDiskStorage that remembers every stream it opened and, with `failAfterBytes`, fails a put
 * as a full disk would once that many bytes have arrived. With `failVia: 'pipe'` the failure does
 * not reach the source (as a careless storage would): the builder must notice and clean up alone.
 */
class TestStorage extends LocalDiskStorage {
  readonly opened: Readable[] = [];
  failAfterBytes: number | undefined;
  failVia: 'pipeline' | 'pipe' = 'pipeline';
  bytesBeforeFailure = 0;

  override async stream(key: string, range?: ByteRange): Promise<Readable> {
    const stream = await super.stream(key, range);
    this.opened.push(stream);
    return stream;
  }

  override put(source: Readable, options: { prefix: string }): Promise<PutResult> {
    const limit = this.failAfterBytes;
    if (limit === undefined) return super.put(source, options);
    const disk = new Transform({
      transform: (chunk: Buffer, _encoding, callback) => {
        if (this.bytesBeforeFailure + chunk.length > limit) return callback(new Error('disk full (simulated)'));
        this.bytesBeforeFailure += chunk.length;
        callback(null, chunk);
      },
    });
    if (this.failVia === 'pipe') return super.put(source.pipe(disk), options);
    // What a careful storage does: the failure destroys the source too.
    pipeline(source, disk).catch(() => undefined);
    return super.put(disk, options);
  }
}

/** Every object in storage, temporary ones marked, sorted. */
async function objects(storage: TestStorage): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of storage.list()) keys.push(object.temporary ? `(temporary) ${object.key}` : object.key);
  return keys.sort();
}

const GENERATED_AT = new Date('2026-11-21T08:35:00Z'); // 14:05 IST

function summaryOf(overrides: Partial<ClosurePackSummary> = {}): ClosurePackSummary {
  return {
    packId: '6b1f7c52-0a8e-4d0b-9a51-3c2f8e7d9a10',
    generatedAt: GENERATED_AT,
    verifyUrl: 'https://chargeops.example.in/api/v1/closure-packs/verify?packId=6b1f7c52-0a8e-4d0b-9a51-3c2f8e7d9a10',
    lead: {
      id: '3f0c7c1e-5d7a-4a52-9d0e-2b8f7a6c1d11',
      customerName: 'Asha Verma',
      customerPhone: '+919812345678',
      customerEmail: 'asha.verma@example.in',
      addressLine1: 'Flat 402, Lake View Apartments',
      addressLine2: 'Baner Road',
      city: 'Pune',
      state: 'Maharashtra',
      pincode: '411045',
      oemName: 'Voltra Motors',
      externalRef: 'VOL-88213',
      createdAt: new Date('2026-11-02T04:30:00Z'),
    },
    survey: {
      surveyId: 'SRV-2026-000042',
      scheduledDate: '2026-11-10',
      scheduledTimeSlot: '09-12',
      teamName: 'Field team Pune West 1',
      report: {
        parkingType: 'covered',
        supplyPhase: 'single',
        sanctionedLoadKw: 5.5,
        earthingAvailable: true,
        meterToChargerDistanceM: 12.5,
        cableLengthM: 15,
        civilWorkRequired: false,
        recommendedChargerModel: 'Voltra Home 7.4 kW',
        feasible: true,
        notes: 'Meter box in the basement; cable tray along the ramp.',
        submittedAt: new Date('2026-11-10T05:10:00Z'),
      },
    },
    installation: {
      installationId: 'INS-2026-000123',
      scheduledDate: '2026-11-20',
      scheduledTimeSlot: '12-15',
      teamName: 'Field team Pune West 1',
      doneOn: { startedAt: new Date('2026-11-20T05:40:00Z'), completedAt: new Date('2026-11-20T08:45:00Z') },
      report: {
        chargerSerialNumber: 'VH74-2026-QX81734',
        chargerModel: 'Voltra Home 7.4 kW',
        installationSuccessful: true,
        demoGiven: true,
        issuesEncountered: '',
        generalNotes: 'Customer shown the app pairing.',
        submittedAt: new Date('2026-11-20T08:50:00Z'),
      },
    },
    photos: [],
    signature: null,
    timeline: [
      { at: new Date('2026-11-02T04:30:00Z'), label: 'Lead received', actorName: 'Voltra Motors (API)', detail: null },
      { at: new Date('2026-11-20T08:50:00Z'), label: 'Installation completed', actorName: 'Field team Pune West 1', detail: 'INS-2026-000123' },
    ],
    ...overrides,
  };
}

describe('closure pack builder', () => {
  let dir: string;
  let storage: TestStorage;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'closure-pack-'));
    storage = new TestStorage({ storageDir: dir } as AppConfig);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });

  /** Puts `bytes` into storage and describes it as the caller would from its StoredFile row. */
  async function stored(path: string, bytes: Buffer, contentType: string, prefix = 'documents'): Promise<ClosurePackFile> {
    const put = await storage.put(Readable.from([bytes]), { prefix });
    return { path, storageKey: put.key, sizeBytes: put.sizeBytes, sha256: put.sha256, contentType };
  }

  /**
   * A bill (PDF), a site photo (JPEG), a meter photo (PNG) and an 8 MB "video" (random bytes): far
   * more than the stream buffers on the way hold (archiver's alone is 1 MiB), so a failure while
   * it is copied finds it half read.
   */
  async function storedFiles(): Promise<{ files: ClosurePackFile[]; bytes: Map<string, Buffer> }> {
    const inputs: Array<[string, Buffer, string]> = [
      [
        'lead-documents/electricity-bill-1.pdf',
        await renderDemoBill({ customerName: 'Asha Verma', addressLine: 'Baner Road', city: 'Pune', state: 'Maharashtra', pincode: '411045', sanctionedLoadKw: 5.5, units: 240, seed: 7 }),
        'application/pdf',
      ],
      ['survey-media/site-1.jpg', encodeJpeg(96, 64, sitePhotoPainter(96, 64, 3)), 'image/jpeg'],
      ['installation-media/meter-1.png', encodePng(64, 48, sitePhotoPainter(64, 48, 4)), 'image/png'],
      ['installation-media/walkthrough-1.mp4', randomBytes(8_000_000), 'video/mp4'],
    ];
    const files: ClosurePackFile[] = [];
    for (const [path, bytes, contentType] of inputs) files.push(await stored(path, bytes, contentType));
    return { files, bytes: new Map(inputs.map(([path, bytes]) => [path, bytes])) };
  }

  /** Reads a built pack back from storage. */
  async function readBack(key: string) {
    const zip = await buffer(await storage.stream(key));
    return { zip, ...(await readClosurePack(zip)) };
  }

  it('streams a ZIP into storage whose manifest lists summary.pdf and every file with matching sizes and SHA-256', async () => {
    const { files, bytes } = await storedFiles();
    const before = await objects(storage);

    const built = await buildClosurePack(storage, summaryOf(), files);

    // Each stored file was read once, to the end, and closed.
    expect(storage.opened).toHaveLength(files.length);
    expect(storage.opened.every((s) => s.destroyed)).toBe(true);
    expect(built.key).toMatch(/^closure-packs\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
    expect(await objects(storage)).toEqual([...before, built.key].sort());
    const pack = await readBack(built.key);
    // What the caller records is exactly what is stored.
    expect(built).toMatchObject({ sizeBytes: pack.zip.length, sha256: sha256(pack.zip) });
    expect(pack.problems).toEqual([]);
    expect([...pack.entries.keys()]).toEqual(['summary.pdf', ...files.map((f) => f.path), 'manifest.json']);
    const summaryPdf = pack.entries.get('summary.pdf')!;
    expect(pack.manifest).toEqual<ClosurePackManifest>({
      installationId: 'INS-2026-000123',
      leadId: '3f0c7c1e-5d7a-4a52-9d0e-2b8f7a6c1d11',
      generatedAt: '2026-11-21T08:35:00.000Z',
      files: [
        { path: 'summary.pdf', sizeBytes: summaryPdf.length, sha256: sha256(summaryPdf), contentType: 'application/pdf' },
        ...files.map((f) => ({ path: f.path, sizeBytes: f.sizeBytes, sha256: f.sha256, contentType: f.contentType })),
      ],
    });
    expect(built.manifest).toEqual(pack.manifest);
    for (const [path, original] of bytes) expect(pack.entries.get(path)!.equals(original), path).toBe(true);
  });

  it('summary.pdf is a valid PDF showing the installation, the charger serial number, the customer and times in IST', async () => {
    const built = await buildClosurePack(storage, summaryOf(), []);
    const pdf = (await readBack(built.key)).entries.get('summary.pdf')!;

    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1').trimEnd().endsWith('%%EOF')).toBe(true);
    parsePdf(pdf); // well-formed: xref, trailer, page tree
    expect(popplerInfo(pdf)).toEqual({ pages: 2, width: 595.28, height: 841.89 }); // A4
    const text = flatText(pdf);
    for (const expected of [
      'Voltra Motors',
      'Installation completion report',
      'INS-2026-000123',
      'Charger serial number VH74-2026-QX81734',
      'Customer Asha Verma',
      'Address Flat 402, Lake View Apartments, Baner Road, Pune, Maharashtra 411045',
      'OEM reference VOL-88213',
      'SRV-2026-000042',
      'sanctioned load 5.5 kW',
      'cable length 15 m',
      'Done on Started 2026-11-20 11:10 IST; completed 2026-11-20 14:15 IST',
      'Team Field team Pune West 1',
      'Signed 2026-11-20 14:20 IST',
      'Lead received Voltra Motors (API)',
      'Installation completed (INS-2026-000123) Field team Pune West 1',
      'Page 1 of 2',
      'Page 2 of 2',
      'Closure pack 6b1f7c52-0a8e-4d0b-9a51-3c2f8e7d9a10 · generated 2026-11-21 14:05 IST',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('No signature.');
    expect(popplerImages(pdf).map((i) => i.page)).toEqual([1, 2]); // the QR code in each footer
  });

  it.each([
    ['PNG', 'image/png' as const, encodePng(300, 120, () => [20, 20, 80])],
    ['JPEG', 'image/jpeg' as const, encodeJpeg(300, 120, () => [20, 20, 80])],
  ])('embeds a %s customer signature as an image in summary.pdf', async (_name, contentType, image) => {
    const signature = await stored('signature/customer-signature.png', image, contentType, 'signatures');
    const built = await buildClosurePack(storage, summaryOf({ signature: { storageKey: signature.storageKey, contentType } }), [signature]);

    const pack = await readBack(built.key);
    expect(pack.problems).toEqual([]);
    const pdf = pack.entries.get('summary.pdf')!;
    expect(popplerImages(pdf)).toHaveLength(1 + popplerInfo(pdf).pages); // the signature, and the QR code on every page
    expect(flatText(pdf)).not.toContain('No signature.');
  });

  it('stores under options.prefix; a prefix the storage refuses fails the build and writes nothing', async () => {
    const before = await objects(storage);
    await expect(buildClosurePack(storage, summaryOf(), [], { prefix: 'Closure Packs' })).rejects.toThrow('Invalid storage prefix "Closure Packs"');
    expect(await objects(storage)).toEqual(before);

    const built = await buildClosurePack(storage, summaryOf(), [], { prefix: 'closure-packs-archive' });
    expect(built.key).toMatch(/^closure-packs-archive\/\d{4}\/\d{2}\/[0-9a-f-]{36}$/);
  });

  it('a stored file missing from storage: rejects, and storage holds no new object (not even a temporary one)', async () => {
    const { files } = await storedFiles();
    await storage.delete(files[2].storageKey);
    const before = await objects(storage);

    await expect(buildClosurePack(storage, summaryOf(), files)).rejects.toMatchObject({
      name: 'ClosurePackError',
      code: 'CLOSURE_PACK_FILE_MISSING',
      message: expect.stringContaining(`${files[2].storageKey} (installation-media/meter-1.png) is missing`),
    });
    expect(await objects(storage)).toEqual(before);
    expect(storage.opened.every((s) => s.destroyed)).toBe(true);
  });

  it.each(['pipeline', 'pipe'] as const)('the storage fails after part of the ZIP is written (source via %s): rejects with its error, no object left, no stored file left open', async (via) => {
    const { files } = await storedFiles();
    const before = await objects(storage);
    storage.failVia = via;
    storage.failAfterBytes = 4_500_000; // past half of the ~8 MB ZIP, while the video is still being read

    await expect(buildClosurePack(storage, summaryOf(), files)).rejects.toThrow('disk full (simulated)');
    expect(storage.bytesBeforeFailure).toBeGreaterThan(4_000_000);
    expect(await objects(storage)).toEqual(before);
    expect(storage.opened.length).toBeGreaterThan(0);
    expect(storage.opened.every((s) => s.destroyed)).toBe(true);
  });

  it('a stored file that fails while it is read: rejects with the read error, no object left', async () => {
    const { files } = await storedFiles();
    const before = await objects(storage);
    vi.spyOn(storage, 'stream').mockImplementationOnce(async () => {
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(64 * 1024, 1));
          this.destroy(new Error('EIO: i/o error, read (simulated)'));
        },
      });
      storage.opened.push(failing);
      return failing;
    });

    await expect(buildClosurePack(storage, summaryOf(), files)).rejects.toThrow('EIO: i/o error, read (simulated)');
    expect(await objects(storage)).toEqual(before);
  });

  it('a stored file whose bytes do not match its recorded SHA-256: rejects as corrupt, no object left', async () => {
    const { files } = await storedFiles();
    const before = await objects(storage);
    const tampered = { ...files[1], sha256: sha256(Buffer.from('what the upload recorded')) };

    const error = await buildClosurePack(storage, summaryOf(), [files[0], tampered, files[2]]).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'CLOSURE_PACK_FILE_CORRUPT' });
    expect((error as Error).message).toBe(
      `Stored file ${files[1].storageKey} (survey-media/site-1.jpg) is corrupt: recorded ${files[1].sizeBytes} bytes, SHA-256 ${tampered.sha256}; ` +
        `read ${files[1].sizeBytes} bytes, SHA-256 ${files[1].sha256}`,
    );
    expect(await objects(storage)).toEqual(before);
  });

  it.each([
    ['../etc/passwd', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['lead-documents/../../x.pdf', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['/etc/passwd', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['C:/Windows/x.pdf', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['lead-documents\\bill.pdf', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['lead-documents//bill.pdf', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['lead-documents/', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['bill\n.pdf', 'CLOSURE_PACK_UNSAFE_PATH'],
    ['summary.pdf', 'CLOSURE_PACK_DUPLICATE_PATH'],
    ['MANIFEST.json', 'CLOSURE_PACK_DUPLICATE_PATH'],
    ['lead-documents/bill.pdf', 'CLOSURE_PACK_DUPLICATE_PATH'],
    ['Lead-Documents/Bill.PDF', 'CLOSURE_PACK_DUPLICATE_PATH'],
    ['lead-documents/bill.pdf/x.png', 'CLOSURE_PACK_DUPLICATE_PATH'],
  ])('refuses the path %j (%s) before reading or writing anything', async (path, code) => {
    const file = await stored('lead-documents/bill.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'), 'application/pdf');
    const before = await objects(storage);
    const put = vi.spyOn(storage, 'put');

    await expect(buildClosurePack(storage, summaryOf(), [file, { ...file, path }])).rejects.toMatchObject({ code });
    expect(put).not.toHaveBeenCalled();
    expect(storage.opened).toEqual([]);
    expect(await objects(storage)).toEqual(before);
  });

  it('300 timeline events and a Hindi customer name make a valid multi-page PDF, every word on a page, none lost, page x of y on each', async () => {
    const timeline = Array.from({ length: 300 }, (_, i) => ({
      at: new Date(Date.UTC(2026, 10, 2, 4, 30) + i * 60_000),
      label: i % 2 ? 'Details updated' : 'Survey scheduled',
      actorName: 'Central Ops',
      detail: `event ${i + 1} of 300: customer asked about the ₹ 45,000 quote 👍 ${'and a long note that has to wrap '.repeat(i % 7 === 0 ? 6 : 0)}`,
    }));
    const summary = summaryOf({ timeline });
    summary.lead.customerName = 'अनिता शर्मा (Anita Sharma)';
    summary.installation.report.generalNotes = 'Kunde zufrieden, São Paulo style wiring: ok – “done”.';

    const built = await buildClosurePack(storage, summary, []);
    const pdf = (await readBack(built.key)).entries.get('summary.pdf')!;

    const { pages, width, height } = popplerInfo(pdf);
    expect(pages).toBeGreaterThanOrEqual(5);
    const text = flatText(pdf);
    // Shaped (the conjuncts and the reph drawn right) and extracted as typed, through the ActualText.
    expect(text).toContain('अनिता शर्मा (Anita Sharma)');
    expect(text).toContain('Kunde zufrieden, São Paulo style wiring: ok – “done”.');
    // No font has the emoji: it prints as '?', not as an empty box.
    // Every event is there; pdftotext's reading order may run the actor column into a wrapped detail.
    for (let i = 1; i <= 300; i++) expect(text).toContain(`event ${i} of 300:`);
    expect(text.match(/₹ 45,000 quote \?/g)).toHaveLength(300);
    for (let page = 1; page <= pages; page++) expect(text).toContain(`Page ${page} of ${pages}`);
    // Nothing drawn past an edge of the A4 page.
    const words = popplerWords(pdf);
    for (const w of words) {
      expect(w.xMin, w.word).toBeGreaterThanOrEqual(0);
      expect(w.xMax, w.word).toBeLessThanOrEqual(width);
      expect(w.yMin, w.word).toBeGreaterThanOrEqual(0);
      expect(w.yMax, w.word).toBeLessThanOrEqual(height);
    }
    expect(new Set(words.map((w) => w.page)).size).toBe(pages);
  });

  // Issue 11: a signature stored before uploads were decoded crashed the process in pdfkit's PNG decoder.
  it.each([
    ['a PNG with valid CRCs but a corrupt zlib stream', 'image/png' as const, () => Promise.resolve(corruptPng())],
    ['a truncated JPEG', 'image/jpeg' as const, truncatedJpeg],
    ['a 20,000 × 20,000 PNG bomb', 'image/png' as const, () => Promise.resolve(pngBomb())],
  ])('a stored signature that does not decode (%s): rejects as unreadable, naming its key, before anything is written', async (_name, contentType, make) => {
    const signature = await stored('signature/customer-signature.png', await make(), contentType, 'signatures');
    const before = await objects(storage);
    const put = vi.spyOn(storage, 'put');

    const error = await buildClosurePack(storage, summaryOf({ signature: { storageKey: signature.storageKey, contentType } }), [signature]).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ClosurePackError', code: 'CLOSURE_PACK_FILE_UNREADABLE', storageKey: signature.storageKey });
    expect((error as Error).message).toContain(`The customer signature ${signature.storageKey} is not a readable image`);
    // Anything pdfkit or zlib would throw later, outside the promise, has had its turn (vitest fails on an uncaught error).
    await new Promise((resolve) => setImmediate(resolve));
    expect(put).not.toHaveBeenCalled();
    expect(await objects(storage)).toEqual(before);
    expect(storage.opened.every((s) => s.destroyed)).toBe(true);
  });

  it('draws a signature with transparency from a freshly encoded opaque PNG; the pack ships the original bytes', async () => {
    const transparent = await sharp({ create: { width: 900, height: 300, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: Buffer.from('<svg width="900" height="300"><path d="M40 250 C 200 20, 400 20, 860 200" stroke="#0a1f5c" stroke-width="12" fill="none"/></svg>') }])
      .png()
      .toBuffer();
    expect((await sharp(transparent).metadata()).hasAlpha).toBe(true);
    const signature = await stored('signature/customer-signature.png', transparent, 'image/png', 'signatures');

    const built = await buildClosurePack(storage, summaryOf({ signature: { storageKey: signature.storageKey, contentType: 'image/png' } }), [signature]);

    const pack = await readBack(built.key);
    expect(pack.problems).toEqual([]);
    expect(pack.entries.get('signature/customer-signature.png')!.equals(transparent)).toBe(true);
    const pdf = pack.entries.get('summary.pdf')!.toString('latin1');
    expect(popplerImages(pack.entries.get('summary.pdf')!)).toHaveLength(1 + popplerInfo(pack.entries.get('summary.pdf')!).pages); // the signature, and the QR code on every page
    // Flattened and scaled to the box (600 × 300 at most): no soft mask, which pdfkit would have had to decode the PNG for.
    expect(pdf).not.toContain('/SMask');
    expect(pdf).toMatch(/\/Width 600\s*\/Height 200|\/Height 200[\s\S]{0,80}\/Width 600/);
  });
});

describe('closure pack reader', () => {
  /** A ZIP made by hand, as a tampered or foreign pack would be. */
  async function zipOf(entries: Array<[string, Buffer | string]>): Promise<Buffer> {
    const archive = archiver('zip');
    const zipped = buffer(archive);
    for (const [name, bytes] of entries) archive.append(bytes, { name });
    await archive.finalize();
    return zipped;
  }
  const manifestOf = (files: ClosurePackManifest['files']) =>
    JSON.stringify({ installationId: 'INS-2026-000001', leadId: 'lead-1', generatedAt: '2026-11-21T08:35:00.000Z', files } satisfies ClosurePackManifest);
  const listed = (path: string, bytes: Buffer) => ({ path, sizeBytes: bytes.length, sha256: sha256(bytes), contentType: 'text/plain' });

  const summary = Buffer.from('%PDF-1.4\n%%EOF\n');
  const bill = Buffer.from('electricity bill');
  const photo = Buffer.from('site photo');

  it('a consistent pack has no problems', async () => {
    const zip = await zipOf([
      ['summary.pdf', summary],
      ['lead-documents/bill.txt', bill],
      ['manifest.json', manifestOf([listed('summary.pdf', summary), listed('lead-documents/bill.txt', bill)])],
    ]);
    const pack = await readClosurePack(zip);
    expect(pack.problems).toEqual([]);
    expect(pack.entries.get('lead-documents/bill.txt')).toEqual(bill);
  });

  it('reports a wrong hash, a wrong size, a listed file that is missing and an entry that is not listed', async () => {
    const zip = await zipOf([
      ['summary.pdf', summary],
      ['lead-documents/bill.txt', Buffer.from('electricity bilL')], // same size, other bytes
      ['survey-media/photo.txt', Buffer.from('site photo, cropped')],
      ['extra/unlisted.txt', 'slipped in'],
      [
        'manifest.json',
        manifestOf([listed('summary.pdf', summary), listed('lead-documents/bill.txt', bill), listed('survey-media/photo.txt', photo), listed('gone.txt', photo)]),
      ],
    ]);

    const { problems } = await readClosurePack(zip);
    expect(problems).toEqual([
      `lead-documents/bill.txt has SHA-256 ${sha256(Buffer.from('electricity bilL'))}, manifest.json says ${sha256(bill)}`,
      `survey-media/photo.txt has 19 bytes, manifest.json says 10`,
      `survey-media/photo.txt has SHA-256 ${sha256(Buffer.from('site photo, cropped'))}, manifest.json says ${sha256(photo)}`,
      'gone.txt is listed in manifest.json but not in the ZIP',
      'extra/unlisted.txt is in the ZIP but not listed in manifest.json',
    ]);
  });

  it('refuses what is not a closure pack: not a ZIP, no manifest, a manifest of another shape', async () => {
    await expect(readClosurePack(Buffer.from('%PDF-1.4 not a zip'))).rejects.toThrow();
    await expect(readClosurePack(await zipOf([['summary.pdf', summary]]))).rejects.toThrow('Not a closure pack: the ZIP has no manifest.json');
    await expect(readClosurePack(await zipOf([['manifest.json', '{"files": "all of them"}']]))).rejects.toThrow(/Not a closure pack: manifest.json does not have/);
  });
});
