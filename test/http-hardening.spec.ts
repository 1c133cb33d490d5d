import { connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** `{"a":{"a":…}}` nested `depth` levels deep. */
const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
/** `[[[…]]]` nested `depth` levels deep. */
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

/** Sends raw bytes on a fresh connection and resolves with everything the server wrote before it closed. */
function rawExchange(port: number, write: (socket: Socket) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
    socket.on('connect', () => write(socket));
  });
}

/** Status line and parsed problem body of a raw HTTP answer. */
function parseRaw(answer: string): { status: number; headers: string; body: Record<string, unknown> } {
  const [head, body] = answer.split('\r\n\r\n');
  return { status: Number(head.split(' ')[1]), headers: head.toLowerCase(), body: JSON.parse(body) as Record<string, unknown> };
}

describe('request bodies are bounded before they are parsed', () => {
  let t: TestApp;
  let ops: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ JSON_BODY_LIMIT_BYTES: '131072', JSON_MAX_DEPTH: '32' });
    ops = await t.factory.user('central_ops');
  });
  afterAll(() => t.close());

  it('answers 400 JSON_TOO_DEEP for 3,000 levels of objects and 50,000 of arrays, on public and signed-in routes', async () => {
    for (const [path, auth] of [
      ['/api/v1/auth/login', undefined],
      ['/api/v1/auth/refresh', undefined],
      ['/api/v1/leads', ops.auth],
    ] as const) {
      for (const body of [nestedObjects(3000), nestedArrays(50_000)]) {
        const req = request(t.server).post(path).set('Content-Type', 'application/json');
        if (auth) req.set('Authorization', auth);
        const problem = expectProblem(await req.send(body), 400, 'JSON_TOO_DEEP');
        expect(problem.detail).toContain('32');
      }
    }
  });

  it('accepts nesting up to the limit and answers a body one byte over the size limit with 413', async () => {
    const atLimit = await request(t.server).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(`{"email":"a@b.co","password":"x","n":${nestedArrays(31)}}`);
    // Past the depth check: the validator names the unknown field instead.
    expectProblem(atLimit, 400, 'VALIDATION_FAILED');
    const padding = (size: number) => JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(size - 32) });
    expect(padding(131_072)).toHaveLength(131_072);
    const fits = await request(t.server).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(padding(131_072));
    expect(fits.status).not.toBe(413);
    expectProblem(await request(t.server).post('/api/v1/auth/login').set('Content-Type', 'application/json').send(padding(131_073)), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('answers 415 for a JSON body in a charset other than UTF-8', async () => {
    const res = await request(t.server).post('/api/v1/auth/login').set('Content-Type', 'application/json; charset=utf-16le').send(Buffer.from('{"email":"a@b.co"}', 'utf16le'));
    expectProblem(res, 415, 'UNSUPPORTED_CHARSET');
  });

  it('answers 400 naming the field for a lone UTF-16 surrogate or a NUL, in bodies, queries and paths', async () => {
    const login = await request(t.server).post('/api/v1/auth/login').set('Content-Type', 'application/json').send('{"email":"\\ud800x@example.com","password":"secret-password"}');
    expect(expectProblem(login, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'email', message: expect.stringContaining('lone UTF-16 surrogate') }]);

    const admin = await t.factory.user('admin');
    const user = await request(t.server)
      .post('/api/v1/users')
      .set('Authorization', admin.auth)
      .set('Content-Type', 'application/json')
      .send('{"email":"x@example.com","password":"long-enough-password","fullName":"A\\udc00B","role":"central_ops"}');
    expect(expectProblem(user, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'fullName', message: expect.any(String) }]);

    const nul = await request(t.server).get('/api/v1/leads?q=98%00').set('Authorization', ops.auth);
    expect(expectProblem(nul, 400, 'VALIDATION_FAILED').errors).toEqual([{ field: 'q', message: expect.stringContaining('NUL') }]);

    const path = await request(t.server).get('/api/v1/leads/%00').set('Authorization', ops.auth);
    expectProblem(path, 400);
  });
});

