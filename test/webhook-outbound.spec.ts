import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { retryDelayMs } from '../src/events/outbox/delivery-worker.service.js';
import { isForbiddenAddress, MAX_RESPONSE_BYTES, postWebhook, urlProblem } from '../src/events/webhooks/outbound-http.js';

const STRICT = { allowHttp: false, allowPrivateNetworks: false, timeoutMs: 2000 };
const OPEN = { allowHttp: true, allowPrivateNetworks: true, timeoutMs: 2000 };

describe('outbound safety of webhooks (issue 15, item 5)', () => {
  it('refuses loopback, private, link-local and metadata addresses, IPv4-mapped ones included', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:127.0.0.1', '::ffff:10.0.0.1']) {
      expect(isForbiddenAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '52.95.110.1', '2606:4700:4700::1111']) expect(isForbiddenAddress(address), address).toBe(false);
  });

  it('takes https only unless WEBHOOK_ALLOW_HTTP, and no literal private address or localhost unless allowed', () => {
    expect(urlProblem('https://hooks.example.com/x', STRICT)).toBeNull();
    expect(urlProblem('http://hooks.example.com/x', STRICT)).toBe('must be https');
    expect(urlProblem('http://hooks.example.com/x', { ...STRICT, allowHttp: true })).toBeNull();
    expect(urlProblem('https://127.0.0.1/x', STRICT)).toMatch(/loopback/);
    expect(urlProblem('https://[::1]/x', STRICT)).toMatch(/loopback/);
    expect(urlProblem('https://localhost:8443/x', STRICT)).toMatch(/loopback/);
    expect(urlProblem('https://169.254.169.254/latest/meta-data', STRICT)).toMatch(/metadata/);
    expect(urlProblem('https://user:pw@hooks.example.com/', STRICT)).toMatch(/credentials/);
    expect(urlProblem('https://127.0.0.1/x', OPEN)).toBeNull();
  });

  it('refuses a loopback address at send time too, and sends nothing', async () => {
    let hits = 0;
    const server = createServer((_req, res) => {
      hits += 1;
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const direct = await postWebhook(`http://127.0.0.1:${port}/`, '{}', {}, { ...STRICT, allowHttp: true });
      expect(direct).toEqual({ status: null, error: expect.stringMatching(/loopback/) });
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('follows no redirect, reads at most 64 KB of the answer, and gives up after the timeout', async () => {
    let redirectedTo = 0;
    const server = createServer((req, res) => {
      if (req.url === '/redirect') {
        res.writeHead(302, { location: '/target' });
        res.end();
      } else if (req.url === '/target') {
        redirectedTo += 1;
        res.end();
      } else if (req.url === '/huge') {
        res.writeHead(200);
        const chunk = Buffer.alloc(16 * 1024, 97);
        // Far more than 64 KB, without end: the client must stop reading on its own.
        for (let i = 0; i < 64; i++) res.write(chunk);
      } else {
        // Never answers.
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      expect(await postWebhook(`${base}/redirect`, '{}', {}, OPEN)).toEqual({ status: 302, error: null });
      expect(redirectedTo).toBe(0);
      expect(MAX_RESPONSE_BYTES).toBe(65_536);
      expect(await postWebhook(`${base}/huge`, '{}', {}, OPEN)).toEqual({ status: 200, error: null });
      const started = Date.now();
      expect(await postWebhook(`${base}/silent`, '{}', {}, { ...OPEN, timeoutMs: 300 })).toEqual({ status: null, error: 'timed out after 300 ms' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('retries on the configured schedule with ±20 % jitter, then gives up', () => {
    const schedule = [5, 300, 1800];
    expect(retryDelayMs(schedule, 1, () => 0)).toBe(4000);
    expect(retryDelayMs(schedule, 1, () => 1)).toBe(6000);
    expect(retryDelayMs(schedule, 2, () => 0.5)).toBe(300_000);
    expect(retryDelayMs(schedule, 4)).toBeNull();
  });
});
