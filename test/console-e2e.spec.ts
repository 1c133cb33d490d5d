// The console (issue 17) in a real browser: sign-in by role, the leads list and lead page, edit
// conflicts, the OEM's read-only view and the technician's jobs (harness: support/console-browser.ts).
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { useConsoleBrowser, WAIT_MS } from './support/console-browser.js';
import type { TestUser } from './support/factory.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence } from './support/surveys.js';

const h = useConsoleBrowser();
const { newPage, signIn, shot } = h;

async function leadOf(who: TestUser, id: string): Promise<LeadResponseDto> {
  const res = await request(h.t.server).get(`/api/v1/leads/${id}`).set('Authorization', who.auth);
  expect(res.status).toBe(200);
  return res.body as LeadResponseDto;
}

describe('console: serving', () => {
  it('serves the console at /admin with an SPA fallback, under a CSP without inline scripts', async () => {
    const page = await request(h.t.server).get('/admin/leads/some-deep-link');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('<div id="root">');
    expect(page.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const asset = /src="(\/admin\/assets\/[^"]+\.js)"/.exec(page.text)?.[1];
    const js = await request(h.t.server).get(asset ?? '/admin/assets/missing.js');
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await request(h.t.server).get('/admin/assets/missing.js')).status).toBe(404);
  });
});

describe('console: sign-in and navigation by role', () => {
  it('signs each role in to its first page with only the navigation its API allows, and signs out', async () => {
    const expectations = [
      { role: 'admin', heading: 'Leads', nav: ['Leads'], hidden: ['My jobs'] },
      { role: 'central_ops', heading: 'Leads', nav: ['Leads'], hidden: ['My jobs'] },
      { role: 'oem', heading: 'Leads', nav: ['Leads'], hidden: ['My jobs'] },
      { role: 'field_technician', heading: 'My jobs', nav: ['My jobs'], hidden: ['Leads'] },
    ] as const;
    for (const { role, heading, nav, hidden } of expectations) {
      const who = await h.t.factory.user(role);
      const page = await newPage();
      await signIn(page, who);
      await expect.poll(() => page.getByRole('heading', { level: 1, name: heading }).isVisible(), { timeout: WAIT_MS }).toBe(true);
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      for (const name of nav) expect(await navigation.getByRole('link', { name }).count()).toBe(1);
      for (const name of hidden) expect(await navigation.getByRole('link', { name }).count()).toBe(0);
      if (role === 'central_ops') await shot(page, 'leads');
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
      // Signed out, a page of the console sends back to sign-in.
      await page.goto(`${h.base}/admin/leads`);
      await page.getByRole('button', { name: 'Sign in' }).waitFor();
    }
  });

  it('refuses a wrong password with a message and stays on the sign-in page', async () => {
    const who = await h.t.factory.user('central_ops');
    const page = await newPage({ allowedStatuses: [401] });
    await page.goto(`${h.base}/admin/`);
    await page.getByLabel('Email').fill(who.user.email);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Email or password is wrong.' }).waitFor();
    await shot(page, 'sign-in');
  });
});

