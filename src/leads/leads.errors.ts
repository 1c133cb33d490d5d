import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes of leads and lead sources, each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const LEAD_ERRORS = {
  LEAD_NOT_FOUND: 'No such lead visible to the caller',
  LEAD_DUPLICATE: 'An open lead with this phone and pincode exists (LEAD_DUPLICATE_CHECK=reject)',
  LEAD_EXTERNAL_REF_CONFLICT: 'This externalRef was already received with different data',
  LEAD_FINAL: 'The lead is closed or cancelled and takes no more changes',
  LEAD_INVALID_TRANSITION: 'The status workflow does not allow this move; `allowed` lists the moves',
  LEAD_PRECONDITION_FAILED: 'If-Match is stale or not an ETag of a lead',
  LEAD_CHANGED: 'The lead changed while this request ran; reload and retry',
  LEAD_SOURCE_NOT_FOUND: 'No such lead source',
  LEAD_SOURCE_NAME_TAKEN: 'A lead source with this name exists',
  LEAD_SOURCE_DEFAULT: 'The shared default source (OEM API) keeps its name, type and sharing',
  CLOSING_REASON_NOT_FOUND: 'No such closing reason',
  CLOSING_REASON_CODE_TAKEN: 'A closing reason with this code exists',
  CLOSING_REASON_FALLBACK: 'The reason `other` stays active for cancelled and on_hold: a free-text `reason` is filed under it',
  LEAD_IMPORT_NOT_FOUND: 'No such lead import visible to the caller',
  LEAD_IMPORT_INVALID_FILE: 'The import file is not a CSV with the lead columns; `errors` says what is wrong',
  LEAD_IMPORT_TOO_LARGE: 'The import file has more rows (IMPORT_MAX_ROWS) or bytes (IMPORT_MAX_BYTES) than allowed',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    leads: typeof LEAD_ERRORS;
  }
}
