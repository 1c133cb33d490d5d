import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { type EntityManager, In, IsNull, Not } from 'typeorm';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { dialectOf } from '../../common/persistence/dialect.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import { loadActorFacts } from '../../leads/audience/actor-facts.js';
import { LeadEvent } from '../../leads/entities/lead-event.entity.js';
import { Lead } from '../../leads/entities/lead.entity.js';
import { User } from '../../users/entities/user.entity.js';
import { OutboxCursor } from '../entities/outbox-cursor.entity.js';
import { OutboxDelivery } from '../entities/outbox-delivery.entity.js';
import { WebhookSubscription } from '../entities/webhook-subscription.entity.js';
import { Mailer } from '../notifications/mailer.service.js';
import { plannedMails } from '../notifications/notification-planner.js';
import { webhookBody, webhookTypesOf } from '../webhooks/webhook-events.js';

/** The cursor's name in `outbox_cursors`. */
const CURSOR = 'lead_events';
/** Timeline entries read per pass. */
export const DISPATCH_BATCH = 2000;
/** Delivery rows per INSERT. */
const INSERT_CHUNK = 200;
/**
 * PostgreSQL and MariaDB: how long a read bound may wait for older transactions to end before it is taken
 * anyway (a transaction that stays open longer than this while holding an unwritten event id
 * would have that event skipped; HTTP requests end far sooner).
 */
const SETTLE_CAP_MS = 60_000;
/**
 * MariaDB: what `pending_xmax` holds for a bound remembered without InnoDB's transaction counter
 * (the user lacks the PROCESS privilege): such a bound settles only by {@link SETTLE_CAP_MS}.
 */
const NO_COUNTER = 'unknown';

/**
 * A delivery row as the dispatcher inserts it. `createdAt` is set here, not by the database: the
 * deliveries list pages by it, and a keyset cursor carries milliseconds, so a PostgreSQL `now()`
 * with microseconds would make a page skip the rest of its pass's rows.
 */
type NewDelivery = Pick<OutboxDelivery, 'channel' | 'subscriptionId' | 'leadId' | 'eventId' | 'seq' | 'dedupeKey' | 'eventType' | 'payload' | 'status' | 'nextAttemptAt' | 'createdAt'>;

