import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions, HTTPMethods, RouteOptions } from 'fastify';
import findMyWay, { type HTTPMethod } from 'find-my-way';
import { answersFromVersion, withVersionEtag } from './http/version-etag.js';
import { requestIdOf } from './logger.js';
import { plainProblem, type ProblemDetails } from './problem.filter.js';

/** A body must bring at least this many bytes in every window of the request timeout, or it is cut off. */
export const MIN_BODY_BYTES_PER_WINDOW = 1024;

/** The path of a request URL, without its query string. */
function pathOf(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0];
  return path || '/';
}

/** Headers by name, as Fastify's `reply.getHeaders()` gives them. */
export type AnswerHeaders = Record<string, number | string | string[] | undefined>;

/** Writes `problem` as `application/problem+json` with `headers`, closing the connection when `close` is set. */
export function sendProblem(res: ServerResponse, problem: ProblemDetails, headers: AnswerHeaders = {}, close = false): void {
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

/** What the HTTP server needs to know of the configuration. */
export interface HttpServerOptions {
  /** Headers must arrive within this many milliseconds; a body must make progress in every such window (`REQUEST_TIMEOUT_SECONDS`). */
  timeoutMs: number;
  /** The largest JSON body accepted, in bytes (`JSON_BODY_LIMIT_BYTES`). */
  bodyLimitBytes: number;
  /** Which proxies' `X-Forwarded-For` to believe (`TRUST_PROXY`, proxy-addr's syntax as Express had it). */
  trustProxy: boolean | number | string[];
}

/**
 * `TRUST_PROXY=N`: the N hops nearest the server are proxies whatever their address, as Express
 * read a hop count (proxy-addr's `i < N`). Fastify 5 turned a number into "trust nobody"; a
 * function keeps the documented meaning (README "Behind a reverse proxy").
 */
function trustHops(hops: number): (address: string, hop: number) => boolean {
  return (_address, hop) => hop < hops;
}

/**
 * Nest's Fastify adapter with the HTTP server's own limits and answers made safe (issues #11, #13):
 * - headers must arrive within `timeoutMs` (Node's `headersTimeout`, checked every second); there
 *   is no cap on a whole request's time, so a technician's slow video upload is not cut short
 *   while it makes progress (see {@link bodyProgressGuard});
 * - what Node refuses before the app sees it (malformed HTTP, oversized headers, the header
 *   timeout) is answered with problem+json instead of a bare status line;
 * - a path no route serves answers 404 problem+json inside and outside `/api/v1`, and a path that
 *   exists for other methods answers 405 with `Allow` (RFC 9110 §15.5.6);
 * - Fastify's own router options as Express behaved: a trailing slash is ignored;
 * - a route declared with `@VersionEtag()` sends its answer's version as `ETag` ({@link withVersionEtag}).
 */
export class HardenedFastifyAdapter extends FastifyAdapter {
  /** Every route's pattern and methods, to answer 405 with `Allow` (Fastify's router has no such question). */
  private readonly routes = findMyWay({ ignoreTrailingSlash: true });
  private readonly routeList: string[] = [];

  constructor(options: HttpServerOptions) {
    const serverOptions: FastifyServerOptions = {
      logger: false,
      trustProxy: typeof options.trustProxy === 'number' ? trustHops(options.trustProxy) : options.trustProxy,
      bodyLimit: options.bodyLimitBytes,
      // The id comes from X-Request-Id or a UUID (requestIdOf), not Fastify's counter.
      genReqId: (req) => requestIdOf(req),
      requestIdHeader: false,
      // No cap on a whole request: bodyProgressGuard cuts stalled ones instead.
      requestTimeout: 0,
      // A path parameter may be as long as Express allowed in practice (the header size bounds it).
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: 2048 },
      // What the router refuses before any hook (a malformed URL escape): problem+json like the rest.
      frameworkErrors: (error, request, reply) => {
        const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
        const problem = plainProblem(status, status === 414 ? 'A path segment is too long' : 'The request URL is not valid', pathOf(request.url), requestIdOf(request.raw));
        reply.hijack();
        sendProblem(reply.raw, problem, { 'X-Request-Id': problem.requestId });
      },
      serverFactory: (handler) =>
        createServer({ headersTimeout: options.timeoutMs, requestTimeout: 0, connectionsCheckingInterval: Math.min(1000, options.timeoutMs) }, handler),
      clientErrorHandler: answerClientError,
    };
    super(serverOptions);
    const instance = this.getInstance<FastifyInstance>();
    instance.addHook('onSend', notModified);
    instance.addHook('onRoute', (route: RouteOptions) => {
      withVersionEtag(route);
      const methods = (Array.isArray(route.method) ? route.method : [route.method]) as HTTPMethods[];
      for (const method of methods) {
        this.routeList.push(`${method.toUpperCase()} ${route.url}`);
        try {
          this.routes.on(method.toUpperCase() as HTTPMethod, route.url, () => undefined);
        } catch {
          // The same pattern and method twice (HEAD is added for every GET): already known.
        }
      }
    });
  }

  /** Every route Fastify registered, as `"<METHOD> <pattern>"` (HEAD included), in registration order. */
  registeredRoutes(): readonly string[] {
    return this.routeList;
  }

  override setNotFoundHandler(): ReturnType<FastifyAdapter['setNotFoundHandler']> {
    // Nest's own handler answers "Cannot GET <url>", echoing the query string; this one names the path only.
    return this.getInstance<FastifyInstance>().setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
      const path = pathOf(request.url);
      const allowed = this.allowedMethods(path);
      const problem =
        allowed.length === 0
          ? plainProblem(404, `No route serves ${request.method} ${path}`, request.url, String(request.id))
          : plainProblem(405, `${request.method} is not allowed here; use ${allowed.join(', ')}`, request.url, String(request.id));
      if (allowed.length) void reply.header('Allow', allowed.join(', '));
      void reply.status(problem.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
    });
  }

  /** The methods of the routes whose pattern matches `path` (HEAD with GET), in a stable order. */
  private allowedMethods(path: string): string[] {
    const methods = new Set<string>();
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const) {
      if (this.routes.find(method, path)) methods.add(method);
    }
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  }
}

