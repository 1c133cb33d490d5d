import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';

/** An sRGB colour, each channel 0–255. */
export type Rgb = readonly [r: number, g: number, b: number];
/** The colour of the pixel at (x, y), origin top left. */
export type Painter = (x: number, y: number) => Rgb;

const clamp = (v: number) => Math.max(0, Math.min(255, Math.round(v)));

/**
 * Encodes a truecolour PNG (8-bit RGB, no filtering, zlib-deflated) of `width` × `height` pixels.
 * Small and valid: every decoder reads it, and file-type sniffs it as `image/png`.
 */
export function encodePng(width: number, height: number, paint: Painter): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0, o = 0; y < height; y++) {
    rows[o++] = 0; // filter: none
    for (let x = 0; x < width; x++) {
      const [r, g, b] = paint(x, y);
      rows[o++] = clamp(r);
      rows[o++] = clamp(g);
      rows[o++] = clamp(b);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filtering, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(rows)),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** JPEG Annex K.3 luminance DC table: code lengths 1–16, then the symbols (magnitude categories 0–11). */
const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
/** Every block is flat, so the AC table needs one symbol: end-of-block (0x00), coded `0`. */
const AC_BITS = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
const AC_VALUES = [0x00];
/** One quantisation step for every coefficient: a flat block's DC then equals its mean level. */
const QUANT = 8;

/** Canonical Huffman codes (JPEG Annex C) for a table given as counts per length and symbols. */
function huffmanCodes(bits: number[], values: number[]): Map<number, { code: number; length: number }> {
  const codes = new Map<number, { code: number; length: number }>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++) codes.set(values[k++], { code: code++, length });
    code <<= 1;
  }
  return codes;
}

/** Writes entropy-coded bits MSB first, stuffing a 0x00 after every 0xFF (JPEG F.1.2.3). */
class BitWriter {
  private readonly bytes: number[] = [];
  private current = 0;
  private filled = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.current = (this.current << 1) | ((value >> i) & 1);
      if (++this.filled === 8) this.flushByte();
    }
  }

  finish(): Buffer {
    if (this.filled) this.write(0xff, 8 - this.filled); // pad with ones
    return Buffer.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.current);
    if (this.current === 0xff) this.bytes.push(0x00);
    this.current = 0;
    this.filled = 0;
  }
}

function segment(marker: number, body: number[]): Buffer {
  return Buffer.from([0xff, marker, (body.length + 2) >> 8, (body.length + 2) & 0xff, ...body]);
}

/**
 * Encodes a baseline JPEG (JFIF, YCbCr 4:4:4) of `width` × `height` pixels in which every 8×8
 * block is flat: the mean colour of the block, so the picture is a mosaic. Only DC coefficients
 * are coded, which keeps the encoder a page long while the file stays valid for every decoder.
 */
