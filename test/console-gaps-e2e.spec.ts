// What the console's users missed (issue 17, the gaps) in a real browser: staff see the customer's
// signature on the installation report, Central Ops adds any technician to a team through a search
// and makes one team lead, an OEM sends a test event to its webhook and retries the failed delivery,
// a team picker and the leads and webhooks lists reach past the first page, and a refused download
// says why (harness: support/console-browser.ts).
import type { Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { OutboxRunner } from '../src/events/outbox/outbox-runner.service.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { useConsoleBrowser, WAIT_MS } from './support/console-browser.js';
import type { TestUser } from './support/factory.js';
import { binary } from './support/documents.js';
import { reportedInstallation } from './support/installations.js';
import { createTeam, SlotSequence } from './support/surveys.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

// Webhooks to a receiver on 127.0.0.1, retried at once (the outbox runs when a test pumps it).
const h = useConsoleBrowser({ WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_RETRY_SCHEDULE_SECONDS: '0,0' });
const { newPage, signIn, shot } = h;
const slots = new SlotSequence(5);

async function get<T>(who: TestUser, path: string): Promise<T> {
  const res = await request(h.t.server).get(`/api/v1${path}`).set('Authorization', who.auth);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as T;
}

/** Opens the lead page of `leadId` as `who` and waits for its installation report. */
async function openReport(page: Page, who: TestUser, leadId: string): Promise<void> {
  await signIn(page, who, `/admin/leads/${leadId}`);
  await page.getByRole('region', { name: 'Installation report' }).waitFor();
}

describe('console gaps: the customer signature', () => {
  it('shows staff the signature image stored with the installation report', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const { installation } = await reportedInstallation(h.t, oem, ops, team, slots);
    expect(installation.report?.customerSignature?.contentType).toBe('image/png');
    // The stored PNG's size, from its IHDR chunk: the image shown must be this one.
    const png = (await request(h.t.server).get(`/api/v1/installations/${installation.id}/report/signature`).set('Authorization', ops.auth).buffer(true).parse(binary)).body as Buffer;
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    for (const who of [ops, await h.t.factory.user('admin')]) {
      const page = await newPage();
      await openReport(page, who, installation.leadId);
      const image = page.getByRole('region', { name: 'Installation report' }).getByRole('img', { name: "Customer's signature" });
      await image.waitFor();
      // Drawn (decoded by the browser), and exactly the bytes the report stored. Strings run in the
      // page: this project's TypeScript has no DOM types.
      const img = `[...document.images].find((img) => img.alt === ${JSON.stringify("Customer's signature")})`;
      await expect.poll(() => page.evaluate<number>(`${img}.naturalWidth`), { timeout: WAIT_MS }).toBeGreaterThan(0);
      expect(await page.evaluate<number[]>(`[${img}.naturalWidth, ${img}.naturalHeight]`)).toEqual([png.readUInt32BE(16), png.readUInt32BE(20)]);
      if (who === ops) await shot(page, 'signature');
    }
  });
});

