import { FINAL_LEAD_STATUSES, type Lead, type LeadStatus } from './entities/lead.entity.js';

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

/**
 * The statuses `POST /leads/{id}/transitions` may move a lead to now (DESIGN §5): the manual
 * forward step, `on_hold` from any open status, `statusBeforeHold` (resume) from `on_hold`, and
 * `cancelled` from any open status or `on_hold`. Final statuses allow nothing.
 */
export function allowedManualTargets(lead: Pick<Lead, 'status' | 'statusBeforeHold'>): LeadStatus[] {
  const { status } = lead;
  if (FINAL_LEAD_STATUSES.includes(status)) return [];
  if (status === 'on_hold') return lead.statusBeforeHold ? [lead.statusBeforeHold, 'cancelled'] : ['cancelled'];
  return [...(MANUAL_FORWARD[status] ?? []), 'on_hold', 'cancelled'];
}

/** Targets that need a `reason` (stored as closingReason). */
export const REASON_REQUIRED: readonly LeadStatus[] = ['on_hold', 'cancelled'];
