import { Logger } from '@nestjs/common';
import sharp, { type Metadata, type Sharp, type SharpInput } from 'sharp';
import { AppException } from '../../common/problem.js';
import { CONTENT_TYPE_LABELS, CONTENT_TYPES } from './content-type.js';

/**
 * The most pixels (width × height) an image may have: 50 megapixels, above the 48–50 MP that phone
 * cameras write at most, far below a decompression bomb (a 20,000 × 20,000 PNG of a few hundred
 * bytes is 400 MP). Enforced by libvips itself (`limitInputPixels`) before it allocates pixels.
 */
export const IMAGE_MAX_PIXELS = 50_000_000;

/**
 * The most bytes an image may take once decoded (pixels × channels × bytes per sample): 200 MB,
 * i.e. 50 MP of 8-bit RGBA. libvips decodes most images a strip at a time, but an interlaced PNG
 * or a progressive JPEG is held whole while it decodes; this keeps a 16-bit RGBA PNG at the pixel
 * cap (50 MP × 4 channels × 2 bytes = 400 MB) out.
 */
export const IMAGE_MAX_DECODED_BYTES = 200_000_000;

/** The sniffed types {@link checkImage} decodes: every image type an upload route takes. */
export const DECODED_IMAGE_TYPES: readonly string[] = [CONTENT_TYPES.jpeg, CONTENT_TYPES.png, CONTENT_TYPES.webp, CONTENT_TYPES.heic, CONTENT_TYPES.heif];

/** True for a sniffed type that {@link checkImage} decodes. */
export const isDecodedImageType = (contentType: string): boolean => DECODED_IMAGE_TYPES.includes(contentType);

/** Decoding arbitrary uploads gains nothing from libvips' operation cache, and its file cache would hold deleted temporary files open. */
sharp.cache(false);

const BYTES_PER_SAMPLE: Readonly<Record<string, number>> = { uchar: 1, char: 1, ushort: 2, short: 2, uint: 4, int: 4, float: 4, complex: 8, double: 8, dpcomplex: 16 };

/** What a decoded image is: its size in pixels. */
export interface CheckedImage {
  width: number;
  height: number;
}

/** Why an image was refused; {@link checkImage} turns it into a 422 for a form field. */
export class ImageRejection extends Error {
  constructor(
    readonly code: 'IMAGE_UNDECODABLE' | 'IMAGE_TOO_LARGE',
    message: string,
    readonly size?: CheckedImage,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ImageRejection';
  }
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs image decodes one at a time in this process, so memory holds at most one decode at the caps
 * above however many uploads arrive together; the others wait their turn.
 */
export function oneDecodeAtATime<T>(work: () => Promise<T>): Promise<T> {
  const run = queue.then(work, work);
  queue = run.catch(() => undefined);
  return run;
}

/** A sharp pipeline on `input` with the caps; every libvips warning that means lost pixels is an error (`failOn: 'error'`: truncation, corrupt data). */
export function openImage(input: SharpInput): Sharp {
  return sharp(input, { failOn: 'error', limitInputPixels: IMAGE_MAX_PIXELS });
}

/**
 * Decodes an image fully, checking it against the caps: the header first (format, size), then
 * every pixel, reduced on the way to a 64-pixel thumbnail (JPEG and WebP decode at a reduced scale
 * but still read all their data; PNG reads every row), so memory stays at the decoder's working set.
 * HEIC photos (HEVC inside HEIF) are checked by their header alone: the libvips bundled with sharp
 * has no HEVC decoder (a patent-encumbered codec); AVIF inside HEIF decodes.
 * @param input a file path (preferred: libvips reads it as it decodes) or the bytes
 * @throws ImageRejection `IMAGE_TOO_LARGE` (over {@link IMAGE_MAX_PIXELS} or {@link IMAGE_MAX_DECODED_BYTES}),
 *         `IMAGE_UNDECODABLE` (not an image libvips reads, corrupt, truncated)
 */
export async function decodeImage(input: SharpInput): Promise<CheckedImage> {
  return oneDecodeAtATime(async () => {
    let meta: Metadata;
    try {
      // The header only (no pixels), without the cap, so a bomb is refused with its size.
      meta = await sharp(input, { failOn: 'error', limitInputPixels: false }).metadata();
    } catch (error) {
      throw rejectionOf(error);
    }
    const size = { width: meta.width, height: meta.height };
    if (!size.width || !size.height) throw new ImageRejection('IMAGE_UNDECODABLE', 'it has no pixels');
    const decodedBytes = size.width * size.height * (meta.channels ?? 4) * (BYTES_PER_SAMPLE[meta.depth ?? 'uchar'] ?? 8);
    if (size.width * size.height > IMAGE_MAX_PIXELS || decodedBytes > IMAGE_MAX_DECODED_BYTES) {
      throw new ImageRejection('IMAGE_TOO_LARGE', `it is ${size.width} × ${size.height} pixels`, size);
    }
    if (meta.format === 'heif' && meta.compression === 'hevc') return size;
    try {
      await openImage(input).resize(64, 64, { fit: 'inside' }).raw().toBuffer();
    } catch (error) {
      throw rejectionOf(error, size);
    }
    return size;
  });
}

/** A libvips failure as a rejection. Its message is not passed on: it may name the temporary file's path. */
function rejectionOf(error: unknown, size?: CheckedImage): ImageRejection {
  const message = error instanceof Error ? error.message : String(error);
  if (/exceeds pixel limit/i.test(message)) return new ImageRejection('IMAGE_TOO_LARGE', 'it has more pixels than allowed', size, { cause: error });
  return new ImageRejection('IMAGE_UNDECODABLE', 'it does not decode to the end (corrupt or truncated data)', size, { cause: error });
}

const logger = new Logger('ImageCheck');

/**
 * The upload check: {@link decodeImage} on a received file, as a 422 problem naming the form field.
 * @param contentType the sniffed type, for the message (e.g. `image/png` → "PNG")
 * @throws 422 IMAGE_UNDECODABLE; 422 IMAGE_TOO_LARGE (with `maxPixels`, `maxDecodedBytes`, and `width`/`height` when known)
 */
export async function checkImage(input: SharpInput, field: string, contentType: string): Promise<CheckedImage> {
  try {
    return await decodeImage(input);
  } catch (error) {
    if (!(error instanceof ImageRejection)) throw error;
    const label = CONTENT_TYPE_LABELS[contentType] ?? contentType;
    logger.debug({ err: error.cause ?? error, field, contentType }, 'Upload refused: the image does not decode');
    if (error.code === 'IMAGE_TOO_LARGE') {
      const message = `${error.message}; at most ${IMAGE_MAX_PIXELS / 1_000_000} megapixels (${IMAGE_MAX_DECODED_BYTES / 1_000_000} MB decoded) are accepted`;
      throw new AppException(422, 'IMAGE_TOO_LARGE', `The ${label} image in "${field}" is too large: ${message}`, {
        errors: [{ field, message }],
        maxPixels: IMAGE_MAX_PIXELS,
        maxDecodedBytes: IMAGE_MAX_DECODED_BYTES,
        ...error.size,
      });
    }
    throw new AppException(422, 'IMAGE_UNDECODABLE', `The ${label} image in "${field}" cannot be read: ${error.message}`, {
      errors: [{ field, message: `not a readable ${label} image: ${error.message}` }],
    });
  }
}
