import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { DeliveryWorker } from './delivery-worker.service.js';
import { DISPATCH_BATCH, OutboxDispatcher } from './outbox-dispatcher.service.js';
import { PeriodicTask } from '../../common/periodic-task.js';

/**
 * The outbox timer of a server process (house style of the storage sweeper): every
 * `OUTBOX_POLL_INTERVAL_MS` one pass (dispatch, then deliver), never two at once, unref'd, awaited
 * on shutdown. With 0 no timer runs; tests call {@link runOnce}.
 *
 * Every replica runs it, with no job lease (unlike the sweep and retention): the work is already
 * divided row by row (the dispatcher's cursor row is locked per pass, each delivery is claimed
 * with its own lease, `claimed_until`), so replicas never handle one entry twice at once, and
 * webhook calls spread over all of them.
 */
@Injectable()
export class OutboxRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Outbox');
  private readonly task = new PeriodicTask(this.logger, 'Outbox pass failed', () => this.drain());

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly dispatcher: OutboxDispatcher,
    private readonly worker: DeliveryWorker,
  ) {}

  /**
   * One pass: fans out new timeline entries, then sends what is due. Each half runs whatever the
   * other did: a dispatcher that fails on every pass (a database refusing one of its reads) must not
   * stop retries, tests and e-mails already queued; each failure is logged.
   * @returns entries read and deliveries attempted (0 for a half that failed), and whether more deliveries are due
   */
  async runOnce(): Promise<{ dispatched: number; attempted: number; more: boolean }> {
    let dispatched = 0;
    try {
      dispatched = await this.dispatcher.dispatch();
    } catch (error) {
      this.logger.error({ err: error }, 'Outbox dispatch failed; sending the deliveries already due');
    }
    try {
      const { attempted, more } = await this.worker.deliverDue();
      return { dispatched, attempted, more };
    } catch (error) {
      this.logger.error({ err: error }, 'Outbox delivery pass failed');
      return { dispatched, attempted: 0, more: false };
    }
  }

  onApplicationBootstrap(): void {
    this.task.start(this.config.outboxPollIntervalMs);
  }

  /**
   * Passes while one finds a full batch of entries or more due deliveries than it took (a backlog,
   * or a subscription at its per-pass cap, drains without waiting a tick per batch); a
   * pass with less waits for the next tick, so that under a steady load each pass carries a
   * tick's worth of events instead of passes running back to back with a few each (the per-pass
   * reads and writes would then be paid per event).
   */
  private async drain(): Promise<void> {
    for (let i = 0; i < 50 && !this.task.stopping; i++) {
      const { dispatched, more } = await this.runOnce();
      if (dispatched < DISPATCH_BATCH && !more) return;
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
