import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FileStorage } from '../src/documents/storage/file-storage.js';
import { LeadsService } from '../src/leads/leads.service.js';
import { contentUrl, SAMPLES, uploaded } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What Node's sockets raise when S3, the database or an SMTP server drops the connection. */
const networkError = (code: string) => Object.assign(new Error(`read ${code}`), { code, errno: -104, syscall: 'read' });

/**
 * A dependency's connection reset is not the client's fault: 503 with Retry-After, logged, never
 * the 400 "request body ended early" a client's own abort gets (that one needs its connection gone).
 */
describe('a dependency failing on the network', () => {
  let t: TestApp;
  let ops: TestUser;
  let leadId: string;
  beforeAll(async () => {
    t = await startTestApp();
    ops = await t.factory.user('central_ops');
    leadId = (await t.factory.lead(await t.factory.user('oem'))).id;
  });
  afterAll(() => t.close());

  it.each(['ECONNRESET', 'ERR_STREAM_PREMATURE_CLOSE', 'ETIMEDOUT'])('storage failing with %s while a download starts: 503 with Retry-After', async (code) => {
    const document = await uploaded(t, { Authorization: ops.auth }, leadId, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' });
    const spy = vi.spyOn(t.app.get(FileStorage), 'stream').mockRejectedValueOnce(networkError(code));
    try {
      const res = await request(t.server).get(contentUrl(leadId, document.id)).set('Authorization', ops.auth);
      const problem = expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
      expect(problem.detail).toMatch(/did not answer; try again/);
      expect(res.headers['retry-after']).toBe('5');
    } finally {
      spy.mockRestore();
    }
    // The next attempt goes through.
    await request(t.server).get(contentUrl(leadId, document.id)).set('Authorization', ops.auth).expect(200);
  });

  it('the database dropping the connection under a request (the error as its cause): 503, and an ordinary error stays 500', async () => {
    const service = t.app.get(LeadsService);
    const spy = vi.spyOn(service, 'get').mockRejectedValueOnce(Object.assign(new Error('Connection terminated unexpectedly'), { cause: networkError('ECONNRESET') }));
    try {
      const res = await request(t.server).get(`/api/v1/leads/${leadId}`).set('Authorization', ops.auth);
      expectProblem(res, 503, 'SERVICE_UNAVAILABLE');
      expect(res.headers['retry-after']).toBe('5');
      spy.mockRejectedValueOnce(new Error('a bug'));
      const bug = await request(t.server).get(`/api/v1/leads/${leadId}`).set('Authorization', ops.auth);
      expectProblem(bug, 500, 'INTERNAL_ERROR');
      expect(bug.headers['retry-after']).toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });
});
