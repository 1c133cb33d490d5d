import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, In, IsNull, LessThanOrEqual, Not } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { dialectOf } from '../../common/persistence/dialect.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import { User } from '../../users/entities/user.entity.js';
import { OutboxDelivery } from '../entities/outbox-delivery.entity.js';
import { WebhookSubscription } from '../entities/webhook-subscription.entity.js';
import { Mailer } from '../notifications/mailer.service.js';
import { postWebhook } from '../webhooks/outbound-http.js';
import { signedHeaders } from '../webhooks/webhook-signing.js';

/** Deliveries claimed per pass. */
export const CLAIM_BATCH = 200;
/**
 * Deliveries claimed per pass of a subscription in a failure run (`failingSince` set; healthy ones
 * and e-mails are not capped, so a busy healthy receiver takes whole batches). A receiver that
 * accepts the connection and never answers holds one lane per claimed row for the whole call
 * timeout: once its first timeouts start its failure run it holds at most this many lanes, the
 * others go to other subscriptions and e-mails, and a pass stays about one timeout long instead of
 * one per {@link CONCURRENCY} of its rows.
 */
export const CLAIM_PER_SUBSCRIPTION = 8;
/** Calls in flight at once per process. */
export const CONCURRENCY = 32;
/** A pass records its successes at its end, or earlier once the oldest unrecorded one is this old (a slow receiver holds the pass up). */
const FLUSH_AFTER_MS = 1000;
/**
 * What a lease keeps beyond a call's timeout for the outcome to be recorded: a success waits up to
 * {@link FLUSH_AFTER_MS} for its batch, then the UPDATE; and the processes' clocks, which compare
 * `claimed_until`, may be a little apart.
 */
const RECORDING_MARGIN_MS = 5000;

/** A successful attempt, recorded with the pass's others. */
interface Delivered {
  delivery: OutboxDelivery;
  subscription: WebhookSubscription | null;
  code: number | null;
  startedAt: Date;
  answeredAt: Date;
}

/** What a pass did: the deliveries it attempted, and whether more were due than it could take (a full batch, or a subscription at its cap). */
export interface DeliveryPass {
  attempted: number;
  more: boolean;
}

/**
 * How the subscriptions of a pass fared: a 2xx from one clears its failure run, so a failure of the
 * same pass must not disable it; the disabling of the ones that only failed is decided at the end.
 */
interface PassHealth {
  answered: Set<string>;
  failing: Map<string, WebhookSubscription>;
}

/** What one attempt came to. */
interface AttemptResult {
  ok: boolean;
  code: number | null;
  error: string | null;
}

/**
 * The wait before retry `attempt` (1-based: after the first failure, `attempt` = 1): the
 * configured schedule's entry, jittered by ±20 % so that receivers coming back are not hit by
 * every retry at once. @returns null when the schedule is used up (the delivery has failed)
 */
export function retryDelayMs(schedule: readonly number[], attempt: number, random = Math.random): number | null {
  const seconds = schedule[attempt - 1];
  if (seconds === undefined) return null;
  return Math.round(seconds * 1000 * (0.8 + 0.4 * random()));
}

/**
 * Sends due deliveries (issue #15, items 1, 3, 4 and 6); runs in every server process. A pass
 * claims up to {@link CLAIM_BATCH} due rows with a lease (`claimed_until`, longer than a call can
 * take) in one short transaction — on PostgreSQL `FOR UPDATE OF d SKIP LOCKED`, so two processes
 * never claim one row — then sends without holding a transaction, and records each outcome only if
 * its lease is still its own: a failure at once in its own transaction, the pass's successes
 * together in one UPDATE. A process killed mid-send, or before recording, leaves the lease to
 * expire; the row is sent again (at least once; receivers dedupe by `webhook-id`).
 *
 * No row is sent by two workers at once (README, "Replicas"): a pass sends a row only while its
 * lease has a whole call and the recording left ({@link sendNeedsMs}). A row whose turn comes later
 * (its lane waited for slow receivers) has its lease renewed first, on its claim token; if another
 * worker claimed it meanwhile, this pass leaves it to that worker. An e-mail's lease is renewed
 * while it is being sent (an SMTP conversation has no overall deadline, see {@link Mailer}).
 *
 * Per-lead order: a delivery is due only when no earlier delivery (by `seq`) of the same lead to
 * the same subscription is still pending, so a failing one holds back that lead's later events
 * for that subscription, and nothing else.
 */