export function encodeJpeg(width: number, height: number, paint: Painter): Buffer {
  const dc = huffmanCodes(DC_BITS, DC_VALUES);
  const ac = huffmanCodes(AC_BITS, AC_VALUES);
  const eob = ac.get(0x00)!;
  const out = new BitWriter();
  const previous = [0, 0, 0];
  for (let by = 0; by < Math.ceil(height / 8); by++) {
    for (let bx = 0; bx < Math.ceil(width / 8); bx++) {
      const sum = [0, 0, 0];
      let n = 0;
      for (let y = by * 8; y < Math.min(by * 8 + 8, height); y++) {
        for (let x = bx * 8; x < Math.min(bx * 8 + 8, width); x++) {
          const [r, g, b] = paint(x, y);
          sum[0] += 0.299 * r + 0.587 * g + 0.114 * b;
          sum[1] += -0.168736 * r - 0.331264 * g + 0.5 * b + 128;
          sum[2] += 0.5 * r - 0.418688 * g - 0.081312 * b + 128;
          n++;
        }
      }
      for (let c = 0; c < 3; c++) {
        // DCT of a flat block: F(0,0) = 8 × (level − 128); quantised by 8 → level − 128.
        const level = Math.round((8 * (clamp(sum[c] / n) - 128)) / QUANT);
        const diff = level - previous[c];
        previous[c] = level;
        const size = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
        const code = dc.get(size)!;
        out.write(code.code, code.length);
        if (size) out.write(diff > 0 ? diff : diff + (1 << size) - 1, size);
        out.write(eob.code, eob.length);
      }
    }
  }
  const dht = (tableClass: number, bits: number[], values: number[]) => [tableClass << 4, ...bits, ...values];
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xe0, [0x4a, 0x46, 0x49, 0x46, 0x00, 1, 1, 0, 0, 1, 0, 1, 0, 0]), // JFIF 1.01, aspect 1:1
    segment(0xdb, [0x00, ...new Array<number>(64).fill(QUANT)]),
    segment(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x11, 0, 2, 0x11, 0, 3, 0x11, 0]),
    segment(0xc4, [...dht(0, DC_BITS, DC_VALUES), ...dht(1, AC_BITS, AC_VALUES)]),
    segment(0xda, [3, 1, 0x00, 2, 0x00, 3, 0x00, 0, 63, 0]),
    out.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}

/** A deterministic 0–1 pseudo-random sequence, so a seed always paints the same picture. */
function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x1_0000_0000;
  };
}

/**
 * A site photo as the field sees it: sky, a painted wall with the electricity meter box and the
 * marked spot for the wall box, a parking floor. Colours vary with `seed`.
 */
export function sitePhotoPainter(width: number, height: number, seed: number): Painter {
  const rnd = random(seed);
  const wall: Rgb = [170 + rnd() * 70, 140 + rnd() * 80, 110 + rnd() * 90];
  const floor: Rgb = [90 + rnd() * 40, 90 + rnd() * 40, 95 + rnd() * 40];
  const horizon = Math.round(height * (0.2 + rnd() * 0.1));
  const floorLine = Math.round(height * (0.72 + rnd() * 0.08));
  const meter = { x: Math.round(width * (0.15 + rnd() * 0.2)), y: Math.round(height * 0.35), w: Math.round(width * 0.14), h: Math.round(height * 0.2) };
  const spot = { x: Math.round(width * (0.6 + rnd() * 0.15)), y: Math.round(height * 0.4), w: Math.round(width * 0.12), h: Math.round(height * 0.16) };
  const inside = (r: { x: number; y: number; w: number; h: number }, x: number, y: number) => x >= r.x && x < r.x + r.w && y >= r.y && y < r.y + r.h;
  return (x, y) => {
    if (y < horizon) return [120 + (y / horizon) * 60, 170 + (y / horizon) * 40, 235];
    if (y >= floorLine) {
      const shade = ((y - floorLine) / height) * 60;
      return [floor[0] - shade, floor[1] - shade, floor[2] - shade];
    }
    if (inside(meter, x, y)) return [60, 64, 70];
    if (inside(spot, x, y)) return [30, 140, 70];
    return wall;
  };
}

/** What the demo bill shows; all of it is demo data. */
export interface DemoBill {
  customerName: string;
  addressLine: string;
  city: string;
  state: string;
  pincode: string;
  /** Sanctioned load in kW. */
  sanctionedLoadKw: number;
  units: number;
  seed: number;
}

/**
 * A one-page electricity bill as a PDF (pdfkit, standard fonts): the distribution company's
 * header, consumer details, meter readings and the amount due. Marked as demo data.
 */
