import type { IncomingMessage, ServerResponse } from 'node:http';

/** An error body-parser turns into a 4xx: its `status` and `type` survive `createError()`. */
export class BodyRejected extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

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

/**
 * body-parser's `verify` hook for JSON bodies: runs on the raw bytes before `JSON.parse`, so a body
 * nested 50,000 levels deep is refused in time linear in its size, before class-transformer (which
 * recurses per level and overflowed the stack) sees it.
 * @throws BodyRejected 415 `charset.unsupported` for a charset other than UTF-8 (RFC 8259 §8.1);
 *   400 `entity.too.deep` when nested deeper than `maxDepth`
 */
export function jsonBodyVerifier(maxDepth: number): (req: IncomingMessage, res: ServerResponse, body: Buffer, encoding: string) => void {
  return (_req, _res, body, encoding) => {
    if (encoding && encoding.toLowerCase() !== 'utf-8' && encoding.toLowerCase() !== 'utf8') {
      throw new BodyRejected(415, 'charset.unsupported', 'JSON bodies must be UTF-8 (RFC 8259 §8.1)');
    }
    if (nestsDeeperThan(body, maxDepth)) {
      throw new BodyRejected(400, 'entity.too.deep', `The JSON body nests objects or arrays deeper than ${maxDepth} levels`);
    }
  };
}