@Injectable()
export class DeliveryWorker {
  private readonly logger = new Logger('Outbox');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly mailer: Mailer,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Lease in milliseconds (`2 × WEBHOOK_TIMEOUT_SECONDS + 5 s`): what a send needs
   * ({@link sendNeedsMs}) and one more timeout, so that the sends a pass starts within a timeout
   * of its claim (all of a quick pass's) need no renewal.
   */
  get leaseMs(): number {
    return this.config.webhookTimeoutSeconds * 2000 + RECORDING_MARGIN_MS;
  }

  /** Milliseconds a lease must still run when a send starts: the call's timeout (`WEBHOOK_TIMEOUT_SECONDS`) and {@link RECORDING_MARGIN_MS}. */
  get sendNeedsMs(): number {
    return this.config.webhookTimeoutSeconds * 1000 + RECORDING_MARGIN_MS;
  }

  /**
   * One pass: claim, send, record. Failures are recorded one by one as they come (retry schedule,
   * start of a failure run); the successes of the pass in one UPDATE at its end
   * ({@link recordDelivered}); then the subscriptions that only failed in this pass and have failed
   * for too long are disabled ({@link disableIfFailingTooLong}).
   * @returns how many deliveries were attempted, and whether more are due (the caller runs another pass at once)
   */
  async deliverDue(): Promise<DeliveryPass> {
    const { claimed, subscriptions, more } = await this.claim();
    const health: PassHealth = { answered: new Set(), failing: new Map() };
    let delivered: Delivered[] = [];
    const flushes: Promise<void>[] = [];
    let flushTimer: NodeJS.Timeout | undefined;
    let leftToOthers = 0;
    // Successes are recorded together; a slow call elsewhere in the pass must not keep them unrecorded until their leases run out.
    const flush = () => {
      clearTimeout(flushTimer);
      flushTimer = undefined;
      const batch = delivered;
      delivered = [];
      if (batch.length) {
        // Not recorded: the rows' leases expire and they are sent again (at least once), as after a crash.
        flushes.push(this.recordDelivered(batch).catch((error: unknown) => this.logger.error({ err: error, deliveries: batch.length }, 'Recording delivered attempts failed')));
      }
    };
    let next = 0;
    const lane = async () => {
      while (next < claimed.length) {
        const delivery = claimed[next++];
        const subscription = subscriptions.get(delivery.subscriptionId ?? '') ?? null;
        const done = await this.attempt(delivery, subscription, health).catch((error: unknown) => {
          this.logger.error({ err: error, deliveryId: delivery.id }, 'Recording a delivery attempt failed');
          return null;
        });
        if (done === 'taken') leftToOthers += 1;
        else if (done) {
          if (done.subscription) health.answered.add(done.subscription.id);
          delivered.push(done);
          // Measured from the first success of the batch, whatever the other lanes are doing.
          flushTimer ??= setTimeout(flush, FLUSH_AFTER_MS);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, claimed.length) }, lane));
    flush();
    await Promise.all(flushes);
    for (const [id, subscription] of health.failing) {
      if (health.answered.has(id)) continue;
      await this.disableIfFailingTooLong(subscription).catch((error: unknown) => this.logger.error({ err: error, subscriptionId: id }, 'Checking a failing webhook subscription failed'));
    }
    if (leftToOthers) this.logger.log({ deliveries: leftToOthers }, 'Deliveries left to another worker: their leases ran out before their turn in this pass');
    return { attempted: claimed.length, more };
  }

