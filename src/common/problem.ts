import { HttpException } from '@nestjs/common';

/** One field-level validation failure (RFC 9457 extension member `errors`). */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `customerPhone` or `items.0.name`. */
  field: string;
  message: string;
}

/** Extra members a problem may carry besides the RFC 9457 core ones. */
export interface ProblemExtras {
  errors?: FieldError[];
  [member: string]: unknown;
}

/**
 * An error that becomes an RFC 9457 problem+json response with a stable machine `code`
 * (DESIGN §6). Modules throw it with their own codes, e.g.
 * `new AppException(409, 'LEAD_INVALID_TRANSITION', 'Cannot move…', { allowed: [...] })`.
 */
export class AppException extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail, status);
  }
}

/** 404 for a resource that does not exist or that the caller may not see (DESIGN §1: no existence leak). */
export class NotFoundProblem extends AppException {
  constructor(resource: string, id: string | number) {
    super(404, `${resource.toUpperCase().replace(/[^A-Z]+/g, '_')}_NOT_FOUND`, `${resource} ${id} was not found`);
  }
}

/** 400 naming the offending field(s). */
export class ValidationProblem extends AppException {
  constructor(errors: FieldError[], detail = errors.map((e) => `${e.field}: ${e.message}`).join('; ')) {
    super(400, 'VALIDATION_FAILED', detail, { errors });
  }
}
