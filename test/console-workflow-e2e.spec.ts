// The console's workflow in a real browser (issue 17 items 2–5 and 9): a lead from creation to
// closed through the UI only — documents by drag and drop, a survey in a free slot, the
// technician's part on a phone with a drawn signature, approval, the installation with primary and
// backup, the closure pack — plus a double-booking shown as "slot just taken", the team calendar,
// the list's filters and the technician's screens in Hindi (harness: support/console-browser.ts).
import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { encodeJpeg, renderDemoBill, sitePhotoPainter } from '../src/cli/demo-files.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { addDays, todayInIndia } from '../src/teams/time-slots.js';
import { useConsoleBrowser, WAIT_MS } from './support/console-browser.js';
import type { TestUser } from './support/factory.js';
import { approvedSurvey, completeInstallation, confirmInstallation, planInstallation } from './support/installations.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence } from './support/surveys.js';

const h = useConsoleBrowser();
const { newPage, signIn, shot } = h;

/** Monday of next week in India: every slot of it is ahead, whatever day the suite runs. */
function nextMonday(): string {
  const today = todayInIndia();
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, 7 - ((weekday + 6) % 7));
}

const photo = (seed: number) => encodeJpeg(320, 240, sitePhotoPainter(320, 240, seed));

async function leadOf(who: TestUser, id: string): Promise<LeadResponseDto> {
  const res = await request(h.t.server).get(`/api/v1/leads/${id}`).set('Authorization', who.auth);
  expect(res.status).toBe(200);
  return res.body as LeadResponseDto;
}

/** Waits for the lead page's status badge to read `status` (underscores as spaces). */
const leadStatus = (page: Page, status: string) => page.getByLabel(`Status: ${status.replaceAll('_', ' ')}`, { exact: true }).waitFor();

/** Drops `bytes` as a file named `name` on the element labelled `zone`, as a drag from the desktop would. */
async function dropFile(page: Page, zone: string, name: string, type: string, bytes: Buffer): Promise<void> {
  // The zone ignores drops while an upload is still finishing (its list refreshes before the
  // upload counts as done): wait until it invites a file again.
  await page.getByLabel(zone).getByText('Drag a file here', { exact: false }).waitFor();
  await page.evaluate(`(() => {
    const bytes = Uint8Array.from(atob(${JSON.stringify(bytes.toString('base64'))}), (c) => c.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], ${JSON.stringify(name)}, { type: ${JSON.stringify(type)} }));
    const target = document.querySelector('[aria-label=${JSON.stringify(zone)}]');
    for (const kind of ['dragenter', 'dragover', 'drop']) target.dispatchEvent(new DragEvent(kind, { bubbles: true, cancelable: true, dataTransfer: data }));
  })()`);
}

/** Draws a two-stroke signature with the mouse on the canvas named `name`. */
async function sign(page: Page, name: string): Promise<void> {
  const box = await page.getByRole('img', { name }).boundingBox();
  expect(box).not.toBeNull();
  const { x, y, width, height } = box!;
  await page.mouse.move(x + width * 0.1, y + height * 0.6);
  await page.mouse.down();
  for (let i = 1; i <= 12; i++) await page.mouse.move(x + width * (0.1 + i * 0.05), y + height * (0.6 - 0.3 * Math.sin(i / 2)), { steps: 2 });
  await page.mouse.up();
  await page.mouse.move(x + width * 0.3, y + height * 0.8);
  await page.mouse.down();
  await page.mouse.move(x + width * 0.8, y + height * 0.75, { steps: 8 });
  await page.mouse.up();
}

/**
 * Makes the next `method` request to URLs matching `glob` answer 503 (a dropped connection on the
 * way), then lets requests through again; resolves once that failure was served.
 */
async function failOnce(page: Page, glob: string, method: string): Promise<() => boolean> {
  let failed = false;
  await page.route(glob, async (route) => {
    if (!failed && route.request().method() === method) {
      failed = true;
      await route.fulfill({ status: 503, contentType: 'text/plain', body: 'upstream unavailable' });
    } else {
      await route.continue();
    }
  });
  return () => failed;
}