  /**
   * Claims up to CLAIM_BATCH due deliveries for this pass (a lease in `claimedUntil`), at most
   * {@link CLAIM_PER_SUBSCRIPTION} of each subscription in a failure run (its oldest due ones, by
   * `nextAttemptAt` and `seq`: a window function, which SQLite ≥ 3.25, PostgreSQL and MariaDB ≥ 10.2 have), each
   * subscription's deliveries per lead in `seq` order. Two workers never claim one delivery: on
   * PostgreSQL the candidates are read `FOR UPDATE OF d SKIP LOCKED` (the ranking is a subquery;
   * the due conditions are repeated on `d`, so a row claimed by another worker since this
   * statement's snapshot is re-checked and skipped). MariaDB has no `OF`, and a locking read would
   * lock (and skip) the rows its NOT EXISTS reads too, letting a later `seq` through; so there the
   * candidates are read without locks and then claimed by a second, single-table read `FOR UPDATE
   * SKIP LOCKED` that checks the lease again (on the rows as committed). SQLite has one writer. The
   * subscriptions of the claimed rows are read in the same transaction.
   */
  private claim(): Promise<{ claimed: OutboxDelivery[]; subscriptions: Map<string, WebhookSubscription>; more: boolean }> {
    return this.tx.run(async (em) => {
      const now = new Date();
      const dialect = dialectOf(em);
      // Every claimable row (due, lease free, first pending of its lead for its subscription), numbered per subscription.
      const ranked = `SELECT r.id FROM (
          SELECT c.id, c.subscription_id, ws.failing_since, ROW_NUMBER() OVER (PARTITION BY c.subscription_id ORDER BY c.next_attempt_at, c.seq) AS turn
          FROM outbox_deliveries c
          LEFT JOIN webhook_subscriptions ws ON ws.id = c.subscription_id
          LEFT JOIN users u ON u.id = ws.oem_id
          WHERE c.status = 'pending' AND c.next_attempt_at <= :now AND (c.claimed_until IS NULL OR c.claimed_until < :now)
            AND (c.subscription_id IS NULL OR (ws.is_active = :active AND u.is_active = :active))
            AND NOT EXISTS (SELECT 1 FROM outbox_deliveries e WHERE e.subscription_id = c.subscription_id AND e.lead_id = c.lead_id AND e.status = 'pending' AND e.seq < c.seq)
        ) r WHERE r.subscription_id IS NULL OR r.failing_since IS NULL OR r.turn <= :perSubscription`;
      const qb = em
        .getRepository(OutboxDelivery)
        .createQueryBuilder('d')
        .select('d.id', 'id')
        .addSelect('d.subscriptionId', 'subscriptionId')
        .where("d.status = 'pending' AND d.nextAttemptAt <= :now AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)", { now })
        // Held back while the subscription is paused or its OEM's account is deactivated (sent once reactivated): in `ranked`.
        .andWhere(`d.id IN (${ranked})`, { active: true, perSubscription: CLAIM_PER_SUBSCRIPTION })
        .orderBy('d.nextAttemptAt', 'ASC')
        .addOrderBy('d.seq', 'ASC')
        .limit(CLAIM_BATCH);
      if (dialect === 'postgres') qb.setLock('pessimistic_write', undefined, ['d']).setOnLocked('skip_locked');
      const candidates = await qb.getRawMany<{ id: string; subscriptionId: string | null }>();
      let ids = candidates.map((r) => r.id);
      if (ids.length && dialect === 'mariadb') {
        const locked = await em
          .getRepository(OutboxDelivery)
          .createQueryBuilder('d')
          .select('d.id', 'id')
          .where("d.id IN (:...ids) AND d.status = 'pending' AND (d.claimedUntil IS NULL OR d.claimedUntil < :now)", { ids, now })
          .setLock('pessimistic_write')
          .setOnLocked('skip_locked')
          .getRawMany<{ id: string }>();
        ids = locked.map((r) => r.id);
      }
      if (!ids.length) return { claimed: [], subscriptions: new Map(), more: candidates.length >= CLAIM_BATCH };
      const token = randomUUID();
      const claimedUntil = new Date(now.getTime() + this.leaseMs);
      await em.getRepository(OutboxDelivery).update({ id: In(ids) }, { claimedUntil, claimToken: token });
      const claimed = await em.getRepository(OutboxDelivery).find({ where: { id: In(ids) }, order: { seq: 'ASC' } });
      // The lease as written: what the pre-send check compares, whatever precision the column keeps.
      for (const delivery of claimed) delivery.claimedUntil = claimedUntil;
      const subscriptionIds = [...new Set(claimed.map((d) => d.subscriptionId).filter((id): id is string => !!id))];
      const subscriptions = subscriptionIds.length ? await em.getRepository(WebhookSubscription).find({ where: { id: In(subscriptionIds) } }) : [];
      const byId = new Map(subscriptions.map((sub) => [sub.id, sub]));
      // A failing subscription at its cap may have more due: the next pass follows at once instead of a tick later.
      const capped = new Map<string, number>();
      for (const { subscriptionId } of candidates) if (subscriptionId && byId.get(subscriptionId)?.failingSince) capped.set(subscriptionId, (capped.get(subscriptionId) ?? 0) + 1);
      const more = candidates.length >= CLAIM_BATCH || [...capped.values()].some((n) => n >= CLAIM_PER_SUBSCRIPTION);
      return { claimed, subscriptions: byId, more };
    });
  }

