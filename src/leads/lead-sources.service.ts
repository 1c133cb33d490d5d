import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, type Repository } from 'typeorm';
import type { Actor } from '../common/auth/actor.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { CacheInvalidation } from '../common/cache-invalidation.service.js';
import { Clock } from '../common/clock.service.js';
import { ExpiringCache } from '../common/expiring-cache.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { findForUpdate } from '../common/persistence/dialect.js';
import { isUniqueViolation, TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import type { AuditActor } from '../users/audit/audit-actor.js';
import { AuditLogService, changedFields } from '../users/audit/audit-log.service.js';
import { User } from '../users/entities/user.entity.js';
import { type CreateLeadSourceDto, type LeadSourceResponseDto, toLeadSourceResponse, type UpdateLeadSourceDto } from './dto/lead-source.dto.js';
import { LeadSource } from './entities/lead-source.entity.js';

/** The name of the source leads fall back to when an OEM names none (seeded, see lead-source-seed.service.ts). */
export const DEFAULT_API_SOURCE = 'OEM API';

/** The seeded shared source leads fall back to (its name, type and sharing are fixed: see LeadSourcesService.update). */
const isDefaultSource = (source: LeadSource): boolean => source.name === DEFAULT_API_SOURCE && source.oemId === null && source.sourceType === 'api';

/** 400 naming `sourceId`: a lead may have its own OEM's sources or the shared ones only. */
export const sourceNotAllowed = (): ValidationProblem =>
  new ValidationProblem([{ field: 'sourceId', message: 'sourceId must be a lead source of this OEM or a shared one' }]);

/**
 * Lead sources (seed 000 `LeadSource`): admin writes; OEMs read their own and the shared ones.
 * The whole table (a few sources per OEM) is kept in memory for `REFERENCE_CACHE_TTL_SECONDS` to
 * pick each new lead's source without a query; a change made here applies at once, one made
 * through another replica once that snapshot expires, or at once when REDIS_URL is set.
 */
/** The topic replicas drop their snapshot on (see CacheInvalidation). */
const INVALIDATION_TOPIC = 'lead-sources';

@Injectable()
export class LeadSourcesService {
  private readonly snapshot: ExpiringCache<'all', LeadSource[]>;

  constructor(
    @InjectConfig() config: AppConfig,
    clock: Clock,
    @InjectRepository(LeadSource) private readonly sources: Repository<LeadSource>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly tx: TransactionRunner,
    private readonly audit: AuditLogService,
    private readonly invalidation: CacheInvalidation,
  ) {
    this.snapshot = new ExpiringCache(config.referenceCacheTtlSeconds * 1000, () => clock.now());
    invalidation.on(INVALIDATION_TOPIC, () => this.snapshot.clear());
  }

  /**
   * The source a lead of `oemId` gets (seed 000): `requested` when it is the OEM's own or a shared
   * one; without it the OEM's first `api` source, else the seeded {@link DEFAULT_API_SOURCE}.
   * `em` is the caller's transaction, for the read when the snapshot has expired.
   * @throws 400 naming sourceId for a foreign or unknown source, or when no default exists
   */
  async forLead(oemId: string, requested?: number, em?: EntityManager): Promise<LeadSource> {
    let all = await this.all(em);
    if (requested !== undefined) {
      let source = all.find((s) => s.id === requested);
      if (!source) {
        // Perhaps created through another replica since the snapshot: read again before refusing it.
        this.snapshot.clear();
        all = await this.all(em);
        source = all.find((s) => s.id === requested);
      }
      if (!source || (source.oemId !== null && source.oemId !== oemId)) throw sourceNotAllowed();
      return source;
    }
    const chosen = all.find((s) => s.oemId === oemId && s.sourceType === 'api') ?? all.find(isDefaultSource);
    if (!chosen) throw new ValidationProblem([{ field: 'sourceId', message: 'sourceId is required: no default source exists' }]);
    return chosen;
  }

  /** Drops the snapshot, here and (with REDIS_URL) in every other replica: the next lead reads the sources again. */
  forgetSnapshot(): void {
    this.snapshot.clear();
    this.invalidation.publish(INVALIDATION_TOPIC, 'all');
  }

  /** Every source, by id, from the snapshot. */
  private async all(em?: EntityManager): Promise<LeadSource[]> {
    const sources = em ? em.getRepository(LeadSource) : this.sources;
    return (await this.snapshot.get('all', () => sources.find({ order: { id: 'ASC' } }))) ?? [];
  }

  async list(actor: Actor): Promise<LeadSourceResponseDto[]> {
    const where = actor.role === 'oem' ? [{ oemId: actor.userId }, { oemId: IsNull() }] : {};
    const rows = await this.sources.find({ where, order: { id: 'ASC' } });
    return rows.map(toLeadSourceResponse);
  }

  /**
   * Creates a source and records `lead_source.created` in the same transaction; `actor` null is the system.
   * @throws 400 when oemId is not an OEM; 409 LEAD_SOURCE_NAME_TAKEN
   */
  async create(dto: CreateLeadSourceDto, actor: AuditActor | null = null): Promise<LeadSourceResponseDto> {
    if (dto.oemId) await this.checkOem(dto.oemId);
    return this.write(dto.name, async (em) => {
      const sources = em.getRepository(LeadSource);
      const saved = await sources.save(sources.create({ name: dto.name, oemId: dto.oemId ?? null, sourceType: dto.sourceType }));
      const after = { name: saved.name, oemId: saved.oemId, sourceType: saved.sourceType };
      await this.audit.record(em, actor, { action: 'lead_source.created', entityType: 'lead_source', entityId: saved.id, after });
      return saved;
    });
  }

  /**
   * Changes a source and records `lead_source.updated` with the fields that changed (nothing for a
   * no-op) in the same transaction. Only the fields `dto` names change, on the row read locked in
   * the transaction (a concurrent change of another field is kept, not written back).
   * @throws 404 LEAD_SOURCE_NOT_FOUND; 400; 409 LEAD_SOURCE_NAME_TAKEN; 409 LEAD_SOURCE_DEFAULT for a
   *         new name, type or OEM of the default source: every OEM's leads that name no source fall back to it
   */
  async update(id: number, dto: UpdateLeadSourceDto, actor: AuditActor | null = null): Promise<LeadSourceResponseDto> {
    if (!(await this.sources.existsBy({ id }))) throw new NotFoundProblem('Lead source', id);
    if (dto.oemId) await this.checkOem(dto.oemId);
    return this.write(dto.name ?? null, async (em) => {
      const source = await findForUpdate(em, LeadSource, { id });
      if (!source) throw new NotFoundProblem('Lead source', id);
      const before = { name: source.name, oemId: source.oemId, sourceType: source.sourceType };
      if (isDefaultSource(source) && (['name', 'oemId', 'sourceType'] as const).some((field) => dto[field] !== undefined && dto[field] !== source[field])) {
        throw new AppException(409, 'LEAD_SOURCE_DEFAULT', `"${DEFAULT_API_SOURCE}" is the shared source of every OEM's leads that name none: it keeps its name, type and sharing; create another source instead`);
      }
      if (dto.name !== undefined) source.name = dto.name;
      if (dto.oemId !== undefined) source.oemId = dto.oemId;
      if (dto.sourceType !== undefined) source.sourceType = dto.sourceType;
      const saved = await em.getRepository(LeadSource).save(source);
      const diff = changedFields(before, { name: saved.name, oemId: saved.oemId, sourceType: saved.sourceType });
      if (diff) await this.audit.record(em, actor, { action: 'lead_source.updated', entityType: 'lead_source', entityId: saved.id, ...diff });
      return saved;
    });
  }

  /** Runs `work` (the row and its audit event) in one transaction, then forgets the cached sources. `name`: named by a 409 on a taken name. */
  private async write(name: string | null, work: (em: EntityManager) => Promise<LeadSource>): Promise<LeadSourceResponseDto> {
    try {
      return toLeadSourceResponse(await this.tx.run(work));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(409, 'LEAD_SOURCE_NAME_TAKEN', `A lead source named ${name} already exists`);
      throw error;
    } finally {
      this.forgetSnapshot();
    }
  }

  private async checkOem(oemId: string): Promise<void> {
    const oem = await this.users.findOne({ where: { id: oemId, role: 'oem' }, select: { id: true } });
    if (!oem) throw new ValidationProblem([{ field: 'oemId', message: 'oemId must be a user with role oem' }]);
  }
}
