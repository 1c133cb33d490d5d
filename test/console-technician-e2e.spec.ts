// The field technician's screens when things go wrong, in a real browser: a member of the backup
// team reads the job without the primary team's controls; "My jobs" keeps the jobs still open from
// past days and reaches past the API's first page; a call refused as stale (412) or lost on a
// poor signal reads the job again, says so in the user's language, and the next try goes through
// (harness: support/console-browser.ts).
import type { Page } from 'playwright-core';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { addDays, todayInIndia } from '../src/teams/time-slots.js';
import { useConsoleBrowser, WAIT_MS } from './support/console-browser.js';
import type { TestUser } from './support/factory.js';
import { SAMPLES } from './support/documents.js';
import { approvedSurvey, completeInstallation, confirmInstallation, installationTransition, planInstallation, submitInstallationReport } from './support/installations.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence, surveyAction, VALID_REPORT, type TestTeam } from './support/surveys.js';

const h = useConsoleBrowser();
const { newPage, signIn } = h;

/**
 * Wraps the page's `fetch` (before the console loads, so its API client uses the wrapper) so that
 * a test can make one call fail as a dropped connection does: fetch rejects with `TypeError:
 * Failed to fetch`, as Chromium's own does, and the browser logs no failed response.
 */
const DROP_HOOK = `(() => {
  const send = window.fetch.bind(window);
  window.__drops = [];
  window.fetch = async (input, init) => {
    const method = (input instanceof Request ? input.method : (init && init.method) || 'GET').toUpperCase();
    const url = input instanceof Request ? input.url : String(input);
    const at = window.__drops.findIndex((drop) => drop.method === method && new RegExp(drop.url).test(url));
    if (at < 0) return send(input, init);
    const [drop] = window.__drops.splice(at, 1);
    if (drop.answered) await send(input, init);
    throw new TypeError('Failed to fetch');
  };
})()`;

/** A phone-sized page whose calls {@link dropNext} can make fail. */
async function phonePage(allowedStatuses: number[] = []): Promise<Page> {
  const page = await newPage({ width: 360, height: 740, allowedStatuses });
  await page.addInitScript(DROP_HOOK);
  return page;
}

/**
 * Makes the page's next `method` call to a URL matching `url` fail without an answer. `answered`:
 * the call reaches the API and only its answer is lost (a phone losing its signal mid-request).
 */
async function dropNext(page: Page, method: string, url: RegExp, answered: boolean): Promise<void> {
  await page.evaluate(`window.__drops.push(${JSON.stringify({ method, url: url.source, answered })})`);
}

async function surveyOf(who: TestUser, id: string): Promise<SurveyResponseDto> {
  const res = await request(h.t.server).get(`/api/v1/surveys/${id}`).set('Authorization', who.auth);
  expect(res.status).toBe(200);
  return res.body as SurveyResponseDto;
}

/** Accepts the survey's pending assignment of `team` and starts the survey as its first technician. */
async function acceptAndStart(team: TestTeam, survey: SurveyResponseDto): Promise<void> {
  const tech = team.technicians[0];
  const assignment = survey.assignments.find((item) => item.team.id === team.id)!;
  await request(h.t.server).patch(`/api/v1/surveys/${survey.id}/assignments/${assignment.id}`).set('Authorization', tech.auth).send({ status: 'accepted' }).expect(200);
  await request(h.t.server).post(`/api/v1/surveys/${survey.id}/start`).set('Authorization', tech.auth).expect(200);
}

/** Fills the survey report form as a technician would (cable length and notes as given). */
async function fillSurveyReport(page: Page, cable: string, notes: string): Promise<void> {
  await page.getByLabel('Parking').selectOption('covered');
  await page.getByLabel('Supply').selectOption('single');
  await page.getByLabel('Sanctioned load (kW)').fill('7.5');
  await page.getByLabel('Meter to charger (m)').fill('12.5');
  await page.getByLabel('Cable length (m)').fill(cable);
  await page.getByLabel('Earthing available').check();
  await page.getByLabel('Recommended charger').fill('7.4 kW AC Wallbox');
  await page.getByLabel('Notes').fill(notes);
}

