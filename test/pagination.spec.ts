import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../src/common/pagination.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const ID = '00000000-0000-4000-8000-000000000000';

/** A cursor as a client could forge one: base64url of `[time, id]`. */
const forged = (time: string, id = ID) => Buffer.from(JSON.stringify([time, id])).toString('base64url');

/** Times outside the years 0001–9999 (UTC): PostgreSQL refuses the first (before 4713 BC) with an error. */
const OUT_OF_RANGE = ['-005000-01-01T00:00:00.000Z', '0000-12-31T23:59:59.999Z', '+010000-01-01T00:00:00.000Z', '+275760-09-13T00:00:00.000Z'];

describe('keyset cursors (decodeCursor)', () => {
  it('reads back what encodeCursor wrote, at both ends of the years 0001–9999', () => {
    for (const time of ['0001-01-01T00:00:00.000Z', '2026-01-12T08:00:00.123Z', '9999-12-31T23:59:59.999Z']) {
      const position = { createdAt: new Date(time), id: ID };
      expect(decodeCursor(encodeCursor(position))).toEqual(position);
    }
  });

  it.each(OUT_OF_RANGE)('refuses a time of %s with 400 INVALID_CURSOR naming cursor', (time) => {
    expect(() => decodeCursor(forged(time))).toThrow(expect.objectContaining({ code: 'INVALID_CURSOR', extras: { errors: [{ field: 'cursor', message: 'invalid cursor' }] } }));
  });
});

describe('every keyset list answers a cursor outside the years 0001–9999 with 400 INVALID_CURSOR, not a server error', () => {
  let t: TestApp;
  let admin: TestUser;
  let ops: TestUser;
  let oem: TestUser;
  let lists: [string, TestUser][];

  beforeAll(async () => {
    t = await startTestApp({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    [admin, ops, oem] = await Promise.all([t.factory.user('admin'), t.factory.user('central_ops'), t.factory.user('oem')]);
    const team = await createTeam(t, ops);
    const lead = await readyLead(t, oem, ops);
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...new SlotSequence().take() });
    const subscription = await request(t.server).post('/api/v1/webhook-subscriptions').set('Authorization', oem.auth).send({ url: 'http://127.0.0.1:9/hooks', events: ['lead.created'] }).expect(201);
    lists = [
      ['/api/v1/leads', ops],
      ['/api/v1/users', admin],
      ['/api/v1/teams', ops],
      ['/api/v1/lead-imports', ops],
      ['/api/v1/audit-events', admin],
      ['/api/v1/webhook-subscriptions', oem],
      [`/api/v1/webhook-subscriptions/${subscription.body.id}/deliveries`, oem],
      [`/api/v1/leads/${lead.id}/documents`, oem],
      [`/api/v1/surveys/${survey.id}/media`, ops],
    ];
  });
  afterAll(() => t.close());

  it.each(OUT_OF_RANGE)('a cursor at %s', async (time) => {
    for (const [url, as] of lists) {
      const res = await request(t.server).get(url).query({ cursor: forged(time) }).set('Authorization', as.auth);
      expect(res.status, `${url}: ${JSON.stringify(res.body)}`).toBe(400);
      expectProblem(res, 400, { code: 'INVALID_CURSOR', field: 'cursor' });
    }
  });

  it('a cursor at the first or the last instant of those years pages on', async () => {
    for (const time of ['0001-01-01T00:00:00.000Z', '9999-12-31T23:59:59.999Z']) {
      for (const [url, as] of lists) {
        const res = await request(t.server).get(url).query({ cursor: forged(time) }).set('Authorization', as.auth);
        expect(res.status, `${url} at ${time}: ${JSON.stringify(res.body)}`).toBe(200);
      }
    }
  });
});
