/**
 * Node's error codes for a connection that failed under a request: reset, closed early, timed out,
 * refused, unreachable, or a name that did not resolve. The request's own body cut off when the
 * client's connection is gone, else a dependency's (the database, the storage, an SMTP server).
 */
export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'EPIPE', 'ETIMEDOUT', 'ECONNREFUSED', 'EHOSTUNREACH', 'EAI_AGAIN']);

/** Whether `error` (or a cause of it, up to four deep) is a network failure: a retry shortly may succeed. */
export function isNetworkFailure(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 4; e = (e as { cause?: unknown }).cause, depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_ERROR_CODES.has(code)) return true;
  }
  return false;
}
