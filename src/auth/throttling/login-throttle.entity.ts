import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../common/persistence/transformers.js';

/**
 * The failed-attempt counter of one sign-in subject, shared by every replica through the database
 * (issue 11 item 3). `key` is `account:<e-mail, lower-cased>` (`account:#<its SHA-256 hex>` when
 * longer than 254 characters), `address:<client address>` (sign-in) or `refresh:<client address>`
 * (token refresh). Times are milliseconds since the epoch from the
 * injectable Clock, so the throttle's arithmetic is plain integers on both databases.
 * Rows are only ever changed by the atomic statements of {@link LoginThrottler}.
 */
@Entity('login_throttles')
export class LoginThrottle {
  @PrimaryColumn({ type: 'varchar', length: 300 })
  key!: string;

  /** Attempts counted in the current window: for an account in flight or failed, for an address failed. */
  @Column({ type: 'integer' })
  failures!: number;

  /** When the current window began (ms since the epoch). */
  @Column({ name: 'window_started_at', type: 'bigint', transformer: bigintToNumber })
  windowStartedAt!: number;

  /** End of the current or last lock-out (ms since the epoch); null when never locked. */
  @Column({ name: 'locked_until', type: 'bigint', nullable: true, transformer: bigintToNumber })
  lockedUntil!: number | null;

  /** Lock-outs so far; the next one lasts `LOGIN_LOCKOUT_SECONDS × 2^lockouts` (capped). */
  @Column({ type: 'integer', default: 0 })
  lockouts!: number;
}
