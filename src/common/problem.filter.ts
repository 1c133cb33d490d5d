import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { AppException } from './problem.js';
import type { ProblemCode } from './problem-codes.js';
import { isNetworkFailure, NETWORK_ERROR_CODES } from './http/network-errors.js';

const CODES_BY_STATUS: Partial<Record<number, ProblemCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADERS_TOO_LARGE',
};

/**
 * What Fastify's own errors (its `code`, e.g. from reading a body) mean to a client: a stable code
 * and a detail without internals. Fastify reports them with a status already; the code is ours.
 */
const FASTIFY_ERRORS: Record<string, { status: number; code: ProblemCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, code: 'PAYLOAD_TOO_LARGE', detail: 'The request body is larger than this server accepts' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, code: 'BAD_REQUEST', detail: 'The request body does not match its Content-Length' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'The Content-Type is not supported' },
  FST_ERR_CTP_INVALID_TYPE: { status: 400, code: 'BAD_REQUEST', detail: 'The Content-Type header is not valid' },
  FST_ERR_CTP_EMPTY_TYPE: { status: 400, code: 'BAD_REQUEST', detail: 'The Content-Type header is empty' },
  FST_ERR_CTP_INVALID_CONTENT_TYPE: { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'The Content-Type is not supported' },
  FST_ERR_BAD_URL: { status: 400, code: 'BAD_REQUEST', detail: 'The request URL is not valid' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400, code: 'BAD_REQUEST', detail: 'The request could not be routed' },
};

const REQUEST_ABORTED = { status: 400, code: 'REQUEST_ABORTED', detail: 'The request body ended early' } as const;
/** Seconds a client waits before retrying after a dependency's network failure (503). */
const DEPENDENCY_RETRY_AFTER_SECONDS = 5;

/** The problem members for an error Fastify raised (it carries `code`), or null for any other error. */
function frameworkProblem(error: unknown, req: FilteredRequest): { status: number; code: ProblemCode; detail: string } | null {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code !== 'string') return null;
  // A reset is the client's only while its connection is gone; S3's or the database's otherwise (not a 400, and logged).
  if (NETWORK_ERROR_CODES.has(code)) return req.raw?.destroyed || req.raw?.readableAborted ? REQUEST_ABORTED : null;
  return code in FASTIFY_ERRORS ? FASTIFY_ERRORS[code] : null;
}


/** The request members the filter reads (Fastify's request: `id` is the request id, `url` has the query). */
interface FilteredRequest {
  id?: unknown;
  url?: string;
  /** Node's request: destroyed or aborted once the client's connection is gone. */
  raw?: { destroyed?: boolean; readableAborted?: boolean };
}

/** The reply members the filter uses: Fastify's reply (`raw` is Node's response). */
interface FilteredReply {
  raw: ServerResponse;
  sent?: boolean;
  status(code: number): FilteredReply;
  header(name: string, value: string): FilteredReply;
  send(body: string): unknown;
}

/** The body of every error answer: RFC 9457 plus DESIGN §6's `code`, `errors`, `requestId`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ProblemCode;
  requestId: string;
  errors?: { field: string; message: string }[];
  [member: string]: unknown;
}

/** The RFC 9457 `title` for a status: its reason phrase, e.g. 413 → "Payload Too Large". */
export function title(status: number): string {
  return (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * A problem with no type of its own (`about:blank`), for answers written outside Nest's exception
 * filter (the HTTP server's own errors, unmatched routes). The code defaults to the status's.
 */
export function plainProblem(status: number, detail: string, instance: string, requestId: string, code?: ProblemCode): ProblemDetails {
  return { type: 'about:blank', title: title(status), status, detail, code: code ?? CODES_BY_STATUS[status] ?? 'HTTP_ERROR', instance, requestId };
}

/**
 * Turns every exception into `application/problem+json` (RFC 9457). Unknown errors become a 500
 * that reveals nothing but the request id; the error itself goes to the log.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemDetails');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const req = http.getRequest<FilteredRequest>();
    const res = http.getResponse<FilteredReply>();
    const problem = this.toProblem(exception, req);
    // A dependency's network failure is a 503 an operator must still see (a health check's 503 is not logged).
    const dependencyFailed = problem.status === 503 && isNetworkFailure(exception);
    if (problem.status >= 500 && (problem.code !== 'SERVICE_UNAVAILABLE' || dependencyFailed)) this.logger.error({ err: exception, requestId: problem.requestId }, 'Unhandled error');
    if (res.sent || res.raw.headersSent) {
      res.raw.destroy();
      return;
    }
    if (dependencyFailed) res.header('Retry-After', String(DEPENDENCY_RETRY_AFTER_SECONDS));
    res.status(problem.status).header('Content-Type', 'application/problem+json; charset=utf-8').send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: FilteredRequest): ProblemDetails {
    const base = { instance: req.url ?? '', requestId: String(req.id ?? '') };
    if (exception instanceof AppException) {
      const status = exception.getStatus();
      return {
        type: `https://chargeops.dev/problems/${exception.code.toLowerCase().replace(/_/g, '-')}`,
        title: title(status),
        status,
        detail: exception.message,
        code: exception.code,
        ...exception.extras,
        ...base,
      };
    }
    // Nest's Fastify adapter wraps Fastify's own 4xx errors in HttpExceptions (the original as
    // `cause`); their message (e.g. "Request body is too large") is replaced by a stable code.
    const parserError = frameworkProblem(exception instanceof HttpException ? exception.cause : exception, req);
    if (parserError) return { type: 'about:blank', title: title(parserError.status), ...parserError, ...base };
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      let detail = exception.message;
      if (typeof body === 'object' && body !== null && 'message' in body) {
        const message = (body as { message: unknown }).message;
        detail = Array.isArray(message) ? message.join('; ') : String(message);
      }
      // Terminus answers 503 with its per-check results; keep them, they are what an operator needs.
      if (status === 503 && typeof body === 'object' && body !== null && 'details' in body) {
        return { type: 'about:blank', title: title(status), status, detail: 'A dependency is down', code: 'SERVICE_UNAVAILABLE', details: (body as { details: unknown }).details, ...base };
      }
      const code = CODES_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
      return { type: 'about:blank', title: title(status), status, detail, code, ...base };
    }
    // Other errors with a 4xx status (a malformed URI escape, say): their
    // message may name internals, so only the status is kept.
    const status = (exception as { status?: unknown } | null | undefined)?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return { type: 'about:blank', title: title(status), status, detail: title(status), code: CODES_BY_STATUS[status] ?? 'HTTP_ERROR', ...base };
    }
    if (isNetworkFailure(exception)) {
      return { type: 'about:blank', title: title(503), status: 503, detail: 'A service this request needs did not answer; try again shortly', code: 'SERVICE_UNAVAILABLE', ...base };
    }
    return {
      type: 'about:blank',
      title: 'Internal Server Error',
      status: 500,
      detail: 'An unexpected error occurred; quote the requestId when reporting it',
      code: 'INTERNAL_ERROR',
      ...base,
    };
  }
}
