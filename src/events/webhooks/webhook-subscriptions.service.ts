import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { keysetPage, type Page } from '../../common/pagination.js';
import { findForUpdate } from '../../common/persistence/dialect.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import { AppException, NotFoundProblem, ValidationProblem } from '../../common/problem.js';
import { isUuid } from '../../common/uuid.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import type { AuditActor } from '../../users/audit/audit-actor.js';
import { AuditLogService, changedFields } from '../../users/audit/audit-log.service.js';
import type { AuditValues } from '../../users/audit/audit-event.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { OutboxDelivery } from '../entities/outbox-delivery.entity.js';
import { WebhookSubscription } from '../entities/webhook-subscription.entity.js';
import { urlProblem } from './outbound-http.js';
import {
  type CreateWebhookSubscriptionDto,
  toWebhookDeliveryResponse,
  toWebhookSubscriptionResponse,
  type UpdateWebhookSubscriptionDto,
  type WebhookDeliveryResponseDto,
  type WebhookSubscriptionQueryDto,
  type WebhookSubscriptionResponseDto,
  type WebhookSubscriptionWithSecretDto,
} from './webhook-subscription.dto.js';
import type { PageQueryDto } from '../../common/page-query.dto.js';
import { newWebhookSecret, rotatedKeys } from './webhook-signing.js';

const isStaff = (actor: Actor) => actor.role === 'admin' || actor.role === 'central_ops';

/** What the audit log keeps of a subscription: where its events go and which (never a secret). */
const auditValues = (sub: WebhookSubscription): AuditValues => ({ url: sub.url, events: [...sub.events].sort().join(','), description: sub.description, isActive: sub.isActive });

/**
 * Webhook subscriptions and their deliveries (issue #15, items 2 and 4). An OEM manages its own;
 * admins and Central Ops manage any, naming the OEM on creation. A subscription of another OEM
 * answers 404 (DESIGN §1), scoped in the query.
 */
@Injectable()
export class WebhookSubscriptionsService {
  constructor(
    @InjectRepository(WebhookSubscription) private readonly subscriptions: Repository<WebhookSubscription>,
    @InjectRepository(OutboxDelivery) private readonly deliveries: Repository<OutboxDelivery>,
    private readonly tx: TransactionRunner,
    @InjectConfig() private readonly config: AppConfig,
    private readonly audit: AuditLogService,
  ) {}

  /** @throws 400 WEBHOOK_URL_NOT_ALLOWED naming `url` (see `urlProblem`) */
  private checkUrl(url: string): void {
    const problem = urlProblem(url, { allowHttp: this.config.webhookAllowHttp, allowPrivateNetworks: this.config.webhookAllowPrivateNetworks });
    if (problem) throw new AppException(400, 'WEBHOOK_URL_NOT_ALLOWED', `url ${problem}`, { errors: [{ field: 'url', message: `url ${problem}` }] });
  }

  /**
   * Loads a subscription the actor may see; with `forUpdate` (in a transaction) its row is locked on
   * PostgreSQL and MariaDB, so that a change saved from it does not write back columns the delivery
   * worker changed meanwhile (a subscription it disabled, a failure run it started).
   * @throws 404 WEBHOOK_SUBSCRIPTION_NOT_FOUND
   */
  async findVisible(actor: Actor, id: string, em: EntityManager = this.subscriptions.manager, forUpdate = false): Promise<WebhookSubscription> {
    const where = isStaff(actor) ? { id } : { id, oemId: actor.userId };
    const found = !isUuid(id) ? null : forUpdate ? await findForUpdate(em, WebhookSubscription, where) : await em.getRepository(WebhookSubscription).findOne({ where });
    if (!found) throw new NotFoundProblem('Webhook subscription', id);
    return found;
  }

  /** Newest first, keyset-paged; staff see all (or one OEM's with `oemId`), an OEM its own. @throws 400 INVALID_CURSOR */
  list(actor: Actor, query: WebhookSubscriptionQueryDto): Promise<Page<WebhookSubscriptionResponseDto>> {
    const qb = this.subscriptions.createQueryBuilder('s');
    if (!isStaff(actor)) qb.where('s.oemId = :oemId', { oemId: actor.userId });
    else if (query.oemId) qb.where('s.oemId = :oemId', { oemId: query.oemId });
    return keysetPage(qb, query, { alias: 's', time: 'createdAt', direction: 'DESC', timeOf: (s) => s.createdAt }, (rows) => rows.map(toWebhookSubscriptionResponse));
  }