describe('console: a member of the backup team', () => {
  it('reads the job without "Work completed", photos or a report form, and is told the primary team does the work', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const slots = new SlotSequence(3);
    const primary = await createTeam(h.t, ops, { technicians: 1 });
    const backup = await createTeam(h.t, ops, { technicians: 1 });
    const survey = await approvedSurvey(h.t, oem, ops, primary, slots);
    const planned = await planInstallation(h.t, ops, survey.id, { primaryTeamId: primary.id, backupTeamId: backup.id, ...slots.take() });
    await confirmInstallation(h.t, ops, primary, planned);
    await installationTransition(h.t, primary.technicians[0], planned.id, 'in_progress').expect(200);

    // The primary team's member has the work's controls.
    const own = await phonePage();
    await signIn(own, primary.technicians[0], `/admin/jobs/installation/${planned.id}`);
    await own.getByRole('heading', { level: 1, name: `Installation ${planned.installationId}` }).waitFor();
    await own.getByRole('button', { name: 'Work completed' }).waitFor();
    expect(await own.getByText('primary team does the work').count()).toBe(0);

    // The backup team's member reads the job only.
    const phone = await phonePage();
    await signIn(phone, backup.technicians[0], `/admin/jobs/installation/${planned.id}`);
    await phone.getByRole('heading', { level: 1, name: `Installation ${planned.installationId}` }).waitFor();
    await phone.getByText('Your team is the backup for this job: the primary team does the work.').waitFor();
    await phone.getByRole('region', { name: 'Photos' }).getByText('No photos yet.').waitFor();
    expect(await phone.getByRole('button', { name: 'Work completed' }).count()).toBe(0);
    expect(await phone.getByLabel('Take a photo').count()).toBe(0);
    expect(await phone.getByRole('form', { name: 'Installation report' }).count()).toBe(0);
    expect(await phone.getByRole('button', { name: 'Start' }).count()).toBe(0);
    await phone.getByLabel('Language').selectOption('hi');
    await phone.getByText('आपकी टीम इस काम की बैकअप टीम है: काम प्राइमरी टीम करती है।').waitFor();

    // A survey in progress: no report form for the backup either.
    const surveyLead = await readyLead(h.t, oem, ops);
    const surveyTeam = await createTeam(h.t, ops, { technicians: 1, city: surveyLead.city, state: surveyLead.state });
    const standby = await createTeam(h.t, ops, { technicians: 1, city: surveyLead.city, state: surveyLead.state });
    const started = await scheduleSurvey(h.t, ops, surveyLead.id, { primaryTeamId: surveyTeam.id, backupTeamId: standby.id, ...slots.take() });
    await acceptAndStart(surveyTeam, started);
    const standbyPhone = await phonePage();
    await signIn(standbyPhone, standby.technicians[0], `/admin/jobs/survey/${started.id}`);
    await standbyPhone.getByRole('heading', { level: 1, name: `Survey ${started.surveyId}` }).waitFor();
    await standbyPhone.getByText('Your team is the backup for this job: the primary team does the work.').waitFor();
    expect(await standbyPhone.getByRole('form', { name: 'Survey report' }).count()).toBe(0);
    expect(await standbyPhone.getByLabel('Take a photo').count()).toBe(0);
  });
});