describe('console: a lead from creation to closed, through the UI only', () => {
  it('creates, documents, surveys, approves, installs with a signature and closes a lead', { timeout: 180_000 }, async () => {
    const oem = await h.t.factory.user('oem', { fullName: 'Flow Motors' });
    const ops = await h.t.factory.user('central_ops');
    const address = h.t.factory.leadPayload();
    const primary = await createTeam(h.t, ops, { technicians: 1, city: address.city, state: address.state });
    const backup = await createTeam(h.t, ops, { technicians: 1, city: address.city, state: address.state });
    const tech = primary.technicians[0];
    const monday = nextMonday();

    // Central Ops creates the lead in the console.
    const page = await newPage({ height: 900 });
    await signIn(page, ops);
    await page.getByRole('link', { name: 'New lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'New lead' }).waitFor();
    await page.getByLabel(/^OEM/).selectOption({ label: 'Flow Motors' });
    await page.getByLabel('Customer name').fill('Asha Workflow');
    await page.getByLabel('Phone').fill(address.customerPhone);
    await page.getByLabel('Address line 1').fill(address.addressLine1);
    await page.getByLabel('City').fill(address.city);
    await page.getByLabel('State').fill(address.state);
    await page.getByLabel('Pincode').fill(address.pincode);
    await page.getByLabel('Charger model').fill('7.4 kW AC Wallbox');
    await shot(page, 'new-lead');
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Asha Workflow' }).waitFor();
    const leadId = /\/admin\/leads\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect(leadId).toBeDefined();
    expect((await leadOf(ops, leadId!)).oemId).toBe(oem.user.id);

    // The intro call, then documents: the bill chosen from disk, the location photo dropped.
    await page.getByRole('button', { name: 'contacted', exact: true }).click();
    await leadStatus(page, 'contacted');
    await page.getByRole('button', { name: 'documents pending', exact: true }).click();
    await leadStatus(page, 'documents_pending');
    const bill = await renderDemoBill({ customerName: 'Asha Workflow', addressLine: address.addressLine1, city: address.city, state: address.state, pincode: address.pincode, sanctionedLoadKw: 7.5, units: 240, seed: 7 });
    await page.getByLabel('Document type').selectOption('electricity_bill');
    await page.getByLabel('Document file').setInputFiles({ name: 'bill.pdf', mimeType: 'application/pdf', buffer: bill });
    await page.getByRole('button', { name: 'Download bill.pdf' }).waitFor();
    await page.getByLabel('Document type').selectOption('location_photo');
    await dropFile(page, 'Drop a file to upload', 'driveway.jpg', 'image/jpeg', photo(1));
    await page.getByRole('button', { name: 'Download driveway.jpg' }).waitFor();
    // Both on file: the API moves the lead to documents_received, and the page shows it.
    await leadStatus(page, 'documents_received');
    await page.getByRole('button', { name: 'Preview driveway.jpg' }).click();
    const preview = page.getByRole('dialog', { name: 'driveway.jpg' });
    await expect.poll(() => preview.getByRole('img', { name: 'driveway.jpg' }).evaluate<number, HTMLImageElementLike>((img) => img.naturalWidth), { timeout: WAIT_MS }).toBe(320);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Preview bill.pdf' }).click();
    await expect.poll(() => page.getByRole('dialog', { name: 'bill.pdf' }).locator('iframe').getAttribute('src'), { timeout: WAIT_MS }).toMatch(/^blob:/);
    await page.keyboard.press('Escape');
    // A file sent by mistake goes again in two clicks.
    await page.getByLabel('Document type').selectOption('other');
    await page.getByLabel('Document file').setInputFiles({ name: 'wrong.jpg', mimeType: 'image/jpeg', buffer: photo(9) });
    await page.getByRole('button', { name: 'Delete wrong.jpg' }).click();
    await page.getByRole('button', { name: 'Really delete wrong.jpg' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Download wrong.jpg' }).count(), { timeout: WAIT_MS }).toBe(0);
    const kept = await request(h.t.server).get(`/api/v1/leads/${leadId}/documents`).set('Authorization', ops.auth);
    expect(kept.body.data.map((document: { file: { originalName: string } }) => document.file.originalName).sort()).toEqual(['bill.pdf', 'driveway.jpg']);

    // A survey in a free slot of a team of the lead's city, with a backup.
    await page.getByRole('button', { name: 'Schedule survey' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: primary.name });
    await page.getByLabel('Backup team').selectOption({ label: backup.name });
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: `Free ${monday} 09-12` }).click();
    await page.getByRole('button', { name: 'Book survey' }).click();
    await page.getByLabel('Survey status: scheduled').waitFor();
    await leadStatus(page, 'survey_scheduled');
    const surveyRef = (await leadOf(ops, leadId!)).survey?.surveyId;
    expect(surveyRef).toMatch(/^SRV-/);

    // The technician, on a phone: accept, start, photos (the first one fails and is sent again), the report.
    const phone = await newPage({ width: 360, height: 740, allowedStatuses: [503] });
    await signIn(phone, tech);
    const surveyCard = phone.getByRole('article', { name: `Survey ${surveyRef}` });
    await surveyCard.getByRole('button', { name: 'Accept' }).click();
    await surveyCard.getByRole('button', { name: 'Start' }).click();
    await surveyCard.getByText('in progress').waitFor();
    await surveyCard.getByRole('link', { name: 'Open job' }).click();
    await phone.getByRole('heading', { level: 1, name: `Survey ${surveyRef}` }).waitFor();
    const photoFailed = await failOnce(phone, '**/api/v1/surveys/*/media', 'POST');
    await phone.getByLabel('Take a photo').setInputFiles({ name: 'meter.jpg', mimeType: 'image/jpeg', buffer: photo(2) });
    await phone.getByRole('alert').filter({ hasText: 'meter.jpg was not sent.' }).waitFor();
    expect(photoFailed()).toBe(true);
    await phone.getByRole('button', { name: 'Send again' }).click();
    await phone.getByRole('button', { name: 'Open photo meter.jpg' }).waitFor();
    expect(await phone.getByText('meter.jpg was not sent.').count()).toBe(0);

    await phone.getByLabel('Parking').selectOption('covered');
    await phone.getByLabel('Supply').selectOption('single');
    await phone.getByLabel('Sanctioned load (kW)').fill('7.5');
    await phone.getByLabel('Meter to charger (m)').fill('12.5');
    await phone.getByLabel('Cable length (m)').fill('15');
    await phone.getByLabel('Earthing available').check();
    await phone.getByLabel('Recommended charger').fill('7.4 kW AC Wallbox');
    await phone.getByLabel('Notes').fill('Meter in the stilt parking.');
    // A submit lost on the way: the form says so and keeps every value.
    const reportFailed = await failOnce(phone, '**/api/v1/surveys/*/report', 'PUT');
    await phone.getByRole('button', { name: 'Send survey report' }).click();
    await phone.getByRole('alert').filter({ hasText: 'Nothing is lost' }).waitFor();
    expect(reportFailed()).toBe(true);
    expect(await phone.getByLabel('Cable length (m)').inputValue()).toBe('15');
    expect(await phone.getByLabel('Notes').inputValue()).toBe('Meter in the stilt parking.');
    await shot(phone, 'technician-survey');
    await phone.getByRole('button', { name: 'Send survey report' }).click();
    await phone.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    // Central Ops reviews the report and its photo, and approves.
    await page.reload();
    await page.getByLabel('Survey status: submitted').waitFor();
    const report = page.getByRole('region', { name: 'Survey report' });
    await report.getByText('7.4 kW AC Wallbox').waitFor();
    await page.getByRole('region', { name: 'Survey photos' }).getByRole('button', { name: 'Open photo meter.jpg' }).waitFor();
    await shot(page, 'survey-review');
    await page.getByRole('button', { name: 'Approve survey' }).click();
    await page.getByLabel('Survey status: approved').waitFor();
    await leadStatus(page, 'survey_completed');

    // The installation: primary and backup team, a free slot.
    await page.getByRole('button', { name: 'Plan installation' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: primary.name });
    await page.getByLabel('Backup team').selectOption({ label: backup.name });
    await page.getByRole('button', { name: 'Next week' }).click();
    // The survey holds 09-12 of that Monday: it shows as booked, not free.
    await page.getByLabel(`Booked ${monday} 09-12`).waitFor();
    await page.getByRole('button', { name: `Free ${monday} 12-15` }).click();
    await page.getByRole('button', { name: 'Book installation' }).click();
    await page.getByLabel('Installation status: planned').waitFor();
    await leadStatus(page, 'installation_scheduled');
    const installationRef = (await leadOf(ops, leadId!)).installation?.installationId;
    expect(installationRef).toMatch(/^INS-/);
    const installationRegion = page.getByRole('region', { name: 'Installation' });
    await installationRegion.getByText(`Primary: ${primary.name}`).waitFor();
    await installationRegion.getByText(`Backup: ${backup.name}`).waitFor();

    // Readiness: materials, the customer's confirmation, the primary team's acceptance.
    await page.getByRole('button', { name: 'Materials ordered' }).click();
    await page.getByLabel('Installation status: material pending').waitFor();
    await page.getByRole('button', { name: 'Materials arrived' }).click();
    await page.getByLabel('Installation status: material ready').waitFor();
    // Checked once the API has recorded it (the box shows the installation as stored).
    await page.getByLabel('Customer confirmed the date').click();
    await expect.poll(() => page.getByLabel('Customer confirmed the date').isChecked(), { timeout: WAIT_MS }).toBe(true);
    expect(await page.getByRole('button', { name: 'Confirm installation' }).isDisabled()).toBe(true);
    await phone.goto(`${h.base}/admin/jobs`);
    const installationCard = phone.getByRole('article', { name: `Installation ${installationRef}` });
    await installationCard.getByRole('button', { name: 'Accept' }).click();
    await installationCard.getByText('Accepted').waitFor();
    await page.reload();
    await expect.poll(() => page.getByLabel('Primary team accepted').isChecked(), { timeout: WAIT_MS }).toBe(true);
    await page.getByRole('button', { name: 'Confirm installation' }).click();
    await page.getByLabel('Installation status: confirmed').waitFor();

    // The technician installs: start, complete, a photo, the report with the customer's signature.
    await phone.reload();
    await installationCard.getByRole('button', { name: 'Start' }).click();
    await installationCard.getByText('in progress').waitFor();
    await installationCard.getByRole('link', { name: 'Open job' }).click();
    await phone.getByRole('heading', { level: 1, name: `Installation ${installationRef}` }).waitFor();
    await phone.getByRole('button', { name: 'Work completed' }).click();
    await phone.getByLabel('Take a photo').setInputFiles({ name: 'charger.jpg', mimeType: 'image/jpeg', buffer: photo(3) });
    await phone.getByRole('button', { name: 'Open photo charger.jpg' }).waitFor();
    expect(await phone.getByLabel('Charger model').inputValue()).toBe('7.4 kW AC Wallbox');
    await phone.getByLabel('Charger serial number').fill('WB74-2026-000981');
    await phone.getByLabel('Demo given to the customer').check();
    // Without a signature the form asks for one before sending anything.
    await phone.getByRole('button', { name: 'Send installation report' }).click();
    await phone.getByText('The customer signs here for a successful installation.').waitFor();
    await sign(phone, 'Customer signature');
    // The phone turns and back: the canvas is resized, and the strokes are drawn again (an empty
    // pad would stop the submit below with "The customer signs here").
    await phone.setViewportSize({ width: 740, height: 360 });
    await phone.setViewportSize({ width: 360, height: 740 });
    await shot(phone, 'technician');
    await phone.getByRole('button', { name: 'Send installation report' }).click();
    await phone.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    // Central Ops generates the closure pack, downloads it, and the lead is closed.
    await page.reload();
    await page.getByRole('region', { name: 'Installation report' }).getByText('WB74-2026-000981').waitFor();
    await leadStatus(page, 'installation_completed');
    await page.getByRole('button', { name: 'Generate closure pack' }).click();
    await leadStatus(page, 'closed');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download closure pack' }).click()]);
    expect(download.suggestedFilename()).toBe(`closure-pack-${installationRef}.zip`);
    const zip = readFileSync((await download.path())!);
    expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
    const closed = await leadOf(ops, leadId!);
    expect(closed.status).toBe('closed');
    expect(closed.closurePack?.sizeBytes).toBe(zip.length);
    await shot(page, 'lead-closed');
  });
});

describe('console: the new lead form', () => {
  it('starts with no OEM chosen and sends nothing until one is, saying so at the OEM field', async () => {
    // Alphabetically first: the one a pre-selected list would have sent the lead to.
    await h.t.factory.user('oem', { fullName: 'Aaa First Motors' });
    const wanted = await h.t.factory.user('oem', { fullName: 'Zed Wanted Motors' });
    const ops = await h.t.factory.user('central_ops');
    const address = h.t.factory.leadPayload();
    const page = await newPage();
    const posts: string[] = [];
    page.on('request', (sent) => {
      if (sent.method() === 'POST' && new URL(sent.url()).pathname === '/api/v1/leads') posts.push(sent.url());
    });
    await signIn(page, ops, '/admin/leads/new');
    await page.getByRole('heading', { level: 1, name: 'New lead' }).waitFor();
    const oem = page.getByLabel(/^OEM/);
    await oem.locator('option', { hasText: 'Zed Wanted Motors' }).waitFor({ state: 'attached' });
    expect(await oem.inputValue()).toBe('');
    expect(await oem.locator('option:checked').textContent()).toBe('Choose the OEM…');
    await page.getByLabel('Customer name').fill('Gauri No Default');
    await page.getByLabel('Phone').fill(address.customerPhone);
    await page.getByLabel('Address line 1').fill(address.addressLine1);
    await page.getByLabel('City').fill(address.city);
    await page.getByLabel('State').fill(address.state);
    await page.getByLabel('Pincode').fill(address.pincode);
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByText('Choose the OEM this lead belongs to.').waitFor();
    expect(await oem.getAttribute('aria-invalid')).toBe('true');
    expect(posts).toEqual([]);
    expect(new URL(page.url()).pathname).toBe('/admin/leads/new');
    await oem.selectOption({ label: 'Zed Wanted Motors' });
    expect(await page.getByText('Choose the OEM this lead belongs to.').count()).toBe(0);
    await page.getByRole('button', { name: 'Create lead' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gauri No Default' }).waitFor();
    const leadId = /\/admin\/leads\/([0-9a-f-]{36})/.exec(page.url())?.[1];
    expect((await leadOf(ops, leadId!)).oemId).toBe(wanted.user.id);
    expect(posts).toHaveLength(1);
  });
});

/** The minimal image shape the preview check reads in the page (this project's TypeScript has no DOM types). */
interface HTMLImageElementLike {
  naturalWidth: number;
}

describe('console: scheduling', () => {
  it('shows a double-booking (409) as "slot just taken" and refreshes the calendar', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const rival = await readyLead(h.t, oem, ops);
    const team = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const monday = nextMonday();
    const page = await newPage({ allowedStatuses: [409] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('button', { name: 'Schedule survey' }).click();
    await page.getByLabel('Team', { exact: true }).selectOption({ label: team.name });
    await page.getByRole('button', { name: 'Next week' }).click();
    const slot = page.getByRole('button', { name: `Free ${monday} 15-18` });
    await slot.click();
    // Someone else books that slot between the calendar's load and the click.
    const taken = await scheduleSurvey(h.t, ops, rival.id, { primaryTeamId: team.id, scheduledDate: monday, scheduledTimeSlot: '15-18' });
    await page.getByRole('button', { name: 'Book survey' }).click();
    await page.getByRole('alert').filter({ hasText: 'Slot just taken' }).waitFor();
    // The week is read again: the slot now shows the rival's survey.
    await page.getByLabel(`Booked ${monday} 15-18`).getByText(taken.surveyId).waitFor();
    expect(await slot.count()).toBe(0);
    expect((await leadOf(ops, lead.id)).status).toBe('documents_received');
    await shot(page, 'slot-taken');
  });

  it('drops the backup team when it becomes the primary, and shows the API\'s field errors at their inputs', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const [first, second, third] = [
      await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state }),
      await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state }),
      await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state }),
    ];
    const monday = nextMonday();
    // The API's own answer to a backup team that is the primary, as a refused booking shows it.
    const rival = await readyLead(h.t, oem, ops);
    const refused = await request(h.t.server).post(`/api/v1/leads/${rival.id}/surveys`).set('Authorization', ops.auth)
      .send({ primaryTeamId: first.id, backupTeamId: first.id, scheduledDate: monday, scheduledTimeSlot: '09-12' });
    expect(refused.status).toBe(400);
    const message = (refused.body as { errors: { field: string; message: string }[] }).errors.find((error) => error.field === 'backupTeamId')!.message;
    const page = await newPage({ allowedStatuses: [400] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByRole('button', { name: 'Schedule survey' }).click();
    const primary = page.getByLabel('Team', { exact: true });
    const backup = page.getByLabel('Backup team');
    await primary.selectOption({ label: first.name });
    await backup.selectOption({ label: third.name });
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: `Free ${monday} 09-12` }).click();
    // The booking answered with that 400: its message goes under the backup team's picker.
    const answer400 = (route: Route) =>
      route.request().method() === 'POST' ? route.fulfill({ status: 400, contentType: 'application/problem+json', body: JSON.stringify(refused.body) }) : route.continue();
    await page.route('**/api/v1/leads/*/surveys', answer400);
    await page.getByRole('button', { name: 'Book survey' }).click();
    await page.getByText(message).waitFor();
    await page.unroute('**/api/v1/leads/*/surveys', answer400);
    expect(await backup.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').filter({ hasText: message }).count()).toBe(0);

    // Backup B, then B made the primary: the backup goes, and the booking goes through.
    await backup.selectOption({ label: second.name });
    await expect.poll(() => page.getByText(message).count(), { timeout: WAIT_MS }).toBe(0);
    await primary.selectOption({ label: second.name });
    expect(await backup.inputValue()).toBe('');
    await page.getByRole('button', { name: `Free ${monday} 09-12` }).click();
    await page.getByRole('button', { name: 'Book survey' }).click();
    await page.getByLabel('Survey status: scheduled').waitFor();
    const booked = (await leadOf(ops, lead.id)).survey;
    const survey = await request(h.t.server).get(`/api/v1/surveys/${booked!.id}`).set('Authorization', ops.auth);
    expect(survey.body.primaryTeam.id).toBe(second.id);
    expect(survey.body.backupTeam).toBeNull();
  });

  it('shows a team\'s week on the calendar page, booked and free, and keeps the view in the URL', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const team = await createTeam(h.t, ops, { technicians: 1, city: 'Nagpur', state: 'Maharashtra' });
    const monday = nextMonday();
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: team.id, scheduledDate: addDays(monday, 2), scheduledTimeSlot: '12-15' });
    const page = await newPage({ height: 700 });
    await signIn(page, ops);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Calendar' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team calendar' }).waitFor();
    await page.getByLabel('City').fill('Nagpur');
    await page.getByLabel('City').blur();
    await page.waitForURL(/city=Nagpur/);
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.waitForURL(new RegExp(`week=${monday}`));
    const week = page.getByRole('table', { name: `Week of team ${team.name}` });
    const booked = week.getByLabel(`Booked ${addDays(monday, 2)} 12-15`);
    await booked.getByText(survey.surveyId).waitFor();
    await booked.getByRole('link', { name: lead.customerName }).waitFor();
    // 21 slots in the week, one booked: the other 20 are free.
    await expect.poll(() => week.getByText('free', { exact: true }).count(), { timeout: WAIT_MS }).toBe(20);
    await shot(page, 'calendar');
    await page.goto(page.url());
    await week.getByLabel(`Booked ${addDays(monday, 2)} 12-15`).waitFor();
  });
});

