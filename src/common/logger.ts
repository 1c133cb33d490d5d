import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pino, type Logger } from 'pino';
import type { LogLevel } from '../config/config.js';

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

/** The process-wide JSON logger. */
export function createLogger(level: LogLevel): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } });
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** A request as the HTTP logger leaves it: with the id every problem body and log line carries. */
export type IdentifiedRequest = IncomingMessage & { id?: string; originalUrl?: string };

/** The level a finished request is logged at: 5xx error, 4xx warn, anything else info. */
export function requestLogLevel(statusCode: number): 'error' | 'warn' | 'info' {
  return statusCode >= 500 ? 'error' : statusCode >= 400 ? 'warn' : 'info';
}

/**
 * Request logging with a request id per request: the caller's `X-Request-Id` when it is sane,
 * otherwise a new UUID; echoed back in the `X-Request-Id` header and in every problem body.
 * When the response ends, one line `{ req: { id, method, url }, res: { statusCode }, responseTime }`
 * ("request completed", or "request errored" for a 5xx) at {@link requestLogLevel}'s level, as
 * pino-http wrote it. Unlike pino-http, nothing is built for a level that is off: pino-http made a
 * child logger with the serialised request for every request, ~3 % of the CPU of
 * `GET /leads/{id}` at LOG_LEVEL=warn (bench/README.md).
 */
export function createHttpLogger(logger: Logger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  return (req: IdentifiedRequest, res, next) => {
    const incoming = req.headers['x-request-id'];
    const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    req.id = id;
    res.setHeader('X-Request-Id', id);
    const started = Date.now();
    const url = req.originalUrl ?? req.url;
    let logged = false;
    const log = () => {
      if (logged) return;
      logged = true;
      const level = requestLogLevel(res.statusCode);
      if (!logger.isLevelEnabled(level)) return;
      const line = { req: { id, method: req.method, url }, res: { statusCode: res.statusCode }, responseTime: Date.now() - started };
      if (level === 'error') logger.error({ ...line, err: new Error(`failed with status code ${res.statusCode}`) }, 'request errored');
      else logger[level](line, 'request completed');
    };
    // 'close' alone when the client goes away before the answer is sent.
    res.once('finish', log);
    res.once('close', log);
    next();
  };
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
