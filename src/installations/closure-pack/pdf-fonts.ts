import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

/**
 * The fonts of summary.pdf (issue #16, item 3): Noto Sans for Latin and nine Indian scripts, from
 * the `@fontsource/noto-sans*` npm packages (SIL Open Font License 1.1, the LICENSE file in each
 * package). Their WOFF files keep the OpenType GSUB/GPOS tables, so fontkit (pdfkit's font engine)
 * shapes conjuncts and matras: "क्ष" is one glyph, the reph of "शर्मा" sits over the right letter.
 * Each file is one Google Fonts subset (the script's block plus a few joiners), so text is split
 * into runs by script and each run gets the font that has its glyphs.
 */

/** A font name registered with pdfkit for each script (and the two Latin subsets, regular and bold). */
export type PdfFontName =
  | 'latin'
  | 'latin-ext'
  | 'latin-bold'
  | 'latin-ext-bold'
  | 'devanagari'
  | 'bengali'
  | 'gurmukhi'
  | 'gujarati'
  | 'oriya'
  | 'tamil'
  | 'telugu'
  | 'kannada'
  | 'malayalam';

/** Unicode blocks of the Indian scripts (Unicode 15 code charts), each with its font. */
const INDIC_BLOCKS: ReadonlyArray<{ from: number; to: number; font: PdfFontName }> = [
  { from: 0x0900, to: 0x097f, font: 'devanagari' },
  { from: 0xa8e0, to: 0xa8ff, font: 'devanagari' }, // Devanagari Extended
  { from: 0x1cd0, to: 0x1cff, font: 'devanagari' }, // Vedic Extensions
  { from: 0x0980, to: 0x09ff, font: 'bengali' },
  { from: 0x0a00, to: 0x0a7f, font: 'gurmukhi' },
  { from: 0x0a80, to: 0x0aff, font: 'gujarati' },
  { from: 0x0b00, to: 0x0b7f, font: 'oriya' },
  { from: 0x0b80, to: 0x0bff, font: 'tamil' },
  { from: 0x0c00, to: 0x0c7f, font: 'telugu' },
  { from: 0x0c80, to: 0x0cff, font: 'kannada' },
  { from: 0x0d00, to: 0x0d7f, font: 'malayalam' },
];

const FILES: Record<PdfFontName, [pkg: string, file: string]> = {
  latin: ['noto-sans', 'noto-sans-latin-400-normal.woff'],
  'latin-ext': ['noto-sans', 'noto-sans-latin-ext-400-normal.woff'],
  'latin-bold': ['noto-sans', 'noto-sans-latin-700-normal.woff'],
  'latin-ext-bold': ['noto-sans', 'noto-sans-latin-ext-700-normal.woff'],
  devanagari: ['noto-sans-devanagari', 'noto-sans-devanagari-devanagari-400-normal.woff'],
  bengali: ['noto-sans-bengali', 'noto-sans-bengali-bengali-400-normal.woff'],
  gurmukhi: ['noto-sans-gurmukhi', 'noto-sans-gurmukhi-gurmukhi-400-normal.woff'],
  gujarati: ['noto-sans-gujarati', 'noto-sans-gujarati-gujarati-400-normal.woff'],
  oriya: ['noto-sans-oriya', 'noto-sans-oriya-oriya-400-normal.woff'],
  tamil: ['noto-sans-tamil', 'noto-sans-tamil-tamil-400-normal.woff'],
  telugu: ['noto-sans-telugu', 'noto-sans-telugu-telugu-400-normal.woff'],
  kannada: ['noto-sans-kannada', 'noto-sans-kannada-kannada-400-normal.woff'],
  malayalam: ['noto-sans-malayalam', 'noto-sans-malayalam-malayalam-400-normal.woff'],
};

interface LoadedFont {
  bytes: Buffer;
  has: (codePoint: number) => boolean;
}

const require = createRequire(import.meta.url);
let loaded: Map<PdfFontName, LoadedFont> | undefined;

/**
 * Every font's bytes and glyph coverage, read once per process (about 1 MB in all). The files are
 * found through each package's exported LICENSE (the packages export no other plain file). The
 * WOFF files are unpacked to plain OpenType once here ({@link sfntOfWoff}): pdfkit parses a
 * registered font again for every document, and WOFF's tables would be inflated each time by
 * fontkit's pure-JS inflater, half of a pack's PDF render (bench/README.md, issue 16).
 * @throws when a font package is not installed (a broken install, not a request's fault)
 */
export function pdfFonts(): ReadonlyMap<PdfFontName, LoadedFont> {
  if (!loaded) {
    const fonts = new Map<PdfFontName, LoadedFont>();
    for (const [name, [pkg, file]] of Object.entries(FILES) as Array<[PdfFontName, [string, string]]>) {
      const bytes = sfntOfWoff(readFileSync(join(dirname(require.resolve(`@fontsource/${pkg}/LICENSE`)), 'files', file)));
      const font = fontkit.create(bytes) as fontkit.Font;
      fonts.set(name, { bytes, has: (codePoint) => font.hasGlyphForCodePoint(codePoint) });
    }
    loaded = fonts;
  }
  return loaded;
}

