import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/** A response header as `setHeader` takes it. */
export type HeaderEntry = readonly [name: string, value: string];

/**
 * Helmet's response headers for `options`, computed once: helmet's middleware is run at start-up
 * against a recorder, and {@link setSecurityHeaders} then sets the same list on every answer.
 *
 * Helmet's own Fastify plugin (`@fastify/helmet`) builds helmet's middleware anew on every request,
 * parsing the options and the CSP directives again (issue #13, item 4: headers that never change
 * computed once; bench/README.md). Without CSP nonces, which this API does not use, none of
 * helmet's headers depends on the request.
 * @throws Error when helmet refuses `options` (as it would on the first request)
 */
export function securityHeaders(options: Readonly<HelmetOptions>): readonly HeaderEntry[] {
  const headers = new Map<string, string>();
  const recorder = {
    setHeader: (name: string, value: string | number) => headers.set(name, String(value)),
    // X-Powered-By: nothing here sets it, so there is nothing to remove on an answer.
    removeHeader: (name: string) => headers.delete(name),
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
  });
  return [...headers];
}

/** Sets `headers` (from {@link securityHeaders}) on a Node response, as helmet's middleware does. */
export function setSecurityHeaders(res: ServerResponse, headers: readonly HeaderEntry[]): void {
  for (const [name, value] of headers) res.setHeader(name, value);
}
