import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import archiver, { type Archiver } from 'archiver';
import QRCode from 'qrcode';
import { DEFAULT_UPLOAD_LIMITS } from '../../config/config.js';
import { type FileStorage, StoredObjectMissingError } from '../../documents/storage/file-storage.js';
import { measuringStream } from '../../documents/storage/measuring-stream.js';
import { decodeImage, ImageRejection, oneDecodeAtATime, openImage } from '../../documents/upload/image-check.js';
import { ClosurePackError } from './closure-pack-error.js';
import { type PdfPhoto, renderSummaryPdf } from './summary-pdf.js';

export { ClosurePackError, type ClosurePackErrorCode } from './closure-pack-error.js';

export { formatIst } from './summary-pdf.js';

/** A stored file to put into the pack, as its StoredFile row records it. */
export interface ClosurePackFile {
  /** Path inside the ZIP, e.g. `lead-documents/electricity-bill-1.pdf`: relative, `/`-separated. */
  path: string;
  storageKey: string;
  /** Size recorded at upload, in bytes. */
  sizeBytes: number;
  /** SHA-256 recorded at upload, lower-case hex. */
  sha256: string;
  contentType: string;
}

/**
 * Everything summary.pdf shows; the caller reads it from the database and passes it through the
 * OEM audience policy (`leads/audience/oem-audience.ts`): teams and roles, never staff names.
 */
export interface ClosurePackSummary {
  /** The ClosurePack row's id, chosen before the build: printed in every footer and in the verify URL. */
  packId: string;
  generatedAt: Date;
  /** `…/api/v1/closure-packs/verify?packId=<id>`, drawn as a QR code in the footer; null draws none. */
  verifyUrl: string | null;
  lead: {
    id: string;
    customerName: string;
    /** E.164, e.g. `+919812345678`. */
    customerPhone: string;
    customerEmail: string | null;
    addressLine1: string;
    addressLine2: string | null;
    city: string;
    state: string;
    pincode: string;
    oemName: string;
    /** The OEM's own id for the lead. */
    externalRef: string | null;
    createdAt: Date;
  };
  survey: {
    /** Human-readable, e.g. `SRV-2026-000123`. */
    surveyId: string;
    /** `YYYY-MM-DD`. */
    scheduledDate: string;
    /** e.g. `09-12`. */
    scheduledTimeSlot: string;
    /** The primary team that did the survey, e.g. "Field team Pune South"; null when none completed it. */
    teamName: string | null;
    report: {
      parkingType: string;
      supplyPhase: string;
      sanctionedLoadKw: number;
      earthingAvailable: boolean;
      meterToChargerDistanceM: number;
      cableLengthM: number;
      civilWorkRequired: boolean;
      recommendedChargerModel: string;
      feasible: boolean;
      notes: string;
      submittedAt: Date;
    } | null;
  };
  installation: {
    /** Human-readable, e.g. `INS-2026-000123`. */
    installationId: string;
    scheduledDate: string;
    scheduledTimeSlot: string;
    teamName: string | null;
    /** When the work was actually done: the start (`in_progress`) and completion of the installation; null when not recorded. */
    doneOn: { startedAt: Date | null; completedAt: Date | null };
    report: {
      chargerSerialNumber: string;
      chargerModel: string;
      installationSuccessful: boolean;
      demoGiven: boolean;
      issuesEncountered: string;
      generalNotes: string;
      /** When the report (and the customer's signature) was submitted: the date signed. */
      submittedAt: Date;
    };
  };
  /** Up to six photos to show as thumbnails, in order; their originals go into the ZIP through `files`. */
  photos: Array<{ storageKey: string; caption: string; section: string; takenAt: Date }>;
  /** The customer's sign-off image, drawn into summary.pdf (pass it in `files` too to ship the original). */
  signature: { storageKey: string; contentType: 'image/png' | 'image/jpeg' } | null;
  /** The lead's timeline as the OEM may see it (the audience policy's entries), oldest first. */
  timeline: Array<{ at: Date; label: string; actorName: string; detail: string | null }>;
}

/** manifest.json: every other entry of the ZIP with its size and SHA-256. */
export interface ClosurePackManifest {
  installationId: string;
  leadId: string;
  /** ISO 8601. */
  generatedAt: string;
  /**
   * The id of the key that signed manifest.sig: SHA-256 of its SPKI DER, 64 lower-case hex digits
   * (`closurePackKeyId`). Signed with the rest, so it cannot be swapped. Absent in packs issued
   * before keys had ids: any known key may have signed those.
   */
  keyId?: string;
  files: Array<{ path: string; sizeBytes: number; sha256: string; contentType: string }>;
}

