import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { LEADS } from './support/lead-helpers.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTeam, TEAMS } from './support/surveys.js';

// Devanagari (3 bytes per character in UTF-8) and an emoji outside the BMP (4 bytes: MariaDB's
// legacy `utf8` could not store it, only utf8mb4 can).
const NAME = 'अनिता शर्मा 🚗⚡';
const ADDRESS = 'फ्लैट 12, गुलमोहर सोसाइटी 🏠';

describe(`text round-trips on ${process.env.DATABASE_URL?.split(':')[0] ?? 'sqlite'} (issue 18: utf8mb4 throughout)`, () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(() => t.close());

  it('a Devanagari customer name with an emoji comes back byte for byte: in the answer, on GET, in the list, by search, and as stored', async () => {
    const created = await request(t.server)
      .post(LEADS)
      .set('Authorization', oem.auth)
      .send(t.factory.leadPayload({ customerName: NAME, addressLine1: ADDRESS }))
      .expect(201);
    expect(created.body).toMatchObject({ customerName: NAME, addressLine1: ADDRESS });
    const id = created.body.id as string;

    const one = await request(t.server).get(`${LEADS}/${id}`).set('Authorization', ops.auth).expect(200);
    expect(one.body).toMatchObject({ customerName: NAME, addressLine1: ADDRESS });

    // `q` matches part of the name (LOWER(customer_name) LIKE …): Devanagari has no case, so it must match as typed.
    const found = await request(t.server).get(LEADS).query({ q: 'शर्मा' }).set('Authorization', ops.auth).expect(200);
    expect(found.body.data.map((l: { id: string; customerName: string }) => [l.id, l.customerName])).toEqual([[id, NAME]]);

    const stored = await t.app.get(DataSource).getRepository(Lead).findOneByOrFail({ id });
    expect(Buffer.from(stored.customerName, 'utf8').equals(Buffer.from(NAME, 'utf8'))).toBe(true);
    expect(stored.addressLine1).toBe(ADDRESS);
  });

  it('external references that differ only in letter case are two leads, as on every database (MariaDB: binary collation)', async () => {
    const payload = t.factory.leadPayload({ externalRef: 'CRM-ab-1' });
    const first = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(201);
    const other = await request(t.server)
      .post(LEADS)
      .set('Authorization', oem.auth)
      .send({ ...t.factory.leadPayload(), externalRef: 'CRM-AB-1' })
      .expect(201);
    expect(other.body.id).not.toBe(first.body.id);
    // The replay of the first one is still recognised as such.
    const replay = await request(t.server).post(LEADS).set('Authorization', oem.auth).send(payload).expect(200);
    expect(replay.body.id).toBe(first.body.id);
  });

  it('a name with a capital letter beyond ASCII is found typed exactly and in any case: leads by q, technicians by q, teams by city (SQLite folds only ASCII itself)', async () => {
    // Letters only: a q with a digit is a phone, email or reference, not a name.
    const marker = Array.from({ length: 8 }, () => String.fromCharCode(97 + Math.floor(Math.random() * 26))).join('');
    const lead = await t.factory.lead(oem, { customerName: `Émile Ørsted ${marker}` });
    const tech = await t.factory.user('field_technician', { fullName: `Émile Ørsted ${marker}` });
    const team = await createTeam(t, ops, { technicians: 0, city: `Évry ${marker}` });
    for (const q of [`Émile Ørsted ${marker}`, `émile ørsted ${marker}`, `ÉMILE ØRSTED ${marker}`]) {
      const leads = await request(t.server).get(LEADS).query({ q }).set('Authorization', ops.auth).expect(200);
      expect(leads.body.data.map((l: { id: string }) => l.id), q).toEqual([lead.id]);
      const technicians = await request(t.server).get('/api/v1/technicians').query({ q }).set('Authorization', ops.auth).expect(200);
      expect(technicians.body.map((u: { id: string }) => u.id), q).toEqual([tech.user.id]);
    }
    for (const city of [`Évry ${marker}`, `évry ${marker}`, `ÉVRY ${marker}`]) {
      const teams = await request(t.server).get(TEAMS).query({ city }).set('Authorization', ops.auth).expect(200);
      expect(teams.body.data.map((x: { id: string }) => x.id), city).toEqual([team.id]);
    }
  });
});
