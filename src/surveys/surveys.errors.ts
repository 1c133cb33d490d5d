import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes of site surveys (some thrown by the shared job code in teams/ and documents/ for the survey kind), each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const SURVEY_ERRORS = {
  SURVEY_NOT_FOUND: 'No such survey visible to the caller',
  SURVEY_INVALID_TRANSITION: 'The survey status does not allow this action; `allowedActions` lists them',
  SURVEY_LEAD_NOT_READY: 'The lead is not in the status this step needs',
  SURVEY_SLOT_UNCHANGED: 'The survey is already scheduled in this slot',
  SURVEY_REPORT_MISSING: 'The survey has no report to approve',
  SURVEY_PRECONDITION_FAILED: 'If-Match is stale or not an ETag of a survey',
  SURVEY_CHANGED: 'The survey or its lead changed while this request ran; reload and retry',
  SURVEY_NO_PRIMARY_TEAM: 'The survey has no primary team; Central Ops must assign one',
  SURVEY_NOT_PRIMARY_TEAM: 'Only a member of the primary team may do this',
  SURVEY_ASSIGNMENT_NOT_FOUND: 'No such assignment on this survey',
  SURVEY_MEDIA_NOT_FOUND: 'No such photo or video on this survey',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    surveys: typeof SURVEY_ERRORS;
  }
}