describe('console gaps: Central Ops and team members', () => {
  it('finds a technician beyond the first 50 by name, adds them as team lead, makes another member lead and removes one', async () => {
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 0 });
    for (let i = 0; i < 52; i++) await h.t.factory.user('field_technician', { fullName: `Bulk Tech ${String(i).padStart(2, '0')}` });
    const zubin = await h.t.factory.user('field_technician', { fullName: 'Zubin Findme' });
    const page = await newPage();
    await signIn(page, ops, '/admin/teams');
    const card = page.getByRole('region', { name: team.name });
    const picker = card.getByLabel('Technician');
    // Unsearched, the picker holds the first 50 by name and says so; Zubin is not among them.
    await card.getByText('Showing the first 50 by name').waitFor();
    expect(await picker.locator('option').count()).toBe(50);
    expect(await picker.locator('option', { hasText: 'Zubin Findme' }).count()).toBe(0);

    await card.getByLabel('Search by name or e-mail').fill('zubin');
    await picker.selectOption({ label: `Zubin Findme (${zubin.user.email})` });
    await card.getByLabel('Team lead').check();
    await card.getByRole('button', { name: 'Add member' }).click();
    await card.getByRole('button', { name: 'Remove Zubin Findme' }).waitFor();
    await card.getByRole('row').filter({ hasText: 'Zubin Findme' }).getByText('team lead', { exact: true }).waitFor();

    // Searching by e-mail works too; a second member, then made lead in Zubin's place.
    const bulk = (await get<{ id: string; fullName: string; email: string }[]>(ops, '/technicians?q=Bulk%20Tech%2051'))[0];
    await card.getByLabel('Search by name or e-mail').fill(bulk.email.toUpperCase());
    await picker.selectOption({ label: `Bulk Tech 51 (${bulk.email})` });
    await card.getByRole('button', { name: 'Add member' }).click();
    await card.getByRole('button', { name: 'Make Bulk Tech 51 team lead' }).click();
    await card.getByRole('row').filter({ hasText: 'Bulk Tech 51' }).getByText('team lead', { exact: true }).waitFor();
    await expect.poll(() => card.getByRole('row').filter({ hasText: 'Zubin Findme' }).getByText('team lead', { exact: true }).count(), { timeout: WAIT_MS }).toBe(0);
    type Members = { members: { userId: string; isLead: boolean }[] };
    expect((await get<Members>(ops, `/teams/${team.id}`)).members.map((member) => [member.userId, member.isLead]).sort()).toEqual(
      [[zubin.user.id, false], [bulk.id, true]].sort(),
    );
    await shot(page, 'teams-members');

    await card.getByRole('button', { name: 'Remove Zubin Findme' }).click();
    await expect.poll(() => card.getByRole('button', { name: 'Remove Zubin Findme' }).count(), { timeout: WAIT_MS }).toBe(0);
    expect((await get<Members>(ops, `/teams/${team.id}`)).members.map((member) => member.userId)).toEqual([bulk.id]);
  });
});

