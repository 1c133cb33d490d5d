import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/common/auth/actor.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { LeadsRepository } from '../src/leads/leads.repository.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// LeadsRepository reads leads from raw rows, column by column, instead of through TypeORM's hydrator
// (issue #6). These leads must equal what TypeORM itself makes of the same query, every column
// (a column added to Lead but not read would be missing) and every conversion (dates, decimals,
// booleans, the version) on either database.
describe('leads read from raw rows equal TypeORM getOne()', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  const actor = (user: TestUser): Actor => ({ userId: user.user.id, role: user.user.role, apiKeyId: null });

  beforeAll(async () => {
    t = await startTestApp({ LEAD_AUTO_ASSIGN: 'true' });
    oem = await t.factory.user('oem');
    ops = await t.factory.user('central_ops');
  });
  afterAll(() => t.close());

  const typeorm = (id: string) =>
    t.app
      .get(DataSource)
      .getRepository(Lead)
      .createQueryBuilder('lead')
      .leftJoin('lead.oem', 'oem')
      .addSelect(['oem.id', 'oem.fullName'])
      .leftJoinAndSelect('lead.source', 'source')
      .leftJoin('lead.assignedTo', 'assignedTo')
      .addSelect(['assignedTo.id', 'assignedTo.fullName'])
      .where('lead.id = :id', { id })
      .getOneOrFail();

  it('for leads with every optional column set (assignee, coordinates, externalRef, duplicate, held)', async () => {
    const first = await t.factory.lead(oem, { latitude: 19.076123, longitude: 72.877456, externalRef: 'HYD-1', customerEmail: 'asha@example.in', chargerModel: '7.2 kW AC' });
    const second = await t.factory.lead(oem, { customerPhone: first.customerPhone, pincode: first.pincode, state: first.state, city: first.city });
    expect(second.possibleDuplicateOfId).toBe(first.id);
    expect((await t.app.get(LeadsRepository).findVisible(actor(ops), first.id)).assignedTo).not.toBeNull();
    const held = await t.factory.leadInStatus(oem, ops, 'on_hold', { heldFrom: 'contacted' });
    for (const { id } of [first, second, held]) {
      const ours = await t.app.get(LeadsRepository).findVisible(actor(ops), id);
      const theirs = await typeorm(id);
      expect(ours).toBeInstanceOf(Lead);
      expect(ours).toEqual(theirs);
      expect(ours.createdAt).toBeInstanceOf(Date);
    }
  });

  it('for a lead without an assignee or coordinates, as an OEM sees it', async () => {
    const lead = await t.factory.lead(oem);
    await t.app.get(DataSource).getRepository(Lead).update({ id: lead.id }, { assignedToId: null, latitude: null, longitude: null });
    const ours = await t.app.get(LeadsRepository).findVisible(actor(oem), lead.id);
    expect(ours.assignedTo).toBeNull();
    expect(ours.latitude).toBeNull();
    expect(ours).toEqual(await typeorm(lead.id));
  });
});
