import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/common/auth/actor.js';
import type { LeadQueryDto } from '../src/leads/dto/lead.dto.js';
import { isPlanStable } from '../src/leads/leads.repository.js';

const ops: Actor = { userId: '0b7c1f1e-4d2a-4c1b-9f00-000000000001', role: 'central_ops', apiKeyId: null };
const oem: Actor = { userId: '0b7c1f1e-4d2a-4c1b-9f00-000000000002', role: 'oem', apiKeyId: 'key' };
const page = (filter: Partial<LeadQueryDto>): LeadQueryDto => ({ limit: 50, ...filter }) as LeadQueryDto;

// Which lead pages run as prepared statements, whose generic plan PostgreSQL then keeps for every
// value. A wrong "stable" costs a whole-table read at 1M leads (bench/README.md, issue 13, session
// 27), which the test database is too small to show; bench/plans.mjs checks the plans themselves.
describe('lead pages prepared once (isPlanStable)', () => {
  it('prepares the pages whose plan is the same for every value: paging, overdue and updatedFrom', () => {
    expect(isPlanStable(ops, page({}))).toBe(true);
    expect(isPlanStable(ops, page({ cursor: 'c' }))).toBe(true);
    expect(isPlanStable(ops, page({ overdue: true, cursor: 'c' }))).toBe(true);
    expect(isPlanStable(ops, page({ updatedFrom: '2026-12-01T00:00:00Z', withTotal: true }))).toBe(true);
    expect(isPlanStable(ops, page({ status: [], tag: [] }))).toBe(true);
  });

  it("plans one OEM's pages for that OEM on each request: its own list and an oemId filter", () => {
    expect(isPlanStable(oem, page({}))).toBe(false);
    expect(isPlanStable(oem, page({ cursor: 'c', overdue: true }))).toBe(false);
    expect(isPlanStable(ops, page({ oemId: oem.userId }))).toBe(false);
    expect(isPlanStable(ops, page({ oemId: oem.userId, overdue: true }))).toBe(false);
  });

  it('plans a page with any other filter on each request', () => {
    expect(isPlanStable(ops, page({ status: ['new'] }))).toBe(false);
    expect(isPlanStable(ops, page({ q: 'Asha' }))).toBe(false);
    expect(isPlanStable(ops, page({ tag: ['vip'] }))).toBe(false);
    expect(isPlanStable(ops, page({ createdFrom: '2026-12-01T00:00:00Z' }))).toBe(false);
  });
});
