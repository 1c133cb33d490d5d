import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';
import type { HttpReply } from './http-exchange.js';

/** A response header: its name in lower case, as Fastify's reply keeps it, and its value. */
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
    setHeader: (name: string, value: string | number) => headers.set(name.toLowerCase(), String(value)),
    // X-Powered-By: nothing here sets it, so there is nothing to remove on an answer.
    removeHeader: (name: string) => headers.delete(name.toLowerCase()),
  };
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error instanceof Error ? error : new Error(String(error));
  });
  return [...headers];
}

/**
 * Sets `headers` (from {@link securityHeaders}) on an answer through the framework's reply, not on
 * the Node response: Fastify keeps a reply's headers and hands them to one `writeHead`, which
 * checks each once. A header set on the Node response sends all of them through `setHeader` and
 * Node's merge, which checks each twice (issue #13, item 4; bench/README.md, session 24).
 */
export function setSecurityHeaders(reply: HttpReply, headers: readonly HeaderEntry[]): void {
  for (const [name, value] of headers) reply.header(name, value);
}