export function renderDemoBill(bill: DemoBill): Promise<Buffer> {
  const rnd = random(bill.seed);
  const consumerNo = String(Math.floor(rnd() * 1e12)).padStart(12, '0');
  const previous = Math.floor(1000 + rnd() * 20000);
  const energy = Math.round(bill.units * 7.35);
  const fixed = Math.round(bill.sanctionedLoadKw * 110);
  const duty = Math.round((energy + fixed) * 0.16);
  const doc = new PDFDocument({ size: 'A4', margin: 50, info: { Title: 'Electricity bill (demo)', Author: 'ChargeOps demo', CreationDate: new Date(0) } });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.fontSize(18).font('Helvetica-Bold').text(`${bill.state} Power Distribution Co. Ltd.`);
  doc.fontSize(10).font('Helvetica').fillColor('#555').text('Electricity bill - DEMO DATA, not a real bill').moveDown();
  doc.fillColor('#000').fontSize(11);
  const rows: [string, string][] = [
    ['Consumer name', bill.customerName],
    ['Consumer number', consumerNo],
    ['Supply address', `${bill.addressLine}, ${bill.city}, ${bill.state} ${bill.pincode}`],
    ['Sanctioned load', `${bill.sanctionedLoadKw} kW, single phase`],
    ['Previous reading', String(previous)],
    ['Present reading', String(previous + bill.units)],
    ['Units consumed', `${bill.units} kWh`],
    ['Energy charges', `Rs. ${energy}`],
    ['Fixed charges', `Rs. ${fixed}`],
    ['Electricity duty', `Rs. ${duty}`],
    ['Amount payable', `Rs. ${energy + fixed + duty}`],
  ];
  for (const [label, value] of rows) {
    const y = doc.y;
    doc.font('Helvetica-Bold').text(label, 50, y, { width: 160 });
    doc.font('Helvetica').text(value, 220, y, { width: 320 });
    doc.moveDown(0.4);
  }
  doc.end();
  return done;
}

/**
 * A customer's signature as drawn on a phone: dark-blue ink on white, a looping cursive stroke
 * (a prolate cycloid whose loop height wanders) and a flourish underneath. Shapes vary with
 * `seed`; the ink is rasterised once, so painting a pixel is a lookup.
 */
export function signaturePainter(width: number, height: number, seed: number): Painter {
  const rnd = random(seed);
  const ink = new Uint8Array(width * height);
  const pen = Math.max(1, Math.round(height / 60)); // stroke radius in pixels
  const dot = (cx: number, cy: number) => {
    for (let y = Math.floor(cy - pen); y <= Math.ceil(cy + pen); y++) {
      for (let x = Math.floor(cx - pen); x <= Math.ceil(cx + pen); x++) {
        if (x >= 0 && y >= 0 && x < width && y < height && (x - cx) ** 2 + (y - cy) ** 2 <= pen * pen) ink[y * width + x] = 1;
      }
    }
  };
  // The name: loops (a prolate cycloid, loop radius > advance per radian) along a slightly rising baseline.
  const loops = 5 + Math.floor(rnd() * 4);
  const left = width * (0.08 + rnd() * 0.06);
  const right = width * (0.82 + rnd() * 0.1);
  const baseline = height * (0.55 + rnd() * 0.1);
  const rise = height * (rnd() * 0.12);
  const advance = (right - left) / (loops * 2 * Math.PI);
  const phase = [rnd() * 6, rnd() * 6];
  for (let t = 0; t <= loops * 2 * Math.PI; t += 0.01) {
    const radius = height * (0.12 + 0.08 * Math.sin(t / 3 + phase[0]) + 0.05 * Math.sin(t / 1.7 + phase[1]));
    const x = left + advance * t - radius * 0.9 * Math.sin(t);
    const y = baseline - (rise * t) / (loops * 2 * Math.PI) - radius * (1 - Math.cos(t)) * 0.8;
    dot(x, y);
  }
  // The flourish: a shallow curve under the name.
  const under = height * (0.8 + rnd() * 0.08);
  for (let x = left; x <= right; x += 0.5) {
    const u = (x - left) / (right - left);
    dot(x, under - height * 0.06 * Math.sin(Math.PI * u) + height * 0.03 * u);
  }
  const paper: Rgb = [250, 250, 247];
  const blue: Rgb = [22, 38 + rnd() * 30, 120 + rnd() * 40];
  return (x, y) => (ink[y * width + x] ? blue : paper);
}