/**
 * Turns lead timeline entries into deliveries (issue #15, item 1). The timeline (`lead_events`) is
 * the outbox: every module writes its entry in the transaction of the change. One pass, in one
 * transaction: lock the cursor row (PostgreSQL and MariaDB: `FOR UPDATE SKIP LOCKED`, so one process
 * of one replica dispatches at a time and the others skip; SQLite has one writer), read the entries after
 * the cursor up to a safe bound, insert one delivery per (entry, webhook type, subscription) and
 * per staff e-mail (a unique dedupe key makes a repeated pass harmless), move the cursor.
 *
 * The safe bound: on SQLite commits happen in id order, so it is the largest id. On PostgreSQL an
 * id is taken before commit, so a smaller id may appear after a larger one is visible. Each pass
 * remembers the largest visible id with its snapshot's `xmax`; a later pass reads up to that id
 * once no transaction of this database older than that `xmax` is still running (then every id
 * below it is committed or rolled back for good). Writers of events write something before the
 * event (the lead or job row), so they hold a transaction id by then. MariaDB's AUTO_INCREMENT ids
 * are taken before commit too; there a pass remembers the largest visible id with InnoDB's next
 * transaction id (`Trx id counter`, read after the id: `pending_xmax`), and a later pass reads up
 * to it once no transaction with a smaller id still runs. Both come from `SHOW ENGINE INNODB
 * STATUS` (needs the PROCESS privilege: README), which, unlike information_schema.INNODB_TRX (a
 * cache up to 0.1 s old), reads InnoDB's transaction list as it is. A transaction that took an id
 * below the remembered one got its own transaction id before (it wrote the lead or job row first).
 * Without the PROCESS privilege nothing shows other sessions' transactions (information_schema's
 * INNODB_TRX needs it too): the dispatcher warns once and takes each bound after SETTLE_CAP_MS, the
 * wait it already falls back to when a transaction runs long, so events go out a minute or two late.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap {
  private readonly logger = new Logger('Outbox');
  private cursorReady = false;
  private warnedNoProcessPrivilege = false;

  constructor(
    private readonly tx: TransactionRunner,
    private readonly mailer: Mailer,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /**
   * Creates the cursor, once per database, at the newest timeline entry when the process starts:
   * what happened before the outbox existed (an upgrade of a running system with a million leads)
   * is history, not news to e-mail staff or post to subscribers about. A fresh database starts at 0.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.tx.run((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(OutboxCursor)
        .values({ name: CURSOR, lastEventId: () => '(SELECT COALESCE(MAX(id), 0) FROM lead_events)' })
        .orIgnore()
        .execute(),
    );
    this.cursorReady = true;
  }

  /** One pass. @returns how many timeline entries it read (0 when another process holds the cursor or nothing is new) */
  async dispatch(): Promise<number> {
    if (!this.cursorReady) await this.onApplicationBootstrap();
    if (await this.idle()) return 0;
    let skipped = 0;
    const read = await this.tx.run(async (em) => {
      const dialect = dialectOf(em);
      const qb = em.getRepository(OutboxCursor).createQueryBuilder('c').where('c.name = :name', { name: CURSOR });
      if (dialect !== 'sqlite') qb.setLock('pessimistic_write').setOnLocked('skip_locked');
      const cursor = await qb.getOne();
      if (!cursor) return 0;
      const seen = [cursor.lastEventId, cursor.pendingMaxId, cursor.pendingXmax, cursor.pendingSince?.getTime()];
      const bound = dialect === 'sqlite' ? await this.maxEventId(em) : await this.settledBound(em, cursor);
      let upTo = cursor.lastEventId;
      let events: LeadEvent[] = [];
      if (bound > cursor.lastEventId) {
        events = await em.getRepository(LeadEvent).createQueryBuilder('e').where('e.id > :after AND e.id <= :bound', { after: cursor.lastEventId, bound }).orderBy('e.id', 'ASC').limit(DISPATCH_BATCH).getMany();
        upTo = events.length === DISPATCH_BATCH ? events[events.length - 1].id : bound;
        skipped = await this.fanOut(em, events);
      }
      // A pass that moved nothing (e.g. still waiting for a bound to settle) writes nothing.
      const now = [upTo, cursor.pendingMaxId, cursor.pendingXmax, cursor.pendingSince?.getTime()];
      if (now.some((value, i) => value !== seen[i])) {
        await em.getRepository(OutboxCursor).update({ name: CURSOR }, { lastEventId: upTo, pendingMaxId: cursor.pendingMaxId, pendingXmax: cursor.pendingXmax, pendingSince: cursor.pendingSince });
      }
      return events.length;
    });
    this.mailer.recordSkipped(skipped);
    return read;
  }

  /**
   * Whether the cursor is at the newest entry with no bound waiting to settle: one read without a
   * lock or transaction (PostgreSQL), so that an idle poll locks no row (a row lock is a write,
   * committed to disk). An entry committed just after is read by the next poll.
   */
  private idle(): Promise<boolean> {
    return this.tx.runSingleWrite(async (em) => {
      const row = await em
        .getRepository(OutboxCursor)
        .createQueryBuilder('c')
        .select('c.lastEventId', 'last')
        .addSelect('c.pendingMaxId', 'pending')
        .addSelect((sub) => sub.select('COALESCE(MAX(e.id), 0)').from(LeadEvent, 'e'), 'max')
        .where('c.name = :name', { name: CURSOR })
        .getRawOne<{ last: number | string; pending: number | string | null; max: number | string }>();
      return { done: !!row && row.pending === null && Number(row.max) <= Number(row.last) };
    });
  }

  private async maxEventId(em: EntityManager): Promise<number> {
    const row = await em.getRepository(LeadEvent).createQueryBuilder('e').select('MAX(e.id)', 'max').getRawOne<{ max: number | string | null }>();
    return Number(row?.max ?? 0);
  }

  /** PostgreSQL and MariaDB: the id up to which the timeline is final (see the class comment); updates the remembered bound on `cursor`. */
  private async settledBound(em: EntityManager, cursor: OutboxCursor): Promise<number> {
    const mariadb = dialectOf(em) === 'mariadb';
    let bound = cursor.lastEventId;
    // PostgreSQL: one round trip for whether the remembered bound has settled, and a new snapshot's xmax and largest id.
    const [row] = mariadb ? [await this.innodbSnapshot(em, cursor)] : ((await em.query(
      `SELECT $1::text IS NULL OR NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
           AND backend_xid IS NOT NULL AND age(backend_xid) > age((($1::bigint) % 4294967296)::text::xid)) AS settled,
         pg_snapshot_xmax(pg_current_snapshot())::text AS xmax, (SELECT COALESCE(MAX(id), 0) FROM lead_events) AS max_id`,
      [cursor.pendingMaxId === null ? null : cursor.pendingXmax],
    )) as Array<{ settled: boolean; xmax: string; max_id: string | number }>);
    if (cursor.pendingMaxId !== null && cursor.pendingXmax !== null) {
      const waited = Date.now() - (cursor.pendingSince?.getTime() ?? Date.now());
      if (row.settled || waited > SETTLE_CAP_MS) {
        if (!row.settled && cursor.pendingXmax !== NO_COUNTER) this.logger.warn({ waitedMs: waited }, 'A long transaction held the outbox back; reading on');
        bound = Math.max(bound, cursor.pendingMaxId);
        Object.assign(cursor, { pendingMaxId: null, pendingXmax: null, pendingSince: null });
      }
    }
    if (cursor.pendingMaxId === null) {
      const max = Number(row.max_id);
      if (max > bound) Object.assign(cursor, { pendingMaxId: max, pendingXmax: row.xmax, pendingSince: new Date() });
    }
    return bound;
  }

  /**
   * MariaDB's answer to {@link settledBound}'s query: whether every transaction still running
   * started after the remembered counter (`SHOW ENGINE INNODB STATUS`), then the largest id and
   * then the counter: a transaction holding a smaller, unseen id had its transaction id by then.
   * Without the PROCESS privilege the counter is {@link NO_COUNTER} and nothing settles before
   * SETTLE_CAP_MS.
   */
  private async innodbSnapshot(em: EntityManager, cursor: OutboxCursor): Promise<{ settled: boolean; xmax: string; max_id: number }> {
    const pending = cursor.pendingMaxId === null || cursor.pendingXmax === null ? null : cursor.pendingXmax;
    let settled = true;
    if (pending !== null) {
      const status = pending === NO_COUNTER ? null : await this.innodbStatus(em);
      settled = status !== null && status.active.every((id) => id >= BigInt(pending));
    }
    const max = await this.maxEventId(em);
    const after = await this.innodbStatus(em);
    return { settled, xmax: after ? String(after.counter) : NO_COUNTER, max_id: max };
  }

  /** {@link innodbTransactions}, or null (after one warning per process) when the user lacks the PROCESS privilege. */
  private async innodbStatus(em: EntityManager): Promise<{ counter: bigint; active: bigint[] } | null> {
    try {
      return await innodbTransactions(em);
    } catch (error) {
      if (!lacksProcessPrivilege(error)) throw error;
      if (!this.warnedNoProcessPrivilege) {
        this.warnedNoProcessPrivilege = true;
        this.logger.warn(
          { settleWaitMs: SETTLE_CAP_MS },
          'The MariaDB user lacks the PROCESS privilege (SHOW ENGINE INNODB STATUS refused): webhooks and e-mails are sent a minute or more late. GRANT PROCESS ON *.* TO the app user',
        );
      }
      return null;
    }
  }

  /**
   * Inserts the deliveries of `events`: to each active subscription of the lead's OEM and to each
   * one the server disabled (held as `pending` until re-enabled), and the staff e-mails.
   * @returns how many e-mails were recorded as skipped (no SMTP)
   */
  private async fanOut(em: EntityManager, events: LeadEvent[]): Promise<number> {
    if (!events.length) return 0;
    const leadIds = [...new Set(events.map((e) => e.leadId))];
    const leads = new Map((await em.getRepository(Lead).find({ where: { id: In(leadIds) } })).map((l) => [l.id, l]));
    const now = new Date();
    const rows: NewDelivery[] = [];

    const hooked = events.filter((e) => webhookTypesOf(e).length > 0);
    if (hooked.length) {
      const oemIds = [...new Set(hooked.map((e) => leads.get(e.leadId)?.oemId).filter((id): id is string => !!id))];
      // Also those the server disabled (`disabledReason`): their rows are held (the claim skips inactive subscriptions) until the OEM re-enables them, so nothing raised meanwhile is lost. One its OEM paused gets none.
      const where = [{ oemId: In(oemIds), isActive: true }, { oemId: In(oemIds), disabledReason: Not(IsNull()) }];
      const subscriptions = oemIds.length ? await em.getRepository(WebhookSubscription).find({ where, order: { createdAt: 'ASC' } }) : [];
      if (subscriptions.length) {
        const oems = new Map((await em.getRepository(User).find({ where: { id: In(oemIds) }, select: { id: true, fullName: true } })).map((u) => [u.id, u.fullName]));
        const actors = await loadActorFacts(em, hooked);
        for (const event of hooked) {
          const lead = leads.get(event.leadId);
          const subs = lead ? subscriptions.filter((s) => s.oemId === lead.oemId) : [];
          if (!lead || !subs.length) continue;
          webhookTypesOf(event).forEach((type, n) => {
            const body = webhookBody(type, lead, event, actors.get(event.id) ?? null, oems.get(lead.oemId) || 'OEM');
            if (!body) return;
            for (const sub of subs.filter((s) => s.events.includes(type))) {
              rows.push({ channel: 'webhook', subscriptionId: sub.id, leadId: lead.id, eventId: event.id, seq: event.id * 8 + n, dedupeKey: `wh:${sub.id}:${event.id}:${type}`, eventType: type, payload: body as unknown as Record<string, unknown>, status: 'pending', nextAttemptAt: now, createdAt: now });
            }
          });
        }
      }
    }

    let skipped = 0;
    const mails = await plannedMails(em, this.config, events, leads);
    for (const [eventId, messages] of mails) {
      messages.forEach((message, n) => {
        if (!this.mailer.enabled) skipped += 1;
        rows.push({ channel: 'email', subscriptionId: null, leadId: null, eventId, seq: eventId * 8 + n, dedupeKey: `mail:${eventId}:${message.kind}:${message.to}`.slice(0, 200), eventType: message.kind, payload: { to: message.to, subject: message.subject, text: message.text }, status: this.mailer.enabled ? 'pending' : 'skipped', nextAttemptAt: now, createdAt: now });
      });
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await em.createQueryBuilder().insert().into(OutboxDelivery).values(rows.slice(i, i + INSERT_CHUNK) as never).orIgnore().updateEntity(false).execute();
    }
    return skipped;
  }
}

