import { inflateSync } from 'node:zlib';

/**
 * Just enough of a PDF reader to test the PDFs pdfkit writes (summary.pdf): it checks the file
 * structure and extracts the text and where each piece of it is drawn.
 *
 * Why not a library: pdfjs-dist, the well-kept full parser, needs Node ≥ 22.13 since 6.x (5.x is
 * a superseded line) and pulls a native canvas package; pdf-lib parses but cannot extract text and
 * has had no release since 2021. pdfkit's output is regular and small to read: a classic xref
 * table, FlateDecode content streams, text as hex glyph codes of the standard fonts (WinAnsi) in
 * `TJ` arrays, each `BT` block placed with `1 0 0 1 x y Tm`.
 */
export interface ParsedPdf {
  /** `/Count` of the page tree, checked against the page objects. */
  pages: number;
  /** Text drawn per page, in drawing order; pieces on one baseline joined, lines by `\n`. */
  pageTexts: string[];
  /** Every text piece with its page (0-based) and position in PDF points from the bottom left. */
  pieces: Array<{ page: number; x: number; y: number; text: string }>;
  /** Image XObjects (`/Subtype /Image`). */
  images: number;
  /** The page size (first page's `/MediaBox`), in points. */
  size: { width: number; height: number };
}

/**
 * Parses `pdf`, throwing when it is not a well-formed PDF: header, `%%EOF`, `startxref` pointing
 * at an xref table whose every in-use entry points at its `n 0 obj`, a trailer whose `/Root` is a
 * catalog whose `/Pages` counts as many page objects as there are.
 */
export function parsePdf(pdf: Buffer): ParsedPdf {
  const raw = pdf.toString('latin1');
  if (!raw.startsWith('%PDF-1.')) throw new Error('no %PDF- header');
  const tail = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(raw);
  if (!tail) throw new Error('no startxref / %%EOF at the end');
  const xrefAt = Number(tail[1]);
  const xref = /^xref\s+0 (\d+)\s+/.exec(raw.slice(xrefAt));
  if (!xref) throw new Error(`startxref ${xrefAt} does not point at an xref table`);
  const count = Number(xref[1]);
  const rows = raw.slice(xrefAt + xref[0].length).split(/\r?\n/).slice(0, count);
  const offsets = new Map<number, number>();
  rows.forEach((row, n) => {
    const entry = /^(\d{10}) (\d{5}) ([nf]) ?$/.exec(row);
    if (!entry) throw new Error(`xref row ${n} is malformed: ${JSON.stringify(row)}`);
    if (entry[3] === 'f') return;
    const at = Number(entry[1]);
    if (!raw.startsWith(`${n} 0 obj`, at)) throw new Error(`xref says object ${n} is at ${at}, it is not`);
    offsets.set(n, at);
  });
  const trailer = /trailer\s*<<([\s\S]*?)>>\s*startxref/.exec(raw.slice(xrefAt));
  if (!trailer) throw new Error('no trailer');
  if (Number(/\/Size (\d+)/.exec(trailer[1])?.[1]) !== count) throw new Error('trailer /Size does not match the xref table');

  const body = (n: number) => {
    const at = offsets.get(n);
    if (at === undefined) throw new Error(`object ${n} is not in the xref table`);
    const end = raw.indexOf('endobj', at);
    if (end < 0) throw new Error(`object ${n} has no endobj`);
    return raw.slice(at, end);
  };
  const ref = (dict: string, key: string) => {
    const found = new RegExp(`/${key} (\\d+) 0 R`).exec(dict);
    if (!found) throw new Error(`no /${key} reference in ${dict.slice(0, 80)}`);
    return Number(found[1]);
  };
  // By /Length, not up to `endobj`: compressed bytes may contain any text.
  const streamOf = (n: number) => {
    const at = offsets.get(n);
    if (at === undefined) throw new Error(`object ${n} is not in the xref table`);
    const start = raw.indexOf('stream\n', at) + 'stream\n'.length;
    const dict = raw.slice(at, start);
    const length = Number(/\/Length (\d+)/.exec(dict)?.[1]);
    const bytes = pdf.subarray(start, start + length);
    if (!raw.startsWith('\nendstream', start + length)) throw new Error(`object ${n}'s stream is not /Length ${length} bytes long`);
    return (dict.includes('/FlateDecode') ? inflateSync(bytes) : bytes).toString('latin1');
  };

  const catalog = body(ref(trailer[1], 'Root'));
  if (!catalog.includes('/Type /Catalog')) throw new Error('/Root is not a catalog');
  const tree = body(ref(catalog, 'Pages'));
  const pages = Number(/\/Count (\d+)/.exec(tree)?.[1]);
  const pageObjects = [...offsets.keys()].filter((n) => /\/Type \/Page\b(?!s)/.test(body(n)));
  if (!pages || pageObjects.length !== pages) throw new Error(`the page tree counts ${pages} pages, there are ${pageObjects.length}`);
  const kids = /\/Kids \[([^\]]*)\]/.exec(tree)?.[1].match(/\d+(?= 0 R)/g)?.map(Number) ?? [];
  if (kids.length !== pages) throw new Error('the page tree does not list every page');

  const pieces: ParsedPdf['pieces'] = [];
  const pageTexts = kids.map((kid, page) => {
    let text = '';
    let lastY: number | undefined;
    for (const block of streamOf(ref(body(kid), 'Contents')).matchAll(/BT([\s\S]*?)ET/g)) {
      const at = /1 0 0 1 (-?[\d.]+) (-?[\d.]+) Tm/.exec(block[1]);
      const drawn = [...block[1].matchAll(/\[(.*?)\] TJ/g)].map((tj) => decodeTj(tj[1])).join('');
      if (!at || !drawn) continue;
      const [x, y] = [Number(at[1]), Number(at[2])];
      pieces.push({ page, x, y, text: drawn });
      text += lastY === undefined || lastY === y ? drawn : `\n${drawn}`;
      lastY = y;
    }
    return text;
  });
  const box = /\/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]/.exec(body(kids[0]));
  return {
    pages,
    pageTexts,
    pieces,
    images: [...offsets.keys()].filter((n) => body(n).includes('/Subtype /Image')).length,
    size: { width: Number(box?.[1]), height: Number(box?.[2]) },
  };
}

/** WinAnsiEncoding where it differs from Latin-1 (PDF 32000-1 Annex D.2): 0x80–0x9F. */
const WIN_ANSI_80_9F = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** `[<48656c6c6f> 30 <...>]`: the hex strings of a TJ array as text, kerning numbers dropped; standard fonts use WinAnsi codes. */
function decodeTj(array: string): string {
  return [...array.matchAll(/<([0-9a-fA-F]*)>/g)]
    .flatMap((hex) => [...Buffer.from(hex[1], 'hex')])
    .map((code) => (code >= 0x80 && code <= 0x9f ? WIN_ANSI_80_9F[code - 0x80] : String.fromCharCode(code)))
    .join('');
}