describe('console: My jobs', () => {
  it('keeps the jobs still open from past days, next to today\'s, and leaves out those done', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const tech = team.technicians[0];
    // Tomorrow: the survey behind an installation (approved), the installation (completed, not
    // reported) and a survey started without a report. The day after: a survey already reported.
    const slots = new SlotSequence(1);
    const approved = await approvedSurvey(h.t, oem, ops, team, slots);
    const planned = await planInstallation(h.t, ops, approved.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(h.t, ops, team, planned);
    await completeInstallation(h.t, team, planned.id);
    const lead = await readyLead(h.t, oem, ops);
    const started = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    await acceptAndStart(team, started);
    const later = await scheduleSurvey(h.t, ops, (await readyLead(h.t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() });
    await acceptAndStart(team, later);
    expect((await surveyAction(h.t, tech, later.id, 'report', VALID_REPORT)).status).toBe(200);

    // The phone's day is the day after tomorrow: tomorrow's jobs are in the past.
    const phone = await phonePage();
    const dayAfter = addDays(todayInIndia(), 2);
    await phone.clock.setFixedTime(new Date(`${dayAfter}T10:00:00+05:30`));
    await signIn(phone, tech);
    await phone.getByRole('heading', { level: 1, name: 'My jobs' }).waitFor();
    await phone.getByRole('region', { name: 'Today' }).getByRole('article', { name: `Survey ${later.surveyId}` }).waitFor();
    const started2 = phone.getByRole('article', { name: `Survey ${started.surveyId}` });
    await started2.getByText('in progress').waitFor();
    await phone.getByRole('article', { name: `Installation ${planned.installationId}` }).getByText('completed', { exact: true }).waitFor();
    expect(await phone.getByRole('article', { name: `Survey ${approved.surveyId}` }).count()).toBe(0);
    expect(await phone.getByRole('article').count()).toBe(3);
    // Its report is still to send.
    await started2.getByRole('link', { name: 'Open job' }).click();
    await phone.getByRole('form', { name: 'Survey report' }).waitFor();
  });

  it('lists every job of the technician\'s teams past the API\'s page of 100', { timeout: 120_000 }, async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const slots = new SlotSequence(2);
    const surveys: SurveyResponseDto[] = [];
    for (let i = 0; i < 101; i++) surveys.push(await scheduleSurvey(h.t, ops, (await readyLead(h.t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() }));
    const phone = await phonePage();
    await signIn(phone, team.technicians[0]);
    await phone.getByRole('heading', { level: 1, name: 'My jobs' }).waitFor();
    await phone.getByRole('article', { name: `Survey ${surveys[100].surveyId}` }).waitFor();
    await expect.poll(() => phone.getByRole('article').count(), { timeout: WAIT_MS }).toBe(101);
  });
});

describe('console: a technician\'s call that fails', () => {
  it('says "no connection" on the job card when a call is lost, reads the job again after a 412 so the next try goes through, and shows a start whose answer was lost as done', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const team = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const other = await createTeam(h.t, ops, { technicians: 1, city: lead.city, state: lead.state });
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: team.id, ...new SlotSequence(4).take() });
    const phone = await phonePage([412]);
    await signIn(phone, team.technicians[0]);
    const card = phone.getByRole('article', { name: `Survey ${survey.surveyId}` });
    const accept = card.getByRole('button', { name: 'Accept' });

    // No signal: the call never reaches the API.
    await accept.waitFor();
    await dropNext(phone, 'PATCH', /\/assignments\//, false);
    await accept.click();
    await card.getByRole('alert').filter({ hasText: 'No connection to ChargeOps (poor signal?). Nothing is lost: try again.' }).waitFor();
    expect(await card.textContent()).not.toContain('Failed to fetch');

    // Central Ops names a backup meanwhile: the card's version is stale.
    const named = await request(h.t.server).post(`/api/v1/surveys/${survey.id}/assignments`).set('Authorization', ops.auth).send({ teamId: other.id, isPrimary: false });
    expect(named.status, JSON.stringify(named.body)).toBe(201);
    await accept.click();
    await card.getByRole('alert').filter({ hasText: 'This job changed; it has been reloaded — check and send again.' }).waitFor();
    await accept.click();
    await card.getByText('Accepted').waitFor();
    await expect.poll(() => card.getByRole('alert').count(), { timeout: WAIT_MS }).toBe(0);
    expect((await surveyOf(ops, survey.id)).assignments.find((item) => item.team.id === team.id)?.status).toBe('accepted');

    // The start goes through but its answer is lost: the card reads the job again and shows it started.
    await dropNext(phone, 'POST', /\/start$/, true);
    await card.getByRole('button', { name: 'Start' }).click();
    await card.getByText('in progress', { exact: true }).waitFor();
    expect(await card.getByRole('alert').count()).toBe(0);
    expect((await surveyOf(ops, survey.id)).status).toBe('in_progress');
  });

  it('shows a survey report whose answer was lost as sent, and after a 412 keeps the report and sends it on the new version', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const lead = await readyLead(h.t, oem, ops);
    const team = await createTeam(h.t, ops, { technicians: 2, city: lead.city, state: lead.state });
    const survey = await scheduleSurvey(h.t, ops, lead.id, { primaryTeamId: team.id, ...new SlotSequence(5).take() });
    await acceptAndStart(team, survey);
    const phone = await phonePage([412]);
    await signIn(phone, team.technicians[0], `/admin/jobs/survey/${survey.id}`);
    await phone.getByRole('form', { name: 'Survey report' }).waitFor();
    await fillSurveyReport(phone, '15', 'Meter in the stilt parking.');

    // The report reaches the API, its answer does not: the job read again holds it, so it is sent.
    await dropNext(phone, 'PUT', /\/report$/, true);
    await phone.getByRole('button', { name: 'Send survey report' }).click();
    await phone.getByRole('status').filter({ hasText: 'Report sent' }).waitFor();
    await expect.poll(() => phone.getByLabel('Cable length (m)').inputValue(), { timeout: WAIT_MS }).toBe('');
    expect(await phone.getByRole('alert').count()).toBe(0);
    expect((await surveyOf(ops, survey.id)).report).toMatchObject({ cableLengthM: 15, notes: 'Meter in the stilt parking.' });
    // The draft is gone for good.
    await phone.reload();
    await phone.getByRole('form', { name: 'Survey report' }).waitFor();
    expect(await phone.getByLabel('Notes').inputValue()).toBe('');

    // The other technician replaces the report meanwhile: this page's version is stale.
    expect((await surveyAction(h.t, team.technicians[1], survey.id, 'report', VALID_REPORT)).status).toBe(200);
    await fillSurveyReport(phone, '21', 'Cable along the boundary wall.');
    await phone.getByRole('button', { name: 'Send survey report' }).click();
    await phone.getByRole('alert').filter({ hasText: 'This job changed; it has been reloaded — check and send again.' }).waitFor();
    expect(await phone.getByLabel('Cable length (m)').inputValue()).toBe('21');
    expect((await surveyOf(ops, survey.id)).report?.cableLengthM).toBe(VALID_REPORT.cableLengthM);
    await phone.getByRole('button', { name: 'Send survey report' }).click();
    await expect.poll(() => phone.getByLabel('Cable length (m)').inputValue(), { timeout: WAIT_MS }).toBe('');
    expect(await phone.getByRole('alert').count()).toBe(0);
    expect((await surveyOf(ops, survey.id)).report).toMatchObject({ cableLengthM: 21, notes: 'Cable along the boundary wall.' });
  });

  it('shows an installation completed whose answer was lost as completed, with its report form', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const slots = new SlotSequence(6);
    const survey = await approvedSurvey(h.t, oem, ops, team, slots);
    const planned = await planInstallation(h.t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(h.t, ops, team, planned);
    await installationTransition(h.t, team.technicians[0], planned.id, 'in_progress').expect(200);
    const phone = await phonePage();
    await signIn(phone, team.technicians[0], `/admin/jobs/installation/${planned.id}`);
    await dropNext(phone, 'POST', /\/transitions$/, true);
    await phone.getByRole('button', { name: 'Work completed' }).click();
    await phone.getByRole('form', { name: 'Installation report' }).waitFor();
    await phone.getByRole('article', { name: `Installation ${planned.installationId}` }).getByText('completed', { exact: true }).waitFor();
    expect(await phone.getByRole('button', { name: 'Work completed' }).count()).toBe(0);
    expect(await phone.getByRole('alert').count()).toBe(0);
  });

  it('still takes photos after the installation report (the team that did the work)', async () => {
    const oem = await h.t.factory.user('oem');
    const ops = await h.t.factory.user('central_ops');
    const team = await createTeam(h.t, ops, { technicians: 1 });
    const slots = new SlotSequence(7);
    const survey = await approvedSurvey(h.t, oem, ops, team, slots);
    const planned = await planInstallation(h.t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(h.t, ops, team, planned);
    await completeInstallation(h.t, team, planned.id);
    await submitInstallationReport(h.t, team.technicians[0], planned.id).expect(200);
    const phone = await phonePage();
    await signIn(phone, team.technicians[0], `/admin/jobs/installation/${planned.id}`);
    await phone.getByRole('article', { name: `Installation ${planned.installationId}` }).getByText('report submitted', { exact: true }).waitFor();
    await phone.getByLabel('Take a photo').setInputFiles({ name: 'queued.jpg', mimeType: 'image/jpeg', buffer: SAMPLES.jpeg.bytes });
    await expect.poll(async () => (await request(h.t.server).get(`/api/v1/installations/${planned.id}/media`).set('Authorization', ops.auth).expect(200)).body.data.length, { timeout: WAIT_MS }).toBe(1);
  });
});
