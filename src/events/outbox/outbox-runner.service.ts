import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { CLAIM_BATCH, DeliveryWorker } from './delivery-worker.service.js';
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
  private readonly task = new PeriodicTask(new Logger('Outbox'), 'Outbox pass failed', () => this.drain());

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly dispatcher: OutboxDispatcher,
    private readonly worker: DeliveryWorker,
  ) {}

  /** One pass: fans out new timeline entries, then sends what is due. @returns entries read and deliveries attempted */
  async runOnce(): Promise<{ dispatched: number; attempted: number }> {
    const dispatched = await this.dispatcher.dispatch();
    const attempted = await this.worker.deliverDue();
    return { dispatched, attempted };
  }

  onApplicationBootstrap(): void {
    this.task.start(this.config.outboxPollIntervalMs);
  }

  /**
   * Passes while one finds a full batch (a backlog drains without waiting a tick per batch); a
   * pass with less waits for the next tick, so that under a steady load each pass carries a
   * tick's worth of events instead of passes running back to back with a few each (the per-pass
   * reads and writes would then be paid per event).
   */
  private async drain(): Promise<void> {
    for (let i = 0; i < 50 && !this.task.stopping; i++) {
      const { dispatched, attempted } = await this.runOnce();
      if (dispatched < DISPATCH_BATCH && attempted < CLAIM_BATCH) return;
    }
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }
}
