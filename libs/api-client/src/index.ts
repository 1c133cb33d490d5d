// Typed ChargeOps API client (`@chargeops/api-client`). `../schema.d.ts` and `../openapi.json` are
// generated from the server by scripts/openapi.mjs; this file is the only hand-written part.
import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from '../schema.js';

export type * from '../schema.js';

/** Every named schema of the spec, e.g. `Schemas['LeadResponseDto']`. */
export type Schemas = components['schemas'];

/** A client typed by the spec: `client.GET('/api/v1/leads/{id}', { params: { path: { id } } })`. */
export type ApiClient = Client<paths>;

/** The RFC 9457 body of every error answer (`application/problem+json`). */
export type Problem = Schemas['ProblemDetailsDto'];

/** One field-level error of a validation problem: the dotted path of the field and what is wrong with it. */
export type FieldError = Schemas['FieldErrorDto'];

/** What `POST /api/v1/auth/login` and `POST /api/v1/auth/refresh` answer. */
export type TokenPair = Schemas['TokenPairDto'];

/** What one call of an {@link ApiClient} resolves to: `data` on success, `error` (usually a {@link Problem}) otherwise. */
export interface ApiResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** What {@link createApiClient} needs: where the server is and, optionally, whose credentials to send. */
export interface ApiClientOptions {
  /** The server's origin, e.g. `http://localhost:3000`; the spec's paths already start with `/api/v1`. */
  baseUrl: string;
  /** Access token for `Authorization: Bearer …`; a function is asked on every request, so a UI can refresh it. */
  accessToken?: string | (() => string | undefined | Promise<string | undefined>);
  /** OEM API key for `X-API-Key`. */
  apiKey?: string;
  /** Replaces `globalThis.fetch`, e.g. to count or record requests, or to reach an in-process server. */
  fetch?: (request: Request) => Promise<Response>;
}

/** The request each response answered, so that a {@link ProblemError} can name its method and URL. */
const requestOf = new WeakMap<Response, Request>();

/**
 * Creates a client typed by the committed spec. Credentials from the options go on every request
 * unless the request sets that header itself. Calls resolve to `{ data, error, response }` as
 * openapi-fetch's do; {@link unwrap} turns an error answer into a thrown {@link ProblemError}. A
 * request that never gets an answer (connection refused or dropped, DNS) rejects with fetch's own
 * `TypeError`.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const { baseUrl, accessToken, apiKey, fetch } = options;
  const client = createClient<paths>({ baseUrl, ...(fetch && { fetch }) });
  client.use({
    async onRequest({ request }) {
      const bearer = typeof accessToken === 'function' ? await accessToken() : accessToken;
      if (bearer && !request.headers.has('Authorization')) request.headers.set('Authorization', `Bearer ${bearer}`);
      if (apiKey && !request.headers.has('X-API-Key')) request.headers.set('X-API-Key', apiKey);
      return request;
    },
    onResponse({ request, response }) {
      requestOf.set(response, request);
      return undefined;
    },
  });
  return client;
}

/** Whether `value` is a problem+json body (it has the `status` and stable `code` every ChargeOps problem carries). */
export function isProblem(value: unknown): value is Problem {
  return typeof value === 'object' && value !== null && typeof (value as Problem).status === 'number' && typeof (value as Problem).code === 'string';
}

/**
 * An answer the caller did not want: a problem+json error (RFC 9457: its stable `code`, `detail`,
 * field-level `errors` and the `requestId` to quote to support), or any other status than the one
 * {@link unwrap} was told to expect. The message names the method, URL, status and code.
 */
export class ProblemError extends Error {
  /** The HTTP status the server answered. */
  readonly status: number;
  /** The problem's stable UPPER_SNAKE code; `UNEXPECTED_STATUS` when the answer was not a problem (e.g. 200 where 201 was expected). */
  readonly code: string;
  readonly detail: string;
  /** Field-level errors of a validation problem; empty otherwise. */
  readonly errors: FieldError[];
  /** The server's request id (also its `X-Request-Id` header), when it sent one. */
  readonly requestId: string | undefined;
  /** The request's method and URL (`?` and the response URL when the client was not made by {@link createApiClient}). */
  readonly method: string;
  readonly url: string;
  /** The body as received: JSON re-serialised, or the text. */
  readonly body: string;