/** True when an `If-None-Match` list names `etag` by weak comparison (RFC 9110 §13.1.2), or is `*`. */
export function ifNoneMatchNames(header: string, etag: string): boolean {
  const wanted = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const value = tag.trim();
    return value === '*' || value.replace(/^W\//, '') === wanted;
  });
}

/**
 * An `onSend` hook: a GET or HEAD answered 200 with an `ETag` that the request's `If-None-Match`
 * names becomes 304 without a body (RFC 9110 §13.1.2, §15.4.5), as Express's `fresh` check did.
 * Only an ETag that validates the whole answer (a file's SHA-256) is concerned, not a version
 * ETag ({@link answersFromVersion}).
 */
function notModified(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload?: unknown) => void): void {
  const etag = reply.getHeader('etag');
  const condition = request.headers['if-none-match'];
  if (reply.statusCode === 200 && typeof etag === 'string' && condition && (request.method === 'GET' || request.method === 'HEAD') && !answersFromVersion(request) && ifNoneMatchNames(condition, etag)) {
    void reply.status(304).removeHeader('content-length').removeHeader('content-type');
    // A file stream that will not be sent is closed, not left open.
    (payload as { destroy?: () => void } | null)?.destroy?.();
    done(null, null);
    return;
  }
  done(null, payload);
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
 * A hook over the Node request and response that cuts off a request body making no progress
 * (issue #11; a slow-body attack holds a connection and a parser for as long as the server lets
 * it): while the body is incomplete, every `timeoutMs` window must bring at least
 * {@link MIN_BODY_BYTES_PER_WINDOW} bytes, or the request is answered 408 problem+json and the
 * connection closed. A body of one byte every 2 s is cut after one window; any real client, even
 * on 2G, sends kilobytes a second. Requests without a body cost two header reads.
 * The 408 carries the headers `reply` holds: the framework's reply keeps the security
 * headers and `X-Request-Id` until it writes the head, which it never does for this answer.
 */
export function bodyProgressGuard(
  timeoutMs: number,
): (req: IncomingMessage, res: ServerResponse, next: () => void, reply: { getHeaders(): AnswerHeaders }) => void {
  return (req, res, next, reply) => {
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
      sendProblem(res, plainProblem(408, `The request body made no progress for ${timeoutMs / 1000} s`, pathOf(req.url), id), reply.getHeaders(), true);
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
