import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes of users, API keys and the audit log, each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const USER_ERRORS = {
  USER_NOT_FOUND: 'No such user',
  USER_EMAIL_TAKEN: 'A user with this email exists',
  USER_LAST_ADMIN: 'The last active admin cannot be deactivated',
  API_KEY_NOT_FOUND: 'No such API key for this user',
  API_KEY_OEM_ONLY: 'API keys are issued to OEM users only',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    users: typeof USER_ERRORS;
  }
}
