/**
 * The statuses of the scheduled jobs (surveys and installations), in teams/ because more than
 * their own modules speak them: a team's schedule shows them, deactivating a team counts the jobs
 * that are not final, and a lead's response summarises its jobs. Their own modules decide the
 * transitions (survey-state-machine.ts, installation-state-machine.ts).
 */

/** DESIGN §5 survey statuses. */
export const SURVEY_STATUSES = ['scheduled', 'in_progress', 'rescheduled', 'submitted', 'approved', 'rejected', 'cancelled'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/** Survey statuses nothing leaves. */
export const FINAL_SURVEY_STATUSES: readonly SurveyStatus[] = ['approved', 'rejected', 'cancelled'];

/** Seed 001 installation statuses (DESIGN §5 installation workflow). */
export const INSTALLATION_STATUSES = [
  'planned',
  'material_pending',
  'material_ready',
  'confirmed',
  'in_progress',
  'completed',
  'report_submitted',
  'closed',
  'rescheduled',
  'cancelled',
] as const;
export type InstallationStatus = (typeof INSTALLATION_STATUSES)[number];

/** Installation statuses nothing leaves. */
export const FINAL_INSTALLATION_STATUSES: readonly InstallationStatus[] = ['closed', 'cancelled'];
