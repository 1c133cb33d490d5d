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
 * What a form's alert says about `error` when the inputs named in `shown` carry their own field
 * errors: nothing when every field error has its input, otherwise the errors of fields the form
 * has no input for (`userId: …`), or the message itself when the problem names no field. So a 400
 * about a field the form does not show is never hidden.
 */
export function formAlertOf(error: Error | null, shown: readonly string[]): string | null {
  if (!error) return null;
  if (!(error instanceof ApiFailure)) return error.message;
  const errors = error.problem?.errors ?? [];
  if (!errors.length) return error.message;
  const placed = (field: string) => shown.some((name) => field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`));
  const unplaced = errors.filter((item) => !placed(item.field));
  return unplaced.length ? unplaced.map((item) => `${item.field}: ${item.message}`).join('; ') : null;
}

/**
 * The body of an openapi-fetch result, or throws {@link ApiFailure} with the problem for TanStack
 * Query to hand to the page. `result` is what any `api.GET/POST/...` call resolves to.
 */
export function bodyOf<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.response.ok && result.data !== undefined) return result.data;
  throw new ApiFailure(result.response.status, isProblem(result.error) ? result.error : undefined);
}
