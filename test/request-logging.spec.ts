import { createServer, type IncomingMessage, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { createHttpLogger, createLogger, type IdentifiedRequest, loggableUrl, serializeError } from '../src/common/logger.js';
import type { LogLevel } from '../src/config/config.js';

/** A stream for a logger, and the JSON lines written to it; `onLine` is called after each. */
function lineSink(onLine: () => void = () => undefined) {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      onLine();
      done();
    },
  });
  return { sink, lines };
}

/** A server answering `status` behind the HTTP logger, and the JSON lines the logger wrote. */
function loggedServer(level: LogLevel, status: number) {
  const { sink, lines } = lineSink();
  const middleware = createHttpLogger(pino({ level }, sink));
  const server = createServer((req: IncomingMessage, res: ServerResponse) =>
    middleware(req, res, () => {
      res.statusCode = status;
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ requestId: (req as IdentifiedRequest).id }));
    }),
  );
  return { server, lines };
}

describe('request logging', () => {
  it('writes one line per request at the level its status gives, with id, method, url, status and time', async () => {
    const ok = loggedServer('info', 200);
    await request(ok.server).get('/api/v1/leads?limit=5').set('X-Request-Id', 'trace-42').expect(200);
    expect(ok.lines).toEqual([
      expect.objectContaining({ level: 30, msg: 'request completed', req: { id: 'trace-42', method: 'GET', url: '/api/v1/leads?limit' }, res: { statusCode: 200 }, responseTime: expect.any(Number) }),
    ]);

    const missing = loggedServer('info', 404);
    await request(missing.server).get('/api/v1/leads/nope').expect(404);
    expect(missing.lines).toEqual([expect.objectContaining({ level: 40, msg: 'request completed', res: { statusCode: 404 } })]);

    const failed = loggedServer('info', 500);
    await request(failed.server).post('/api/v1/leads').expect(500);
    expect(failed.lines).toEqual([expect.objectContaining({ level: 50, msg: 'request errored', res: { statusCode: 500 }, err: expect.objectContaining({ message: 'failed with status code 500' }) })]);
  });

  it('writes its line when the client goes away before the answer', async () => {
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const { sink, lines } = lineSink(() => wrote());
    const middleware = createHttpLogger(pino({ level: 'info' }, sink));
    let received!: () => void;
    const arrived = new Promise<void>((resolve) => (received = resolve));
    // Never answers: the client gives up first.
    const server = createServer((req: IncomingMessage, res: ServerResponse) => middleware(req, res, received));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', path: '/api/v1/leads?q=98' });
    client.on('error', () => undefined);
    client.end();
    await arrived;
    client.destroy();
    await written;
    server.close();
    expect(lines).toEqual([expect.objectContaining({ msg: 'request completed', req: expect.objectContaining({ method: 'GET', url: '/api/v1/leads?q' }) })]);
  });

  it('at LOG_LEVEL=warn logs 4xx and 5xx answers only', async () => {
    for (const [status, expected] of [[200, 0], [201, 0], [404, 1], [503, 1]] as const) {
      const { server, lines } = loggedServer('warn', status);
      await request(server).get('/api/v1/leads').expect(status);
      expect(lines, `status ${status}`).toHaveLength(expected);
    }
  });

  it("echoes a sane X-Request-Id and the request's id, and replaces an unusable one with a UUID", async () => {
    const { server, lines } = loggedServer('info', 200);
    const kept = await request(server).get('/').set('X-Request-Id', 'abc.DEF:1-2_3').expect(200);
    expect(kept.headers['x-request-id']).toBe('abc.DEF:1-2_3');
    expect(kept.body.requestId).toBe('abc.DEF:1-2_3');
    for (const bad of ['has spaces', 'x'.repeat(129), '<script>']) {
      const res = await request(server).get('/').set('X-Request-Id', bad).expect(200);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      expect(res.body.requestId).toBe(res.headers['x-request-id']);
    }
    // Headers (credentials among them) are not part of the line.
    expect(lines.every((line) => Object.keys(line.req as object).join() === 'id,method,url')).toBe(true);
  });

  it('logs the path and the names of query parameters, never their values', () => {
    expect(loggableUrl('/api/v1/leads?q=%2B919812345678&status=new&status=contacted')).toBe('/api/v1/leads?q&status&status');
    expect(loggableUrl('/api/v1/users?email=priya%40example.com')).toBe('/api/v1/users?email');
    expect(loggableUrl('/api/v1/leads')).toBe('/api/v1/leads');
    expect(loggableUrl('/api/v1/leads?')).toBe('/api/v1/leads');
  });

  it("stamps every line written while a request is served with its id and, once signed in, the actor's id and role", async () => {
    const { sink, lines } = lineSink();
    const logger = createLogger('info', sink);
    const middleware = createHttpLogger(logger);
    const server = createServer((req: IncomingMessage, res: ServerResponse) =>
      middleware(req, res, () => {
        logger.info('before sign-in');
        // As the auth guard leaves it; the service's log lines come later, on other ticks.
        (req as IdentifiedRequest).actor = { userId: 'user-7', role: 'central_ops', apiKeyId: null };
        setImmediate(() => {
          logger.warn({ context: 'LeadsService' }, 'inside a service');
          res.end('ok');
        });
      }),
    );
    await request(server).get('/api/v1/leads').set('X-Request-Id', 'ctx-1').expect(200);
    logger.info('outside any request');
    expect(lines.map(({ msg, requestId, actorId, actorRole }) => ({ msg, requestId, actorId, actorRole }))).toEqual([
      { msg: 'before sign-in', requestId: 'ctx-1', actorId: undefined, actorRole: undefined },
      { msg: 'inside a service', requestId: 'ctx-1', actorId: 'user-7', actorRole: 'central_ops' },
      { msg: 'request completed', requestId: 'ctx-1', actorId: 'user-7', actorRole: 'central_ops' },
      { msg: 'outside any request', requestId: undefined, actorId: undefined, actorRole: undefined },
    ]);
  });

  it('logs errors without the statement parameters or driver details that hold personal data', () => {
    const error = Object.assign(new Error('duplicate key value violates unique constraint "users_email_key"'), {
      code: '23505',
      parameters: ['priya@example.com', '+919812345678'],
      driverError: { detail: 'Key (email)=(priya@example.com) already exists.' },
    });
    const logged = JSON.stringify(serializeError(error));
    expect(logged).toContain('23505');
    expect(logged).not.toContain('priya@example.com');
    expect(logged).not.toContain('+919812345678');
  });
});