  /**
   * Sends one claimed delivery, if this pass still holds it for a whole send ({@link holdForSend}).
   * A failure is recorded at once (the retry, the subscription's health); a success is returned for
   * the pass to record with the others.
   * @param found the delivery's subscription as read after the claim (null: deleted meanwhile, or an e-mail)
   * @param health the pass's record of which subscriptions answered and which failed
   * @returns the success to record; null when the attempt failed (and is recorded); `taken` when
   *   another worker claimed the row after this pass's lease ran out (nothing sent)
   */
  private async attempt(delivery: OutboxDelivery, found: WebhookSubscription | null, health: PassHealth): Promise<Delivered | 'taken' | null> {
    if (!(await this.holdForSend(delivery))) return 'taken';
    const started = new Date();
    let result: AttemptResult;
    let subscription: WebhookSubscription | null = null;
    if (delivery.channel === 'email') {
      const mail = delivery.payload as { to: string; subject: string; text: string };
      result = await this.whileRenewed(delivery, this.mailer.send(mail));
    } else {
      subscription = found;
      if (!subscription) result = { ok: false, code: null, error: 'subscription deleted' };
      else {
        const body = JSON.stringify(delivery.payload);
        const answer = await postWebhook(subscription.url, body, signedHeaders(subscription, delivery.id, body, started), {
          allowHttp: this.config.webhookAllowHttp,
          allowPrivateNetworks: this.config.webhookAllowPrivateNetworks,
          timeoutMs: this.config.webhookTimeoutSeconds * 1000,
        });
        result = { ok: answer.status !== null && answer.status >= 200 && answer.status < 300, code: answer.status, error: answer.error ?? (answer.status !== null && (answer.status < 200 || answer.status >= 300) ? `answered ${answer.status}` : null) };
      }
    }
    if (result.ok) return { delivery, subscription, code: result.code, startedAt: started, answeredAt: new Date() };
    if (await this.recordFailure(delivery, subscription, result, started)) health.failing.set(subscription!.id, subscription!);
    return null;
  }

  /**
   * Makes sure this pass holds `delivery` for {@link sendNeedsMs} from now: as claimed (no
   * statement, the usual case), or by renewing the lease ({@link renew}).
   * @returns false when another worker has claimed the row since this pass's lease ran out
   */
  private async holdForSend(delivery: OutboxDelivery): Promise<boolean> {
    const now = Date.now();
    if (delivery.claimedUntil!.getTime() - now >= this.sendNeedsMs) return true;
    return this.renew(delivery, now);
  }

  /**
   * Extends this pass's lease of `delivery` to {@link leaseMs} from `now`, with one UPDATE on its id
   * and claim token: another worker's claim gives the row a new token, so the renewal finds no row.
   * @returns whether the row is still this pass's
   */
  private async renew(delivery: OutboxDelivery, now = Date.now()): Promise<boolean> {
    const claimedUntil = new Date(now + this.leaseMs);
    const renewed = await this.tx.run((em) => em.getRepository(OutboxDelivery).update({ id: delivery.id, claimToken: delivery.claimToken! }, { claimedUntil }));
    if (renewed.affected !== 1) return false;
    delivery.claimedUntil = claimedUntil;
    return true;
  }

