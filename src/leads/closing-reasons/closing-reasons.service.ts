import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import { AppException, NotFoundProblem, ValidationProblem } from '../../common/problem.js';
import { findForUpdate } from '../../common/persistence/dialect.js';
import { isUniqueViolation, TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import type { AuditActor } from '../../users/audit/audit-actor.js';
import { AuditLogService, changedFields } from '../../users/audit/audit-log.service.js';
import { ClosingReason } from './closing-reason.entity.js';
import { type ClosingReasonResponseDto, type ClosingTarget, type CreateClosingReasonDto, toClosingReasonResponse, type UpdateClosingReasonDto } from './closing-reason.dto.js';

/** The reason a transition's free-text `reason` is filed under (seeded; issue 14: reasons were free text before codes). */
export const FALLBACK_REASON = 'other';

/**
 * Closing reasons (seed 003 reference data: seeded by the issue-14 migration, edited by admins).
 * Every change writes an audit event in its transaction, as lead sources do.
 */
@Injectable()
export class ClosingReasonsService {
  constructor(
    @InjectRepository(ClosingReason) private readonly reasons: Repository<ClosingReason>,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLogService,
  ) {}

  /** Every reason, active ones first, then by code. */
  async list(): Promise<ClosingReasonResponseDto[]> {
    const rows = await this.reasons.find({ order: { isActive: 'DESC', code: 'ASC' } });
    return rows.map(toClosingReasonResponse);
  }

  /**
   * Checks that `code` may be given for a move to `target`, in the transition's transaction.
   * @throws 400 naming reasonCode when the code is unknown, retired or not for `target`
   */
  async checkUsable(em: EntityManager, code: string, target: ClosingTarget): Promise<void> {
    const reason = await em.getRepository(ClosingReason).findOne({ where: { code } });
    const applies = reason && (target === 'cancelled' ? reason.appliesToCancelled : reason.appliesToOnHold);
    if (!reason || !reason.isActive || !applies) {
      const why = !reason ? 'is not a closing reason' : !reason.isActive ? 'is no longer active' : `does not apply to ${target}`;
      throw new ValidationProblem([{ field: 'reasonCode', message: `reasonCode ${code} ${why} (GET /closing-reasons)` }]);
    }
  }

  /** @throws 400; 409 CLOSING_REASON_CODE_TAKEN */
  async create(dto: CreateClosingReasonDto, actor: AuditActor): Promise<ClosingReasonResponseDto> {
    return this.write(dto.code, async (em) => {
      const reasons = em.getRepository(ClosingReason);
      const saved = await reasons.save(
        reasons.create({ code: dto.code, label: dto.label, appliesToCancelled: dto.appliesTo.includes('cancelled'), appliesToOnHold: dto.appliesTo.includes('on_hold'), isActive: dto.isActive ?? true }),
      );
      await this.audit.record(em, actor, { action: 'closing_reason.created', entityType: 'closing_reason', entityId: saved.id, after: auditValues(saved) });
      return saved;
    });
  }

  /**
   * Changes the fields `dto` names, on the row read locked in the transaction (a concurrent change
   * of another field is kept, not written back with its old value). The reason `other` may be
   * relabelled only: a transition's free-text `reason` (DESIGN §5's body) is filed under it.
   * @throws 404 CLOSING_REASON_NOT_FOUND; 400; 409 CLOSING_REASON_FALLBACK retiring `other` or narrowing its statuses
   */
  async update(id: number, dto: UpdateClosingReasonDto, actor: AuditActor): Promise<ClosingReasonResponseDto> {
    return this.write(null, async (em) => {
      const reason = await findForUpdate(em, ClosingReason, { id });
      if (!reason) throw new NotFoundProblem('Closing reason', id);
      const before = auditValues(reason);
      if (dto.label !== undefined) reason.label = dto.label;
      if (dto.appliesTo !== undefined) Object.assign(reason, { appliesToCancelled: dto.appliesTo.includes('cancelled'), appliesToOnHold: dto.appliesTo.includes('on_hold') });
      if (dto.isActive !== undefined) reason.isActive = dto.isActive;
      if (reason.code === FALLBACK_REASON && !(reason.isActive && reason.appliesToCancelled && reason.appliesToOnHold)) {
        throw new AppException(409, 'CLOSING_REASON_FALLBACK', 'The reason `other` files every free-text reason: it stays active for cancelled and on_hold; relabel it if you like');
      }
      const saved = await em.getRepository(ClosingReason).save(reason);
      const diff = changedFields(before, auditValues(saved));
      if (diff) await this.audit.record(em, actor, { action: 'closing_reason.updated', entityType: 'closing_reason', entityId: saved.id, ...diff });
      return saved;
    });
  }

  /** Runs `work` (the row and its audit event) in one transaction. `code`: named by a 409 on a taken code. */
  private async write(code: string | null, work: (em: EntityManager) => Promise<ClosingReason>): Promise<ClosingReasonResponseDto> {
    try {
      return toClosingReasonResponse(await this.tx.run(work));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(409, 'CLOSING_REASON_CODE_TAKEN', `A closing reason with code ${code} exists`);
      throw error;
    }
  }
}

function auditValues(reason: ClosingReason) {
  return { code: reason.code, label: reason.label, appliesToCancelled: reason.appliesToCancelled, appliesToOnHold: reason.appliesToOnHold, isActive: reason.isActive };
}
