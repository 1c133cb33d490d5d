/**
 * Reading the API's problem+json answers (RFC 9457, DESIGN §6) for the user: the `detail` to show
 * and the field-level `errors` keyed by field, so a form puts each message under its input.
 */
import { isProblem, type Problem } from '@chargeops/api-client';

/** A failed call: the HTTP status and, when the body was problem+json, the problem. */
export class ApiFailure extends Error {
  constructor(readonly status: number, readonly problem: Problem | undefined) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }

  /** Field errors by field path (`customerPhone` → "must be an E.164 phone number"). */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const error of this.problem?.errors ?? []) out[error.field] = error.message;
    return out;
  }
}

/**
 * The body of an openapi-fetch result, or throws {@link ApiFailure} with the problem for TanStack
 * Query to hand to the page. `result` is what any `api.GET/POST/...` call resolves to.
 */
export function bodyOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw new ApiFailure(result.response.status, isProblem(result.error) ? result.error : undefined);
}