describe('console gaps: webhook test events and retries', () => {
  it('lets an OEM send a test event, follow its failed delivery and retry it until delivered', async () => {
    const receiver = await new WebhookReceiver().start();
    try {
      const oem = await h.t.factory.user('oem');
      const url = receiver.url('/console-test');
      const created = await request(h.t.server).post('/api/v1/webhook-subscriptions').set('Authorization', oem.auth).send({ url, events: ['lead.created'] });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      receiver.respond = () => 500;
      const hits = () => receiver.received.filter((hit) => hit.path === '/console-test');
      /** Outbox passes until `done()` holds (bounded: each retry is due at once). */
      const pump = async (done: () => boolean) => {
        for (let i = 0; i < 30 && !done(); i++) await h.t.app.get(OutboxRunner).runOnce();
        expect(done()).toBe(true);
      };

      const page = await newPage();
      await signIn(page, oem, '/admin/webhooks');
      const card = page.getByRole('article', { name: url });
      await card.getByRole('button', { name: 'Send test event' }).click();
      await card.getByRole('status').filter({ hasText: 'Test event queued' }).waitFor();
      const deliveries = card.getByRole('region', { name: 'Deliveries' });
      const row = deliveries.getByRole('row').filter({ hasText: 'webhook.test' });
      await row.getByText('pending', { exact: true }).waitFor();

      // The receiver answers 500 to the attempt and both retries: the delivery fails for good.
      await pump(() => hits().length === 3);
      expect(hits().every((hit) => hit.json.type === 'webhook.test')).toBe(true);
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
      await row.getByText('failed', { exact: true }).waitFor();
      await row.getByRole('cell', { name: '3', exact: true }).waitFor();
      await row.getByRole('cell', { name: '500', exact: true }).waitFor();
      await shot(page, 'webhook-deliveries');

      receiver.respond = () => 204;
      await row.getByRole('button', { name: /^Retry webhook\.test/ }).click();
      await deliveries.getByRole('status').filter({ hasText: 'Delivery queued again' }).waitFor();
      await row.getByText('pending', { exact: true }).waitFor();
      await pump(() => hits().length === 4);
      await deliveries.getByRole('button', { name: 'Refresh' }).click();
      await row.getByText('delivered', { exact: true }).waitFor();
      await row.getByRole('cell', { name: '204', exact: true }).waitFor();
      expect(await row.getByRole('button', { name: /^Retry/ }).count()).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});

describe('console gaps: pickers past the first page', () => {
  it('reaches the 101st team of a city on the calendar with "More teams"', async () => {
    const ops = await h.t.factory.user('central_ops');
    for (let i = 0; i < 101; i++) {
      const res = await request(h.t.server).post('/api/v1/teams').set('Authorization', ops.auth).send({ name: `Nashik Crew ${String(i).padStart(3, '0')}`, city: 'Nashik', state: 'Maharashtra' });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const page = await newPage();
    await signIn(page, ops, '/admin/calendar?city=Nashik');
    const picker = page.getByLabel('Team', { exact: true });
    await expect.poll(() => picker.locator('option').count(), { timeout: WAIT_MS }).toBe(100);
    const firstPage = new Set(await picker.locator('option').allInnerTexts());
    await page.getByRole('button', { name: 'More teams' }).click();
    await expect.poll(() => picker.locator('option').count(), { timeout: WAIT_MS }).toBe(101);
    const [last] = (await picker.locator('option').allInnerTexts()).filter((label) => !firstPage.has(label));
    expect(last).toMatch(/^Nashik Crew \d{3} \(Nashik\)$/);
    await picker.selectOption({ label: last });
    await page.getByRole('table', { name: `Week of team ${last.replace(' (Nashik)', '')}` }).waitFor();
    expect(await page.getByRole('button', { name: 'More teams' }).count()).toBe(0);
  });
});

describe('console gaps: lists past the first page', () => {
  it('brings an OEM its 26th lead and 51st webhook with "Load more", and tells another OEM both lists are empty', async () => {
    const oem = await h.t.factory.user('oem');
    const names = Array.from({ length: 26 }, (_, i) => `Paged Lead ${String(i).padStart(2, '0')}`);
    for (const customerName of names) await h.t.factory.lead(oem, { customerName });
    // An event no step of this file causes: the subscriptions never get a delivery.
    for (let i = 0; i < 51; i++) {
      const res = await request(h.t.server).post('/api/v1/webhook-subscriptions').set('Authorization', oem.auth).send({ url: `http://127.0.0.1:9/paged-${i}`, events: ['lead.anonymised'] });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
    const page = await newPage();
    const loadMore = page.getByRole('button', { name: 'Load more' });

    // The leads list pages by 25.
    await signIn(page, oem, '/admin/leads');
    const leads = page.getByRole('table').getByRole('link', { name: /^Paged Lead \d{2}$/ });
    await expect.poll(() => leads.count(), { timeout: WAIT_MS }).toBe(25);
    await loadMore.click();
    await expect.poll(() => leads.count(), { timeout: WAIT_MS }).toBe(26);
    expect((await leads.allInnerTexts()).sort()).toEqual(names);
    expect(await loadMore.count()).toBe(0);

    // Webhook subscriptions page by 50.
    await page.goto(`${h.base}/admin/webhooks`);
    const subscriptions = page.getByRole('article');
    await expect.poll(() => subscriptions.count(), { timeout: WAIT_MS }).toBe(50);
    await loadMore.click();
    await expect.poll(() => subscriptions.count(), { timeout: WAIT_MS }).toBe(51);
    expect(await loadMore.count()).toBe(0);

    const newcomer = await h.t.factory.user('oem');
    const empty = await newPage();
    await signIn(empty, newcomer, '/admin/leads');
    await empty.getByText('No leads match these filters.').waitFor();
    await empty.goto(`${h.base}/admin/webhooks`);
    await empty.getByText('No webhook subscriptions yet.').waitFor();
    expect(await empty.getByRole('button', { name: 'Load more' }).count()).toBe(0);
  });
});

describe('console gaps: downloads that fail', () => {
  it('tells staff why a closure pack download failed instead of doing nothing', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const { installation } = await reportedInstallation(h.t, oem, ops, team, slots);
    const generated = await request(h.t.server).post(`/api/v1/installations/${installation.id}/closure-pack`).set('Authorization', ops.auth);
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    expect((generated.body as InstallationResponseDto).closurePack).toBeTruthy();
    const page = await newPage({ allowedStatuses: [410] });
    // As retention would answer once the pack's bytes are gone.
    await page.route('**/closure-pack/content', (route) =>
      route.fulfill({ status: 410, contentType: 'application/problem+json', body: JSON.stringify({ type: 'about:blank', title: 'Gone', status: 410, detail: 'The closure pack was deleted by retention', code: 'FILE_PURGED' }) }),
    );
    await openReport(page, ops, installation.leadId);
    await page.getByRole('button', { name: 'Download closure pack' }).click();
    await page.getByRole('alert').filter({ hasText: 'The download failed: The closure pack was deleted by retention' }).waitFor();
  });
});