/**
 * A WOFF 1.0 font as the OpenType (sfnt) file it wraps (W3C WOFF File Format 1.0, §4–5): the
 * offset table and table records rebuilt, each table inflated with zlib when stored compressed
 * (compLength < origLength), at 4-byte aligned offsets with the original checksums. Any other
 * input (already sfnt) is returned as it is.
 * @throws Error on a truncated or inconsistent WOFF (a broken install, not a request's fault)
 */
export function sfntOfWoff(woff: Buffer): Buffer {
  if (woff.toString('latin1', 0, 4) !== 'wOFF') return woff;
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables = Array.from({ length: numTables }, (_, i) => {
    const at = 44 + i * 20;
    const [tag, offset, compLength, origLength, checksum] = [woff.readUInt32BE(at), woff.readUInt32BE(at + 4), woff.readUInt32BE(at + 8), woff.readUInt32BE(at + 12), woff.readUInt32BE(at + 16)];
    const stored = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(stored) : stored;
    if (data.length !== origLength) throw new Error(`WOFF table ${tag.toString(16)}: ${data.length} bytes, expected ${origLength}`);
    return { tag, checksum, data };
  });
  const align = (n: number) => (n + 3) & ~3;
  const headerBytes = 12 + 16 * numTables;
  const out = Buffer.alloc(headerBytes + tables.reduce((sum, t) => sum + align(t.data.length), 0));
  // Offset table: searchRange etc. as OpenType defines them from the table count.
  const entrySelector = Math.floor(Math.log2(numTables));
  const searchRange = 2 ** entrySelector * 16;
  out.writeUInt32BE(flavor, 0);
  out.writeUInt16BE(numTables, 4);
  out.writeUInt16BE(searchRange, 6);
  out.writeUInt16BE(entrySelector, 8);
  out.writeUInt16BE(numTables * 16 - searchRange, 10);
  let offset = headerBytes;
  tables.forEach((t, i) => {
    const at = 12 + i * 16;
    out.writeUInt32BE(t.tag, at);
    out.writeUInt32BE(t.checksum, at + 4);
    out.writeUInt32BE(offset, at + 8);
    out.writeUInt32BE(t.data.length, at + 12);
    t.data.copy(out, offset);
    offset += align(t.data.length);
  });
  return out;
}

/** A stretch of text drawn with one font; `indic` runs carry their text as ActualText (see {@link textRuns}). */
export interface TextRun {
  font: PdfFontName;
  text: string;
  indic: boolean;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The Indian script's font of a code point, or undefined for Latin, digits, punctuation and the rest. */
export function indicFontOf(codePoint: number): PdfFontName | undefined {
  return INDIC_BLOCKS.find((block) => codePoint >= block.from && codePoint <= block.to)?.font;
}

/**
 * `text` split into runs that one font each can draw: a grapheme of an Indian script goes to its
 * script's font; anything else (Latin, digits, punctuation, spaces) stays in the current run when
 * that font has it (so "राजेश कुमार" is one run and shapes as one), else goes to Noto Sans Latin
 * or Latin Extended (`bold` picks the 700 weight). A grapheme no font covers (an emoji, CJK)
 * prints as `?`, as the reader would otherwise see an empty box. Tabs become spaces, CR LF a newline.
 */
export function textRuns(text: string, bold = false): TextRun[] {
  const fonts = pdfFonts();
  const latin: PdfFontName[] = bold ? ['latin-bold', 'latin-ext-bold'] : ['latin', 'latin-ext'];
  const runs: TextRun[] = [];
  const covers = (font: PdfFontName, segment: string) => [...segment].every((c) => c === '\n' || fonts.get(font)!.has(c.codePointAt(0)!));
  for (const { segment } of graphemes.segment(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' '))) {
    const current = runs.at(-1);
    const script = indicFontOf(segment.codePointAt(0)!);
    let font: PdfFontName | undefined;
    let drawn = segment;
    if (script) font = script;
    else if (current && covers(current.font, segment)) font = current.font;
    else font = latin.find((f) => covers(f, segment));
    if (!font) {
      // Accents outside both Latin subsets fall back to the bare letter (NFKD), the rest to '?'.
      const base = segment.normalize('NFKD').replace(/\p{M}/gu, '');
      font = latin.find((f) => base && covers(f, base));
      drawn = font ? base : '?';
      font ??= latin[0];
    }
    if (current && current.font === font) current.text += drawn;
    else runs.push({ font, text: drawn, indic: Boolean(script) });
  }
  return runs;
}
