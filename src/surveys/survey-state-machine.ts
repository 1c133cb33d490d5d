import type { SurveyStatus } from '../teams/assignments/job-statuses.js';

/**
 * What can be done to a survey: the status actions of DESIGN §5 (`report` is `PUT /surveys/{id}/report`),
 * `media` (adding photos and videos) and `assign`, which covers team assignment changes and a
 * team's accept/decline.
 */
export const SURVEY_ACTIONS = ['start', 'reschedule', 'report', 'media', 'approve', 'reject', 'cancel', 'assign'] as const;
export type SurveyAction = (typeof SURVEY_ACTIONS)[number];

/**
 * DESIGN §5 survey workflow as a table: status → action → the status it leads to.
 * `scheduled → in_progress → submitted → approved | rejected`; `scheduled | in_progress |
 * rescheduled → rescheduled` (new date/slot) `→ in_progress …`; any open status `→ cancelled`.
 * A submitted report may be replaced, and media added, from the start of the work until the survey
 * is approved or rejected. Teams are assigned,
 * accept and decline only before the work starts. Final statuses allow nothing.
 */
export const SURVEY_TRANSITIONS: Readonly<Record<SurveyStatus, Readonly<Partial<Record<SurveyAction, SurveyStatus>>>>> = {
  scheduled: { start: 'in_progress', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'scheduled' },
  rescheduled: { start: 'in_progress', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'rescheduled' },
  in_progress: { reschedule: 'rescheduled', report: 'submitted', media: 'in_progress', cancel: 'cancelled' },
  submitted: { report: 'submitted', media: 'submitted', approve: 'approved', reject: 'rejected', cancel: 'cancelled' },
  approved: {},
  rejected: {},
  cancelled: {},
};

/** The actions the table allows from `status`, in {@link SURVEY_ACTIONS} order. */
export function allowedSurveyActions(status: SurveyStatus): SurveyAction[] {
  return SURVEY_ACTIONS.filter((action) => SURVEY_TRANSITIONS[status][action] !== undefined);
}
