import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager, IsNull, LessThan, LessThanOrEqual, MoreThan, Or } from 'typeorm';
import { Clock } from '../../common/clock.service.js';
import { AppException } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { dialectOf } from '../../common/persistence/dialect.js';
import { type SqlStatement, TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import { sha256Hex } from '../../common/auth/tokens.js';
import { LoginThrottle } from './login-throttle.entity.js';

/** How long a failed sign-in counts against its account. */
export const ACCOUNT_WINDOW_MS = 15 * 60_000;
/** How long a failed attempt counts against its client address (`LOGIN_RATE_LIMIT_PER_MINUTE`). */
export const ADDRESS_WINDOW_MS = 60_000;
/** A lock-out history whose last lock-out ended longer ago than this is forgotten (and its row may be deleted). */
export const LOCKOUT_MEMORY_MS = 24 * 3_600_000;
/** One reservation in this many (per process) also deletes the rows that carry nothing any more. */
const CLEANUP_EVERY = 1000;

/**
 * One counter an attempt is charged to. An `account` counter is charged *before* the password is
 * checked (concurrent guesses at one account each count, and none past the limit is checked) and
 * cleared by a success. An `address` counter counts failed attempts only, once they have failed:
 * many people sign in at once behind one office router, and their attempts in flight must not
 * lock the address out (a success there does not clear it: others behind it may be guessing).
 */
export interface ThrottleSubject {
  key: string;
  kind: 'account' | 'address';
}

/**
 * Longest lower-cased e-mail address kept as it is in its counter's key; a longer one (lower-casing
 * can lengthen it: `'İ'.toLowerCase()` is two characters, so an address sign-in accepts, at most 254
 * characters, may pass the key column's 300) is keyed by its SHA-256 instead.
 */
export const ACCOUNT_KEY_MAX_EMAIL_LENGTH = 254;

/**
 * The counter of an account, keyed on the e-mail string as typed (lower-cased), so unknown
 * addresses count exactly like known ones: `account:<e-mail>`, or `account:#<SHA-256 hex>` for one
 * longer than {@link ACCOUNT_KEY_MAX_EMAIL_LENGTH} (no `@`, so it never names another address).
 */
export function accountSubject(email: string): ThrottleSubject {
  const address = email.trim().toLowerCase();
  return { key: address.length <= ACCOUNT_KEY_MAX_EMAIL_LENGTH ? `account:${address}` : `account:#${sha256Hex(address)}`, kind: 'account' };
}

/**
 * Attempts one client address may have in flight at once (sign-ins or refreshes apart): far more
 * than an office signs in at the same moment, and a bound on a burst of guesses fired before any
 * of them has failed (an address counts its failures once they fail). One past it answers 429
 * with a second's wait and starts no lock-out.
 */
export const ADDRESS_MAX_IN_FLIGHT = 50;

/** The counter of the attempts of the address counter `subject` in flight (charged before, given back after, whatever the outcome). */
function inFlightSubject(subject: ThrottleSubject): ThrottleSubject {
  return { key: `in-flight:${subject.key}`, kind: 'address' };
}

/** The counter of a client address (`req.ip`, which TRUST_PROXY decides): sign-ins and refreshes are counted apart. */
export function addressSubject(address: string | undefined, purpose: 'sign-in' | 'refresh'): ThrottleSubject {
  return { key: `${purpose === 'sign-in' ? 'address' : 'refresh'}:${address ?? 'unknown'}`, kind: 'address' };
}

/**
 * 429 `AUTH_THROTTLED`: the account or the client address is locked out. The same answer whether
 * the account exists or not; `retryAfterSeconds` goes in the `Retry-After` header
 * ({@link RetryAfterInterceptor}), not in the body.
 */
export class ThrottledException extends AppException {
  constructor(readonly retryAfterSeconds: number) {
    super(429, 'AUTH_THROTTLED', 'Too many failed attempts; try again once the time in the Retry-After header has passed');
  }
}

/** What the charging upsert returns; PostgreSQL sends bigint as a string. */
interface ChargedRow {
  failures: number | string;
  lockedUntil: number | string | null;
  lockouts: number | string;
}

/**
 * Sign-in throttling kept in the database (`login_throttles`), so every replica and every restart
 * sees the same counters (issue 11 item 3; Redis later, with scale-out).
 *
 * Counters change by one atomic upsert each (`failures = failures + 1`, never
 * read-modify-write), so concurrent attempts each count. An attempt is charged to its account
 * counters *before* the password is verified (no more than the allowed number of guesses at one
 * account are ever verified), and to its address counters once it has failed (so sign-ins in
 * flight from one address, most of them right, never start a lock-out). An account allows
 * `LOGIN_ACCOUNT_MAX_FAILURES` within {@link ACCOUNT_WINDOW_MS}, a client address
 * `LOGIN_RATE_LIMIT_PER_MINUTE` failures within {@link ADDRESS_WINDOW_MS}; the attempt past that
 * starts a lock-out of `LOGIN_LOCKOUT_SECONDS`, doubled for each earlier one (capped at
 * `LOGIN_LOCKOUT_MAX_SECONDS`, forgotten {@link LOCKOUT_MEMORY_MS} after the last one ended).
 * A locked-out attempt answers 429 {@link ThrottledException} and is not verified at all.
 * Times come from the injectable {@link Clock}.
 */
@Injectable()
export class LoginThrottler {
  private readonly logger = new Logger('LoginThrottler');
  private reservations = 0;

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly clock: Clock,
    private readonly tx: TransactionRunner,
  ) {}

  /**
   * Runs `work` as one attempt charged to `subjects` (checked in order). A 401 or 403 from `work`
   * is a failed attempt: it stays counted against the accounts and is then counted against the
   * addresses. A success clears the account counters; any other error gives the attempt back.
   * @throws ThrottledException (429 AUTH_THROTTLED) before `work` runs, when a subject is locked out
   *   or this attempt is past its allowance (nothing stays charged then); else whatever `work` throws
   */
  async attempt<T>(subjects: ThrottleSubject[], work: () => Promise<T>): Promise<T> {
    const inFlight = await this.reserve(subjects);
    const accounts = subjects.filter((s) => s.kind === 'account');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      const failed = error instanceof AppException && (error.getStatus() === 401 || error.getStatus() === 403);
      await this.bestEffort(() => this.giveBack(inFlight));
      await this.bestEffort(() => (failed ? this.failed(subjects.filter((s) => s.kind === 'address')) : this.giveBack(accounts)));
      throw error;
    }
    await this.bestEffort(() => this.giveBack(inFlight));
    await this.bestEffort(() => this.succeeded(accounts));
    return result;
  }

  /** Removes the counter `key` (lock-out included), in `em`'s transaction: `reset-admin-password`, an admin's reset or reactivation (AuthModule). */
  async clear(em: EntityManager, key: string): Promise<void> {
    await em.getRepository(LoginThrottle).delete({ key });
  }

  /**
   * Charges the attempt to its account counters and to the in-flight counter of each address, after
   * checking the address counters. @returns the in-flight counters charged, for {@link attempt} to give back
   */
  private async reserve(subjects: ThrottleSubject[]): Promise<ThrottleSubject[]> {
    const now = this.clock.now();
    const charged: ThrottleSubject[] = [];
    const inFlight: ThrottleSubject[] = [];
    const refuse = async (waitSeconds: number) => {
      // A refused attempt is not verified, so it must not count against the other subjects.
      await this.giveBack([...charged, ...inFlight]);
      return new ThrottledException(waitSeconds);
    };
    for (const subject of subjects) {
      const waitSeconds = subject.kind === 'account' ? await this.charge(subject, now) : await this.check(subject, now);
      if (waitSeconds !== null) throw await refuse(waitSeconds);
      if (subject.kind === 'account') {
        charged.push(subject);
        continue;
      }
      // The burst bound an address's failure count cannot give (failures count once they fail).
      const counter = inFlightSubject(subject);
      inFlight.push(counter);
      if (Number((await this.count(counter, now)).failures) > ADDRESS_MAX_IN_FLIGHT) throw await refuse(1);
    }
    this.reservations += 1;
    if (this.reservations % CLEANUP_EVERY === 0) await this.bestEffort(() => this.cleanUp(now));
    return inFlight;
  }

  /** Charges one attempt to the account counter `subject`: null when it may go ahead, else the seconds to wait. */
  private async charge(subject: ThrottleSubject, now: number): Promise<number | null> {
    const row = await this.count(subject, now);
    const lockedUntil = row.lockedUntil === null ? null : Number(row.lockedUntil);
    if (lockedUntil !== null && lockedUntil > now) return secondsUntil(lockedUntil, now);
    if (Number(row.failures) <= this.limits(subject).maxFailures) return null;
    return this.lockOut(subject, lockedUntil, Number(row.lockouts), now);
  }

  /**
   * Checks the address counter `subject` without charging it (its failures are counted once they
   * have failed): null when the attempt may go ahead, else the seconds to wait. An attempt after
   * the allowed number of failures starts the next lock-out.
   */
  private async check(subject: ThrottleSubject, now: number): Promise<number | null> {
    const row = await this.tx.runSingleWrite<LoginThrottle | null>(async (em) => ({ done: await em.getRepository(LoginThrottle).findOne({ where: { key: subject.key } }) }));
    if (!row) return null;
    if (row.lockedUntil !== null && row.lockedUntil > now) return secondsUntil(row.lockedUntil, now);
    const { maxFailures, windowMs } = this.limits(subject);
    const failures = row.windowStartedAt <= now - windowMs ? 0 : row.failures;
    if (failures < maxFailures) return null;
    return this.lockOut(subject, row.lockedUntil, row.lockouts, now);
  }

  /** After a failed attempt: one more failure on each address counter. */
  private async failed(subjects: ThrottleSubject[]): Promise<void> {
    const now = this.clock.now();
    for (const subject of subjects) await this.count(subject, now);
  }

  /** The allowance of `subject`'s kind: failures within the window. */
  private limits(subject: ThrottleSubject): { maxFailures: number; windowMs: number } {
    return subject.kind === 'account' ? { maxFailures: this.config.loginAccountMaxFailures, windowMs: ACCOUNT_WINDOW_MS } : { maxFailures: this.config.loginRateLimitPerMinute, windowMs: ADDRESS_WINDOW_MS };
  }

  /** Adds one to `subject`'s counter (a locked counter is left alone, an expired window restarts at 1) and returns the row. */
  private async count(subject: ThrottleSubject, now: number): Promise<ChargedRow> {
    const { windowMs } = this.limits(subject);
    // One statement on SQLite (≥ 3.35) and PostgreSQL: a locked row is left alone, an expired window restarts at 1.
    // MariaDB has no ON CONFLICT … RETURNING: the same upsert (ON DUPLICATE KEY UPDATE assigns left
    // to right, and `failures` reads no column the other assignment changes), then the row, read in
    // the upsert's transaction while its lock holds.
    const failuresSet = `CASE WHEN login_throttles.locked_until > :now THEN login_throttles.failures
                           WHEN login_throttles.window_started_at <= :windowFloor THEN 1
                           ELSE login_throttles.failures + 1 END`;
    const windowSet = `CASE WHEN login_throttles.locked_until > :now THEN login_throttles.window_started_at
                                    WHEN login_throttles.window_started_at <= :windowFloor THEN :now
                                    ELSE login_throttles.window_started_at END`;
    const insert = `INSERT INTO login_throttles ("key", failures, window_started_at, locked_until, lockouts) VALUES (:key, 1, :now, NULL, 0)`;
    const parameters = { key: subject.key, now, windowFloor: now - windowMs };
    const onConflict = `${insert} ON CONFLICT ("key") DO UPDATE SET failures = ${failuresSet}, window_started_at = ${windowSet} RETURNING failures, locked_until AS "lockedUntil", lockouts`;
    const rows = await this.tx.runSingleWrite<ChargedRow[], ChargedRow>((em) => ({
      write: {
        postgres: () => this.statement(em, onConflict, parameters),
        inSteps: async (stepsEm) => {
          if (dialectOf(stepsEm) !== 'mariadb') {
            const upsert = this.statement(stepsEm, onConflict, parameters);
            return (await stepsEm.query(upsert.sql, upsert.parameters)) as ChargedRow[];
          }
          const upsert = this.statement(stepsEm, `${insert} ON DUPLICATE KEY UPDATE failures = ${failuresSet}, window_started_at = ${windowSet}`, parameters);
          await stepsEm.query(upsert.sql, upsert.parameters);
          return (await stepsEm.query('SELECT failures, locked_until AS "lockedUntil", lockouts FROM login_throttles WHERE "key" = ?', [subject.key])) as ChargedRow[];
        },
      },
      result: (returned) => returned,
    }));
    return rows[0];
  }

  /**
   * Starts `subject`'s next lock-out (the attempt is past its allowance; `lockedUntil` and
   * `lockouts` as read) and returns its length in seconds. Of concurrent attempts past it, only
   * the first changes the row (the others find it locked); they all answer the same wait.
   */
  private async lockOut(subject: ThrottleSubject, lockedUntil: number | null, lockouts: number, now: number): Promise<number> {
    const earlier = lockedUntil !== null && lockedUntil < now - LOCKOUT_MEMORY_MS ? 0 : lockouts;
    const seconds = Math.min(this.config.loginLockoutSeconds * 2 ** Math.min(earlier, 30), this.config.loginLockoutMaxSeconds);
    const until = now + seconds * 1000;
    await this.tx.runSingleWrite((em) => ({
      write: em
        .createQueryBuilder()
        .update(LoginThrottle)
        .set({ lockedUntil: until, lockouts: earlier + 1, failures: 0, windowStartedAt: now })
        .where({ key: subject.key, lockedUntil: Or(IsNull(), LessThanOrEqual(now)) }),
      result: () => undefined,
    }));
    return seconds;
  }

  /** Takes one attempt off each unlocked counter (a lock-out, once started, runs its course). */
  private async giveBack(subjects: ThrottleSubject[]): Promise<void> {
    const now = this.clock.now();
    for (const subject of subjects) {
      await this.tx.runSingleWrite((em) => ({
        write: em
          .createQueryBuilder()
          .update(LoginThrottle)
          .set({ failures: () => 'failures - 1' })
          .where({ key: subject.key, failures: MoreThan(0), lockedUntil: Or(IsNull(), LessThanOrEqual(now)) }),
        result: () => undefined,
      }));
    }
  }

  /** After a success: each account counter is removed (failures and lock-out history); address counters never held the attempt. */
  private async succeeded(accounts: ThrottleSubject[]): Promise<void> {
    const now = this.clock.now();
    for (const subject of accounts) {
      await this.tx.runSingleWrite((em) => ({
        write: em.createQueryBuilder().delete().from(LoginThrottle).where({ key: subject.key, lockedUntil: Or(IsNull(), LessThanOrEqual(now)) }),
        result: () => undefined,
      }));
    }
  }

  /** Deletes counters that carry nothing any more: no attempt within any window and no lock-out to remember. */
  private async cleanUp(now: number): Promise<void> {
    const before = now - LOCKOUT_MEMORY_MS;
    await this.tx.runSingleWrite((em) => ({
      write: em.createQueryBuilder().delete().from(LoginThrottle).where({ windowStartedAt: LessThan(before), lockedUntil: Or(IsNull(), LessThan(before)) }),
      result: () => undefined,
    }));
  }

  /** Bookkeeping after the attempt's own outcome: a failure here is logged, never answered to the caller. */
  private async bestEffort(work: () => Promise<void>): Promise<void> {
    await work().catch((error: unknown) => this.logger.warn({ err: error }, 'Sign-in throttle bookkeeping failed'));
  }

  /** `sql` with `:named` parameters as one statement in the driver's placeholders. */
  private statement(em: EntityManager, sql: string, parameters: Record<string, unknown>): SqlStatement {
    const [text, values] = em.connection.driver.escapeQueryWithParameters(sql, parameters);
    return { sql: text, parameters: values as unknown[] };
  }
}

/** Whole seconds from `now` to `until`, at least 1 (RFC 9110 §10.2.3 `Retry-After: <delay-seconds>`). */
function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}