/** The stored ZIP: its storage key, size in bytes and SHA-256 (as {@link FileStorage.put} measured them), its manifest and the manifest's SHA-256. */
export interface BuiltClosurePack {
  key: string;
  sizeBytes: number;
  sha256: string;
  manifest: ClosurePackManifest;
  /** SHA-256 of manifest.json's bytes as stored in the ZIP, lower-case hex. */
  manifestSha256: string;
}

/** Signs manifest.json's bytes; returns the signature written as `manifest.sig` (e.g. 64 raw bytes of Ed25519). */
export type ManifestSigner = (manifest: Buffer) => Buffer;

export const SUMMARY_PATH = 'summary.pdf';
export const MANIFEST_PATH = 'manifest.json';
export const SIGNATURE_PATH = 'manifest.sig';
/**
 * Thumbnails are about 160 × 120 pt in summary.pdf; 500 × 375 px (about 225 dpi) prints sharply and
 * is an eighth of a 4000 × 3000 photo, the scale a JPEG decodes at most cheaply (shrink-on-load).
 */
const THUMBNAIL_PIXELS = { width: 500, height: 375 };
const DEFAULT_PREFIX = 'closure-packs';
/** Signatures are uploaded as photos; a bigger one did not come through the upload and is not read into memory. */
const SIGNATURE_MAX_BYTES = DEFAULT_UPLOAD_LIMITS.photo;
/** Photos, videos and PDFs are compressed already: deflating a 200 MB video costs CPU for nothing. */
const worthDeflating = (contentType: string) => contentType.startsWith('text/') || contentType === 'application/json';

/**
 * Builds an installation's closure pack (DESIGN.md §4 ClosurePack, issue #5) and stores it under
 * `options.prefix` (default `closure-packs`). The ZIP holds `summary.pdf` (rendered from
 * `summary`), every entry of `files` at its `path`, and `manifest.json` listing every other entry
 * with its size in bytes and SHA-256; with `options.sign`, `manifest.sig` (its signature of
 * manifest.json's bytes), and `options.keyId`, the signing key's id, written into manifest.json.
 *
 * The ZIP is streamed straight into {@link FileStorage.put}; stored files are read one after
 * another and hashed as they stream into the ZIP (the recorded hash is checked, not copied). If
 * anything fails, the put fails with the same error, so by FileStorage's contract no object is
 * left behind. The caller writes the ClosurePack row after this returns.
 *
 * The signature is never handed to pdfkit as stored: pdfkit's PNG decoder inflates on a zlib
 * callback, where a corrupt stream throws outside any handler and ends the process. It is decoded
 * with sharp first (within the upload's caps) and drawn from a freshly encoded 8-bit RGB PNG
 * without alpha, which pdfkit embeds as it is, decoding nothing. Archive and stream errors reject
 * the returned promise; none is left to be thrown unhandled.
 *
 * @throws ClosurePackError `CLOSURE_PACK_UNSAFE_PATH` (empty, absolute, `.`/`..` segment,
 *         backslash, drive letter, control character) or `CLOSURE_PACK_DUPLICATE_PATH` (two files,
 *         compared case-insensitively, a file named like a folder of another, or `summary.pdf` /
 *         `manifest.json`), before anything is read or written
 * @throws ClosurePackError `CLOSURE_PACK_FILE_MISSING` when a stored file (or the signature) is
 *         not in storage; `CLOSURE_PACK_FILE_CORRUPT` when a file's bytes do not match its recorded
 *         size or SHA-256; `CLOSURE_PACK_FILE_UNREADABLE` when the signature does not decode as an
 *         image (corrupt, truncated, over 50 megapixels); `CLOSURE_PACK_SIGNATURE_TOO_LARGE`; each
 *         with the file's `storageKey`
 * @throws whatever the storage fails with
 */
