// The lead page's assignment, closing reason, duplicate flag and tags in a real browser: what a
// Central Ops agent sees and does there, each change read back from the API (harness:
// support/console-browser.ts).
import type { Locator, Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { useConsoleBrowser, WAIT_MS } from './support/console-browser.js';
import type { TestUser } from './support/factory.js';

// The duplicate check flags (the default, named here as the duplicate test relies on it); no auto-assignment.
const h = useConsoleBrowser({ LEAD_DUPLICATE_CHECK: 'flag', LEAD_AUTO_ASSIGN: 'false' });
const { newPage, signIn, shot } = h;

async function leadOf(who: TestUser, id: string): Promise<LeadResponseDto> {
  const res = await request(h.t.server).get(`/api/v1/leads/${id}`).set('Authorization', who.auth);
  expect(res.status).toBe(200);
  return res.body as LeadResponseDto;
}

/** The value (`dd`) of the lead's detail named `term` (its `dt`, whole text). */
function detail(page: Page, term: string): Locator {
  return page.locator('dt').filter({ hasText: new RegExp(`^${term}$`) }).locator('xpath=following-sibling::dd[1]');
}

describe('console lead page: assignment', () => {
  it('assigns the lead to the agent and unassigns it, with If-Match: a change made meanwhile is "changed by someone else" and the retry goes through', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops', { fullName: 'Nisha Assigner' });
    const lead = await h.t.factory.lead(oem, { customerName: 'Farhan Unowned' });
    await h.t.factory.lead(oem, { customerName: 'Ravi Nobody Owns' });
    const page = await newPage({ allowedStatuses: [412] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Farhan Unowned' }).waitFor();
    const assigned = detail(page, 'Assigned to');
    await assigned.getByText('—', { exact: true }).waitFor();
    expect(await assigned.getByRole('button', { name: 'Unassign' }).count()).toBe(0);

    // Someone else changes the lead while the page shows it: the assignment is refused (412), the
    // page says so and reads the lead again; nothing is assigned yet.
    const other = await request(h.t.server).patch(`/api/v1/leads/${lead.id}`).set('Authorization', ops.auth).send({ customerName: 'Farhan Renamed Elsewhere' });
    expect(other.status).toBe(200);
    await assigned.getByRole('button', { name: 'Assign to me' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await conflict.waitFor();
    await page.getByRole('heading', { level: 1, name: 'Farhan Renamed Elsewhere' }).waitFor();
    expect((await leadOf(ops, lead.id)).assignedToId).toBeNull();

    // Sent again, on the new version.
    await assigned.getByRole('button', { name: 'Assign to me' }).click();
    await assigned.getByText('Nisha Assigner', { exact: true }).waitFor();
    expect(await leadOf(ops, lead.id)).toMatchObject({ assignedToId: ops.user.id, assignedTo: { id: ops.user.id, fullName: 'Nisha Assigner' } });
    expect(await assigned.getByRole('button', { name: 'Assign to me' }).count()).toBe(0);
    await expect.poll(() => conflict.count(), { timeout: WAIT_MS }).toBe(0);
    await shot(page, 'lead-assigned');

    // The list's "Assigned to me" finds it, and not a lead nobody owns.
    await page.getByRole('link', { name: 'All leads' }).click();
    await page.getByRole('link', { name: 'Ravi Nobody Owns' }).waitFor();
    await page.getByLabel('Assigned to me').check();
    await page.waitForURL(new RegExp(`assignedToId=${ops.user.id}`));
    await page.getByRole('link', { name: 'Farhan Renamed Elsewhere' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Ravi Nobody Owns' }).count(), { timeout: WAIT_MS }).toBe(0);

    await page.getByRole('link', { name: 'Farhan Renamed Elsewhere' }).click();
    await assigned.getByRole('button', { name: 'Unassign' }).click();
    await assigned.getByText('—', { exact: true }).waitFor();
    expect(await leadOf(ops, lead.id)).toMatchObject({ assignedToId: null, assignedTo: null });
    expect(await assigned.getByRole('button', { name: 'Unassign' }).count()).toBe(0);
  });
});

describe('console lead page: closing reason', () => {
  it('shows why a lead is on hold and why it was cancelled: the reason\'s label with its code, and the note, to staff and to the OEM', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Divya Waiting' });
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Divya Waiting' }).waitFor();
    await page.getByRole('button', { name: 'on hold', exact: true }).click();
    await page.getByLabel('Reason').selectOption({ label: 'Vehicle not delivered yet' });
    await page.getByLabel('Note', { exact: true }).fill('Car arrives on the 20th');
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByLabel('Status: on hold').waitFor();
    await detail(page, 'Why on hold').filter({ hasText: /^Vehicle not delivered yet \(vehicle_delivery_pending\)$/ }).waitFor();
    await detail(page, 'Note on the reason').filter({ hasText: /^Car arrives on the 20th$/ }).waitFor();
    expect(await leadOf(ops, lead.id)).toMatchObject({ status: 'on_hold', closingReasonCode: 'vehicle_delivery_pending', closingReason: 'Car arrives on the 20th' });
    await shot(page, 'lead-on-hold');

    // Cancelled without a note: the new reason, and no note left from the hold.
    await page.getByRole('button', { name: 'cancelled', exact: true }).click();
    await page.getByLabel('Reason').selectOption({ label: 'Price or budget' });
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await page.getByLabel('Status: cancelled').waitFor();
    await detail(page, 'Why cancelled').filter({ hasText: /^Price or budget \(price_too_high\)$/ }).waitFor();
    expect(await page.locator('dt').filter({ hasText: /^Note on the reason$/ }).count()).toBe(0);
    expect(await leadOf(ops, lead.id)).toMatchObject({ status: 'cancelled', closingReasonCode: 'price_too_high', closingReason: null });

    const oemPage = await newPage();
    await signIn(oemPage, oem, `/admin/leads/${lead.id}`);
    await detail(oemPage, 'Why cancelled').filter({ hasText: /^Price or budget \(price_too_high\)$/ }).waitFor();
  });
});

describe('console lead page: possible duplicate', () => {
  it('marks a lead the duplicate check flagged with a badge that opens the other lead', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const payload = h.t.factory.leadPayload();
    const first = await h.t.factory.lead(oem, { ...payload, customerName: 'Leela First Call' });
    const again = await h.t.factory.lead(oem, { ...payload, customerName: 'Leela Second Call' });
    expect((await leadOf(ops, again.id)).possibleDuplicateOfId).toBe(first.id);
    expect((await leadOf(ops, first.id)).possibleDuplicateOfId).toBeNull();
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${again.id}`);
    await page.getByRole('heading', { level: 1, name: 'Leela Second Call' }).waitFor();
    const badge = page.getByRole('link', { name: 'Possible duplicate' });
    await badge.waitFor();
    await shot(page, 'lead-duplicate');
    await badge.click();
    await page.getByRole('heading', { level: 1, name: 'Leela First Call' }).waitFor();
    expect(page.url()).toContain(`/admin/leads/${first.id}`);
    // The other lead's own page: its details, and no badge (it is the first of the two).
    await detail(page, 'Phone').filter({ hasText: payload.customerPhone }).waitFor();
    expect(await page.getByRole('link', { name: 'Possible duplicate' }).count()).toBe(0);
  });
});

describe('console lead page: tags', () => {
  it('lets Central Ops replace the lead\'s tags, shows the API\'s error under the box, and shows them read-only to the OEM', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Tanvi Tagged' });
    const page = await newPage({ allowedStatuses: [400] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Tanvi Tagged' }).waitFor();
    const tags = detail(page, 'Tags');
    await tags.filter({ hasText: /^—$/ }).waitFor();
    await page.getByRole('button', { name: 'Edit tags' }).click();
    await page.getByLabel('Tags', { exact: true }).fill('VIP, Follow-up call');
    await page.getByRole('button', { name: 'Save tags' }).click();
    // Saved in lower case (the API's rule), shown on the lead.
    await tags.getByText('follow-up call', { exact: true }).waitFor();
    await tags.getByText('vip', { exact: true }).waitFor();
    await expect.poll(() => page.getByLabel('Tags', { exact: true }).count(), { timeout: WAIT_MS }).toBe(0);
    expect((await leadOf(ops, lead.id)).tags).toEqual(['follow-up call', 'vip']);

    // A tag the API refuses: its message under the box, what was typed kept, nothing saved.
    await page.getByRole('button', { name: 'Edit tags' }).click();
    const box = page.getByLabel('Tags', { exact: true });
    expect(await box.inputValue()).toBe('follow-up call, vip');
    await box.fill('follow-up call, vip, no!exclamations');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await page.getByText('each tag is letters, digits, single spaces and _-.:/ only').waitFor();
    expect(await box.getAttribute('aria-invalid')).toBe('true');
    expect(await box.inputValue()).toBe('follow-up call, vip, no!exclamations');
    await shot(page, 'lead-tags-error');
    expect((await leadOf(ops, lead.id)).tags).toEqual(['follow-up call', 'vip']);
    await box.fill('vip, site-visit');
    await page.getByRole('button', { name: 'Save tags' }).click();
    await tags.getByText('site-visit', { exact: true }).waitFor();
    await expect.poll(() => tags.getByText('follow-up call', { exact: true }).count(), { timeout: WAIT_MS }).toBe(0);
    expect((await leadOf(ops, lead.id)).tags).toEqual(['site-visit', 'vip']);

    // The OEM reads them, without the edit.
    const oemPage = await newPage();
    await signIn(oemPage, oem, `/admin/leads/${lead.id}`);
    await detail(oemPage, 'Tags').getByText('site-visit', { exact: true }).waitFor();
    await oemPage.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await oemPage.getByRole('button', { name: 'Edit tags' }).count()).toBe(0);
  });
});
