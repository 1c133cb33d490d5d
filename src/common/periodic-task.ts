import type { Logger } from '@nestjs/common';
import type { JobLeases } from './persistence/job-leases.service.js';

/** A job that must not run in two replicas at once: the database lease it runs under. */
export interface PeriodicTaskLease {
  leases: JobLeases;
  /** The lease's name, one per job (`storage-sweep`, `retention`). */
  name: string;
  /** How long a lease lasts without renewal (renewed every third of it while the job runs): a killed holder blocks the job this long at most. */
  ttlMs: number;
}

/**
 * A background job that runs every `intervalMs` in a server process (the storage sweep, the
 * outbox, retention), first one interval after {@link start} unless told sooner: the timer is
 * unref'd so it never keeps the process alive, a run never overlaps the one before it (a tick that
 * finds one running is skipped), a failed run is logged and tried again at the next tick, and
 * {@link stop} waits for a run in progress.
 *
 * With a `lease`, a run happens only in the replica that holds the job's database lease (issue 18
 * item 3), which it keeps for 90 % of the interval after a successful run: across all replicas
 * the job runs about once per interval and never twice at once.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private firstRun: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;
  private intervalMs = 0;

  /**
   * @param logger where a failed run is logged
   * @param failure the log message of a failed run, e.g. "Storage sweep failed"
   * @param run one run; it may read {@link stopping} to end early
   * @param lease the database lease that keeps other replicas from running the job at the same time
   */
  constructor(
    private readonly logger: Logger,
    private readonly failure: string,
    private readonly run: () => Promise<unknown>,
    private readonly lease?: PeriodicTaskLease,
  ) {}

  /** True once {@link stop} was called: a long run ends at its next step. */
  get stopping(): boolean {
    return this.stopped;
  }

  /**
   * Starts the timer; an interval of 0 (a setting that turns the job off; the tests' way) starts nothing.
   * @param intervalMs milliseconds between runs
   * @param firstRunAfterMs milliseconds from now to the first run (default: one interval), after
   *   which the job runs every `intervalMs`: for a long interval that a process may not live
   *   through (a daily job on a server redeployed more often)
   */
  start(intervalMs: number, firstRunAfterMs = intervalMs): void {
    if (!intervalMs) return;
    this.intervalMs = intervalMs;
    const every = () => {
      this.timer = setInterval(() => void this.tick(), intervalMs);
      this.timer.unref();
    };
    if (firstRunAfterMs >= intervalMs) return every();
    this.firstRun = setTimeout(() => {
      every();
      void this.tick();
    }, firstRunAfterMs);
    this.firstRun.unref();
  }

  /**
   * One tick, as the timer does it: runs the job unless a run is in progress here, the task is
   * stopped or another replica holds the lease. A failure is logged, not thrown.
   * @returns whether the job ran (and finished, well or not) in this process
   */
  async tick(): Promise<boolean> {
    if (this.running || this.stopped) return false;
    const lease = this.lease;
    const run = lease ? () => lease.leases.runExclusive(lease.name, { ttlMs: lease.ttlMs, nextDueMs: Math.floor(this.intervalMs * 0.9) }, this.run) : () => this.run().then(() => true);
    const running = run().catch((error: unknown) => {
      this.logger.error({ err: error }, this.failure);
      return true;
    });
    this.running = running;
    try {
      return await running;
    } finally {
      this.running = undefined;
    }
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.firstRun);
    clearInterval(this.timer);
    await this.running;
  }
}
