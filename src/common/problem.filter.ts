import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AppException } from './problem.js';

const CODES_BY_STATUS: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  412: 'PRECONDITION_FAILED',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  428: 'PRECONDITION_REQUIRED',
  429: 'TOO_MANY_REQUESTS',
};

/** The body of every error answer: RFC 9457 plus DESIGN §6's `code`, `errors`, `requestId`. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: { field: string; message: string }[];
  [member: string]: unknown;
}

function title(status: number): string {
  return (HttpStatus[status] ?? 'Error')
    .toLowerCase()
    .split('_')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/**
 * The throttler names its header after the throttler (`Retry-After-login`); clients and proxies
 * only know the standard `Retry-After` (RFC 9110 §10.2.3), so the longest wait is copied there.
 */
function setRetryAfter(res: Response): void {
  if (res.getHeader('Retry-After') !== undefined) return;
  const waits = res
    .getHeaderNames()
    .filter((name) => name.startsWith('retry-after-'))
    .map((name) => Number(res.getHeader(name)))
    .filter((seconds) => Number.isFinite(seconds));
  if (waits.length) res.setHeader('Retry-After', String(Math.max(...waits)));
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
    const req = http.getRequest<Request & { id?: string }>();
    const res = http.getResponse<Response>();
    const problem = this.toProblem(exception, req);
    if (problem.status >= 500 && problem.code !== 'SERVICE_UNAVAILABLE') this.logger.error({ err: exception, requestId: problem.requestId }, 'Unhandled error');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (exception instanceof ThrottlerException) setRetryAfter(res);
    res.status(problem.status).type('application/problem+json').json(problem);
  }

  private toProblem(exception: unknown, req: Request & { id?: string }): ProblemDetails {
    const base = { instance: req.originalUrl ?? req.url, requestId: String(req.id ?? '') };
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
    // Nest's Express adapter wraps body-parser errors in HttpExceptions; the parser's own message
    // (e.g. "Unexpected end of JSON input") is replaced by a stable code.
    if (exception instanceof HttpException && (exception.cause as { type?: unknown } | undefined)?.type === 'entity.parse.failed') {
      return { type: 'about:blank', title: title(400), status: 400, detail: 'The request body is not valid JSON', code: 'MALFORMED_JSON', ...base };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      let detail = exception.message;
      if (typeof body === 'object' && body !== null && 'message' in body) {
        const message = (body as { message: unknown }).message;
        detail = Array.isArray(message) ? message.join('; ') : String(message);
      }
      if (exception instanceof ThrottlerException) detail = 'Too many requests; try again later';
      // Terminus answers 503 with its per-check results; keep them, they are what an operator needs.
      if (status === 503 && typeof body === 'object' && body !== null && 'details' in body) {
        return { type: 'about:blank', title: title(status), status, detail: 'A dependency is down', code: 'SERVICE_UNAVAILABLE', details: (body as { details: unknown }).details, ...base };
      }
      const code = CODES_BY_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR');
      return { type: 'about:blank', title: title(status), status, detail, code, ...base };
    }
    // Body parser errors (malformed JSON, body too large) carry a status but are not HttpExceptions.
    const status = (exception as { status?: unknown; type?: unknown })?.status;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const isJson = (exception as { type?: unknown }).type === 'entity.parse.failed';
      return {
        type: 'about:blank',
        title: title(status),
        status,
        detail: isJson ? 'The request body is not valid JSON' : (exception as Error).message,
        code: isJson ? 'MALFORMED_JSON' : (CODES_BY_STATUS[status] ?? 'HTTP_ERROR'),
        ...base,
      };
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
