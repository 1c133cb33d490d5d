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

function targetsOf(status: LeadStatus, statusBeforeHold: LeadStatus | null): readonly LeadStatus[] {
  if (FINAL_LEAD_STATUSES.includes(status)) return [];
  if (status === 'on_hold') return statusBeforeHold ? [statusBeforeHold, 'cancelled'] : ['cancelled'];
  return [...(MANUAL_FORWARD[status] ?? []), 'on_hold', 'cancelled'];
}

/** The answers of {@link allowedManualTargets}, worked out once per status (and, on hold, per status before it). */
const TARGETS = new Map<string, readonly LeadStatus[]>(
  LEAD_STATUSES.flatMap((status) => (status === 'on_hold' ? [null, ...LEAD_STATUSES] : [null]).map((before) => [`${status}/${before}`, Object.freeze(targetsOf(status, before))] as const)),
);

/**
 * The statuses `POST /leads/{id}/transitions` may move a lead to now (DESIGN §5): the manual
 * forward step, `on_hold` from any open status, `statusBeforeHold` (resume) from `on_hold`, and
 * `cancelled` from any open status or `on_hold`. Final statuses allow nothing. One frozen array
 * per case, shared by every lead in it: a list page asks for 50 (issue #13).
 */
export function allowedManualTargets(lead: Pick<Lead, 'status' | 'statusBeforeHold'>): readonly LeadStatus[] {
  const before = lead.status === 'on_hold' ? lead.statusBeforeHold : null;
  return TARGETS.get(`${lead.status}/${before}`) ?? targetsOf(lead.status, before);
}

/** Targets that need a `reason` (stored as closingReason). */
export const REASON_REQUIRED: readonly LeadStatus[] = ['on_hold', 'cancelled'];