describe('console: changing a booked survey', () => {
  it('adds a backup team, removes the primary (the backup takes over), reschedules, then cancels with a reason', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const first = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const team = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const monday = nextMonday();
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: first.id, scheduledDate: monday, scheduledTimeSlot: '09-12' });
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByLabel('Survey status: scheduled').waitFor();
    const surveyRegion = page.getByRole('region', { name: 'Site survey' });
    await surveyRegion.getByLabel('Another team').selectOption({ label: team.name });
    await surveyRegion.getByRole('button', { name: 'Make backup' }).click();
    await surveyRegion.getByText(`Backup: ${team.name} · waiting for an answer`).waitFor();
    await surveyRegion.getByRole('button', { name: `Remove ${first.name}` }).click();
    await surveyRegion.getByText(`Primary: ${team.name} · waiting for an answer`).waitFor();
    const promoted = await request(h.t.server).get(`/api/v1/surveys/${survey.id}`).set('Authorization', ops.auth);
    expect(promoted.body.primaryTeam.id).toBe(team.id);
    expect(promoted.body.backupTeam).toBeNull();
    await page.getByRole('button', { name: 'Reschedule' }).click();
    await page.getByLabel('Why (for the timeline)').fill('Customer travelling');
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByLabel(`Booked ${monday} 09-12`).waitFor();
    await page.getByRole('button', { name: `Free ${addDays(monday, 1)} 15-18` }).click();
    await page.getByRole('button', { name: 'Move to this slot' }).click();
    await page.getByLabel('Survey status: rescheduled').waitFor();
    await page.getByText(`${addDays(monday, 1)}, 15-18`).first().waitFor();
    const moved = await request(h.t.server).get(`/api/v1/surveys/${survey.id}`).set('Authorization', ops.auth);
    expect(moved.body).toMatchObject({ status: 'rescheduled', scheduledDate: addDays(monday, 1), scheduledTimeSlot: '15-18' });

    await page.getByRole('button', { name: 'Cancel this job' }).click();
    expect(await page.getByRole('button', { name: 'Cancel it' }).isDisabled()).toBe(true);
    await page.getByLabel('Why is it cancelled?').fill('Customer sold the car');
    await page.getByRole('button', { name: 'Cancel it' }).click();
    await page.getByLabel('Survey status: cancelled').waitFor();
    await leadStatus(page, 'documents_received');
    // The slot is free again, and a new survey can be scheduled.
    await page.getByRole('button', { name: 'Schedule survey' }).waitFor();
    expect((await request(h.t.server).get(`/api/v1/surveys/${survey.id}`).set('Authorization', ops.auth)).body.closingReason).toBe('Customer sold the car');
  });
});

