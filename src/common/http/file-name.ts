/** Longest stored original name, in characters (the `original_name` column is varchar(255)). */
export const MAX_FILE_NAME_LENGTH = 255;
/** Longest extension kept when a name is shortened. */
const MAX_EXTENSION_LENGTH = 16;

// C0/C1 controls and DEL, plus the Unicode format characters that reorder or hide text
// (bidi overrides and isolates, zero-width characters, BOM): "bill\u202Efdp.exe" shows as "billexe.pdf".
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/**
 * The client's file name made safe to store and to show (DESIGN §4 StoredFile.originalName): the
 * last path segment only (`/` and `\`), no control or bidi-override characters, no leading dots,
 * whitespace collapsed, NFC, at most {@link MAX_FILE_NAME_LENGTH} characters (the extension is kept
 * when shortening). Falls back to `upload.<ext>` (or `upload`) when nothing usable is left.
 * The name is only ever metadata: storage keys never derive from it.
 */
export function sanitizeFileName(raw: string | undefined | null, fallbackExtension?: string): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  let name = base
    .replace(/\s+/g, ' ') // tabs, newlines and exotic spaces become plain spaces first
    .replace(UNSAFE, '')
    .replace(/ {2,}/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .replace(/[. ]+$/, '');
  if (!name) return fallbackExtension ? `upload.${fallbackExtension}` : 'upload';
  const chars = [...name];
  if (chars.length > MAX_FILE_NAME_LENGTH) {
    const dot = name.lastIndexOf('.');
    const extension = dot > 0 ? [...name.slice(dot)] : [];
    const keep = extension.length > 1 && extension.length <= MAX_EXTENSION_LENGTH ? extension : [];
    name = chars.slice(0, MAX_FILE_NAME_LENGTH - keep.length).join('').trimEnd() + keep.join('');
  }
  return name;
}

/**
 * Reverses the escapes browsers apply to multipart names (WHATWG HTML "multipart/form-data
 * encoding": LF, CR and `"` become `%0A`, `%0D`, `%22`), which busboy leaves in place. Only these
 * three: a bare `%` is never escaped, so `50%.pdf` stays as it is.
 */
export function decodeFormDataName(name: string): string {
  return name.replace(/%0A|%0D|%22/gi, (escape) => ({ '%0A': '\n', '%0D': '\r', '%22': '"' })[escape.toUpperCase()] ?? escape);
}

/**
 * A `Content-Disposition: attachment` value that every client reads safely (RFC 6266): an ASCII
 * `filename` fallback (non-ASCII, quotes, backslashes and `%` replaced by `_`) and the exact name as
 * RFC 8187 `filename*=UTF-8''…`.
 */
export function contentDisposition(fileName: string, disposition: 'attachment' | 'inline' = 'attachment'): string {
  const fallback =
    fileName
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'download';
  // encodeURIComponent leaves ' ( ) * unescaped, which RFC 8187's attr-char does not allow.
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
