import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One request a {@link WebhookReceiver} got. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: { type: string; timestamp: string; data: Record<string, unknown> };
}

/**
 * An OEM's receiver in a test: a `node:http` server on 127.0.0.1 that records every request as it
 * arrives and answers with `respond(request)`'s status (default 204), after `delayMs` (a slow OEM,
 * so that deliveries stay in flight that long) and after `holdUntil(request)` resolves (to change
 * the world while a call is in flight). It also keeps which `webhook-id`s are being
 * answered right now, and every id that arrived while the same id was still in flight (a
 * concurrent duplicate send, which the outbox must never make).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  respond: (request: ReceivedWebhook) => number = () => 204;
  /** Milliseconds before answering. */
  delayMs = 0;
  /** Answering waits for the promise it returns (none: no wait). */
  holdUntil: ((request: ReceivedWebhook) => Promise<unknown> | undefined) | undefined;
  /** Called as each request arrives, with the sender's port (e.g. to find which process sent it). */
  onArrive: ((hit: ReceivedWebhook, remotePort: number) => void) | undefined;
  /** `webhook-id` → requests with that id not answered yet (the sender may have died meanwhile). */
  readonly inFlight = new Map<string, number>();
  /** Ids that arrived while a request with the same id was in flight. */
  readonly concurrent: string[] = [];
  private server: Server | undefined;

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const hit: ReceivedWebhook = { path: req.url ?? '/', headers: req.headers, body, json: JSON.parse(body) as ReceivedWebhook['json'] };
        const id = String(req.headers['webhook-id']);
        if (this.inFlight.get(id)) this.concurrent.push(id);
        this.inFlight.set(id, (this.inFlight.get(id) ?? 0) + 1);
        res.once('close', () => {
          const left = (this.inFlight.get(id) ?? 1) - 1;
          if (left) this.inFlight.set(id, left);
          else this.inFlight.delete(id);
        });
        this.received.push(hit);
        this.onArrive?.(hit, req.socket.remotePort ?? 0);
        const answer = () => {
          res.statusCode = this.respond(hit);
          res.end();
        };
        const held = this.holdUntil?.(hit);
        const answerInTime = () => (this.delayMs ? setTimeout(answer, this.delayMs) : answer());
        if (held) void held.then(answerInTime, answerInTime);
        else answerInTime();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** The port it listens on. */
  get port(): number {
    return (this.server!.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port><path>`. */
  url(path = '/hook'): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** Verifies a received webhook with the `standardwebhooks` library (as an OEM would); throws when the signature is wrong. */
export function verifyWithLibrary(secret: string, hit: ReceivedWebhook): unknown {
  return new Webhook(secret).verify(hit.body, {
    'webhook-id': String(hit.headers['webhook-id']),
    'webhook-timestamp': String(hit.headers['webhook-timestamp']),
    'webhook-signature': String(hit.headers['webhook-signature']),
  });
}
