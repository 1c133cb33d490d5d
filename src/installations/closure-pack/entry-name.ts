/**
 * Longest file name of a pack entry, in UTF-16 code units (what Windows counts its 260-unit
 * MAX_PATH in): with the folder (`installation-media/`, 19) it leaves an extraction folder some
 * 140 units, e.g. `C:\Users\<name>\Downloads\closure-pack-INS-2026-000123\` and more.
 */
export const MAX_ENTRY_NAME_CHARS = 100;
/** Longest file name ext4 takes, in bytes; UTF-8 bytes never undercount UTF-16 units, but 100 units of Devanagari are 300 bytes. */
const MAX_ENTRY_NAME_BYTES = 255;
/** Longest extension kept when a name is shortened (as sanitizeFileName keeps them). */
const MAX_EXTENSION_CHARS = 16;
/**
 * What Windows refuses in a file name (Win32 "Naming Files, Paths, and Namespaces"): `<>:"|?*`,
 * the separators `/` and `\`, and control characters (C0, DEL and C1 too: no name needs them).
 */
// eslint-disable-next-line no-control-regex
const NOT_IN_A_NAME = /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f]/g;

/**
 * A ZIP entry's last path segment that every extractor writes as it is named, Windows Explorer
 * included, so the extracted files match manifest.json: `prefix` (`01-location_photo-`) and the
 * stored name, each of `<>:"/\|?*` and every control character replaced with `_`. When the two pass
 * {@link MAX_ENTRY_NAME_CHARS} UTF-16 units or 255 UTF-8 bytes (ext4), the name is cut by whole
 * code points before its extension (up to 16 characters, kept). A trailing dot or space, which
 * Windows drops, becomes `_` too.
 *
 * The numbered prefix keeps the names of one folder apart however they are cut or replaced (two
 * items never share a number), and makes device names such as `CON` or `NUL` impossible.
 */
export function packEntryName(prefix: string, name: string): string {
  const safe = (prefix + name).replace(NOT_IN_A_NAME, '_');
  const fits = (text: string) => text.length <= MAX_ENTRY_NAME_CHARS && Buffer.byteLength(text, 'utf8') <= MAX_ENTRY_NAME_BYTES;
  let cut = safe;
  if (!fits(safe)) {
    const dot = safe.lastIndexOf('.');
    // A dot opening the name (`.env`) starts no extension.
    const extension = dot > prefix.length && safe.length - dot <= MAX_EXTENSION_CHARS ? safe.slice(dot) : '';
    let kept = '';
    for (const char of safe.slice(0, safe.length - extension.length)) {
      if (!fits(kept + char + extension)) break;
      kept += char;
    }
    cut = kept.trimEnd() + extension;
  }
  return cut.replace(/[. ]+$/, (end) => '_'.repeat(end.length));
}
