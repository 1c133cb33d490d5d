import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { plainProblem, type ProblemDetails } from './problem.filter.js';

/** A body must bring at least this many bytes in every window of the request timeout, or it is cut off. */
export const MIN_BODY_BYTES_PER_WINDOW = 1024;

type Handler = (req: Request, res: Response, next: NextFunction) => unknown;

/** The path of a request URL, without its query string. */
function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0];
  return path || '/';
}

/** Writes `problem` as `application/problem+json`, closing the connection when `close` is set. */
export function sendProblem(res: ServerResponse, problem: ProblemDetails, headers: Record<string, string> = {}, close = false): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify(problem);
  res.writeHead(problem.status, {
    ...headers,
    'Content-Type': 'application/problem+json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...(close && { Connection: 'close' }),
  });
  res.end(body);
}

/**
 * The Express adapter with the HTTP server's own limits and answers made safe (issue #11):
 * - headers must arrive within `timeoutMs` (Node's `headersTimeout`, checked every second); there
 *   is no cap on a whole request's time, so a technician's slow video upload is not cut short
 *   while it makes progress (see {@link bodyProgressGuard});
 * - what Node refuses before the app sees it (malformed HTTP, oversized headers, the header
 *   timeout) is answered with problem+json instead of a bare status line;
 * - a path no route serves answers 404 problem+json inside and outside `/api/v1`, and a path that
 *   exists for other methods answers 405 with `Allow` (RFC 9110 §15.5.6) (Nest mounts its error
 *   handler at the root too, so body-parser errors reach the problem+json filter everywhere).
 */
export class HardenedExpressAdapter extends ExpressAdapter {
  constructor(private readonly timeoutMs: number) {
    super();
  }

  override initHttpServer(): void {
    const server = createServer(
      { headersTimeout: this.timeoutMs, requestTimeout: 0, connectionsCheckingInterval: Math.min(1000, this.timeoutMs) },
      this.getInstance<(req: IncomingMessage, res: ServerResponse) => void>(),
    );
    server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => answerClientError(error, socket));
    this.setHttpServer(server);
  }

  override setNotFoundHandler(_nestHandler: Handler, prefix?: string, excludedRoutes?: unknown): this {
    // Nest's own handler answers "Cannot GET <url>", echoing the query string; this one names the path only.
    const fallback: Handler = (req, res) => {
      const path = pathOf(req.originalUrl);
      const requestId = String((req as { id?: string }).id ?? '');
      const allowed = this.allowedMethods(path);
      if (allowed.length === 0) return sendProblem(res, plainProblem(404, `No route serves ${req.method} ${path}`, req.originalUrl, requestId));
      sendProblem(res, plainProblem(405, `${req.method} is not allowed here; use ${allowed.join(', ')}`, req.originalUrl, requestId), { Allow: allowed.join(', ') });
    };
    super.setNotFoundHandler(fallback, prefix, excludedRoutes as never);
    // Outside the global prefix (`/`, `/favicon.ico`, `/api/v2`), which Nest leaves to Express's HTML page.
    this.use(fallback);
    return this;
  }

  /** The methods of the routes whose pattern matches `path` (HEAD with GET), in a stable order. */
  private allowedMethods(path: string): string[] {
    const stack = (this.getInstance() as { router?: { stack?: RouterLayer[] } }).router?.stack ?? [];
    const methods = new Set<string>();
    for (const layer of stack) {
      if (!layer.route || !layer.match(path)) continue;
      for (const [method, on] of Object.entries(layer.route.methods)) if (on && method !== '_all') methods.add(method.toUpperCase());
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}

/** The part of Express's router layer used to find the methods a path has. */
interface RouterLayer {
  route?: { methods: Record<string, boolean> };
  match(path: string): unknown;
}

/**
 * Answers what Node's HTTP parser refused (RFC 9457 body, connection closed): 408 for headers that
 * did not arrive in time, 431 for headers over Node's size limit, 400 for anything malformed.
 */
function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable || error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const detail =
    status === 408 ? 'The request headers did not arrive in time' : status === 431 ? 'The request headers are too large' : 'The request is not valid HTTP/1.1';
  const body = JSON.stringify(plainProblem(status, detail, '', randomUUID()));
  socket.end(
    `HTTP/1.1 ${status} ${plainProblem(status, '', '', '').title}\r\nContent-Type: application/problem+json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * Middleware that cuts off a request body making no progress (issue #11; a slow-body attack holds a
 * connection and a parser for as long as the server lets it): while the body is incomplete, every
 * `timeoutMs` window must bring at least {@link MIN_BODY_BYTES_PER_WINDOW} bytes, or the request is
 * answered 408 problem+json and the connection closed. A body of one byte every 2 s is cut after
 * one window; any real client, even on 2G, sends kilobytes a second. Requests without a body
 * cost two header reads.
 */
export function bodyProgressGuard(timeoutMs: number): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req, res, next) => {
    const length = req.headers['content-length'];
    if (req.complete || ((length === undefined || length === '0') && req.headers['transfer-encoding'] === undefined)) return next();
    const socket = req.socket;
    let seen = socket.bytesRead;
    const check = () => {
      if (req.complete || res.writableEnded) return;
      if (socket.bytesRead - seen >= MIN_BODY_BYTES_PER_WINDOW) {
        seen = socket.bytesRead;
        timer.refresh();
        return;
      }
      const id = (req as { id?: string }).id ?? '';
      sendProblem(res, plainProblem(408, `The request body made no progress for ${timeoutMs / 1000} s`, pathOf(req.url), id), {}, true);
      // The client may still be sending: close once the answer is out instead of reading the rest.
      res.once('finish', () => socket.destroy());
    };
    const timer = setTimeout(check, timeoutMs);
    const stop = () => clearTimeout(timer);
    req.once('end', stop);
    req.once('close', stop);
    res.once('close', stop);
    next();
  };
}
