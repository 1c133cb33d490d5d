import { type ApiClient, type ApiResult, createApiClient, login, ProblemError, unwrap } from '@chargeops/api-client';
import { CliError } from './cli-io.js';

/**
 * A response the demo did not expect; the message names the method, URL, status and the
 * problem+json body (DESIGN §6) so the failure can be read without a debugger.
 */
export class DemoHttpError extends CliError {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly body: string,
    expectation: string,
  ) {
    super(`demo: ${method} ${url} answered ${status}, expected ${expectation}\n${body.slice(0, 4000)}`);
    this.name = 'DemoHttpError';
  }

  /** The demo's error for what the typed client reported. */
  static from(problem: ProblemError, expectation: string): DemoHttpError {
    return new DemoHttpError(problem.method, problem.url, problem.status, problem.body, expectation);
  }
}

/**
 * The data of a call that had to answer `status`.
 * @throws DemoHttpError for any other answer
 */
export function expectStatus<T>(result: ApiResult<T>, status: number): T {
  try {
    return unwrap(result, status);
  } catch (error) {
    throw error instanceof ProblemError ? DemoHttpError.from(error, String(status)) : error;
  }
}

/**
 * The demo's connection to one server: typed clients of `@chargeops/api-client`, one per
 * credential, over one fetch that counts the requests and turns a server that cannot be reached
 * into a CliError.
 */
export class DemoApi {
  /** Requests sent so far, all clients together. */
  requests = 0;
  private readonly clients = new Map<string, ApiClient>();
  private readonly send: (request: Request) => Promise<Response>;

  /**
   * @param origin the server's origin, e.g. `http://localhost:3000`
   * @param fetchImpl called with each request (defaults to the global fetch)
   */
  constructor(
    readonly origin: string,
    fetchImpl: (request: Request) => Promise<Response> = (request) => fetch(request),
  ) {
    this.send = async (request) => {
      this.requests += 1;
      try {
        return await fetchImpl(request);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        throw new CliError(
          `demo: ${request.method} ${request.url} failed: ${cause?.code ?? cause?.message ?? (error as Error).message} (is the server running at ${this.origin}?)`,
        );
      }
    };
  }

  /** A client without credentials (for signing in). */
  get anonymous(): ApiClient {
    return this.client('anonymous', {});
  }

  /** A client that sends `accessToken` as the bearer token. */
  as(accessToken: string): ApiClient {
    return this.client(`token:${accessToken}`, { accessToken });
  }

  /** A client that sends an OEM's API key as `X-API-Key`. */
  withKey(apiKey: string): ApiClient {
    return this.client(`key:${apiKey}`, { apiKey });
  }

  /**
   * Signs in and returns the access token.
   * @throws DemoHttpError for any answer but 200 (its `status` is 429 when the login rate limit is reached)
   */
  async signIn(credentials: { email: string; password: string }): Promise<string> {
    try {
      return (await login(this.anonymous, credentials)).accessToken;
    } catch (error) {
      throw error instanceof ProblemError ? DemoHttpError.from(error, '200') : error;
    }
  }

  private client(key: string, credentials: { accessToken?: string; apiKey?: string }): ApiClient {
    let client = this.clients.get(key);
    if (!client) {
      client = createApiClient({ baseUrl: this.origin, fetch: this.send, ...credentials });
      this.clients.set(key, client);
    }
    return client;
  }
}
