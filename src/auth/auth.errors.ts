import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes sign-in, sessions and the route guard answer with, each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const AUTH_ERRORS = {
  ROUTE_NOT_DECLARED: 'The route declares no allowed callers (refused for everyone)',
  FORBIDDEN_ROLE: "The caller's role may not call this route",
  AUTH_INVALID_CREDENTIALS: 'Email or password is wrong',
  AUTH_INVALID_REFRESH_TOKEN: 'The refresh token is invalid, expired or revoked',
  AUTH_REFRESH_TOKEN_REUSED: 'A used refresh token came back; that whole login is revoked',
  AUTH_SESSION_REQUIRED: 'A password is changed with a bearer token, not an API key',
  AUTH_CURRENT_PASSWORD_WRONG: 'The current password is wrong',
  AUTH_THROTTLED: 'Too many failed attempts; wait for `Retry-After`',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    auth: typeof AUTH_ERRORS;
  }
}
