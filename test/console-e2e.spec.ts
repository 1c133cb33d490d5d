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
    // "All leads" goes back to the list as it was filtered, not to the whole list.
    await page.getByRole('link', { name: 'All leads' }).click();
    await page.waitForURL(/\/admin\/leads\?(.*&)?q=Searchable/);
    await page.getByRole('link', { name: 'Meera Searchable' }).waitFor();
    expect(await page.getByRole('searchbox', { name: 'Search leads' }).inputValue()).toBe('Searchable');
    expect(await page.getByRole('link', { name: 'Arjun Other' }).count()).toBe(0);
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

  it('saves an edit against the lead as it was when editing began: a change made meanwhile is kept, not undone', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Tara Snapshot', city: 'Pune' });
    expect((await leadOf(ops, lead.id)).allowedTransitions).toContain('contacted');
    const page = await newPage({ allowedStatuses: [412] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Tara Snapshot' }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    const other = await request(h.t.server).patch(`/api/v1/leads/${lead.id}`).set('Authorization', ops.auth).send({ customerName: 'Tara Renamed Elsewhere' });
    expect(other.status).toBe(200);
    // While the form is open the page reads the lead again (a move refused as stale reloads it).
    await page.getByRole('button', { name: 'contacted', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Tara Renamed Elsewhere' }).waitFor();
    // The form still holds what it was opened with; only the city is changed here.
    expect(await page.getByLabel('Customer name').inputValue()).toBe('Tara Snapshot');
    await page.getByLabel('City').fill('Mumbai');
    await page.getByRole('button', { name: 'Save' }).click();
    // Refused (412): the form stays, says what changed meanwhile, takes the new name the agent
    // did not touch and keeps the city the agent typed; nothing is saved yet.
    const notice = page.getByRole('alert').filter({ hasText: 'changed by someone else while you edited it' });
    await notice.getByText('Customer name: Tara Snapshot → Tara Renamed Elsewhere').waitFor();
    expect(await page.getByLabel('Customer name').inputValue()).toBe('Tara Renamed Elsewhere');
    expect(await page.getByLabel('City').inputValue()).toBe('Mumbai');
    expect(await leadOf(ops, lead.id)).toMatchObject({ customerName: 'Tara Renamed Elsewhere', city: 'Pune', status: 'new' });
    // Saved again, on the lead's new version.
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
    expect(await leadOf(ops, lead.id)).toMatchObject({ customerName: 'Tara Renamed Elsewhere', city: 'Mumbai', status: 'new' });
  });

  it('saves an edit made across the agent\'s own transitions on the same page, without a 412', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Omkar Own Moves', city: 'Pune' });
    // No 412 is allowed in this page's console.
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Omkar Own Moves' }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('City').fill('Mumbai');
    // The agent moves the lead twice while the form is open: each move is a new version.
    await page.getByRole('button', { name: 'contacted', exact: true }).click();
    await page.getByLabel('Status: contacted').waitFor();
    await page.getByRole('button', { name: 'documents pending', exact: true }).click();
    await page.getByLabel('Status: documents pending').waitFor();
    expect(await page.getByLabel('City').inputValue()).toBe('Mumbai');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('button', { name: 'Save' }).waitFor({ state: 'detached' });
    expect(await leadOf(ops, lead.id)).toMatchObject({ city: 'Mumbai', status: 'documents_pending' });
    expect(await page.getByRole('alert').count()).toBe(0);
  });

  it('edits the state with a pincode of another state, and shows the API\'s error naming the state', async () => {
    await h.t.factory.loadPincodes();
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Isha Moving', pincode: '411001', city: 'Pune', state: 'Maharashtra' });
    const page = await newPage({ allowedStatuses: [400] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('heading', { level: 1, name: 'Isha Moving' }).waitFor();
    await page.getByRole('button', { name: 'Edit details' }).click();
    expect(await page.getByLabel('State').inputValue()).toBe('Maharashtra');
    await page.getByLabel('Pincode').fill('560001');
    await page.getByLabel('City').fill('Bengaluru');
    await page.getByRole('button', { name: 'Save' }).click();
    // 400 naming `state`: its message under the State input, the form kept as typed.
    await page.getByText('pincode 560001 is in Karnataka', { exact: false }).waitFor();
    expect(await page.getByLabel('State').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByLabel('Pincode').inputValue()).toBe('560001');
    await page.getByLabel('State').fill('Karnataka');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Bengaluru, Karnataka, 560001', { exact: false }).waitFor();
    expect(await leadOf(ops, lead.id)).toMatchObject({ city: 'Bengaluru', state: 'Karnataka', pincode: '560001' });
  });

  it('pages a busy lead\'s timeline with "Load more" up to its newest entry', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await h.t.factory.lead(oem, { customerName: 'Vikram Busy' });
    // 1 (received) + 105 edits + 1 move: more than the API's largest page of 100.
    for (let i = 0; i < 105; i++) {
      const res = await request(h.t.server).patch(`/api/v1/leads/${lead.id}`).set('Authorization', ops.auth).send({ addressLine1: `Flat ${i + 1}, Busy Towers` });
      expect(res.status).toBe(200);
    }
    const moved = await request(h.t.server).post(`/api/v1/leads/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'contacted' });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByText('Lead received', { exact: true }).waitFor();
    expect(await timeline.getByText('Customer contacted', { exact: true }).count()).toBe(0);
    // Oldest first, 50 a page: "Load more" brings the later entries, the newest on the third page.
    const entries = timeline.getByRole('listitem');
    const more = timeline.getByRole('button', { name: 'Load more' });
    await more.click();
    await entries.nth(99).waitFor();
    expect(await timeline.getByText('Customer contacted', { exact: true }).count()).toBe(0);
    await more.click();
    await timeline.getByText('Customer contacted', { exact: true }).waitFor();
    expect(await entries.count()).toBe(107);
    await expect.poll(() => more.count(), { timeout: WAIT_MS }).toBe(0);
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
    // The job's status too ("scheduled").
    await cardInHindi.getByText('तय है', { exact: true }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('hi');
    await shot(page, 'my-jobs-hi');
  });
});