export async function buildClosurePack(
  storage: FileStorage,
  summary: ClosurePackSummary,
  files: readonly ClosurePackFile[],
  options: { prefix?: string; sign?: ManifestSigner; keyId?: string } = {},
): Promise<BuiltClosurePack> {
  assertSafePaths(files);
  // Rendered before the put starts: a bad signature image writes nothing. The thumbnails are
  // scaled in sharp's thread pool while the signature is checked (bench/README.md, issue 16).
  const thumbnails = thumbnailsOf(storage, summary.photos.slice(0, 6));
  thumbnails.catch(() => undefined); // awaited below; a signature failure must not leave it unhandled
  const signature = summary.signature && (await embeddableImage(await readSignature(storage, summary.signature.storageKey), summary.signature.storageKey));
  const photos: PdfPhoto[] = await thumbnails;
  // qrcode writes RGBA; as an opaque RGB PNG pdfkit embeds it without decoding (as the signature).
  const qrCode = summary.verifyUrl
    ? await openImage(await QRCode.toBuffer(summary.verifyUrl, { type: 'png', errorCorrectionLevel: 'M', margin: 1, scale: 4 }))
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .png({ progressive: false, palette: false })
        .toBuffer()
    : null;
  const pdf = await renderSummaryPdf(summary, { signature, photos, qrCode });

  const archive = archiver('zip', { zlib: { level: 6 } });
  const zip = new PassThrough();
  // Errors emitted after the pipelines below have settled (archiver reports a late one, a destroy
  // after a failure) must not go unhandled: they would end the process. The pipelines report the
  // ones that matter.
  archive.on('error', () => undefined);
  archive.on('warning', () => undefined);
  zip.on('error', () => undefined);
  // Both ways: an archive error fails the put, and a failed put destroys the archive.
  const piped = pipeline(archive, zip);
  const put = storage.put(zip, { prefix: options.prefix ?? DEFAULT_PREFIX });
  // Rejects as soon as the archive or the put fails; every step below races it, so none waits
  // for an entry that will never be written. The handler marks a rejection between steps as seen.
  const failed = new Promise<never>((_, reject) => {
    piped.catch(reject);
    put.catch(reject);
  });
  failed.catch(() => undefined);
  const cleanup = new AbortController();
  const ctx: Writing = { archive, failed, signal: cleanup.signal };

  try {
    const date = summary.generatedAt;
    const listed: ClosurePackManifest['files'] = [];
    await appendBuffer(ctx, pdf, { name: SUMMARY_PATH, date, store: true });
    listed.push({ path: SUMMARY_PATH, sizeBytes: pdf.length, sha256: sha256(pdf), contentType: 'application/pdf' });
    for (const file of files) {
      const source = await openStored(storage, file.storageKey, file.path);
      const streamed = await appendStream(ctx, source, { name: file.path, date, store: !worthDeflating(file.contentType) });
      if (streamed.sha256 !== file.sha256.toLowerCase() || streamed.sizeBytes !== file.sizeBytes) {
        throw new ClosurePackError(
          'CLOSURE_PACK_FILE_CORRUPT',
          `Stored file ${file.storageKey} (${file.path}) is corrupt: recorded ${file.sizeBytes} bytes, SHA-256 ${file.sha256}; ` +
            `read ${streamed.sizeBytes} bytes, SHA-256 ${streamed.sha256}`,
          { storageKey: file.storageKey },
        );
      }
      listed.push({ path: file.path, sizeBytes: streamed.sizeBytes, sha256: streamed.sha256, contentType: file.contentType });
    }
    const manifest: ClosurePackManifest = {
      installationId: summary.installation.installationId,
      leadId: summary.lead.id,
      generatedAt: summary.generatedAt.toISOString(),
      ...(options.keyId !== undefined && { keyId: options.keyId }),
      files: listed,
    };
    const manifestBytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
    await appendBuffer(ctx, manifestBytes, { name: MANIFEST_PATH, date });
    if (options.sign) await appendBuffer(ctx, options.sign(manifestBytes), { name: SIGNATURE_PATH, date, store: true });
    const finalized = archive.finalize();
    finalized.catch(() => undefined); // when `failed` wins the race, a later rejection is already reported
    await Promise.race([finalized, failed]);
    return { ...(await put), manifest, manifestSha256: sha256(manifestBytes) };
  } catch (error) {
    // Fail the put with this error (it then removes its temporary object) and wait until it has.
    zip.destroy(error instanceof Error ? error : new Error(String(error)));
    const stored = await put.catch(() => undefined);
    // Only if the failure came after the put completed, which the steps above never allow.
    if (stored) await storage.delete(stored.key).catch(() => undefined);
    throw error;
  } finally {
    // Removes the listeners of entries that will never be written.
    cleanup.abort();
  }
}

