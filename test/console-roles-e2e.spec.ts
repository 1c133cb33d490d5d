// The console's dashboard, admin and OEM pages (issue 17 items 1, 6, 7, 8, 10) in a real browser:
// navigation by role, staff URLs refused to an OEM, users and API keys, teams, the dashboard
// against the reports API, an OEM's closure pack and webhooks, and the session's background
// refresh and sign-out (harness: support/console-browser.ts).
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { RefreshToken } from '../src/users/entities/refresh-token.entity.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { useConsoleBrowser, PASSWORD, WAIT_MS } from './support/console-browser.js';
import { SAMPLES, uploaded } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { reportedInstallation } from './support/installations.js';
import { createTeam, SlotSequence } from './support/surveys.js';

const h = useConsoleBrowser();
const { newPage, signIn, shot } = h;

/** The pages of src/pages/roles/ by their navigation name. */
const ROLES_NAV = ['Dashboard', 'Closure packs', 'Webhooks', 'Users', 'Teams', 'Lead sources'] as const;

/** The session a tab keeps (sessionStorage), or null when it is signed out. */
async function storedSession(page: Page): Promise<{ refreshToken: string; accessToken: string } | null> {
  return JSON.parse((await page.evaluate<string | null>('sessionStorage.getItem("chargeops.session")')) ?? 'null') as { refreshToken: string; accessToken: string } | null;
}

