import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type DestinationStream, pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';
import type { HttpReply } from './http/http-exchange.js';

/** Fields that never reach the logs: credentials and customers' phone numbers (DPDP Act hygiene). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'password',
  '*.password',
  'refreshToken',
  '*.refreshToken',
  'accessToken',
  '*.accessToken',
  'phone',
  '*.phone',
  'customerPhone',
  '*.customerPhone',
];

/** The acting caller as the auth guard leaves it on the request. */
interface RequestActor {
  userId: string;
  role: string;
  apiKeyId?: string | null;
}

/** A request as the HTTP logger and the auth guard leave it: with its id and, once authenticated, its actor. */
export type IdentifiedRequest = IncomingMessage & { id?: string; originalUrl?: string; actor?: RequestActor };

/**
 * The request being served, in the async context of everything that serves it (Node's own
 * AsyncLocalStorage: nothing of Nest's DI needs it, so no Nest module provides it).
 */
const servedRequest = new AsyncLocalStorage<IdentifiedRequest>();

/** `{ requestId, actorId, actorRole }` of the request being served, for every log line written while serving it. */
function requestContext(): Record<string, string> {
  const req = servedRequest.getStore();
  if (!req?.id) return {};
  return req.actor ? { requestId: req.id, actorId: req.actor.userId, actorRole: req.actor.role } : { requestId: req.id };
}

/**
 * Errors as logged: type, message, stack and code only. A database error also carries the
 * statement's parameters and the driver's `detail` ("Key (email)=(…) already exists"), which hold
 * customers' phone numbers and e-mail addresses (DPDP Act 2023): those never reach the log.
 */
export function serializeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const code = (error as { code?: unknown }).code;
  return { type: error.constructor.name, message: error.message, stack: error.stack, ...(code !== undefined && { code }) };
}

/**
 * The process-wide JSON logger. Each line written while a request is served carries that
 * request's `requestId` and, once signed in, `actorId` and `actorRole` (read from the request's async context).
 * @param destination where lines go (stdout by default; tests pass a sink)
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, mixin: requestContext, serializers: { err: serializeError } };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * The URL as logged: the path and the names of the query parameters, never their values
 * (`/api/v1/leads?q=9812345678&limit=5` → `/api/v1/leads?q&limit`): a search by phone number or
 * e-mail address would otherwise put personal data in the log.
 */
export function loggableUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const names = url
    .slice(at + 1)
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=', 1)[0]);
  return names.length ? `${url.slice(0, at)}?${names.join('&')}` : url.slice(0, at);
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * The id of a request: a sane `X-Request-Id` from the client (letters, digits, `_.:-`, at most 128)
 * or a new UUID, decided once and kept on the Node request as `id`, so log lines, problem bodies
 * and the audit log name the same one (the HTTP adapter's `genReqId` calls this first).
 */
export function requestIdOf(req: IdentifiedRequest): string {
  if (req.id) return req.id;
  const incoming = req.headers['x-request-id'];
  req.id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  return req.id;
}

/** The level a finished request is logged at: 5xx error, 4xx warn, anything else info. */
export function requestLogLevel(statusCode: number): 'error' | 'warn' | 'info' {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * Request logging with a request id per request: the caller's `X-Request-Id` when it is sane,
 * otherwise a new UUID; echoed back in the `X-Request-Id` header and in every problem body. The
 * rest of the request runs in an async context holding the request, so every log line written
 * meanwhile carries its id and actor (see {@link createLogger}).
 * When the response ends, one line `{ req: { id, method, url }, res: { statusCode }, responseTime,
 * requestId, actorId?, actorRole? }` ("request completed", or "request errored" for a 5xx) at
 * {@link requestLogLevel}'s level, as pino-http wrote it; the URL as {@link loggableUrl} gives it. Unlike pino-http, nothing is built for a level that is off: pino-http made a
 * child logger with the serialised request for every request, ~3 % of the CPU of
 * `GET /leads/{id}` at LOG_LEVEL=warn (bench/README.md).
 *
 * The middleware's `reply`, when given, is where `X-Request-Id` is set: the framework's reply
 * (why: `setSecurityHeaders` in security-headers.ts); without it, the Node response.
 */
export function createHttpLogger(logger: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void, reply?: HttpReply) => void {
  return (req: IdentifiedRequest, res, next, reply) => {
    const id = requestIdOf(req);
    if (reply) reply.header('x-request-id', id);
    else res.setHeader('X-Request-Id', id);
    const started = Date.now();
    const url = req.originalUrl ?? req.url ?? '/';
    const log = () => {
      const level = requestLogLevel(res.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      const actor = req.actor && { actorId: req.actor.userId, actorRole: req.actor.role };
      const line = { req: { id, method: req.method, url: loggableUrl(url) }, res: { statusCode: res.statusCode }, responseTime: Date.now() - started, requestId: id, ...actor };
      if (level === 'error') logger.error({ ...line, err: new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
      else logger[level](line, 'request completed');
    };
    // Node emits 'close' once per response: after 'finish', or alone when the client goes away first.
    res.on('close', log);
    servedRequest.run(req, next);
  };
}

/**
 * Runs `next` inside the request's log context again (request id, later the actor), for the parts
 * of a request that continue on another async context than the one {@link createHttpLogger} opened
 * (a body's bytes arrive on the socket's).
 */
export function enterRequestContext(req: IdentifiedRequest, next: () => void): void {
  servedRequest.run(req, next);
}

/** Routes Nest's own log lines into pino as JSON. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.write('info', message, context);
  }
  error(message: unknown, ...rest: unknown[]): void {
    const context = typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    this.write('error', message, context);
  }
  warn(message: unknown, context?: string): void {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string): void {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string): void {
    this.write('trace', message, context);
  }

  private write(level: 'info' | 'error' | 'warn' | 'debug' | 'trace', message: unknown, context?: string): void {
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...(message as object) });
    else this.logger[level]({ context }, String(message));
  }
}