/** The archive being written, the build's failure, and the signal that ends the waits on it. */
interface Writing {
  archive: Archiver;
  failed: Promise<never>;
  signal: AbortSignal;
}

/** Checks every ZIP path before anything is read or written (see {@link buildClosurePack}). */
function assertSafePaths(files: readonly ClosurePackFile[]): void {
  // Case-insensitively: on Windows and macOS two such entries extract over each other.
  const taken = new Set([SUMMARY_PATH, MANIFEST_PATH, SIGNATURE_PATH]);
  for (const { path } of files) {
    const reason = unsafePathReason(path);
    if (reason) throw new ClosurePackError('CLOSURE_PACK_UNSAFE_PATH', `Unsafe path in closure pack ${JSON.stringify(path)}: ${reason}`);
    const folded = path.toLowerCase();
    if (taken.has(folded)) throw new ClosurePackError('CLOSURE_PACK_DUPLICATE_PATH', `Path ${JSON.stringify(path)} is used twice in the closure pack`);
    taken.add(folded);
  }
  // `a/b.pdf` next to a file `a`: no extractor can create both.
  for (const path of taken) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) {
      const folder = segments.slice(0, i).join('/');
      if (taken.has(folder)) throw new ClosurePackError('CLOSURE_PACK_DUPLICATE_PATH', `Path ${JSON.stringify(folder)} is both a file and a folder in the closure pack`);
    }
  }
}