async function api(who: TestUser, path: string): Promise<request.Response> {
  const res = await request(h.t.server).get(`/api/v1${path}`).set('Authorization', who.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}

describe('console roles: navigation', () => {
  it('shows each role its home page and only the navigation its API allows', async () => {
    const expectations = [
      { role: 'admin', heading: 'Leads', nav: ['Leads', 'Dashboard', 'Closure packs', 'Webhooks', 'Users', 'Teams', 'Lead sources'] },
      { role: 'central_ops', heading: 'Leads', nav: ['Leads', 'Dashboard', 'Closure packs', 'Webhooks', 'Teams'] },
      { role: 'oem', heading: 'Leads', nav: ['Leads', 'Dashboard', 'Closure packs', 'Webhooks'] },
      { role: 'field_technician', heading: 'My jobs', nav: ['My jobs'] },
    ] as const;
    for (const { role, heading, nav } of expectations) {
      const who = await h.t.factory.user(role);
      const page = await newPage();
      await signIn(page, who);
      await page.getByRole('heading', { level: 1, name: heading, exact: true }).waitFor();
      const navigation = page.getByRole('navigation', { name: 'Main navigation' });
      for (const name of nav) expect(await navigation.getByRole('link', { name, exact: true }).count(), `${role} sees ${name}`).toBe(1);
      for (const name of ROLES_NAV.filter((entry) => !(nav as readonly string[]).includes(entry))) {
        expect(await navigation.getByRole('link', { name, exact: true }).count(), `${role} does not see ${name}`).toBe(0);
      }
      // Every entry opens its page.
      for (const name of nav.filter((entry) => entry !== 'Leads' && entry !== 'My jobs')) {
        await navigation.getByRole('link', { name, exact: true }).click();
        await page.getByRole('heading', { level: 1, name, exact: true }).waitFor();
      }
    }
  });

  it('tells an OEM that staff pages opened by URL are not available, and calls no staff route', async () => {
    const oem = await h.t.factory.user('oem');
    const page = await newPage();
    const staffCalls: string[] = [];
    page.on('request', (sent) => {
      if (/\/api\/v1\/(users|teams)/.test(sent.url())) staffCalls.push(sent.url());
    });
    await signIn(page, oem);
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    for (const path of ['users', 'teams', 'lead-sources', 'jobs']) {
      await page.goto(`${h.base}/admin/${path}`);
      await page.getByRole('alert').filter({ hasText: 'This page is not available for your role.' }).waitFor();
      expect(await page.getByRole('heading', { level: 1 }).count(), path).toBe(0);
    }
    expect(staffCalls).toEqual([]);
  });
});

describe('console roles: admin', () => {
  it('creates a user, changes its password, deactivates it, and lists users by role', async () => {
    const admin = await h.t.factory.user('admin');
    const page = await newPage({ allowedStatuses: [400] });
    await signIn(page, admin, '/admin/users');
    await page.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    const form = page.getByRole('form', { name: 'New user' });
    // Each spec file has its own fresh database: a fixed address is unique in it.
    const email = 'asha.console@ops.example';
    await form.getByLabel('Full name').fill('Asha Console');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption('central_ops');
    // The API's field errors show under the field they name.
    await form.getByLabel('Phone').fill('12');
    await form.getByLabel('Password').fill('long-enough-password');
    await form.getByRole('button', { name: 'New user' }).click();
    await expect.poll(() => form.getByLabel('Phone').getAttribute('aria-invalid'), { timeout: WAIT_MS }).toBe('true');
    const describedBy = (await form.getByLabel('Phone').getAttribute('aria-describedby')) ?? '';
    expect(await form.locator(`[id="${describedBy.split(' ')[0]}"]`).innerText()).toMatch(/phone/i);
    expect((await api(admin, `/users?email=${encodeURIComponent(email)}`)).body.data).toEqual([]);
    await form.getByLabel('Phone').fill('98123 45678');
    await form.getByRole('button', { name: 'New user' }).click();
    await page.getByRole('status').filter({ hasText: `User ${email} created.` }).waitFor();
    const row = page.getByRole('row').filter({ hasText: email });
    await row.getByText('Central Ops').waitFor();
    const [created] = (await api(admin, `/users?email=${encodeURIComponent(email)}`)).body.data as { id: string; phone: string; isActive: boolean }[];
    expect(created.phone).toBe('+919812345678');

    await page.getByRole('button', { name: `Reset password ${email}` }).click();
    await page.getByRole('dialog').getByLabel('New password').fill('another-long-password');
    await page.getByRole('dialog').getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: `Password of ${email} changed` }).waitFor();
    const login = await request(h.t.server).post('/api/v1/auth/login').send({ email, password: 'another-long-password' });
    expect(login.status).toBe(200);

    await page.getByRole('button', { name: `Deactivate ${email}` }).click();
    await row.getByText('Deactivated').waitFor();
    expect((await api(admin, `/users/${created.id}`)).body.isActive).toBe(false);

    await page.getByLabel('Show role').selectOption('central_ops');
    await page.getByRole('row').filter({ hasText: email }).waitFor();
    await expect.poll(() => page.getByRole('row').filter({ hasText: admin.user.email }).count(), { timeout: WAIT_MS }).toBe(0);
    await page.getByLabel('Show role').selectOption('');
    await page.getByRole('row').filter({ hasText: admin.user.email }).waitFor();
    await shot(page, 'admin-users');
  });

  it('creates an OEM API key shown once with a copy button and a warning; after a reload only its prefix is left', async () => {
    const admin = await h.t.factory.user('admin');
    const oem = await h.t.factory.user('oem', { fullName: 'Keyed Motors' });
    const page = await newPage();
    await signIn(page, admin, '/admin/users');
    await page.getByRole('button', { name: `API keys ${oem.user.email}` }).click();
    const dialog = page.getByRole('dialog', { name: 'API keys of Keyed Motors' });
    await dialog.getByLabel('Key name').fill('Dealer portal');
    await dialog.getByRole('button', { name: 'Create key' }).click();
    const secret = dialog.getByRole('status').filter({ hasText: 'New API key' });
    await secret.getByText('it is shown only once').waitFor();
    await secret.getByRole('button', { name: 'Copy' }).waitFor();
    const key = (await secret.getByLabel('New API key').innerText()).trim();
    expect(key.length).toBeGreaterThanOrEqual(40);
    // The key shown is the working key of this OEM.
    const asOem = await request(h.t.server).get('/api/v1/leads?limit=1').set('X-API-Key', key);
    expect(asOem.status).toBe(200);
    await dialog.getByRole('row').filter({ hasText: 'Dealer portal' }).waitFor();

    await page.reload();
    await page.getByRole('button', { name: `API keys ${oem.user.email}` }).click();
    const again = page.getByRole('dialog', { name: 'API keys of Keyed Motors' });
    await again.getByRole('row').filter({ hasText: 'Dealer portal' }).getByText(`${key.slice(0, 8)}…`).waitFor();
    expect(await page.content()).not.toContain(key);

    await again.getByRole('button', { name: 'Revoke Dealer portal' }).click();
    await again.getByRole('row').filter({ hasText: 'Dealer portal' }).getByText('revoked').waitFor();
    expect((await request(h.t.server).get('/api/v1/leads?limit=1').set('X-API-Key', key)).status).toBe(401);
  });

  it('creates a team and adds a technician as its lead, then removes them', async () => {
    const admin = await h.t.factory.user('admin');
    const tech = await h.t.factory.user('field_technician', { fullName: 'Ravi Teammate' });
    const page = await newPage();
    await signIn(page, admin, '/admin/teams');
    await page.getByRole('heading', { level: 1, name: 'Teams' }).waitFor();
    const name = 'Pune East Console';
    const form = page.getByRole('form', { name: 'New team' });
    await form.getByLabel('Team name').fill(name);
    await form.getByLabel('City').fill('Pune');
    await form.getByLabel('State').fill('Maharashtra');
    await form.getByRole('button', { name: 'New team' }).click();
    const card = page.getByRole('region', { name });
    await card.getByText('Pune, ').waitFor();
    await card.getByLabel('Search by name or e-mail').fill('Ravi Teammate');
    await card.getByLabel('Technician').selectOption({ label: `Ravi Teammate (${tech.user.email})` });
    await card.getByLabel('Team lead').check();
    await card.getByRole('button', { name: 'Add member' }).click();
    await card.getByRole('button', { name: 'Remove Ravi Teammate' }).waitFor();
    await card.getByText('team lead', { exact: true }).waitFor();
    const teams = (await api(admin, '/teams?limit=100')).body.data as { id: string; name: string; state: string; members: { userId: string; isLead: boolean }[] }[];
    const team = teams.find((entry) => entry.name === name);
    expect(team?.members).toEqual([expect.objectContaining({ userId: tech.user.id, isLead: true })]);
    await shot(page, 'admin-teams');

    await card.getByRole('button', { name: 'Remove Ravi Teammate' }).click();
    await card.getByText('No members yet.').waitFor();
    expect((await api(admin, `/teams/${team!.id}`)).body.members).toEqual([]);
  });

  it('says why "Add member" was refused when the API names a field the form has no input for (userId)', async () => {
    const admin = await h.t.factory.user('admin');
    const tech = await h.t.factory.user('field_technician', { fullName: 'Gopal Leaving' });
    const team = await createTeam(h.t, admin, { technicians: 0 });
    const page = await newPage({ allowedStatuses: [400] });
    await signIn(page, admin, '/admin/teams');
    const card = page.getByRole('region', { name: team.name });
    await card.getByLabel('Search by name or e-mail').fill('Gopal Leaving');
    await card.getByLabel('Technician').selectOption({ label: `Gopal Leaving (${tech.user.email})` });
    // Deactivated while the form shows them: the API answers 400 naming `userId`.
    await request(h.t.server).patch(`/api/v1/users/${tech.user.id}`).set('Authorization', admin.auth).send({ isActive: false }).expect(200);
    await card.getByRole('button', { name: 'Add member' }).click();
    await card.getByRole('alert').filter({ hasText: 'userId must be an active user with role field_technician' }).waitFor();
    expect((await api(admin, `/teams/${team.id}`)).body.members).toEqual([]);
  });

  it('creates a lead source for an OEM and renames it', async () => {
    const admin = await h.t.factory.user('admin');
    const oem = await h.t.factory.user('oem', { fullName: 'Sourced Motors' });
    const page = await newPage();
    await signIn(page, admin, '/admin/lead-sources');
    const form = page.getByRole('region', { name: 'New source' });
    const name = 'Sourced portal';
    await form.getByLabel('Source name').fill(name);
    await form.getByLabel('Type').selectOption('portal');
    await form.getByLabel('OEM').selectOption({ label: 'Sourced Motors' });
    await form.getByRole('button', { name: 'New source' }).click();
    await page.getByRole('row').filter({ hasText: name }).getByText('Sourced Motors').waitFor();
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Source name').fill(`${name} (renamed)`);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row').filter({ hasText: `${name} (renamed)` }).waitFor();
    const sources = (await api(admin, '/lead-sources')).body as { name: string; oemId: string | null; sourceType: string }[];
    expect(sources.find((source) => source.name === `${name} (renamed)`)).toMatchObject({ oemId: oem.user.id, sourceType: 'portal' });
  });
});

