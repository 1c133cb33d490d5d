import { HttpException } from '@nestjs/common';
import type { NotFoundCode, ProblemCode } from './problem-codes.js';

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
 * `new AppException(409, 'LEAD_INVALID_TRANSITION', 'Cannot move…', { allowed: [...] })`;
 * `code` must be listed in a module's errors file (see `problem-codes.ts`), or it does not compile.
 */
export class AppException extends HttpException {
  constructor(
    status: number,
    readonly code: ProblemCode,
    detail: string,
    readonly extras: ProblemExtras = {},
  ) {
    super(detail, status);
  }
}

/**
 * 404 for a resource that does not exist or that the caller may not see (DESIGN §1: no existence
 * leak), with the code `<RESOURCE>_NOT_FOUND` (`Team member` → `TEAM_MEMBER_NOT_FOUND`). The type
 * parameter carries the literal resource name so that its code must be listed too: `R & …` turns
 * into `never`, and the call does not compile, when it is not.
 */
export class NotFoundProblem<R extends string = string> extends AppException {
  constructor(resource: R & (NotFoundCode<R> extends ProblemCode ? unknown : never), id: string | number) {
    super(404, `${resource.toUpperCase().replace(/[^A-Z]+/g, '_')}_NOT_FOUND` as ProblemCode, `${resource} ${id} was not found`);
  }
}

/** 400 naming the offending field(s), the first {@link MAX_FIELD_ERRORS} of them. */
export class ValidationProblem extends AppException {
  constructor(errors: FieldError[], detail?: string) {
    // The first MAX_FIELD_ERRORS: a body of thousands of unknown keys would otherwise be answered with one error per key.
    const shown = errors.slice(0, MAX_FIELD_ERRORS);
    const more = errors.length - shown.length;
    super(400, 'VALIDATION_FAILED', detail ?? shown.map((e) => `${e.field}: ${e.message}`).join('; ') + (more ? `; and ${more} more` : ''), { errors: shown });
  }
}

/** The most field errors one 400 lists. */
export const MAX_FIELD_ERRORS = 50;
