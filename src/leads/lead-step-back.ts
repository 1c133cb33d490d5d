import type { EntityManager } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import { AppException } from '../common/problem.js';
import type { ProblemCode } from '../common/problem-codes.js';
import { Lead, type LeadStatus } from './entities/lead.entity.js';
import type { LeadsService } from './leads.service.js';

/**
 * Moves a lead back one step after the job that moved it forward ended without result (DESIGN §5:
 * a rejected or cancelled survey returns `survey_scheduled → documents_received`; a cancelled
 * installation `installation_scheduled → survey_completed`), in the caller's transaction. A lead
 * on hold keeps its hold but will resume to `to`; a lead elsewhere (e.g. already cancelled) is
 * left alone.
 * @param data what the timeline event records besides the change (e.g. `{ surveyId }`)
 * @throws 409 `conflictCode` when the lead changed while the request ran
 */
export async function stepLeadBack(
  leads: LeadsService,
  em: EntityManager,
  actor: Actor,
  lead: Lead,
  step: { from: LeadStatus; to: LeadStatus; conflictCode: ProblemCode },
  data: Record<string, unknown>,
): Promise<void> {
  if (lead.status === step.from) {
    await leads.applyTransition(em, actor, lead, step.to, { data });
  } else if (lead.status === 'on_hold' && lead.statusBeforeHold === step.from) {
    const result = await em
      .createQueryBuilder()
      .update(Lead)
      .set({ statusBeforeHold: step.to, version: () => 'version + 1', updatedAt: new Date() })
      .where('id = :id AND status = :status AND status_before_hold = :before', { id: lead.id, status: 'on_hold', before: step.from })
      .execute();
    if (result.affected !== 1) throw new AppException(409, step.conflictCode, 'The lead changed while this request ran; reload and retry');
    await leads.recordEvent(em, actor, lead.id, { type: 'updated', data: { fields: ['statusBeforeHold'], statusBeforeHold: step.to, ...data } });
  }
}
