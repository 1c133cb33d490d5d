import { ConfigError } from '../config/config.js';
import type { LeadStatus } from './entities/lead.entity.js';

/**
 * Stage SLAs (issue 14 item 3). A lead in status S is due to reach the next stage N of the path
 * within `SLA_HOURS[N]` hours of entering S; on hold, closed or cancelled it has no SLA (the
 * clock stops on hold and starts again at the resumed status's new entry time). `documents_pending`
 * is a stage of its own here: the clock restarts when documents are asked for.
 *
 * Pure functions only, so the list, `GET /leads/{id}`, the export and the reports compute the same
 * answer from a raw row (the hot read path builds leads from arrays).
 */

/** Where an open lead goes next on the seed's path, i.e. the stage whose target applies to it. */
export const NEXT_STAGE: Readonly<Partial<Record<LeadStatus, LeadStatus>>> = {
  new: 'contacted',
  contacted: 'documents_pending',
  documents_pending: 'documents_received',
  documents_received: 'survey_scheduled',
  survey_scheduled: 'survey_completed',
  survey_completed: 'installation_scheduled',
  installation_scheduled: 'installation_completed',
  installation_completed: 'closed',
};

/** The stages a target may be set for (`SLA_HOURS` keys): every stage some open status leads to. */
export const SLA_STAGES = Object.values(NEXT_STAGE) as LeadStatus[];

/** Hours allowed to reach each stage from the one before, by default (`SLA_HOURS` overrides any). */
export const DEFAULT_SLA_HOURS: Readonly<Record<string, number>> = {
  contacted: 24,
  documents_pending: 24,
  documents_received: 72,
  survey_scheduled: 48,
  survey_completed: 72,
  installation_scheduled: 72,
  installation_completed: 168,
  closed: 48,
};

/** Targets in hours by stage (`SLA_HOURS` merged over {@link DEFAULT_SLA_HOURS}). */
export type SlaHours = Readonly<Record<string, number>>;

/** A lead's SLA state as the API shows it. */
export interface SlaState {
  /** The stage the lead is due to reach next. */
  stage: LeadStatus;
  /** When it is due (entered current status + target hours). */
  dueAt: Date;
  /** True once `now` is past `dueAt`. */
  overdue: boolean;
}

/** Milliseconds in an hour (the targets are in hours). */
export const HOUR_MS = 3_600_000;

/**
 * The SLA of a lead in `status` since `enteredStatusAt`, at `now`; null for a status with no next
 * stage (on hold, closed, cancelled) or an undated status (rows the issue-14 migration could not date).
 */
export function slaOf(status: LeadStatus, enteredStatusAt: Date | null, slaHours: SlaHours, now: Date): SlaState | null {
  const stage = NEXT_STAGE[status];
  if (!stage || !enteredStatusAt) return null;
  const dueAt = new Date(enteredStatusAt.getTime() + slaHours[stage] * HOUR_MS);
  return { stage, dueAt, overdue: now.getTime() > dueAt.getTime() };
}

/**
 * For the `overdue` filter and the summary: each open status with the latest entry time at which a
 * lead in it is overdue at `now` (entered before it). A lead is overdue iff, for its status S,
 * `status_entered_at < cutoff(S)`. A lead enters a status at or after its creation
 * (`status_entered_at >= created_at`: creation sets both to one instant, a status change sets the
 * entry to its own time, never before the creation, `LeadTimeline.applyTransition`), so an overdue
 * lead was also created before the latest cutoff: the list's filter bounds `created_at` with it.
 */
export function overdueCutoffs(slaHours: SlaHours, now: Date): Array<{ status: LeadStatus; before: Date }> {
  return overdueTargets(slaHours).map(({ status, hours }) => ({ status, before: new Date(now.getTime() - hours * HOUR_MS) }));
}

/** Each open status with the target, in hours, of the stage that follows it: its cutoff is `now` minus that ({@link overdueCutoffs}). */
export function overdueTargets(slaHours: SlaHours): Array<{ status: LeadStatus; hours: number }> {
  return (Object.entries(NEXT_STAGE) as Array<[LeadStatus, LeadStatus]>).map(([status, stage]) => ({ status, hours: slaHours[stage] }));
}

/**
 * The targets in force: `SLA_HOURS` (already parsed by the config loader) over {@link DEFAULT_SLA_HOURS}.
 * @throws ConfigError naming `SLA_HOURS` when it names a stage that has no target (e.g. `on_hold`)
 */
export function slaHoursOf(configured: Readonly<Record<string, number>>): SlaHours {
  for (const stage of Object.keys(configured)) {
    if (!(SLA_STAGES as string[]).includes(stage)) throw new ConfigError('SLA_HOURS', `names an unknown stage "${stage}" (stages: ${SLA_STAGES.join(', ')})`);
  }
  return { ...DEFAULT_SLA_HOURS, ...configured };
}
