import type { InstallationStatus } from '../teams/assignments/job-statuses.js';

/**
 * What can be done to an installation. The status actions of DESIGN §5 are named after the status
 * they lead to and requested with `POST /installations/{id}/transitions {to}`: `material_pending`,
 * `material_ready`, `confirmed` (Central Ops) and `in_progress`, `completed` (the primary team).
 * The others have their own routes: `reschedule`, `report` (`PUT …/report`), `close` (the closure
 * pack), `cancel` (a transition to `cancelled`), `media` (photos and videos), `assign` (team
 * assignments and a team's accept/decline) and `update` (`PATCH`: customerConfirmed).
 */
export const INSTALLATION_ACTIONS = [
  'material_pending',
  'material_ready',
  'confirmed',
  'in_progress',
  'completed',
  'reschedule',
  'report',
  'close',
  'cancel',
  'media',
  'assign',
  'update',
] as const;
export type InstallationAction = (typeof INSTALLATION_ACTIONS)[number];

/** Targets of `POST /installations/{id}/transitions`. */
export const INSTALLATION_TRANSITION_TARGETS = ['material_pending', 'material_ready', 'confirmed', 'in_progress', 'completed', 'cancelled'] as const;
export type InstallationTransitionTarget = (typeof INSTALLATION_TRANSITION_TARGETS)[number];

/** The targets the primary team requests; Central Ops requests the rest. */
export const TEAM_TRANSITION_TARGETS: readonly InstallationTransitionTarget[] = ['in_progress', 'completed'];

/**
 * DESIGN §5 installation workflow as a table: status → action → the status it leads to
 * (`assign`, `update`, `media` and an unsuccessful `report` keep the status; they map to it).
 * `planned → material_pending → material_ready → confirmed → in_progress → completed →
 * report_submitted → closed`; `planned…confirmed → rescheduled` (resets customerConfirmed) `→
 * material_pending | material_ready | confirmed`; any open status before `report_submitted` `→
 * cancelled` (a reported installation is cancelled only with its lead: its lead is
 * installation_completed, and nothing could follow). Besides DESIGN:
 * a `completed` installation whose report said unsuccessful may be rescheduled (issue #5: "lets
 * Central Ops reschedule"), and assignments may change until the work starts (an emergency backup
 * is for the last minute). Preconditions beyond the table (confirmed needs materialReady,
 * customerConfirmed and an accepted primary; reschedule from completed needs an unsuccessful
 * report) are checked by InstallationsService.
 */
export const INSTALLATION_TRANSITIONS: Readonly<Record<InstallationStatus, Readonly<Partial<Record<InstallationAction, InstallationStatus>>>>> = {
  planned: { material_pending: 'material_pending', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'planned', update: 'planned' },
  material_pending: { material_ready: 'material_ready', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'material_pending', update: 'material_pending' },
  material_ready: { confirmed: 'confirmed', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'material_ready', update: 'material_ready' },
  confirmed: { in_progress: 'in_progress', reschedule: 'rescheduled', cancel: 'cancelled', assign: 'confirmed' },
  rescheduled: {
    material_pending: 'material_pending',
    material_ready: 'material_ready',
    confirmed: 'confirmed',
    reschedule: 'rescheduled',
    cancel: 'cancelled',
    assign: 'rescheduled',
    update: 'rescheduled',
  },
  in_progress: { completed: 'completed', media: 'in_progress', cancel: 'cancelled' },
  completed: { report: 'report_submitted', reschedule: 'rescheduled', media: 'completed', cancel: 'cancelled' },
  // Media still: photos queued on a phone on a poor signal arrive after the report (until the pack closes it).
  report_submitted: { close: 'closed', media: 'report_submitted' },
  closed: {},
  cancelled: {},
};

/** The actions the table allows from `status`, in {@link INSTALLATION_ACTIONS} order. */
export function allowedInstallationActions(status: InstallationStatus): InstallationAction[] {
  return INSTALLATION_ACTIONS.filter((action) => INSTALLATION_TRANSITIONS[status][action] !== undefined);
}

/** The `POST …/transitions` targets the table allows from `status` (what a 409 lists). */
export function allowedInstallationTargets(status: InstallationStatus): InstallationTransitionTarget[] {
  return INSTALLATION_TRANSITION_TARGETS.filter((to) => INSTALLATION_TRANSITIONS[status][to === 'cancelled' ? 'cancel' : to] !== undefined);
}

/** The table's action for a transition target. */
export function actionOfTarget(to: InstallationTransitionTarget): InstallationAction {
  return to === 'cancelled' ? 'cancel' : to;
}
