import type { ProblemCodeList } from '../common/problem-codes.js';

/**
 * The problem codes of teams, bookings and job assignments (the survey and installation kinds of the assignment codes are listed by their modules), each with its short meaning. `AppException` accepts them
 * through the registry below (see `common/problem-codes.ts`); listing a code here is what lets a
 * throw site use it, and the spec's `ProblemDetailsDto.code` enum lists it (`src/problem-catalogue.ts`).
 */
export const TEAM_ERRORS = {
  TEAM_NOT_FOUND: 'No such team visible to the caller',
  TEAM_MEMBER_NOT_FOUND: 'The user is not a member of this team',
  TEAM_NAME_TAKEN: 'A team with this name exists',
  TEAM_INACTIVE: 'The team is inactive and takes no new bookings',
  TEAM_HAS_OPEN_JOBS: 'The team is assigned to open jobs; reassign them first',
  SLOT_TAKEN: 'The team is already booked in this slot',
  SLOT_IN_PAST: 'The slot has already started (IST)',
  ASSIGNMENT_UNCHANGED: 'The team already holds this role on the job',
  ASSIGNMENT_TEAM_CONFLICT: 'The primary team cannot also be the backup',
  ASSIGNMENT_STATUS_FORBIDDEN: "A status the caller's role may not set",
  ASSIGNMENT_NOT_YOUR_TEAM: 'Only a member of the assigned team may answer',
  ASSIGNMENT_INVALID_TRANSITION: 'The assignment cannot move to this status',
} as const satisfies ProblemCodeList;

declare module '../common/problem-codes.js' {
  interface ProblemCodeRegistry {
    teams: typeof TEAM_ERRORS;
  }
}