describe('console roles: dashboard', () => {
  it('shows the counts by status of the reports API, each linking to the filtered leads list', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    await h.t.factory.lead(oem, { customerName: 'Dash New One' });
    await h.t.factory.leadInStatus(oem, ops, 'contacted', { overrides: { customerName: 'Dash Contacted' } });
    await h.t.factory.leadInStatus(oem, ops, 'documents_pending', { overrides: { customerName: 'Dash Pending One' } });
    await h.t.factory.leadInStatus(oem, ops, 'documents_pending', { overrides: { customerName: 'Dash Pending Two' } });
    const summary = (await api(ops, '/reports/leads/summary')).body as { byStatus: Record<string, number>; total: number };
    expect(summary.byStatus.documents_pending).toBeGreaterThanOrEqual(2);

    const page = await newPage();
    await signIn(page, ops, '/admin/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const counts = page.getByRole('region', { name: 'Leads by status' });
    // By default the last 90 days, and each count's link carries that period to the list.
    const pending = counts.getByRole('link', { name: `${summary.byStatus.documents_pending} documents pending`, exact: true });
    const firstDay = new Date(Date.now() + 330 * 60_000 - 90 * 86_400_000).toISOString().slice(0, 10);
    expect(decodeURIComponent((await pending.getAttribute('href')) ?? '')).toContain(firstDay);
    await page.getByLabel('Leads created').selectOption({ label: 'all time' });
    for (const [status, count] of Object.entries(summary.byStatus)) {
      await counts.getByRole('link', { name: `${count} ${status.replaceAll('_', ' ')}`, exact: true }).waitFor();
    }
    await counts.getByText(`${summary.total} leads in this period`).waitFor();
    // The funnel comes after the counts: every lead reached `new`.
    const funnel = page.getByRole('region', { name: 'Funnel' });
    await funnel.getByRole('row').filter({ hasText: /^new/ }).waitFor();
    await shot(page, 'dashboard');

    await counts.getByRole('link', { name: `${summary.byStatus.documents_pending} documents pending`, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Leads' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/admin/leads');
    expect(decodeURIComponent(page.url())).toContain('documents_pending');
    await page.getByRole('link', { name: 'Dash Pending Two' }).waitFor();
    await expect.poll(() => page.getByRole('table').getByRole('row').count(), { timeout: WAIT_MS }).toBe(Math.min(summary.byStatus.documents_pending, 25) + 1);
    expect(await page.getByRole('link', { name: 'Dash Contacted' }).count()).toBe(0);
  });

  it('shows an OEM the counts of its own leads only', async () => {
    const oem = await h.t.factory.user('oem');
    const other = await h.t.factory.user('oem');
    await h.t.factory.lead(oem, { customerName: 'Own Dash Lead' });
    await h.t.factory.lead(other, { customerName: 'Other Dash Lead' });
    const page = await newPage();
    await signIn(page, oem, '/admin/dashboard');
    const counts = page.getByRole('region', { name: 'Leads by status' });
    await counts.getByText('1 leads in this period').waitFor();
    await counts.getByRole('link', { name: '1 new', exact: true }).waitFor();
  });
});

describe('console roles: OEM', () => {
  it('shows an OEM its lead\'s status, the documents it uploaded, and downloads the closure pack', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const { installation } = await reportedInstallation(h.t, oem, ops, team, new SlotSequence(3));
    const leadId = installation.leadId;
    // Before the pack: a closed lead takes no more documents.
    await uploaded(h.t, { Authorization: oem.auth }, leadId, { documentType: 'other', file: SAMPLES.pdf.bytes, filename: 'purchase-order.pdf', contentType: 'application/pdf' });
    const generated = await request(h.t.server).post(`/api/v1/installations/${installation.id}/closure-pack`).set('Authorization', ops.auth);
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    const lead = (await api(oem, `/leads/${leadId}`)).body as LeadResponseDto;
    expect(lead.status).toBe('closed');
    const open = await h.t.factory.lead(oem, { customerName: 'Open Oem Lead' });

    const page = await newPage();
    await signIn(page, oem);
    await page.getByRole('link', { name: 'Open Oem Lead' }).waitFor();
    await page.getByRole('row').filter({ hasText: lead.customerName }).getByText('closed', { exact: true }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Open Oem Lead' }).getByText('new', { exact: true }).waitFor();
    await shot(page, 'oem-leads');

    // The lead page: status, the documents this OEM uploaded (not the ones staff did), the pack.
    await page.getByRole('link', { name: lead.customerName }).click();
    await page.getByRole('heading', { level: 1, name: lead.customerName }).waitFor();
    await page.getByLabel('Status: closed').waitFor();
    const documents = page.getByRole('region', { name: 'Documents you uploaded' });
    await documents.getByRole('row').filter({ hasText: 'purchase-order.pdf' }).waitFor();
    expect(await documents.getByRole('row').count()).toBe(2);
    await shot(page, 'oem');
    const [pdf] = await Promise.all([page.waitForEvent('download'), documents.getByRole('button', { name: 'Download purchase-order.pdf' }).click()]);
    expect(await readFile(await pdf.path())).toEqual(SAMPLES.pdf.bytes);

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Closure packs' }).click();
    await page.getByRole('heading', { level: 1, name: 'Closure packs' }).waitFor();
    const [zip] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: `Download closure pack: ${lead.customerName}` }).click()]);
    expect(zip.suggestedFilename()).toMatch(/\.zip$/);
    const bytes = await readFile(await zip.path());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(lead.closurePack?.sha256);
    expect(await page.getByRole('link', { name: open.customerName }).count()).toBe(0);
  });

  it('lets an OEM create a webhook subscription (secret shown once), pause it, rotate its secret and delete it', async () => {
    const oem = await h.t.factory.user('oem');
    const page = await newPage();
    await signIn(page, oem, '/admin/webhooks');
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    const form = page.getByRole('form', { name: 'New subscription' });
    const url = 'https://hooks.example.com/chargeops';
    await form.getByLabel('URL').fill(url);
    await form.getByLabel('Description').fill('Dealer CRM');
    await form.getByLabel('lead.status_changed').check();
    await form.getByLabel('closure_pack.ready').check();
    await form.getByRole('button', { name: 'New subscription' }).click();
    const secretBox = page.getByRole('status').filter({ hasText: 'Signing secret' });
    const first = (await secretBox.getByLabel(`Signing secret: ${url}`).innerText()).trim();
    expect(first).toMatch(/^whsec_/);
    await secretBox.getByText('it is shown only once').waitFor();
    const card = page.getByRole('article', { name: url });
    await card.getByText('active', { exact: true }).waitFor();
    const [sub] = (await api(oem, '/webhook-subscriptions')).body.data as { id: string; events: string[]; active: boolean }[];
    expect(sub.events.sort()).toEqual(['closure_pack.ready', 'lead.status_changed']);
    await secretBox.getByRole('button', { name: 'I have stored it' }).click();
    expect(await page.content()).not.toContain(first);

    await card.getByRole('button', { name: 'Pause' }).click();
    await card.getByText('paused', { exact: true }).waitFor();
    expect((await api(oem, `/webhook-subscriptions/${sub.id}`)).body.active).toBe(false);
    await card.getByRole('button', { name: 'Resume' }).click();
    await card.getByText('active', { exact: true }).waitFor();

    await card.getByRole('button', { name: 'Rotate secret' }).click();
    const rotated = (await secretBox.getByLabel(`Signing secret: ${url}`).innerText()).trim();
    expect(rotated).toMatch(/^whsec_/);
    expect(rotated).not.toBe(first);
    await shot(page, 'oem-webhooks');

    await card.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText('No webhook subscriptions yet.').waitFor();
    expect((await api(oem, '/webhook-subscriptions')).body.data).toEqual([]);
  });
});

