import type { Logger } from '@nestjs/common';

/**
 * A background job that runs every `intervalMs` in a server process (the storage sweep, the
 * outbox, retention): the timer is unref'd so it never keeps the process alive, a run never
 * overlaps the one before it (a tick that finds one running is skipped), a failed run is logged
 * and tried again at the next tick, and {@link stop} waits for a run in progress.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  /**
   * @param logger where a failed run is logged
   * @param failure the log message of a failed run, e.g. "Storage sweep failed"
   * @param run one run; it may read {@link stopping} to end early
   */
  constructor(
    private readonly logger: Logger,
    private readonly failure: string,
    private readonly run: () => Promise<unknown>,
  ) {}

  /** True once {@link stop} was called: a long run ends at its next step. */
  get stopping(): boolean {
    return this.stopped;
  }

  /** Starts the timer; an interval of 0 (a setting that turns the job off; the tests' way) starts nothing. */
  start(intervalMs: number): void {
    if (!intervalMs) return;
    this.timer = setInterval(() => {
      if (this.running || this.stopped) return;
      this.running = this.run()
        .catch((error: unknown) => this.logger.error({ err: error }, this.failure))
        .finally(() => (this.running = undefined));
    }, intervalMs);
    this.timer.unref();
  }

  /** Stops the timer and waits for a run in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }
}