describe('console: a job changed by someone else', () => {
  it('reads the survey again after a refused change (412) so the retry goes through, and shows it cancelled with its lead', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const [primary, elsewhere, chosen] = [
      await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state }),
      await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state }),
      await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state }),
    ];
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: primary.id, scheduledDate: nextMonday(), scheduledTimeSlot: '12-15' });
    const page = await newPage({ allowedStatuses: [412] });
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByLabel('Survey status: scheduled').waitFor();
    const surveyRegion = page.getByRole('region', { name: 'Site survey' });
    await surveyRegion.getByLabel('Another team').selectOption({ label: chosen.name });
    // Another agent names a backup while the page shows the survey.
    const other = await request(h.t.server).post(`/api/v1/surveys/${survey.id}/assignments`).set('Authorization', ops.auth).send({ teamId: elsewhere.id, isPrimary: false });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    await surveyRegion.getByRole('button', { name: 'Make backup' }).click();
    await surveyRegion.getByRole('alert').filter({ hasText: 'changed by someone else' }).waitFor();
    // "It has been reloaded": the other agent's backup shows, and the retry is accepted.
    await surveyRegion.getByText(`Backup: ${elsewhere.name} · waiting for an answer`).waitFor();
    await surveyRegion.getByRole('button', { name: 'Make backup' }).click();
    await surveyRegion.getByText(`Backup: ${chosen.name} · waiting for an answer`).waitFor();
    await expect.poll(() => surveyRegion.getByRole('alert').count(), { timeout: WAIT_MS }).toBe(0);
    const after = await request(h.t.server).get(`/api/v1/surveys/${survey.id}`).set('Authorization', ops.auth);
    expect(after.body.backupTeam.id).toBe(chosen.id);

    // Cancelling the lead cancels its survey: the survey panel shows it without a reload of the page.
    await page.getByRole('button', { name: 'cancelled', exact: true }).click();
    await page.getByLabel(/^Reason/).selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Confirm', exact: true }).click();
    await leadStatus(page, 'cancelled');
    await page.getByLabel('Survey status: cancelled').waitFor();
  });
});

