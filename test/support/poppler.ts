import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * summary.pdf as a reader's tools see it, through Debian's poppler-utils (`pdftotext`, `pdftoppm`,
 * `pdfimages`, `pdfinfo`; `.ci/run` installs them). Poppler shapes nothing itself: it reads the
 * embedded fonts' ToUnicode maps and the ActualText of Indic runs, as any PDF viewer's copy does.
 */
function withFile<T>(pdf: Buffer, work: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    const file = join(dir, 'summary.pdf');
    writeFileSync(file, pdf);
    return work(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the PDF as `pdftotext` extracts it (reading order; `layout` keeps columns side by side). */
export function popplerText(pdf: Buffer, options: { layout?: boolean } = {}): string {
  return withFile(pdf, (file) => execFileSync('pdftotext', [...(options.layout ? ['-layout'] : []), '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
}

/** `pdfinfo`'s page count and page size in points. */
export function popplerInfo(pdf: Buffer): { pages: number; width: number; height: number } {
  const out = withFile(pdf, (file) => execFileSync('pdfinfo', [file], { encoding: 'utf8' }));
  const size = /Page size:\s+([\d.]+) x ([\d.]+) pts/.exec(out);
  return { pages: Number(/Pages:\s+(\d+)/.exec(out)?.[1]), width: Number(size?.[1]), height: Number(size?.[2]) };
}

/** Every word `pdftotext -bbox` finds, with its page (1-based) and box in points from the top left. */
export function popplerWords(pdf: Buffer): Array<{ page: number; word: string; xMin: number; yMin: number; xMax: number; yMax: number }> {
  const html = withFile(pdf, (file) => execFileSync('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  const words: ReturnType<typeof popplerWords> = [];
  let page = 0;
  for (const line of html.split('\n')) {
    if (line.includes('<page ')) page += 1;
    const w = /<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*)<\/word>/.exec(line);
    if (w) words.push({ page, word: w[5], xMin: Number(w[1]), yMin: Number(w[2]), xMax: Number(w[3]), yMax: Number(w[4]) });
  }
  return words;
}

/** The rows of `pdfimages -list` (`image` rows; soft masks left out): page, width and height in pixels, and encoding of each image drawn. */
export function popplerImages(pdf: Buffer): Array<{ page: number; type: string; width: number; height: number; enc: string }> {
  const out = withFile(pdf, (file) => execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' }));
  return out
    .split('\n')
    .slice(2)
    .filter((line) => line.trim())
    .map((line) => {
      const cols = line.trim().split(/\s+/);
      return { page: Number(cols[0]), type: cols[2], width: Number(cols[3]), height: Number(cols[4]), enc: cols[8] };
    })
    .filter((row) => row.type === 'image');
}

/** Every page rendered by `pdftoppm` as a PNG at `dpi`, in page order. */
export function popplerPngs(pdf: Buffer, dpi = 60): Buffer[] {
  return withFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
    return readdirSync(dir)
      .filter((f) => f.startsWith('page') && f.endsWith('.png'))
      .sort()
      .map((f) => readFileSync(join(dir, f)));
  });
}
