import { fileTypeFromBuffer } from 'file-type';

/** How many leading bytes are sniffed: file-type's own "reasonable detection size". */
export const SNIFF_BYTES = 4100;

/** The content types uploads may have, as sniffed (never as the client claims). */
export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  jpeg: 'image/jpeg',
  png: 'image/png',
  /** HEIC photos (iPhone), major brand `heic`/`heix`. */
  heic: 'image/heic',
  /** The same HEIF container with major brand `mif1` (some Android phones); accepted wherever HEIC is. */
  heif: 'image/heif',
  webp: 'image/webp',
  text: 'text/plain',
  vcard: 'text/vcard',
  /** What a file is when nothing recognises it; never allowed. */
  unknown: 'application/octet-stream',
} as const;

/** Names for messages and docs, e.g. `image/heif` → `HEIC`. */
export const CONTENT_TYPE_LABELS: Readonly<Record<string, string>> = {
  [CONTENT_TYPES.pdf]: 'PDF',
  [CONTENT_TYPES.jpeg]: 'JPEG',
  [CONTENT_TYPES.png]: 'PNG',
  [CONTENT_TYPES.heic]: 'HEIC',
  [CONTENT_TYPES.heif]: 'HEIC',
  [CONTENT_TYPES.webp]: 'WebP',
  [CONTENT_TYPES.text]: 'plain text',
  [CONTENT_TYPES.vcard]: 'vCard',
};

/** File name extensions for a sniffed type, used when a client sent no usable name. */
export const CONTENT_TYPE_EXTENSIONS: Readonly<Record<string, string>> = {
  [CONTENT_TYPES.pdf]: 'pdf',
  [CONTENT_TYPES.jpeg]: 'jpg',
  [CONTENT_TYPES.png]: 'png',
  [CONTENT_TYPES.heic]: 'heic',
  [CONTENT_TYPES.heif]: 'heic',
  [CONTENT_TYPES.webp]: 'webp',
  [CONTENT_TYPES.text]: 'txt',
  [CONTENT_TYPES.vcard]: 'vcf',
};

/** True for the types whose every byte must be UTF-8 text without NUL ({@link TextContentCheck}). */
export function isTextType(contentType: string): boolean {
  return contentType === CONTENT_TYPES.text || contentType === CONTENT_TYPES.vcard;
}

const BOM = [0xef, 0xbb, 0xbf];
const VCARD_START = /^[\t\n\r ]*BEGIN:VCARD\r?\n/i;

/**
 * The content type of a file from its first bytes ({@link SNIFF_BYTES} or the whole file when
 * `complete`): file-type's signature detection first; failing that, vCard (RFC 6350, `BEGIN:VCARD`,
 * case-insensitive, after an optional BOM) and plain text (UTF-8 without NUL), which file-type
 * leaves to the caller; anything else is `application/octet-stream`. Text types are judged on the
 * head only; the rest of the stream is checked with {@link TextContentCheck}.
 */
export async function sniffContentType(head: Uint8Array, complete: boolean): Promise<string> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) return detected.mime;
  const check = new TextContentCheck();
  if (!check.push(head) || (complete && !check.end())) return CONTENT_TYPES.unknown;
  const start = head.subarray(BOM.every((b, i) => head[i] === b) ? 3 : 0, 64);
  return VCARD_START.test(Buffer.from(start).toString('latin1')) ? CONTENT_TYPES.vcard : CONTENT_TYPES.text;
}

/**
 * Checks a stream, chunk by chunk, for UTF-8 text without NUL; a multi-byte character may span
 * chunks. `push` and `end` return false at the first violation.
 */
export class TextContentCheck {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  push(chunk: Uint8Array): boolean {
    if (chunk.includes(0)) return false;
    try {
      this.decoder.decode(chunk, { stream: true });
      return true;
    } catch {
      return false;
    }
  }

  /** False when the text ends inside a multi-byte character. */
  end(): boolean {
    try {
      this.decoder.decode();
      return true;
    } catch {
      return false;
    }
  }
}