  constructor(init: { status: number; code: string; detail: string; errors?: FieldError[]; requestId?: string; method: string; url: string; body: string }) {
    super(`${init.method} ${init.url} answered ${init.status} ${init.code}: ${init.detail}`);
    this.name = 'ProblemError';
    this.status = init.status;
    this.code = init.code;
    this.detail = init.detail;
    this.errors = init.errors ?? [];
    this.requestId = init.requestId;
    this.method = init.method;
    this.url = init.url;
    this.body = init.body;
  }

  /**
   * The error for a call's result: built from its problem+json body when it has one, otherwise
   * `UNEXPECTED_STATUS` with the body (or data) it brought.
   */
  static from(result: ApiResult<unknown>): ProblemError {
    const { response } = result;
    const request = requestOf.get(response);
    const sent = result.error ?? result.data;
    const body = typeof sent === 'string' ? sent : (JSON.stringify(sent) ?? '');
    const where = { method: request?.method ?? '?', url: request?.url ?? response.url, body, status: response.status };
    if (isProblem(result.error)) {
      const { code, detail, errors, requestId } = result.error;
      return new ProblemError({ ...where, code, detail, errors, requestId });
    }
    const requestId = response.headers.get('X-Request-Id') ?? undefined;
    return new ProblemError({ ...where, code: 'UNEXPECTED_STATUS', detail: `answered ${response.status} ${response.statusText}`.trim(), requestId });
  }
}

/**
 * The data of a successful call: `status` when given (e.g. 201 for a new lead, 200 for an
 * idempotent replay), otherwise any 2xx.
 * @throws ProblemError for any other answer
 */
export function unwrap<T>(result: ApiResult<T>, status?: number): T {
  const { response } = result;
  if (status === undefined ? response.ok : response.status === status) return result.data as T;
  throw ProblemError.from(result);
}

/**
 * Signs in with email and password (`POST /api/v1/auth/login`, limited per client address and
 * minute by the server's `LOGIN_RATE_LIMIT_PER_MINUTE`).
 * @returns the access token (for {@link ApiClientOptions.accessToken}) and the refresh token
 * @throws ProblemError 401 `AUTH_INVALID_CREDENTIALS`, 429 when rate-limited, 400 on a malformed email
 */
export async function login(client: ApiClient, credentials: { email: string; password: string }): Promise<TokenPair> {
  return unwrap(await client.POST('/api/v1/auth/login', { body: credentials }), 200);
}

/** A file in a multipart body. `type` is what a browser would send; the server sniffs the real type from the bytes. */
export interface FilePart {
  bytes: Uint8Array | Blob;
  name: string;
  type?: string;
}

/** A file part stands where the spec types a binary field as `string`. */
type AsSpecField<V> = V extends FilePart ? string : V;

/** The body type {@link multipart} returns for `fields`: what the upload route's spec declares. */
export type MultipartBody<F> = { -readonly [K in keyof F]: AsSpecField<F[K]> };

/**
 * Builds the `multipart/form-data` body of an upload route (documents, media, installation
 * reports): `body: multipart({ documentType: 'electricity_bill', file: { bytes, name: 'bill.pdf' } })`.
 * Typed so that the route's spec checks it: text fields keep their literal types, files stand for
 * the spec's binary (`string`) fields. Undefined fields are left out. openapi-fetch sends the
 * FormData as is, with its boundary.
 */
export function multipart<const F extends Record<string, string | FilePart | undefined>>(fields: F): MultipartBody<F> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      form.append(name, value);
      continue;
    }
    const blob = value.bytes instanceof Blob ? value.bytes : new Blob([new Uint8Array(value.bytes)], { type: value.type ?? 'application/octet-stream' });
    form.append(name, blob, value.name);
  }
  return form as unknown as MultipartBody<F>;
}
