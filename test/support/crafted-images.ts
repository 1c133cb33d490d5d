import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

/**
 * Image files crafted to get past every check that looks only at the bytes' structure (issue 11):
 * valid magic numbers and chunk CRCs, but pixels that do not decode, or far too many of them.
 */

const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG chunk: length, type, data and the CRC-32 of type and data (PNG spec §5.3). */
function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit PNG of `width` × `height`, RGB or RGBA (`channels`), whose IDAT holds `idat` as given. */
function png(width: number, height: number, idat: Buffer, channels: 3 | 4 = 3): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 4 ? 6 : 2; // colour type: truecolour with alpha, or truecolour
  return Buffer.concat([PNG_MAGIC, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Scanlines of a `width` × `height` gradient of `channels` samples a pixel, each with filter byte 0. */
function scanlines(width: number, height: number, channels: 3 | 4): Buffer {
  const row = width * channels + 1;
  const raw = Buffer.alloc(row * height);
  for (let y = 0; y < height; y++) for (let x = 1; x < row; x++) raw[y * row + x] = (x * 7 + y * 13) & 0xff;
  return raw;
}

/** A valid 64 × 48 RGBA PNG built the same way as the corrupt one. */
export function validPng(): Buffer {
  return png(64, 48, deflateSync(scanlines(64, 48, 4)), 4);
}

/**
 * A 64 × 48 RGBA PNG with the right magic, IHDR and a CRC that matches every chunk, whose IDAT
 * zlib stream is corrupt: bytes flipped after the zlib header, and the CRC computed again
 * afterwards. With an alpha channel pdfkit inflates it to split the alpha off, on a zlib callback
 * that throws outside any handler: what ended the process when a closure pack drew it.
 */
export function corruptPng(): Buffer {
  const idat = deflateSync(scanlines(64, 48, 4));
  for (let i = 10; i < idat.length - 10; i += 3) idat[i] ^= 0x5a;
  return png(64, 48, idat, 4);
}

/**
 * A decompression bomb: IHDR says 20,000 × 20,000 pixels (400 megapixels, 1.2 GB of RGB), and the
 * IDAT holds a few deflated rows of zeros. A few hundred bytes on the wire.
 */
export function pngBomb(): Buffer {
  return png(20_000, 20_000, deflateSync(Buffer.alloc((20_000 * 3 + 1) * 4)), 3);
}

/** A valid 320 × 160 JPEG with some detail in it (a dark stroke on white, like a signature). */
export function validJpeg(): Promise<Buffer> {
  const svg = `<svg width="320" height="160" xmlns="http://www.w3.org/2000/svg"><rect width="320" height="160" fill="#fff"/>
    <path d="M20 120 C 60 20, 100 20, 120 100 S 200 160, 300 40" stroke="#123" stroke-width="6" fill="none"/></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 90 }).toBuffer();
}

/** {@link validJpeg} cut in half: the SOI marker and headers are intact, the entropy-coded data ends early. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await validJpeg();
  return whole.subarray(0, Math.floor(whole.length / 2));
}
