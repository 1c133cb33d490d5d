import { AUTH_ERRORS } from './auth/auth.errors.js';
import { COMMON_ERRORS, type ProblemCode, type ProblemCodeList, type ProblemCodeRegistry } from './common/problem-codes.js';
import { DOCUMENT_ERRORS } from './documents/documents.errors.js';
import { EVENT_ERRORS } from './events/events.errors.js';
import { INSTALLATION_ERRORS } from './installations/installations.errors.js';
import { LEAD_ERRORS } from './leads/leads.errors.js';
import { SURVEY_ERRORS } from './surveys/surveys.errors.js';
import { TEAM_ERRORS } from './teams/teams.errors.js';
import { USER_ERRORS } from './users/users.errors.js';

/**
 * Every module's list of problem codes, by module: the run-time side of `ProblemCodeRegistry`
 * (common/problem-codes.ts), assembled here on top because only the top may import every module.
 * Typed as the registry itself, so a module that registers a list but is missing here (or the
 * reverse) does not compile.
 */
export const PROBLEM_CODE_LISTS: { [M in keyof ProblemCodeRegistry]: ProblemCodeRegistry[M] & ProblemCodeList } = {
  common: COMMON_ERRORS,
  users: USER_ERRORS,
  auth: AUTH_ERRORS,
  leads: LEAD_ERRORS,
  documents: DOCUMENT_ERRORS,
  teams: TEAM_ERRORS,
  surveys: SURVEY_ERRORS,
  installations: INSTALLATION_ERRORS,
  events: EVENT_ERRORS,
};

/** Every code a problem+json answer may carry, sorted: the spec's enum of `ProblemDetailsDto.code`. */
export const PROBLEM_CODES: readonly ProblemCode[] = Object.values(PROBLEM_CODE_LISTS)
  .flatMap((list) => Object.keys(list) as ProblemCode[])
  .sort();