describe('the HTTP server answers problem+json for what no route serves and cuts off stalled requests', () => {
  let t: TestApp;
  let port: number;
  let ops: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ REQUEST_TIMEOUT_SECONDS: '1' });
    ops = await t.factory.user('central_ops');
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
    port = (t.server.address() as AddressInfo).port;
  });
  afterAll(() => t.close());

  it('answers 404 problem+json outside /api/v1 and 405 with Allow for a method a path does not have', async () => {
    for (const path of ['/', '/favicon.ico', '/api/v2/leads', '/api/v1/nope']) {
      const res = await request(t.server).get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body).toMatchObject({ status: 404, code: 'NOT_FOUND', requestId: res.headers['x-request-id'] });
    }
    const wrongMethod = await request(t.server).delete('/api/v1/leads');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(wrongMethod.headers.allow).toBe('GET, HEAD, POST');
    expect(wrongMethod.body).toMatchObject({ status: 405, code: 'METHOD_NOT_ALLOWED' });
    const withId = await request(t.server).put('/api/v1/leads/00000000-0000-4000-8000-000000000000');
    expect(withId.status).toBe(405);
    expect(withId.headers.allow).toBe('GET, HEAD, PATCH');
  });

  it("sends helmet's headers and the request id on every answer: a route's, a problem from the guard or the validation pipe, and a path no route serves", async () => {
    const answers = [
      await request(t.server).get('/api/v1/health'),
      await request(t.server).get('/api/v1/leads'),
      await request(t.server).get('/api/v1/leads?limit=0').set('Authorization', ops.auth).set('X-Request-Id', 'hdr-check-1'),
      await request(t.server).get('/api/v1/nope'),
    ];
    expect(answers.map((res) => res.status)).toEqual([200, 401, 400, 404]);
    expect(answers[2].headers['x-request-id']).toBe('hdr-check-1');
    for (const res of answers) {
      expect(res.headers['x-request-id']).toEqual(res.status === 200 ? expect.any(String) : (res.body as { requestId: string }).requestId);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'referrer-policy': 'no-referrer',
        'x-xss-protection': '0',
      });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("img-src 'self' data: blob:");
      expect(csp).toContain("frame-src 'self' blob:");
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it('answers 400 problem+json to malformed HTTP and closes the connection', async () => {
    const answer = parseRaw(await rawExchange(port, (s) => s.write('GARBAGE / NONSENSE\r\n\r\n')));
    expect(answer.status).toBe(400);
    expect(answer.headers).toContain('content-type: application/problem+json');
    expect(answer.body).toMatchObject({ status: 400, code: 'BAD_REQUEST' });
  });

  it('cuts off a body that makes no progress with 408 problem+json', async () => {
    const answer = parseRaw(
      await rawExchange(port, (s) =>
        s.write('POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{'),
      ),
    );
    expect(answer.status).toBe(408);
    expect(answer.headers).toContain('connection: close');
    expect(answer.body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT', requestId: expect.any(String) });
    // Written past the framework, it still carries what every answer carries.
    expect(answer.headers).toContain(`x-request-id: ${String(answer.body.requestId).toLowerCase()}`);
    expect(answer.headers).toContain('x-content-type-options: nosniff');
  });

  it('cuts off headers that do not arrive in time with 408 problem+json', async () => {
    const answer = parseRaw(await rawExchange(port, (s) => s.write('GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Slow: ')));
    expect(answer.status).toBe(408);
    expect(answer.body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
  });

  it('serves a spec that tells the truth: optional download headers, `security: []` on public operations', async () => {
    const spec = (await request(t.server).get('/openapi.json').expect(200)).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; required?: boolean }[]; security?: unknown[] }>>;
    };
    const downloads = Object.entries(spec.paths).filter(([path]) => path.endsWith('/content'));
    expect(downloads.length).toBe(4);
    for (const [path, { get }] of downloads) {
      const headers = (get.parameters ?? []).filter((p) => p.in === 'header');
      expect(headers.map((h) => h.name).sort(), path).toEqual(['if-none-match', 'if-range', 'range']);
      expect(headers.every((h) => h.required !== true), path).toBe(true);
    }
    for (const [path, method] of [['/api/v1/auth/login', 'post'], ['/api/v1/auth/refresh', 'post'], ['/api/v1/health', 'get']] as const) {
      expect(spec.paths[path][method].security, path).toEqual([]);
    }
    expect(spec.paths['/api/v1/leads'].get.security).toEqual([{ bearer: [] }, { apiKey: [] }]);
  });

  it('serves Swagger UI on any host over plain HTTP: no upgrade-insecure-requests, no asset rewritten to https', async () => {
    const res = await request(t.server).get('/docs/').set('Host', 'chargeops.internal:8080').expect(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(asset).not.toMatch(/^https:/);
    for (const asset of assets.filter((a) => !a.startsWith('http'))) {
      await request(t.server).get(new URL(asset, 'http://chargeops.internal:8080/docs/').pathname).set('Host', 'chargeops.internal:8080').expect(200);
    }
  });
});