describe('console: a cancelled installation', () => {
  it('offers "Plan installation" again once the installation is cancelled, and books the new one', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const slots = new SlotSequence();
    const survey = await approvedSurvey(h.t, oem, ops, team, slots);
    const first = await planInstallation(h.t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    const lead = await leadOf(ops, survey.leadId);
    const second = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${lead.id}`);
    await page.getByLabel('Installation status: planned').waitFor();
    const region = page.getByRole('region', { name: 'Installation', exact: true });
    await region.getByRole('button', { name: 'Cancel this job' }).click();
    await region.getByLabel('Why is it cancelled?').fill('Customer postponed the work');
    await region.getByRole('button', { name: 'Cancel it' }).click();
    await page.getByLabel('Installation status: cancelled').waitFor();
    await leadStatus(page, 'survey_completed');
    // Back in survey_completed with an approved survey: a new installation can be planned.
    await region.getByRole('button', { name: 'Plan installation' }).click();
    await region.getByLabel('Team', { exact: true }).selectOption({ label: second.name });
    await region.getByRole('button', { name: 'Next week' }).click();
    await region.getByRole('button', { name: `Free ${nextMonday()} 09-12` }).click();
    await region.getByRole('button', { name: 'Book installation' }).click();
    await page.getByLabel('Installation status: planned').waitFor();
    await leadStatus(page, 'installation_scheduled');
    const replanned = await leadOf(ops, lead.id);
    expect(replanned.installation?.id).not.toBe(first.id);
    expect(replanned.installation).toMatchObject({ status: 'planned', scheduledDate: nextMonday(), scheduledTimeSlot: '09-12' });
    expect(await region.getByRole('button', { name: 'Plan installation' }).count()).toBe(0);
  });
});

describe('console: an unsuccessful installation', () => {
  it('shows the API\'s field error under its input, sends the issues, and Central Ops reschedules', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const slots = new SlotSequence();
    const survey = await approvedSurvey(h.t, oem, ops, team, slots);
    const planned = await planInstallation(h.t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(h.t, ops, team, planned);
    await completeInstallation(h.t, team, planned.id);
    const phone = await newPage({ width: 360, height: 740, allowedStatuses: [400] });
    await signIn(phone, team.technicians[0], `/admin/jobs/installation/${planned.id}`);
    await phone.getByRole('heading', { level: 1, name: `Installation ${planned.installationId}` }).waitFor();
    await phone.getByLabel('Charger serial number').fill('WB74-2026-000777');
    await phone.getByLabel('Installation successful').uncheck();
    // No issues given: the API's 400 names the field, and the message shows under its input.
    await phone.getByRole('button', { name: 'Send installation report' }).click();
    const issues = phone.getByLabel('Issues encountered');
    await expect.poll(() => issues.getAttribute('aria-invalid'), { timeout: WAIT_MS }).toBe('true');
    expect(await phone.getByLabel('Charger serial number').inputValue()).toBe('WB74-2026-000777');
    await issues.fill('Earthing below spec; electrician to redo the pit.');
    await phone.getByRole('button', { name: 'Send installation report' }).click();
    await phone.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();

    const page = await newPage();
    await signIn(page, ops, `/admin/leads/${survey.leadId}`);
    const report = page.getByRole('region', { name: 'Installation report' });
    await report.getByText('Earthing below spec; electrician to redo the pit.').waitFor();
    await leadStatus(page, 'installation_scheduled');
    await page.getByRole('region', { name: 'Installation' }).getByRole('button', { name: 'Reschedule' }).click();
    await page.getByRole('button', { name: 'Next week' }).click();
    await page.getByRole('button', { name: 'Next week' }).click();
    const day = addDays(nextMonday(), 7);
    await page.getByRole('button', { name: `Free ${day} 09-12` }).click();
    await page.getByRole('button', { name: 'Move to this slot' }).click();
    await page.getByLabel('Installation status: rescheduled').waitFor();
    const moved = await request(h.t.server).get(`/api/v1/installations/${planned.id}`).set('Authorization', ops.auth);
    expect(moved.body).toMatchObject({ status: 'rescheduled', scheduledDate: day, scheduledTimeSlot: '09-12', customerConfirmed: false });
  });
});

describe('console: leads list filters', () => {
  it('filters by status chips with counts and by OEM, kept in the URL, and marks the SLA', async () => {
    const ops = await h.t.factory.user('central_ops');
    const oemA = await h.t.factory.user('oem', { fullName: 'Chip Motors A' });
    const oemB = await h.t.factory.user('oem', { fullName: 'Chip Motors B' });
    await h.t.factory.lead(oemA, { customerName: 'Nikhil New A' });
    await h.t.factory.leadInStatus(oemA, ops, 'contacted', { overrides: { customerName: 'Chitra Contacted A' } });
    await h.t.factory.lead(oemB, { customerName: 'Bharat New B' });
    const page = await newPage();
    await signIn(page, ops);
    await page.getByLabel('OEM', { exact: true }).selectOption({ label: 'Chip Motors A' });
    await page.waitForURL(/oemId=/);
    await page.getByRole('link', { name: 'Nikhil New A' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Bharat New B' }).count(), { timeout: WAIT_MS }).toBe(0);
    // Counts under the other filters: OEM A has one new and one contacted lead.
    const chips = page.getByRole('group', { name: 'Status' });
    await chips.getByText('new (1)', { exact: true }).waitFor();
    await chips.getByText('contacted (1)', { exact: true }).click();
    await page.waitForURL(/status=[^&]*contacted/);
    await expect.poll(() => page.getByRole('link', { name: 'Nikhil New A' }).count(), { timeout: WAIT_MS }).toBe(0);
    await page.getByRole('link', { name: 'Chitra Contacted A' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Chitra Contacted A' });
    await row.getByText(/^due /).waitFor();
    await page.goto(page.url());
    await page.getByRole('link', { name: 'Chitra Contacted A' }).waitFor();
    // The OEM picker's options arrive with GET /oems after the list: the URL's choice shows once they are in.
    await expect.poll(() => page.getByLabel('OEM', { exact: true }).inputValue(), { timeout: WAIT_MS }).toBe(oemA.user.id);
    await shot(page, 'leads-filtered');
  });

  it('keeps the typed filters in step with the URL: Enter applies them, the header link and "Clear filters" empty them', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    await h.t.factory.lead(oem, { customerName: 'Sunil In Satara', city: 'Satara' });
    await h.t.factory.lead(oem, { customerName: 'Kiran In Kolhapur', city: 'Kolhapur' });
    const page = await newPage();
    await signIn(page, ops);
    const city = page.getByLabel('City', { exact: true });
    await city.fill('Satara');
    await city.press('Enter');
    await page.waitForURL(/city=Satara/);
    await page.getByRole('link', { name: 'Sunil In Satara' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: 'Kiran In Kolhapur' }).count(), { timeout: WAIT_MS }).toBe(0);

    // The header's "Leads" opens the bare list: the box empties with the URL, and leaving it
    // applies nothing old.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).click();
    await page.waitForURL((url) => !url.search.includes('city='));
    await expect.poll(() => city.inputValue(), { timeout: WAIT_MS }).toBe('');
    await city.focus();
    await city.blur();
    await page.getByRole('link', { name: 'Kiran In Kolhapur' }).waitFor();
    expect(new URL(page.url()).search).not.toContain('city=');

    // Search and state applied with Enter, then all cleared at once.
    const search = page.getByRole('searchbox', { name: 'Search leads' });
    await search.fill('Sunil');
    await search.press('Enter');
    await page.waitForURL(/q=Sunil/);
    await page.getByLabel('State', { exact: true }).fill('Maharashtra');
    await page.getByLabel('State', { exact: true }).press('Enter');
    await page.waitForURL(/state=Maharashtra/);
    await expect.poll(() => page.getByRole('link', { name: 'Kiran In Kolhapur' }).count(), { timeout: WAIT_MS }).toBe(0);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.waitForURL((url) => url.search === '');
    await page.getByRole('link', { name: 'Kiran In Kolhapur' }).waitFor();
    expect(await search.inputValue()).toBe('');
    expect(await page.getByLabel('State', { exact: true }).inputValue()).toBe('');
  });
});

describe('console: the technician in Hindi', () => {
  it('shows the job page, photo button, report form and the day-grouped list in Hindi at 360 × 740', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const team = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: team.id, scheduledDate: addDays(todayInIndia(), 1), scheduledTimeSlot: '15-18' });
    const tech = team.technicians[0];
    await request(h.t.server).patch(`/api/v1/surveys/${survey.id}/assignments/${survey.assignments[0].id}`).set('Authorization', tech.auth).send({ status: 'accepted' }).expect(200);
    await request(h.t.server).post(`/api/v1/surveys/${survey.id}/start`).set('Authorization', tech.auth).expect(200);
    const phone = await newPage({ width: 360, height: 740 });
    await signIn(phone, tech, `/admin/jobs/survey/${survey.id}`);
    await phone.getByRole('heading', { level: 1, name: `Survey ${survey.surveyId}` }).waitFor();
    await phone.getByLabel('Language').selectOption('hi');
    await phone.getByRole('heading', { level: 1, name: `सर्वे ${survey.surveyId}` }).waitFor();
    await phone.getByRole('form', { name: 'सर्वे रिपोर्ट' }).waitFor();
    await phone.getByLabel('फ़ोटो लें').waitFor({ state: 'attached' });
    await phone.getByLabel('केबल की लंबाई (मी)').fill('9');
    await phone.getByRole('button', { name: 'सर्वे रिपोर्ट भेजें' }).waitFor();
    await phone.getByRole('link', { name: 'मेरे काम' }).first().waitFor();
    expect(await phone.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await shot(phone, 'technician-hi');
    // The draft survives a reload of the page.
    await phone.reload();
    await phone.getByRole('heading', { level: 1, name: `सर्वे ${survey.surveyId}` }).waitFor();
    expect(await phone.getByLabel('केबल की लंबाई (मी)').inputValue()).toBe('9');
    // My jobs groups the jobs by day: tomorrow's survey under "कल" (tomorrow).
    await phone.getByRole('link', { name: 'मेरे काम' }).first().click();
    await phone.getByRole('region', { name: 'कल' }).getByRole('article', { name: `सर्वे ${survey.surveyId}` }).waitFor();
  });
});
