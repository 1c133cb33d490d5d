/**
 * Problem codes held by types (issue 12, item 5). Every `code` a problem+json answer carries is
 * listed once, in the errors file of the module that owns it (`src/<module>/<module>.errors.ts`:
 * `export const LEAD_ERRORS = { LEAD_FINAL: 'short meaning', … } as const`), and `AppException`
 * accepts only a listed code: an unlisted one does not compile.
 *
 * Why a registry interface: `common/` stands below every feature module and may import none of
 * them, yet the union of their codes must reach `AppException` here. So each errors file adds its
 * list to {@link ProblemCodeRegistry} by module augmentation (`declare module
 * '../common/problem-codes.js'`), and {@link ProblemCode} is read off the merged interface. The
 * import points up the layers (module → common), never down. The runtime list of every code (the
 * spec's enum of `ProblemDetailsDto.code`) is assembled on top, in `src/problem-catalogue.ts`.
 */

/** A module's list: each code with a short meaning (what a client should understand by it). */
export type ProblemCodeList = Readonly<Record<string, string>>;

/**
 * The codes `common/` itself answers with: the problem filter's generic codes (by status, for
 * body-parser failures, for Terminus' 503 and unknown errors) and the shared validation and paging
 * problems.
 */
export const COMMON_ERRORS = {
  BAD_REQUEST: 'The request was refused as malformed (status 400 with no code of its own)',
  VALIDATION_FAILED: 'A field is invalid; `errors` names each one',
  INVALID_CURSOR: 'The `cursor` is not one this API returned',
  MALFORMED_JSON: 'The request body is not valid JSON',
  JSON_TOO_DEEP: 'The JSON body nests deeper than JSON_MAX_DEPTH',
  PAYLOAD_TOO_LARGE: 'The body is larger than this server accepts',
  UNSUPPORTED_CHARSET: 'The JSON body is not UTF-8',
  UNSUPPORTED_CONTENT_ENCODING: 'The Content-Encoding is not supported',
  UNSUPPORTED_MEDIA_TYPE: 'The Content-Type is not supported (status 415 with no code of its own)',
  REQUEST_ABORTED: 'The request body ended early',
  UNAUTHENTICATED: 'No valid credentials were sent',
  FORBIDDEN: 'The caller may not do this (status 403 with no code of its own)',
  NOT_FOUND: 'No route or resource at this path (status 404 with no code of its own)',
  METHOD_NOT_ALLOWED: 'The path exists but not for this method; `Allow` lists the methods',
  REQUEST_TIMEOUT: 'The headers or the body did not arrive in time',
  CONFLICT: 'The request conflicts with the current state (status 409 with no code of its own)',
  PRECONDITION_FAILED: 'A precondition failed (status 412 with no code of its own)',
  PRECONDITION_REQUIRED: 'A precondition header is required (status 428 with no code of its own)',
  TOO_MANY_REQUESTS: 'Rate limited; `Retry-After` says when to retry',
  REQUEST_HEADERS_TOO_LARGE: 'The request headers are too large',
  SERVICE_UNAVAILABLE: 'A dependency is down, or the server is shutting down; `details` has the checks',
  HTTP_ERROR: 'Another HTTP error with no code of its own',
  INTERNAL_ERROR: 'An unexpected error; quote the requestId when reporting it',
} as const satisfies ProblemCodeList;

/**
 * One member per module, each the type of that module's list. Feature modules add theirs by
 * module augmentation from their errors file, e.g.
 * `declare module '../common/problem-codes.js' { interface ProblemCodeRegistry { leads: typeof LEAD_ERRORS } }`.
 */
export interface ProblemCodeRegistry {
  common: typeof COMMON_ERRORS;
}

/** Every listed code: the union of the keys of every module's list in {@link ProblemCodeRegistry}. */
export type ProblemCode = { [M in keyof ProblemCodeRegistry]: keyof ProblemCodeRegistry[M] & string }[keyof ProblemCodeRegistry];

/** The words of a resource as its code spells them, as `NotFoundProblem` does at run time: `Team member` → `TEAM_MEMBER`. */
type CodeWords<S extends string> = S extends `${infer Head} ${infer Tail}` ? `${Uppercase<Head>}_${CodeWords<Tail>}` : Uppercase<S>;

/** The 404 code of a resource named `R`: `Team member` → `TEAM_MEMBER_NOT_FOUND`. */
export type NotFoundCode<R extends string> = `${CodeWords<R>}_NOT_FOUND`;