describe('console: leads for Central Ops', () => {
  it('lists leads under the contract column headers, searches, keeps the view in the URL and opens a lead', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const wanted = await h.t.factory.lead(oem, { customerName: 'Meera Searchable' });
    await h.t.factory.lead(oem, { customerName: 'Arjun Other' });
    const page = await newPage();
    await signIn(page, ops);
    const table = page.getByRole('table');
    for (const name of ['Customer', 'Phone', 'City', 'Status', 'Created']) await table.getByRole('columnheader', { name }).waitFor();
    await page.getByRole('link', { name: 'Arjun Other' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search leads' }).fill('Searchable');
    await page.waitForURL(/q=Searchable/);
    await expect.poll(() => page.getByRole('link', { name: 'Arjun Other' }).count(), { timeout: WAIT_MS }).toBe(0);
    // The URL is the view: opened afresh it shows the same filtered list.
    await page.goto(page.url());
    await page.getByRole('link', { name: 'Meera Searchable' }).click();
    await page.getByRole('heading', { level: 1, name: 'Meera Searchable' }).waitFor();
    expect(page.url()).toContain(`/admin/leads/${wanted.id}`);
  });

  it('moves a lead with its transition buttons, asks a reason for hold, and shows it on the timeline', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const created = await h.t.factory.lead(oem, { customerName: 'Kavya Transitions' });
    const lead = await leadOf(ops, created.id);
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Kavya Transitions' }).waitFor();
    // Each allowed target is a button named after the status, underscores shown as spaces.
    const forward = lead.allowedTransitions.find((status) => status !== 'on_hold' && status !== 'cancelled');
    expect(forward).toBeDefined();
    for (const status of lead.allowedTransitions) await page.getByRole('button', { name: status.replaceAll('_', ' '), exact: true }).waitFor();
    await page.getByRole('button', { name: forward!.replaceAll('_', ' '), exact: true }).click();
    await page.getByLabel(`Status: ${forward!.replaceAll('_', ' ')}`).waitFor();
    expect((await leadOf(ops, lead.id)).status).toBe(forward);

    const moved = await leadOf(ops, lead.id);
    expect(moved.allowedTransitions).toContain('on_hold');
    await page.getByRole('button', { name: 'on hold', exact: true }).click();
    await page.getByLabel('Reason').selectOption({ index: 0 });
    await page.getByLabel('Note', { exact: true }).fill('Customer travelling until next week');
    await shot(page, 'lead');
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByLabel('Status: on hold').waitFor();
    const held = await leadOf(ops, lead.id);
    expect(held.status).toBe('on_hold');
    expect(held.closingReason).toBe('Customer travelling until next week');
    // Resuming goes back where the lead was, through its own button.
    await page.getByRole('button', { name: forward!.replaceAll('_', ' '), exact: true }).click();
    await page.getByLabel(`Status: ${forward!.replaceAll('_', ' ')}`).waitFor();
    // Created, the forward move, the hold and the resume, oldest first.
    const timeline = page.getByRole('region', { name: 'Timeline' }).getByRole('listitem');
    await expect.poll(() => timeline.count(), { timeout: WAIT_MS }).toBeGreaterThanOrEqual(4);
  });

  it('shows an edit conflict (412) as "changed by someone else" and reloads the lead', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Rohan Conflict', city: 'Pune' });
    const page = await newPage({ allowedStatuses: [412] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Rohan Conflict' }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    // Someone else changes the lead while the form is open.
    const other = await request(h.t.server).patch(`/api/v1/leads/${lead.id}`).set('Authorization', ops.auth).send({ customerName: 'Rohan Changed Elsewhere' });
    expect(other.status).toBe(200);
    await page.getByLabel('City').fill('Mumbai');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('alert').filter({ hasText: 'changed by someone else' }).waitFor();
    await page.getByRole('heading', { level: 1, name: 'Rohan Changed Elsewhere' }).waitFor();
    expect((await leadOf(ops, lead.id)).city).toBe('Pune');
    await shot(page, 'lead-conflict');
  });
});

describe('console: OEM', () => {
  it('shows an OEM its own leads read-only and no staff page', async () => {
    const oem = await h.t.factory.user('oem');
    const otherOem = await h.t.factory.user('oem');
    const lead = await leadOf(oem, (await h.t.factory.lead(oem, { customerName: 'Sanjay Own Lead' })).id);
    await h.t.factory.lead(otherOem, { customerName: 'Priya Not Yours' });
    const page = await newPage();
    await signIn(page, oem);
    await page.getByRole('link', { name: 'Sanjay Own Lead' }).waitFor();
    expect(await page.getByRole('link', { name: 'Priya Not Yours' }).count()).toBe(0);
    await page.getByRole('link', { name: 'Sanjay Own Lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sanjay Own Lead' }).waitFor();
    await page.getByRole('heading', { name: 'Timeline' }).waitFor();
    expect(await page.getByRole('button', { name: 'Edit details' }).count()).toBe(0);
    for (const status of lead.allowedTransitions) expect(await page.getByRole('button', { name: status.replaceAll('_', ' '), exact: true }).count()).toBe(0);
    await page.goto(`${h.base}/admin/jobs`);
    await page.getByRole('alert').filter({ hasText: 'This page is not available for your role.' }).waitFor();
    expect(await page.getByRole('heading', { name: 'My jobs' }).count()).toBe(0);
  });
});

describe('console: field technician on a phone', () => {
  it('lists the technician\'s jobs at 360 × 740, accepts one, and reads in Hindi', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const tech = team.technicians[0];
    const lead = await readyLead(h.t, oem, ops);
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: team.id, ...new SlotSequence(1).take() });
    const page = await newPage({ width: 360, height: 740 });
    await signIn(page, tech);
    await page.getByRole('heading', { level: 1, name: 'My jobs' }).waitFor();
    const card = page.getByRole('article', { name: `Survey ${survey.surveyId}` });
    await card.getByText(lead.customerName).waitFor();
    await card.getByRole('link', { name: `Call ${lead.customerPhone}` }).waitFor();
    // Phone first: nothing wider than the screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await shot(page, 'my-jobs');
    await card.getByRole('button', { name: 'Accept' }).click();
    await card.getByText('Accepted').waitFor();
    expect(await card.getByRole('button', { name: 'Accept' }).count()).toBe(0);
    const after = await request(h.t.server).get(`/api/v1/surveys/${survey.id}`).set('Authorization', ops.auth);
    expect(after.body.assignments[0].status).toBe('accepted');

    await page.getByLabel('Language').selectOption('hi');
    await page.getByRole('heading', { level: 1, name: 'मेरे काम' }).waitFor();
    const cardInHindi = page.getByRole('article', { name: `सर्वे ${survey.surveyId}` });
    await cardInHindi.getByText('स्वीकार किया').waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('hi');
    await shot(page, 'my-jobs-hi');
  });
});