  /**
   * Waits for `sending` while renewing the lease of `delivery` every call timeout (an SMTP
   * conversation is bounded per step, not as a whole). A failed renewal is logged; the row may then
   * be sent again by another worker once the lease runs out.
   */
  private async whileRenewed<T>(delivery: OutboxDelivery, sending: Promise<T>): Promise<T> {
    let sent = false;
    const renewal = setInterval(() => {
      void this.renew(delivery).then(
        // Once sent, recording the outcome clears the token: a renewal racing it finds no row, which is fine.
        (held) => {
          if (!held && !sent) this.logger.warn({ deliveryId: delivery.id }, 'The lease of a delivery being sent was taken over');
        },
        (error: unknown) => this.logger.error({ err: error, deliveryId: delivery.id }, 'Renewing the lease of a delivery being sent failed'),
      );
    }, this.config.webhookTimeoutSeconds * 1000);
    try {
      return await sending;
    } finally {
      sent = true;
      clearInterval(renewal);
    }
  }

  /**
   * Records the successes of a pass in one transaction: one UPDATE of the rows whose lease is still
   * this pass's (same claim token; a row another worker took over after our lease expired keeps
   * that worker's outcome), then clears `failingSince` of their subscriptions as they are now (the
   * receiver answered 2xx, whatever the row said at claim time). Each row keeps its own attempt
   * time, answer time and code.
   */
  private async recordDelivered(delivered: readonly Delivered[]): Promise<void> {
    await this.tx.run(async (em) => {
      const repo = em.getRepository(OutboxDelivery);
      const driver = em.connection.driver;
      // PostgreSQL types a CASE of parameters as text, which a timestamp or integer column refuses; the others convert on assignment.
      const postgres = em.connection.options.type === 'postgres';
      // One claim, one token: every row of a pass carries the same.
      const params: Record<string, unknown> = { token: delivered[0].delivery.claimToken };
      const perRow = (property: keyof OutboxDelivery, value: (d: Delivered) => unknown) => {
        const column = repo.metadata.findColumnWithPropertyName(property)!;
        const branches = delivered.map((d, i) => {
          params[`${property}${i}`] = driver.preparePersistentValue(value(d), column);
          return `WHEN :id${i} THEN ${postgres ? `CAST(:${property}${i} AS ${driver.normalizeType(column)})` : `:${property}${i}`}`;
        });
        return () => `CASE ${driver.escape('id')} ${branches.join(' ')} END`;
      };
      delivered.forEach((d, i) => (params[`id${i}`] = d.delivery.id));
      await repo
        .createQueryBuilder()
        .update()
        .set({
          status: 'delivered',
          attempts: () => `${driver.escape('attempts')} + 1`,
          lastAttemptAt: perRow('lastAttemptAt', (d) => d.startedAt),
          nextAttemptAt: perRow('nextAttemptAt', (d) => d.startedAt),
          lastResponseCode: perRow('lastResponseCode', (d) => d.code),
          deliveredAt: perRow('deliveredAt', (d) => d.answeredAt),
          lastError: null,
          claimedUntil: null,
          claimToken: null,
        })
        .where(`${driver.escape('id')} IN (${delivered.map((_, i) => `:id${i}`).join(', ')}) AND ${driver.escape('claim_token')} = :token`)
        .setParameters(params)
        .updateEntity(false)
        .execute();
      const recovered = [...new Set(delivered.filter((d) => d.subscription).map((d) => d.subscription!.id))];
      if (recovered.length) await em.getRepository(WebhookSubscription).update({ id: In(recovered), failingSince: Not(IsNull()) }, { failingSince: null });
    });
  }