describe('console roles: session', () => {
  it('rotates the refresh token in the background before the access token expires, and keeps working', async () => {
    const ops = await h.t.factory.user('central_ops');
    await h.t.factory.lead(await h.t.factory.user('oem'), { customerName: 'Refresh Survivor' });
    const page = await newPage();
    await page.clock.install();
    await signIn(page, ops);
    await page.getByRole('link', { name: 'Refresh Survivor' }).waitFor();
    const stored = async () => JSON.parse((await page.evaluate<string | null>('sessionStorage.getItem("chargeops.session")')) ?? 'null') as { refreshToken: string; accessToken: string } | null;
    const before = await stored();
    expect(before).not.toBeNull();
    // Past the refresh point (30 s before the 15-minute access token expires).
    await page.clock.fastForward('14:40');
    await expect.poll(async () => (await stored())?.refreshToken, { timeout: WAIT_MS }).not.toBe(before!.refreshToken);
    // Each refresh token works once: the old one is spent (a replay of it is test/auth.spec.ts' matter), the console holds the new one.
    const tokens = h.t.app.get(DataSource).getRepository(RefreshToken);
    expect((await tokens.findOneByOrFail({ id: before!.refreshToken.split('.')[0] })).rotatedAt).not.toBeNull();
    expect((await tokens.findOneByOrFail({ id: (await stored())!.refreshToken.split('.')[0] })).rotatedAt).toBeNull();
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('region', { name: 'Leads by status' }).waitFor();
  });

  it('keeps a duplicated tab and its original signed in: they refresh in turn, and the login survives', async () => {
    const ops = await h.t.factory.user('central_ops');
    await h.t.factory.lead(await h.t.factory.user('oem'), { customerName: 'Twin Tab Lead' });
    const page = await newPage();
    const context = page.context();
    await context.clock.install();
    await signIn(page, ops);
    await page.getByRole('link', { name: 'Twin Tab Lead' }).waitFor();
    const original = await storedSession(page);
    expect(original).not.toBeNull();
    // "Duplicate tab" opens a second tab of the browser with a copy of the tab's sessionStorage.
    const twin = await context.newPage();
    await twin.addInitScript(`sessionStorage.getItem("chargeops.session") || sessionStorage.setItem("chargeops.session", ${JSON.stringify(JSON.stringify(original))})`);
    await twin.goto(`${h.base}/admin/leads`);
    await twin.getByRole('link', { name: 'Twin Tab Lead' }).waitFor();
    // Both reach the refresh point together: one rotates, the other takes the new tokens.
    await context.clock.fastForward('14:40');
    await expect.poll(async () => {
      const [mine, theirs] = [await storedSession(page), await storedSession(twin)];
      return mine !== null && mine.refreshToken !== original!.refreshToken && theirs?.refreshToken === mine.refreshToken;
    }, { timeout: WAIT_MS }).toBe(true);
    for (const tab of [page, twin]) {
      await tab.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Dashboard' }).click();
      await tab.getByRole('region', { name: 'Leads by status' }).waitFor();
    }
    // The refresh token was used once: the login is not revoked, its newest token still works.
    const newest = await storedSession(page);
    expect((await request(h.t.server).post('/api/v1/auth/refresh').send({ refreshToken: newest!.refreshToken })).status).toBe(200);
  });

  it('keeps the session when a refresh fails on the way (503), and refreshes on the next try', async () => {
    const ops = await h.t.factory.user('central_ops');
    const page = await newPage({ allowedStatuses: [503] });
    await page.clock.install();
    await signIn(page, ops, '/admin/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const before = await storedSession(page);
    let failed = false;
    await page.route('**/api/v1/auth/refresh', async (route) => {
      if (failed) return route.continue();
      failed = true;
      await route.fulfill({ status: 503, contentType: 'text/plain', body: 'upstream unavailable' });
    });
    await page.clock.fastForward('14:40');
    await expect.poll(() => failed, { timeout: WAIT_MS }).toBe(true);
    // The next try, a little later, rotates: the session was kept through the failure.
    await page.clock.fastForward('00:20');
    await expect.poll(async () => {
      const now = await storedSession(page);
      return now !== null && now.refreshToken !== before!.refreshToken;
    }, { timeout: WAIT_MS }).toBe(true);
    expect(page.url()).toContain('/admin/dashboard');
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
  });

  it('sends to sign-in and back when the server refuses the refresh token (the login was signed out elsewhere)', async () => {
    const ops = await h.t.factory.user('central_ops');
    const page = await newPage({ allowedStatuses: [401] });
    await page.clock.install();
    await signIn(page, ops, '/admin/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const session = await storedSession(page);
    await request(h.t.server).post('/api/v1/auth/logout').set('Authorization', ops.auth).send({ refreshToken: session!.refreshToken }).expect(204);
    await page.clock.fastForward('14:40');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin/dashboard');
    expect(await storedSession(page)).toBeNull();
    await page.getByLabel('Email').fill(ops.user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
  });

  it('signs out: the refresh token is revoked and the pages send to sign-in', async () => {
    const ops = await h.t.factory.user('central_ops');
    const page = await newPage();
    await signIn(page, ops, '/admin/dashboard');
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    const session = JSON.parse((await page.evaluate<string | null>('sessionStorage.getItem("chargeops.session")')) ?? 'null') as { refreshToken: string };
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate<string | null>('sessionStorage.getItem("chargeops.session")')).toBeNull();
    expect((await request(h.t.server).post('/api/v1/auth/refresh').send({ refreshToken: session.refreshToken })).status).toBe(401);
    await page.goto(`${h.base}/admin/users`);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    // Signing back in returns to the page asked for.
    await page.getByLabel('Email').fill(ops.user.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'This page is not available for your role.' }).waitFor();
  });
});
