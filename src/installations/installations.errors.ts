import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes of installations and closure packs (some thrown by the shared job code in teams/ and documents/ for the installation kind), each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const INSTALLATION_ERRORS = {
  INSTALLATION_NOT_FOUND: 'No such installation visible to the caller',
  INSTALLATION_EXISTS: 'The survey already has an installation',
  INSTALLATION_SURVEY_NOT_APPROVED: 'An installation is planned from an approved survey only',
  INSTALLATION_LEAD_NOT_READY: 'The lead is not in the status this step needs',
  INSTALLATION_INVALID_TRANSITION: 'The installation status does not allow this action; `allowedTargets` lists them',
  INSTALLATION_TRANSITION_FORBIDDEN: "A target the caller's role may not set",
  INSTALLATION_NOT_READY: 'Materials, customer confirmation or team acceptance is missing; `missing` lists them',
  INSTALLATION_SLOT_UNCHANGED: 'The installation is already scheduled in this slot',
  INSTALLATION_NOT_RESCHEDULABLE: 'A completed installation is rescheduled only after an unsuccessful report',
  INSTALLATION_ALREADY_SUCCESSFUL: 'A successful report is replaced only by another successful one',
  INSTALLATION_PRECONDITION_FAILED: 'If-Match is stale or not an ETag of an installation',
  INSTALLATION_CHANGED: 'The installation or its lead changed while this request ran; reload and retry',
  INSTALLATION_NO_PRIMARY_TEAM: 'The installation has no primary team; Central Ops must assign one',
  INSTALLATION_NOT_PRIMARY_TEAM: 'Only a member of the primary team may do this',
  INSTALLATION_ASSIGNMENT_NOT_FOUND: 'No such assignment on this installation',
  INSTALLATION_MEDIA_NOT_FOUND: 'No such photo or video on this installation',
  INSTALLATION_SIGNATURE_NOT_FOUND: "The installation has no report with the customer's signature",
  CLOSURE_PACK_NOT_FOUND: 'No closure pack has been generated for this installation',
  CLOSURE_PACK_LEAD_NOT_READY: 'A closure pack is generated for a lead in installation_completed',
  CLOSURE_PACK_FILE_UNREADABLE: 'A stored image cannot be embedded; `file` names it',
  CLOSURE_PACK_FILE_UNAVAILABLE: 'A stored file is missing or altered; `file` names it',
  CLOSURE_PACK_KEY_NOT_FOUND: 'No closure-pack signing key of this server has this key id',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    installations: typeof INSTALLATION_ERRORS;
  }
}
