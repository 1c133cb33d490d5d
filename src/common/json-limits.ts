import { isUtf8 } from 'node:buffer';
import { gunzipSync, inflateSync } from 'node:zlib';
import { AppException } from './problem.js';

const OPEN_OBJECT = 0x7b; // {
const OPEN_ARRAY = 0x5b; // [
const CLOSE_OBJECT = 0x7d; // }
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22; // "
const BACKSLASH = 0x5c; // \

/**
 * True when the JSON text in `body` nests objects and arrays deeper than `maxDepth`. One pass over
 * the bytes, no allocation: brackets inside strings do not count. Works on UTF-8 because every
 * byte of a multi-byte sequence is ≥ 0x80 and so never looks like a bracket, quote or backslash.
 * The text need not be valid JSON; the parser that runs next judges that.
 */
export function nestsDeeperThan(body: Uint8Array, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < body.length; i++) {
    const byte = body[i];
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      if (++depth > maxDepth) return true;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      depth--;
    }
  }
  return false;
}

/** The body as sent before its `Content-Encoding` (gzip, deflate, identity; RFC 9110 §8.4), at most `limitBytes`. */
function decoded(encoding: string | undefined, body: Buffer, limitBytes: number): Buffer {
  const coding = (encoding ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return body;
  if (coding !== 'gzip' && coding !== 'x-gzip' && coding !== 'deflate') {
    throw new AppException(415, 'UNSUPPORTED_CONTENT_ENCODING', 'The Content-Encoding is not supported (gzip, deflate or identity)');
  }
  try {
    return (coding === 'deflate' ? inflateSync : gunzipSync)(body, { maxOutputLength: limitBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new AppException(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than this server accepts');
    throw new AppException(400, 'MALFORMED_JSON', `The request body is not valid ${coding} data`);
  }
}

/** The charset a `Content-Type` header names, lower-cased, or undefined when it names none. */
function charsetOf(contentType: string | undefined): string | undefined {
  const match = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return match ? match[1].toLowerCase() : undefined;
}

/**
 * The JSON body parser (a Fastify content-type parser over the whole body as bytes; Fastify has
 * already refused one over `JSON_BODY_LIMIT_BYTES` with 413). The depth check runs on the raw bytes
 * before `JSON.parse`, so a body nested 50,000 levels deep is refused in time linear in its size,
 * before class-transformer (which recurses per level and overflowed the stack) sees it. An empty
 * body is `{}`, as Express's parser had it; a gzip or deflate body is inflated up to `limitBytes`; a bare string, number or `null` is refused, as its strict mode did.
 * @returns the parsed value
 * @throws AppException 415 UNSUPPORTED_CONTENT_ENCODING for another Content-Encoding; 413 PAYLOAD_TOO_LARGE
 *   when it inflates beyond `limitBytes`; 400 MALFORMED_JSON when it does not inflate; 415 UNSUPPORTED_CHARSET for a charset other than UTF-8 (RFC 8259 §8.1);
 *   400 JSON_TOO_DEEP when nested deeper than `maxDepth`; 400 MALFORMED_JSON for bytes that are not UTF-8 or text that is not JSON
 */
export function jsonBodyParser(maxDepth: number, limitBytes: number): (headers: { 'content-type'?: string; 'content-encoding'?: string }, body: Buffer) => unknown {
  return (headers, received) => {
    const body = decoded(headers['content-encoding'], received, limitBytes);
    const charset = charsetOf(headers['content-type']);
    if (charset && charset !== 'utf-8' && charset !== 'utf8') {
      throw new AppException(415, 'UNSUPPORTED_CHARSET', 'JSON bodies must be UTF-8 (RFC 8259 §8.1)');
    }
    if (nestsDeeperThan(body, maxDepth)) {
      throw new AppException(400, 'JSON_TOO_DEEP', `The JSON body nests objects or arrays deeper than ${maxDepth} levels`);
    }
    if (body.length === 0) return {};
    // toString would turn each invalid byte into U+FFFD and store "Jos\uFFFD" for a Latin-1 "José".
    if (!isUtf8(body)) throw new AppException(400, 'MALFORMED_JSON', 'The request body is not valid UTF-8 (RFC 8259 §8.1)');
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      throw new AppException(400, 'MALFORMED_JSON', 'The request body is not valid JSON');
    }
    // Only an object or an array, as Express's parser in strict mode: every body here is one.
    if (typeof value !== 'object' || value === null) throw new AppException(400, 'MALFORMED_JSON', 'The request body must be a JSON object or array');
    return value;
  };
}