/** MariaDB's ER_SPECIFIC_ACCESS_DENIED_ERROR (1227): "you need (at least one of) the PROCESS privilege(s)". */
function lacksProcessPrivilege(error: unknown): boolean {
  const { errno, driverError } = error as { errno?: number; driverError?: { errno?: number } };
  return (errno ?? driverError?.errno) === 1227;
}

/**
 * MariaDB: InnoDB's next transaction id and the ids of the transactions running now, from `SHOW
 * ENGINE INNODB STATUS` (its TRANSACTIONS section: `Trx id counter N`, `---TRANSACTION id, ACTIVE …`).
 * Sessions without a transaction are listed with ids from 2^48 up, above any real one. Only the
 * transactions of this database's sessions count (`information_schema.PROCESSLIST`: a session whose
 * default database is another is left out; one with none counts), so another database's long
 * transaction on a shared server does not hold this one's events back for SETTLE_CAP_MS.
 * @throws Error when the status has no counter (no PROCESS privilege answers ER_SPECIFIC_ACCESS_DENIED before)
 */
async function innodbTransactions(em: EntityManager): Promise<{ counter: bigint; active: bigint[] }> {
  const [status] = (await em.query('SHOW ENGINE INNODB STATUS')) as Array<{ Status: string }>;
  const counter = /^Trx id counter (\d+)/m.exec(status?.Status ?? '');
  if (!counter) throw new Error('SHOW ENGINE INNODB STATUS has no "Trx id counter" line');
  // Each transaction's block: `---TRANSACTION <id>, ACTIVE …` and, for a session's, `MariaDB thread id <n>, …`.
  const transactions = status.Status.split(/^---TRANSACTION /m)
    .slice(1)
    .map((block) => ({ id: /^(\d+),/.exec(block)?.[1], thread: /^(?:MariaDB|MySQL) thread id (\d+)/m.exec(block)?.[1] }))
    .filter((t): t is { id: string; thread: string | undefined } => t.id !== undefined);
  const threads = [...new Set(transactions.map((t) => t.thread).filter((t): t is string => t !== undefined))];
  // Only this database's sessions write its timeline: a long transaction of another database on
  // the same server (another application, another test run) does not hold its events back.
  const others = new Set<string>();
  if (threads.length) {
    const sessions = (await em.query('SELECT ID AS id, DB AS db, DATABASE() AS current FROM information_schema.PROCESSLIST WHERE ID IN (?)', [threads])) as Array<{ id: number | string; db: string | null; current: string | null }>;
    for (const session of sessions) if (session.db !== null && session.db !== session.current) others.add(String(session.id));
  }
  return { counter: BigInt(counter[1]), active: transactions.filter((t) => t.thread === undefined || !others.has(t.thread)).map((t) => BigInt(t.id)) };
}