  /**
   * Records a failed attempt in its own transaction: the retry (or `failed`), and the subscription's
   * health on its row as it is now: a failure run starts unless one is running, and a 410 disables
   * it at once. Whether a run has gone on too long is decided at the end of the pass
   * ({@link disableIfFailingTooLong}), once the pass's successes are recorded.
   * @returns true when the failure counts against a subscription that is still to be checked (recorded by this pass, not a 410)
   */
  private async recordFailure(delivery: OutboxDelivery, subscription: WebhookSubscription | null, result: AttemptResult, at: Date): Promise<boolean> {
    const gone = delivery.channel === 'webhook' && result.code === 410;
    const attempts = delivery.attempts + 1;
    const delay = gone ? null : retryDelayMs(this.config.webhookRetryScheduleSeconds, attempts);
    const status = delay === null ? 'failed' : 'pending';
    const outcome = await this.tx.run(async (em) => {
      const updated = await em.getRepository(OutboxDelivery).update(
        { id: delivery.id, claimToken: delivery.claimToken! },
        {
          status,
          attempts,
          lastAttemptAt: at,
          lastResponseCode: result.code,
          lastError: result.error?.slice(0, 500) ?? null,
          deliveredAt: null,
          nextAttemptAt: delay === null ? at : new Date(Date.now() + delay),
          claimedUntil: null,
          claimToken: null,
        },
      );
      // Another worker took the row over after this lease expired: its outcome counts, not ours.
      if (updated.affected !== 1 || !subscription) return null;
      const subs = em.getRepository(WebhookSubscription);
      await subs.update({ id: subscription.id, failingSince: IsNull() }, { failingSince: at });
      if (!gone) return 'failing';
      const changed = await subs.update({ id: subscription.id, isActive: true }, { isActive: false, disabledReason: 'gone' });
      if (changed.affected === 1) await this.noticeDisabled(em, subscription.id, 'gone', at);
      return changed.affected === 1 ? 'gone' : null;
    });
    if (outcome === 'gone') this.logger.warn({ subscriptionId: subscription?.id, reason: outcome }, 'Webhook subscription disabled');
    return outcome === 'failing';
  }

  /**
   * Disables a subscription that failed in this pass if, on its row as it is now, it is still
   * active and has failed since longer than `WEBHOOK_DISABLE_AFTER_SECONDS` (one conditional
   * UPDATE): a success recorded meanwhile, by this pass or another worker, cleared `failingSince`.
   */
  private async disableIfFailingTooLong(subscription: WebhookSubscription): Promise<void> {
    const at = new Date();
    const cutoff = new Date(at.getTime() - this.config.webhookDisableAfterSeconds * 1000);
    const disabled = await this.tx.run(async (em) => {
      const changed = await em.getRepository(WebhookSubscription).update({ id: subscription.id, isActive: true, failingSince: LessThanOrEqual(cutoff) }, { isActive: false, disabledReason: 'failing' });
      if (changed.affected !== 1) return false;
      await this.noticeDisabled(em, subscription.id, 'failing', at);
      return true;
    });
    if (disabled) this.logger.warn({ subscriptionId: subscription.id, reason: 'failing' }, 'Webhook subscription disabled');
  }

  /**
   * Records the e-mails that tell staff a subscription was disabled (issue #15, item 4): to the
   * OEM account's address (its contact) and to `LEAD_NOTIFICATION_EMAIL`, in the disabling transaction.
   */
  private async noticeDisabled(em: EntityManager, subscriptionId: string, reason: string, at: Date): Promise<void> {
    // As disabled just now, in this transaction: its run's start is the one the decision saw.
    const subscription = await em.getRepository(WebhookSubscription).findOneByOrFail({ id: subscriptionId });
    const oem = await em.getRepository(User).findOne({ where: { id: subscription.oemId }, select: { id: true, email: true, fullName: true } });
    const recipients = [...new Set([oem?.email, this.config.leadNotificationEmail].filter((e): e is string => !!e))];
    const why = reason === 'gone' ? 'the receiver answered 410 Gone' : `it kept failing since ${subscription.failingSince?.toISOString() ?? at.toISOString()}`;
    const rows = recipients.map((to, n) => ({
      channel: 'email' as const,
      subscriptionId: null,
      leadId: null,
      eventId: null,
      seq: n,
      dedupeKey: `mail:subscription_disabled:${subscription.id}:${at.getTime()}:${to}`.slice(0, 200),
      eventType: 'mail.subscription_disabled',
      payload: { to, subject: `Webhook subscription disabled: ${subscription.url}`, text: `The webhook subscription ${subscription.id} of ${oem?.fullName ?? 'an OEM'} (${subscription.url}) was disabled because ${why}.\nRe-enable it with PATCH /api/v1/webhook-subscriptions/${subscription.id} {"active": true} once the receiver works: the events raised meanwhile are sent then, and failed deliveries can be retried.\n` },
      status: this.mailer.enabled ? ('pending' as const) : ('skipped' as const),
      nextAttemptAt: at,
      createdAt: at,
    }));
    if (rows.length) await em.createQueryBuilder().insert().into(OutboxDelivery).values(rows as never).orIgnore().updateEntity(false).execute();
    if (!this.mailer.enabled) this.mailer.recordSkipped(rows.length);
  }
}
