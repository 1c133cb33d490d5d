import { FINAL_LEAD_STATUSES, LEAD_STATUSES, type Lead, type LeadStatus } from './entities/lead.entity.js';

/** Manual forward steps of DESIGN §5 (the auto ones belong to the documents/surveys/installations modules). */
const MANUAL_FORWARD: Partial<Record<LeadStatus, LeadStatus[]>> = {
  new: ['contacted'],
  contacted: ['documents_pending'],
  documents_pending: ['documents_received'],
};

/** Statuses a lead may be put on hold from: every non-final status except on_hold itself. */
export function isOpen(status: LeadStatus): boolean {
  return !FINAL_LEAD_STATUSES.includes(status) && status !== 'on_hold';
}

/** What {@link allowedManualTargets} answers, built anew (`statusBeforeHold` counts on hold only). */
function targetsOf(status: LeadStatus, statusBeforeHold: LeadStatus | null): readonly LeadStatus[] {
  if (FINAL_LEAD_STATUSES.includes(status)) return [];
  if (status === 'on_hold') return statusBeforeHold ? [statusBeforeHold, 'cancelled'] : ['cancelled'];
  return [...(MANUAL_FORWARD[status] ?? []), 'on_hold', 'cancelled'];
}

/** The answers of {@link allowedManualTargets} for a lead not on hold, worked out once per status. */
const TARGETS = new Map<string, readonly LeadStatus[]>(LEAD_STATUSES.map((status) => [status, Object.freeze(targetsOf(status, null))]));

/** The answers for a lead on hold, once per status before it (the key `null`: none recorded). */
const HELD_TARGETS = new Map<string | null, readonly LeadStatus[]>([null, ...LEAD_STATUSES].map((before) => [before, Object.freeze(targetsOf('on_hold', before))]));

/**
 * The statuses `POST /leads/{id}/transitions` may move a lead to now (DESIGN §5): the manual
 * forward step, `on_hold` from any open status, `statusBeforeHold` (resume) from `on_hold`, and
 * `cancelled` from any open status or `on_hold`. Final statuses allow nothing. One frozen array
 * per case, shared by every lead in it, found by the status itself: a list page asks for 50, and
 * a key built from two strings cost ten times the lookup (issue #13, bench/README.md).
 */
export function allowedManualTargets(lead: Pick<Lead, 'status' | 'statusBeforeHold'>): readonly LeadStatus[] {
  const known = lead.status === 'on_hold' ? HELD_TARGETS.get(lead.statusBeforeHold) : TARGETS.get(lead.status);
  return known ?? targetsOf(lead.status, lead.statusBeforeHold);
}

/** Targets that need a `reason` (stored as closingReason). */
export const REASON_REQUIRED: readonly LeadStatus[] = ['on_hold', 'cancelled'];