  /**
   * Creates a subscription with a new secret, returned this once. Every change to a subscription
   * (where an OEM's lead events go) is in the audit log, recorded in its transaction; never the secret.
   * @throws 400 naming `url` (WEBHOOK_URL_NOT_ALLOWED) or `oemId` (missing for staff, not an OEM, a deactivated one, or another OEM's for an OEM)
   */
  async create(actor: AuditActor, dto: CreateWebhookSubscriptionDto): Promise<WebhookSubscriptionWithSecretDto> {
    this.checkUrl(dto.url);
    let oemId = actor.userId;
    if (isStaff(actor)) {
      if (!dto.oemId) throw new ValidationProblem([{ field: 'oemId', message: 'oemId is required when staff create a subscription' }]);
      const oem = await this.subscriptions.manager.getRepository(User).findOne({ where: { id: dto.oemId, role: 'oem' }, select: { id: true, isActive: true } });
      if (!oem) throw new ValidationProblem([{ field: 'oemId', message: 'oemId is not an OEM account' }]);
      // Its deliveries would only be held (the worker sends none to a deactivated OEM).
      if (!oem.isActive) throw new ValidationProblem([{ field: 'oemId', message: 'oemId is a deactivated OEM account' }]);
      oemId = oem.id;
    } else if (dto.oemId && dto.oemId !== actor.userId) {
      throw new ValidationProblem([{ field: 'oemId', message: 'an OEM creates subscriptions for itself only' }]);
    }
    const secret = newWebhookSecret();
    const saved = await this.tx.run(async (em) => {
      const created = await em.getRepository(WebhookSubscription).save(em.getRepository(WebhookSubscription).create({ oemId, url: dto.url, events: dto.events, description: dto.description ?? null, isActive: dto.active ?? true, secret, previousSecret: null, previousSecretExpiresAt: null, disabledReason: null, failingSince: null, createdAt: new Date() }));
      await this.audit.record(em, actor, { action: 'webhook_subscription.created', entityType: 'webhook_subscription', entityId: created.id, after: { oemId, ...auditValues(created) } });
      return created;
    });
    return { ...toWebhookSubscriptionResponse(saved), secret };
  }

  /** @throws 404 */
  async get(actor: Actor, id: string): Promise<WebhookSubscriptionResponseDto> {
    return toWebhookSubscriptionResponse(await this.findVisible(actor, id));
  }

  /**
   * Changes the URL, events, description or active flag. Activating clears the server's reason
   * and the failure run, so held-back deliveries (those raised while the server had it disabled
   * included) go out again in order. Deactivating makes it the owner's pause, which clears the
   * server's reason: events raised while paused are not delivered.
   * @throws 404; 400 naming `url`
   */
  async update(actor: AuditActor, id: string, dto: UpdateWebhookSubscriptionDto): Promise<WebhookSubscriptionResponseDto> {
    if (dto.url !== undefined) this.checkUrl(dto.url);
    return this.tx.run(async (em) => {
      const sub = await this.findVisible(actor, id, em, true);
      const before = auditValues(sub);
      if (dto.url !== undefined) sub.url = dto.url;
      if (dto.events !== undefined) sub.events = dto.events;
      if (dto.description !== undefined) sub.description = dto.description;
      if (dto.active !== undefined) {
        if (dto.active && !sub.isActive) Object.assign(sub, { disabledReason: null, failingSince: null });
        if (!dto.active) sub.disabledReason = null;
        sub.isActive = dto.active;
      }
      const saved = await em.getRepository(WebhookSubscription).save(sub);
      const diff = changedFields(before, auditValues(saved));
      if (diff) await this.audit.record(em, actor, { action: 'webhook_subscription.updated', entityType: 'webhook_subscription', entityId: saved.id, ...diff });
      return toWebhookSubscriptionResponse(saved);
    });
  }

  /** Deletes the subscription and its delivery history, in one transaction. @throws 404 */
  async remove(actor: AuditActor, id: string): Promise<void> {
    await this.tx.run(async (em) => {
      const sub = await this.findVisible(actor, id, em);
      await em.getRepository(OutboxDelivery).delete({ subscriptionId: sub.id });
      await em.getRepository(WebhookSubscription).delete({ id: sub.id });
      await this.audit.record(em, actor, { action: 'webhook_subscription.deleted', entityType: 'webhook_subscription', entityId: sub.id, before: { oemId: sub.oemId, ...auditValues(sub) } });
    });
  }

