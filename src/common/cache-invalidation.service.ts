import cluster from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';

/** The Redis channel every replica (and the CLI) publishes cache invalidations on. */
export const INVALIDATION_CHANNEL = 'chargeops:cache-invalidation';

/** A cluster worker's invalidation as sent to its primary, which hands it to the other workers (main.ts). */
export interface WorkerInvalidation {
  type: typeof INVALIDATION_CHANNEL;
  /** The published `{origin, topic, message}`, as on the Redis channel. */
  raw: string;
}

/** True when `message` (from node:cluster's IPC) is a {@link WorkerInvalidation}. */
export function isWorkerInvalidation(message: unknown): message is WorkerInvalidation {
  return typeof message === 'object' && message !== null && (message as WorkerInvalidation).type === INVALIDATION_CHANNEL && typeof (message as WorkerInvalidation).raw === 'string';
}

type Handler = (message: string) => void;

/**
 * Tells the other processes that a cached entry changed, so they drop it at once instead of when
 * its TTL runs out (issue 18 item 3). In a cluster worker (`WEB_CONCURRENCY` > 1), {@link publish}
 * sends `{origin, topic, message}` to the primary over node:cluster's IPC, and the primary hands it
 * to the replica's other workers (main.ts), Redis or not. With `REDIS_URL` set it also goes out on
 * {@link INVALIDATION_CHANNEL} by Redis pub/sub, and every other process that subscribed hands
 * `message` to the handlers of `topic` (a sibling worker may get it both ways: dropping an entry
 * twice is harmless). Without Redis the caches' TTLs (`AUTH_CACHE_TTL_MS`,
 * `REFERENCE_CACHE_TTL_SECONDS`) bound how long another replica may serve the old entry. Pub/sub is best effort: a message lost while Redis is
 * down or a replica reconnects falls back to that same TTL, which is why the caches keep it.
 * Redis failures are logged, never thrown to a request.
 *
 * Provided to the whole application by `AppConfigModule` (one per process).
 */
export class CacheInvalidation implements OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidation');
  private readonly origin = randomUUID();
  private readonly handlers = new Map<string, Handler[]>();
  private readonly publisher?: Redis;
  private readonly subscriber?: Redis;
  /** Resolves once the subscription is active (at once without Redis). */
  readonly ready: Promise<void>;

  /** Hands a sibling worker's invalidation to this process's handlers (cluster workers only). */
  private readonly fromSibling = (message: unknown) => {
    if (isWorkerInvalidation(message)) this.receive(message.raw);
  };

  /** @param redisUrl `REDIS_URL` (config.redisUrl); undefined: nothing leaves this replica */
  constructor(redisUrl: string | undefined) {
    if (cluster.isWorker) process.on('message', this.fromSibling);
    if (!redisUrl) {
      this.ready = Promise.resolve();
      return;
    }
    // No offline queue: a publish while Redis is away fails at once (and is logged) rather than piling up.
    this.publisher = new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    this.subscriber = new Redis(redisUrl, { maxRetriesPerRequest: null });
    for (const connection of [this.publisher, this.subscriber]) connection.on('error', (error: Error) => this.logger.warn({ err: error }, 'Redis connection error; caches fall back to their TTL'));
    this.subscriber.on('message', (_channel: string, raw: string) => this.receive(raw));
    this.ready = this.subscriber.subscribe(INVALIDATION_CHANNEL).then(
      () => undefined,
      (error: unknown) => this.logger.warn({ err: error }, 'Could not subscribe to cache invalidations; caches fall back to their TTL'),
    );
  }

  /** Whether invalidations reach other processes (REDIS_URL is set). */
  get shared(): boolean {
    return this.publisher !== undefined;
  }

  /** Calls `handler` with each message another process publishes on `topic` (e.g. `credentials`). */
  on(topic: string, handler: Handler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /** Sends `message` on `topic` to every other process; this one's handlers are not called (the caller has applied it). */
  publish(topic: string, message: string): void {
    const raw = JSON.stringify({ origin: this.origin, topic, message });
    // A worker that is shutting down has lost its channel to the primary: the TTL covers that.
    if (cluster.isWorker && process.connected) process.send?.({ type: INVALIDATION_CHANNEL, raw } satisfies WorkerInvalidation);
    if (!this.publisher) return;
    this.publisher.publish(INVALIDATION_CHANNEL, raw).catch((error: unknown) => {
      this.logger.warn({ err: error, topic }, 'Could not publish a cache invalidation; other replicas apply it within the cache TTL');
    });
  }

  async onApplicationShutdown(): Promise<void> {
    process.off('message', this.fromSibling);
    await Promise.all([this.publisher, this.subscriber].map((c) => c?.quit().catch(() => c.disconnect())));
  }

  private receive(raw: string): void {
    let parsed: { origin?: string; topic?: string; message?: string };
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.origin === this.origin || typeof parsed.topic !== 'string' || typeof parsed.message !== 'string') return;
    for (const handler of this.handlers.get(parsed.topic) ?? []) handler(parsed.message);
  }
}
