import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertStatement } from '../src/common/persistence/insert-templates.js';
import { LeadEvent } from '../src/leads/entities/lead-event.entity.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// insertStatement() keeps an INSERT's SQL text per shape on PostgreSQL and binds each call's own
// values; whatever the database, its statement must be TypeORM's own and must write what it was given.
describe('insert templates (an INSERT built once per shape)', () => {
  let t: TestApp;
  let oem: TestUser;
  let leadId: string;

  beforeAll(async () => {
    t = await startTestApp();
    oem = await t.factory.user('oem');
    leadId = (await t.factory.lead(oem)).id;
  });
  afterAll(() => t.close());

  const event = (type: string, data: Record<string, unknown> | null, createdAt = new Date('2026-12-05T10:00:00.123Z')) =>
    Object.assign(new LeadEvent(), { leadId, type, fromStatus: null, toStatus: null, actorUserId: oem.user.id, actorApiKeyId: null, data, createdAt });
  const typeorms = (ds: DataSource, rows: LeadEvent[]) => ds.createQueryBuilder().insert().into(LeadEvent).values(rows as QueryDeepPartialEntity<LeadEvent>[]).updateEntity(false).getQueryAndParameters();
  const written = async (ds: DataSource, types: string[]) =>
    (await ds.getRepository(LeadEvent).find({ where: { leadId }, order: { id: 'ASC' } })).filter((row) => types.includes(row.type)).map((row) => [row.type, row.data]);

  it("gives TypeORM's statement for each shape and each call's own values, and writes them", async () => {
    const ds = t.app.get(DataSource);
    const calls = [
      [event('note', { text: 'first' })],
      [event('note', { text: 'second, same shape' }, new Date('2026-12-05T11:00:00Z'))],
      [event('note', null), event('updated', { fields: ['city'] })],
      // The id and createdAt left to the database: another shape (DEFAULT in their slots).
      [Object.assign(event('document_uploaded', { file: 'bill.pdf' }), { createdAt: undefined })],
    ];
    for (const rows of calls) {
      const statement = insertStatement(ds.manager, LeadEvent, rows);
      expect(statement).toEqual(typeorms(ds, rows));
      await ds.query(...statement);
    }
    expect(await written(ds, ['note', 'updated', 'document_uploaded'])).toEqual([
      ['note', { text: 'first' }],
      ['note', { text: 'second, same shape' }],
      ['note', null],
      ['updated', { fields: ['city'] }],
      ['document_uploaded', { file: 'bill.pdf' }],
    ]);
  });
});