function unsafePathReason(path: string): string | null {
  if (!path) return 'empty';
  if (path.includes('\\')) return 'contains a backslash';
  if (path.startsWith('/')) return 'absolute';
  if (/^[a-z]:/i.test(path)) return 'starts with a drive letter';
  if ([...path].some((c) => c.charCodeAt(0) < 0x20 || c === '\x7f')) return 'contains a control character';
  const segments = path.split('/');
  if (segments.includes('')) return 'has an empty segment or a trailing slash';
  if (segments.some((s) => s === '.' || s === '..')) return 'has a "." or ".." segment';
  return null;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function openStored(storage: FileStorage, storageKey: string, what: string): Promise<Readable> {
  try {
    return await storage.stream(storageKey);
  } catch (error) {
    if (error instanceof StoredObjectMissingError) {
      throw new ClosurePackError('CLOSURE_PACK_FILE_MISSING', `Stored file ${storageKey} (${what}) is missing from storage`, { cause: error, storageKey });
    }
    throw error;
  }
}

/** Appends an in-memory entry and waits until the archive has written it. */
async function appendBuffer({ archive, failed, signal }: Writing, bytes: Buffer, entry: archiver.ZipEntryData): Promise<void> {
  const written = once(archive, 'entry', { signal });
  archive.append(bytes, entry);
  await Promise.race([written, failed]);
}

/** Appends a stored file's stream, counting and hashing the bytes that go into the ZIP, and waits until the archive has written it. */
async function appendStream({ archive, failed, signal }: Writing, source: Readable, entry: archiver.ZipEntryData): Promise<{ sizeBytes: number; sha256: string }> {
  const { stream: counted, measured } = measuringStream();
  // archiver pipes its input without forwarding errors: a read error must end the build here.
  const read = pipeline(source, counted);
  const written = once(archive, 'entry', { signal });
  archive.append(counted, entry);
  try {
    await Promise.race([Promise.all([read, written]), failed]);
  } finally {
    // After a failure, releases the stored file (and its file handle); a no-op once it is read.
    counted.destroy();
  }
  return measured();
}

async function readSignature(storage: FileStorage, storageKey: string): Promise<Buffer> {
  const source = await openStored(storage, storageKey, 'customer signature');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of source as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > SIGNATURE_MAX_BYTES) {
      // Leaving the loop destroys the stream.
      throw new ClosurePackError('CLOSURE_PACK_SIGNATURE_TOO_LARGE', `The customer signature ${storageKey} is larger than ${SIGNATURE_MAX_BYTES} bytes`, { storageKey });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * Checks that a stored signature can be drawn into summary.pdf, as {@link buildClosurePack} will:
 * it is in storage, within the photo limit, and decodes completely within the upload's caps.
 * @throws ClosurePackError `CLOSURE_PACK_FILE_MISSING`, `CLOSURE_PACK_SIGNATURE_TOO_LARGE`, `CLOSURE_PACK_FILE_UNREADABLE`
 */
export async function checkStoredSignature(storage: FileStorage, storageKey: string): Promise<void> {
  const bytes = await readSignature(storage, storageKey);
  try {
    await decodeImage(bytes);
  } catch (error) {
    const why = error instanceof ImageRejection ? error.message : 'it does not decode';
    throw new ClosurePackError('CLOSURE_PACK_FILE_UNREADABLE', `The customer signature ${storageKey} is not a readable image: ${why}`, { cause: error, storageKey });
  }
}

/** The signature's box in summary.pdf is 200 × 100 pt; three pixels per point print sharply. */
const SIGNATURE_PIXELS = { width: 600, height: 300 };

/**
 * A stored image as pdfkit can embed it without decoding anything: decoded by sharp (failing on
 * truncated or corrupt data, within the upload's pixel caps), scaled down to the signature box,
 * flattened onto white and encoded as a non-interlaced 8-bit RGB PNG (pdfkit copies such a PNG's
 * IDAT into the PDF as it is).
 * @throws ClosurePackError `CLOSURE_PACK_FILE_UNREADABLE` when it does not decode
 */
async function embeddableImage(bytes: Buffer, storageKey: string): Promise<Buffer> {
  try {
    await decodeImage(bytes); // the caps, and every pixel read, before anything is drawn
    return await oneDecodeAtATime(() =>
      openImage(bytes)
        .resize(SIGNATURE_PIXELS.width, SIGNATURE_PIXELS.height, { fit: 'inside', withoutEnlargement: true })
        .flatten({ background: '#ffffff' })
        .toColourspace('srgb')
        .png({ progressive: false, palette: false })
        .toBuffer(),
    );
  } catch (error) {
    const why = error instanceof ImageRejection ? error.message : 'it does not decode';
    throw new ClosurePackError('CLOSURE_PACK_FILE_UNREADABLE', `The customer signature ${storageKey} is not a readable image: ${why}`, { cause: error, storageKey });
  }
}

/** Photos scaled at once: one per core, so two 2-core decodes overlap and a 6-photo pack waits for three rounds, not six. */
const THUMBNAIL_CONCURRENCY = 2;

/**
 * The pack's photos with their thumbnails ({@link thumbnail}), in order, {@link THUMBNAIL_CONCURRENCY}
 * at a time, all in one turn of {@link oneDecodeAtATime}: no upload's full decode runs beside
 * them, and a JPEG scales down while it decodes (shrink-on-load), so two at once hold a few MB of
 * pixels each, plus the two files' bytes.
 */
function thumbnailsOf(storage: FileStorage, photos: ReadonlyArray<ClosurePackSummary['photos'][number]>): Promise<PdfPhoto[]> {
  return oneDecodeAtATime(async () => {
    const out: PdfPhoto[] = new Array(photos.length);
    let next = 0;
    const worker = async () => {
      while (next < photos.length) {
        const i = next++;
        out[i] = { ...photos[i], jpeg: await thumbnail(storage, photos[i].storageKey) };
      }
    };
    await Promise.all(Array.from({ length: Math.min(THUMBNAIL_CONCURRENCY, photos.length) }, worker));
    return out;
  });
}

/**
 * A photo as summary.pdf draws it: decoded by sharp within the upload's pixel cap, turned upright
 * (EXIF orientation), scaled down to {@link THUMBNAIL_PIXELS} (JPEG decodes at a reduced scale, so
 * an 8 MB photo costs a fraction of a full decode) and encoded as a baseline JPEG, which pdfkit
 * embeds as it is. The original stays in the ZIP. Null when it cannot be read or decoded: the
 * page shows a placeholder, and the ZIP step reports a missing or altered file as it does for any.
 */
async function thumbnail(storage: FileStorage, storageKey: string): Promise<Buffer | null> {
  try {
    const bytes = await buffer(await storage.stream(storageKey));
    // Called inside thumbnailsOf's turn of oneDecodeAtATime (queueing here again would deadlock).
    return await openImage(bytes)
      .rotate()
      .resize(THUMBNAIL_PIXELS.width, THUMBNAIL_PIXELS.height, { fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .toColourspace('srgb')
      .jpeg({ quality: 78, progressive: false, mozjpeg: false })
      .toBuffer();
  } catch {
    return null;
  }
}