  /**
   * A new secret signs every delivery from now on (retries of earlier events included); the one it
   * replaces signs them too for 24 hours (`previousSecretExpiresAt`), so a receiver still holding it
   * keeps verifying until it deploys the new one. Rotating again within that time drops the older
   * secret. The replaced secret is never returned. @throws 404
   */
  async rotateSecret(actor: AuditActor, id: string): Promise<WebhookSubscriptionWithSecretDto> {
    return this.tx.run(async (em) => {
      const sub = await this.findVisible(actor, id, em, true);
      // The delivery worker judges the expiry by its own `new Date()` at send time: the same clock.
      Object.assign(sub, rotatedKeys(sub, newWebhookSecret(), new Date()));
      const saved = await em.getRepository(WebhookSubscription).save(sub);
      await this.audit.record(em, actor, { action: 'webhook_subscription.secret_rotated', entityType: 'webhook_subscription', entityId: saved.id });
      return { ...toWebhookSubscriptionResponse(saved), secret: saved.secret };
    });
  }

  /**
   * Queues a `webhook.test` delivery, sent by the next outbox pass like any other.
   * @throws 404; 409 WEBHOOK_SUBSCRIPTION_INACTIVE
   */
  async test(actor: Actor, id: string): Promise<WebhookDeliveryResponseDto> {
    return this.tx.run(async (em) => {
      const sub = await this.findVisible(actor, id, em);
      if (!sub.isActive) throw new AppException(409, 'WEBHOOK_SUBSCRIPTION_INACTIVE', 'The subscription is not active; activate it first');
      const now = new Date();
      const repo = em.getRepository(OutboxDelivery);
      const row = repo.create({
        channel: 'webhook',
        subscriptionId: sub.id,
        leadId: null,
        eventId: null,
        seq: 0,
        eventType: 'webhook.test',
        status: 'pending',
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        payload: { type: 'webhook.test', timestamp: now.toISOString(), data: { subscriptionId: sub.id, message: 'Test event from ChargeOps' } },
      });
      row.dedupeKey = `test:${sub.id}:${now.getTime()}:${Math.random().toString(36).slice(2, 10)}`;
      return toWebhookDeliveryResponse(await repo.save(row));
    });
  }

  /** The subscription's deliveries, newest first, keyset-paged. @throws 404; 400 INVALID_CURSOR */
  async listDeliveries(actor: Actor, id: string, query: PageQueryDto): Promise<Page<WebhookDeliveryResponseDto>> {
    const sub = await this.findVisible(actor, id);
    const qb = this.deliveries.createQueryBuilder('d').where('d.subscriptionId = :id', { id: sub.id });
    return keysetPage(qb, query, { alias: 'd', time: 'createdAt', direction: 'DESC', timeOf: (d) => d.createdAt }, (rows) => rows.map(toWebhookDeliveryResponse));
  }

  /**
   * Sends a failed delivery again from a fresh schedule (attempts start over).
   * @throws 404 WEBHOOK_DELIVERY_NOT_FOUND; 409 WEBHOOK_DELIVERY_NOT_RETRYABLE unless it failed
   */
  async retry(actor: Actor, deliveryId: string): Promise<WebhookDeliveryResponseDto> {
    return this.tx.run(async (em) => {
      const qb = em.getRepository(OutboxDelivery).createQueryBuilder('d').innerJoin(WebhookSubscription, 's', 's.id = d.subscriptionId').where('d.id = :id', { id: deliveryId });
      if (!isStaff(actor)) qb.andWhere('s.oemId = :oemId', { oemId: actor.userId });
      const delivery = isUuid(deliveryId) ? await qb.getOne() : null;
      if (!delivery) throw new NotFoundProblem('Webhook delivery', deliveryId);
      const notRetryable = (status: string) => new AppException(409, 'WEBHOOK_DELIVERY_NOT_RETRYABLE', `The delivery is ${status}; only a failed one can be retried`);
      if (delivery.status !== 'failed') throw notRetryable(delivery.status);
      const fresh = { status: 'pending' as const, attempts: 0, nextAttemptAt: new Date(), claimedUntil: null, claimToken: null, lastError: null };
      // Only while still failed: of two retries at once the second must not clear the claim a worker took for the first.
      const changed = await em.getRepository(OutboxDelivery).update({ id: delivery.id, status: 'failed' }, fresh);
      if (!changed.affected) throw notRetryable('pending');
      return toWebhookDeliveryResponse(Object.assign(delivery, fresh));
    });
  }
}
