import { fileURLToPath } from 'node:url';
import { Test, type TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { DataSource, In } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../src/cli/cli-io.js';
import { CliModule } from '../src/cli/cli.module.js';
import { DemoCommand } from '../src/cli/demo.command.js';
import { DEMO_CENTRAL_OPS, DEMO_OEMS, DemoHttpError, type DemoSummary, formatDemoSummary, runDemo } from '../src/cli/demo.js';
import { ImportPincodesCommand } from '../src/cli/import-pincodes.command.js';
import { ResetAdminPasswordCommand } from '../src/cli/reset-admin-password.command.js';
import { type AppConfig, loadConfig } from '../src/config/config.js';
import { ClosurePack } from '../src/installations/entities/closure-pack.entity.js';
import { InstallationMedia } from '../src/installations/entities/installation-media.entity.js';
import { InstallationReport } from '../src/installations/entities/installation-report.entity.js';
import { Installation } from '../src/installations/entities/installation.entity.js';
import { LeadEvent } from '../src/leads/entities/lead-event.entity.js';
import { LeadSource } from '../src/leads/entities/lead-source.entity.js';
import { LeadDocument } from '../src/documents/entities/lead-document.entity.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { PincodeDirectory } from '../src/reference-data/pincode-directory.service.js';
import { PincodeImporter } from '../src/reference-data/pincode-importer.service.js';
import { Survey } from '../src/surveys/entities/survey.entity.js';
import { TeamBooking } from '../src/teams/entities/team-booking.entity.js';
import { Team } from '../src/teams/entities/team.entity.js';
import { AuditEvent } from '../src/users/audit/audit-event.entity.js';
import { ApiKey } from '../src/users/entities/api-key.entity.js';
import { User } from '../src/users/entities/user.entity.js';
import { stopClock } from './support/clock.js';
import { filesInStorage } from './support/documents.js';
import { expectProblem } from './support/factory.js';
import { cliModule, outputSink } from './support/cli.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The real India Post directory (shared/data, next to the repository). */
const INDIA_PINCODES = fileURLToPath(new URL('../../shared/data/india-pincodes.csv', import.meta.url));
/** As set by startTestApp() in test/support/test-app.ts. */
const ADMIN = { adminEmail: 'admin@test.chargeops.dev', adminPassword: 'admin-password-for-tests' };

describe('cli import-pincodes', () => {
  let t: TestApp;
  let cli: TestingModule;
  const out = outputSink();

  beforeAll(async () => {
    t = await startTestApp();
    // Built like the CLI (same module, same config), on the test app's fresh database.
    cli = await cliModule(t.config, out);
  });
  afterAll(async () => {
    await cli?.close();
    await t?.close();
  });

  it('loads all 19,307 real pincodes, and a second run inserts none and updates all', async () => {
    const command = cli.get(ImportPincodesCommand);
    const first = await command.importAndReport(INDIA_PINCODES);
    expect(first).toMatchObject({
      rowsRead: 19_307,
      inserted: 19_307,
      updated: 0,
      skipped: [],
      totalInDirectory: 19_307,
      withoutCoordinates: 42,
      withoutDistrict: 3,
    });
    expect(out.text).toMatch(/rows read\s+19,307/);
    expect(out.text).toMatch(/inserted\s+19,307/);

    const second = await command.importAndReport(INDIA_PINCODES);
    expect(second).toMatchObject({ rowsRead: 19_307, inserted: 0, updated: 19_307, skipped: [], totalInDirectory: 19_307 });
    expect(second.durationMs).toBeLessThan(30_000);

    // The server sees the directory the CLI loaded, coordinates and empty districts included.
    const directory = t.app.get(PincodeDirectory);
    const pune = await directory.check('411001');
    expect(pune).toMatchObject({ directoryLoaded: true, entry: { district: 'Pune', stateCode: 'IN-MH', state: 'Maharashtra' } });
    expect(pune.directoryLoaded && pune.entry?.latitude).toBeCloseTo(18.511528, 5);
    expect(await directory.check('201319')).toMatchObject({ directoryLoaded: true, entry: { district: '', state: 'Uttar Pradesh' } });
  });

  it('names a missing file and a file that is not a pincode CSV', async () => {
    const command = cli.get(ImportPincodesCommand);
    await expect(command.importAndReport('/nonexistent/india-pincodes.csv')).rejects.toThrow(
      new CliError('import-pincodes: file not found: /nonexistent/india-pincodes.csv'),
    );
    const notPincodes = fileURLToPath(new URL('../package.json', import.meta.url));
    await expect(command.importAndReport(notPincodes)).rejects.toThrow(CliError);
  });

  it('the demo command needs ADMIN_EMAIL and ADMIN_PASSWORD and no database', async () => {
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', JWT_SECRET: 'x'.repeat(32) }, t.config.dataDir);
    const app = await Test.createTestingModule({ imports: [CliModule.forRoot(config, { database: false })] }).compile();
    await expect(app.get(DemoCommand).demo({ leads: 1, baseUrl: 'http://127.0.0.1:1', pincodes: INDIA_PINCODES })).rejects.toThrow(
      /ADMIN_EMAIL and ADMIN_PASSWORD/,
    );
    await app.close();
  });
});

describe('cli reset-admin-password', () => {
  let t: TestApp;
  const modules: TestingModule[] = [];
  const login = (email: string, password: string) => request(t.server).post('/api/v1/auth/login').send({ email, password });

  /** The command as the CLI builds it, on the test app's database, with `config` and a captured output. */
  async function command(config: AppConfig): Promise<{ command: ResetAdminPasswordCommand; out: ReturnType<typeof outputSink> }> {
    const out = outputSink();
    const cli = await cliModule(config, out);
    modules.push(cli);
    return { command: cli.get(ResetAdminPasswordCommand), out };
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    for (const cli of modules) await cli.close();
    await t?.close();
  });

  it('lets a locked-out admin back in: sets ADMIN_PASSWORD, clears the lock-out, reactivates, ends every session', async () => {
    const admin = await t.factory.user('admin');
    const pair = (await login(admin.user.email, 'correct-horse-battery').expect(200)).body;
    for (let attempt = 1; attempt <= 5; attempt += 1) await login(admin.user.email, 'a-wrong-guess').expect(401);
    expectProblem(await login(admin.user.email, 'correct-horse-battery'), 429, 'AUTH_THROTTLED');
    await t.app.get(DataSource).getRepository(User).update({ id: admin.user.id }, { isActive: false });

    const clock = stopClock(t.app);
    const { command: reset, out } = await command({ ...t.config, adminPassword: 'the-operators-new-password' });
    const result = await reset.resetAndReport(admin.user.email.toUpperCase());
    expect(result).toEqual({ email: admin.user.email, userId: admin.user.id, reactivated: true });
    expect(out.text).toContain(`Reset the password of admin ${admin.user.email}`);
    expect(out.text).toContain('account reactivated');
    expect(out.text).not.toContain('the-operators-new-password');
    // Recorded in the audit log as a change made outside the API (no actor, no values).
    const events = await t.app.get(DataSource).getRepository(AuditEvent).find({ where: { entityId: admin.user.id, action: In(['user.password_reset', 'user.reactivated']) } });
    expect(events.map((e) => [e.action, e.actorId, e.before, e.after]).sort()).toEqual([
      ['user.password_reset', null, null, null],
      ['user.reactivated', null, { isActive: false }, { isActive: true }],
    ]);

    await login(admin.user.email, 'the-operators-new-password').expect(200);
    expectProblem(await request(t.server).post('/api/v1/auth/refresh').send({ refreshToken: pair.refreshToken }), 401, 'AUTH_INVALID_REFRESH_TOKEN');
    // The CLI is another process: the server applies the change within AUTH_CACHE_TTL_MS.
    clock.advanceTo(t.config.authCacheTtlMs);
    expectProblem(await request(t.server).get('/api/v1/auth/me').set('Authorization', `Bearer ${pair.accessToken}`), 401, 'UNAUTHENTICATED');
    expectProblem(await request(t.server).get('/api/v1/auth/me').set('Authorization', admin.auth), 401, 'UNAUTHENTICATED');
  });

  it('without ADMIN_PASSWORD generates a password and prints it once', async () => {
    const admin = await t.factory.user('admin');
    const { command: reset, out } = await command({ ...t.config, adminPassword: undefined });
    expect(await reset.resetAndReport(admin.user.email)).toMatchObject({ reactivated: false });
    const printed = /New password \(shown once\): (\S+)\n/.exec(out.text)?.[1];
    expect(printed).toMatch(/^[\w-]{24}$/);
    await login(admin.user.email, printed as string).expect(200);
    expectProblem(await login(admin.user.email, 'correct-horse-battery'), 401, 'AUTH_INVALID_CREDENTIALS');
  });

  it('fails with a clear message, changing nothing, for an address that is not an admin, without --email, or for a weak ADMIN_PASSWORD', async () => {
    const ops = await t.factory.user('central_ops');
    const { command: reset } = await command(t.config);
    await expect(reset.resetAndReport(ops.user.email)).rejects.toThrow(new CliError(`reset-admin-password: ${ops.user.email} is not an admin account (no such user, or another role)`));
    await expect(reset.resetAndReport('nobody@test.chargeops.dev')).rejects.toThrow(/nobody@test\.chargeops\.dev is not an admin account/);
    await expect(reset.resetAndReport(undefined)).rejects.toThrow(/--email <address> of the admin account is required/);
    await login(ops.user.email, 'correct-horse-battery').expect(200);

    const admin = await t.factory.user('admin');
    const { command: weak } = await command({ ...t.config, adminPassword: 'nine-char' });
    await expect(weak.resetAndReport(admin.user.email)).rejects.toThrow(/ADMIN_PASSWORD must be 10 to 200 characters long/);
    await login(admin.user.email, 'correct-horse-battery').expect(200);
  });
});

describe('cli demo against a running server', () => {
  let t: TestApp;
  let baseUrl: string;
  let ds: DataSource;

  beforeAll(async () => {
    t = await startTestApp();
    // With the directory loaded the server checks every demo pincode and its state.
    await t.app.get(PincodeImporter).importFile(INDIA_PINCODES);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = await t.app.getUrl();
    ds = t.app.get(DataSource);
  });
  afterAll(() => t?.close());

  /** Checks one run against the database: statuses, OEM/source ownership, API-key authorship, Central Ops transitions. */
  async function expectRunStored(run: DemoSummary): Promise<void> {
    const leads = await ds.getRepository(Lead).find({ where: { id: In(run.leadIds) } });
    expect(leads).toHaveLength(30);
    const byStatus: Record<string, number> = {};
    for (const lead of leads) byStatus[lead.status] = (byStatus[lead.status] ?? 0) + 1;
    // Of the 5 survey-approved leads, installationStagePlan leaves 1 unplanned and closes 4.
    expect(byStatus).toEqual({ new: 5, contacted: 6, documents_pending: 5, survey_scheduled: 3, survey_completed: 1, closed: 4, on_hold: 3, cancelled: 3 });
    expect(Object.fromEntries(Object.entries(run.byStatus).filter(([, n]) => n > 0))).toEqual(byStatus);

    const oemById = new Map(run.oems.map((o) => [o.id, o]));
    for (const lead of leads) {
      const oem = oemById.get(lead.oemId);
      expect(oem, lead.id).toBeDefined();
      expect(lead.sourceId).toBe(oem!.sourceId);
      expect(lead.externalRef).toContain(run.runId);
      expect(lead.customerPhone).toMatch(/^\+91[6-9]\d{9}$/);
      expect(lead.latitude).not.toBeNull();
      if (lead.status === 'on_hold' || lead.status === 'cancelled') expect(lead.closingReason).toBeTruthy();
    }

    const created = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: 'created' } });
    expect(created).toHaveLength(30);
    const leadOem = new Map(leads.map((l) => [l.id, l.oemId]));
    for (const event of created) {
      const oem = oemById.get(leadOem.get(event.leadId)!)!;
      expect(event.actorApiKeyId).toBe(oem.apiKeyId);
      expect(event.actorUserId).toBe(oem.id);
    }

    const moves = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: 'status_changed' } });
    expect(moves).toHaveLength(run.transitions + run.documents.movedToReceived + run.surveys.leadTransitions + run.installations.leadTransitions);
    // A successful report, submitted by the technician, moves the lead to installation_completed; Central Ops moves the rest.
    const techIds = new Set((await ds.getRepository(User).find({ where: { role: 'field_technician' } })).map((u) => u.id));
    for (const e of moves) {
      expect(e.actorApiKeyId).toBeNull();
      expect(e.toStatus === 'installation_completed' ? techIds.has(e.actorUserId!) : e.actorUserId === run.centralOps.id, `${e.toStatus} by ${e.actorUserId}`).toBe(true);
    }

    await expectDocumentsStored(run, leads);
    await expectSurveysStored(run, leads);
    await expectInstallationsStored(run, leads);

    // The run's keys were revoked at the end: their clear values never left the process.
    const keys = await ds.getRepository(ApiKey).find({ where: { id: In(run.oems.map((o) => o.apiKeyId)) } });
    expect(keys.map((k) => k.revokedAt)).not.toContain(null);
  }

  /**
   * The documents part: every survey-bound lead reached documents_received through its uploads (a
   * generated PDF bill with the OEM's API key, generated JPEG/PNG site photos by Central Ops), never
   * by a manual transition; half the leads left in documents_pending have their bill only.
   */
  async function expectDocumentsStored(run: DemoSummary, leads: Lead[]): Promise<void> {
    const surveyBound = leads.filter((l) => ['survey_scheduled', 'survey_completed', 'installation_scheduled', 'installation_completed', 'closed'].includes(l.status)).map((l) => l.id);
    expect(run.documents.movedToReceived).toBe(surveyBound.length);
    const documents = await ds.getRepository(LeadDocument).find({ where: { leadId: In(run.leadIds) }, relations: { file: true } });
    expect(documents).toHaveLength(run.documents.uploaded);
    expect(documents.filter((d) => d.documentType === 'electricity_bill')).toHaveLength(run.documents.bills);
    expect(documents.filter((d) => d.documentType === 'location_photo')).toHaveLength(run.documents.photos);
    for (const document of documents) {
      expect(document.file.contentType).toEqual(document.documentType === 'electricity_bill' ? 'application/pdf' : expect.stringMatching(/^image\/(jpeg|png)$/));
      expect(filesInStorage(t)).toContain(document.file.storageKey);
    }
    for (const id of surveyBound) expect(new Set(documents.filter((d) => d.leadId === id).map((d) => d.documentType))).toEqual(new Set(['electricity_bill', 'location_photo']));
    const billOnly = leads.filter((l) => documents.some((d) => d.leadId === l.id) && !surveyBound.includes(l.id));
    expect(billOnly.length).toBe(run.documents.bills - surveyBound.length);
    expect(billOnly.every((l) => l.status === 'documents_pending')).toBe(true);

    const automatic = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: 'status_changed', toStatus: 'documents_received' } });
    expect(automatic).toHaveLength(surveyBound.length);
    expect(automatic.every((e) => e.fromStatus === 'documents_pending' && e.data?.auto === true)).toBe(true);
    const billEvents = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: 'document_uploaded' } });
    const keyIds = new Set(run.oems.map((o) => o.apiKeyId));
    expect(billEvents.filter((e) => e.data?.documentType === 'electricity_bill').every((e) => e.actorApiKeyId && keyIds.has(e.actorApiKeyId))).toBe(true);
    expect(formatDemoSummary(run)).toMatch(new RegExp(`moved to documents_received\\s+${surveyBound.length}\n`));
  }

  /** The survey part: teams in the leads' cities, surveys booked for them, performed by their own technicians, approved by Central Ops. */
  async function expectSurveysStored(run: DemoSummary, leads: Lead[]): Promise<void> {
    expect(run.surveys).toMatchObject({ scheduled: 8, approved: 5, mediaUploaded: 5, leadTransitions: 13 });
    const surveys = await ds.getRepository(Survey).find({ where: { leadId: In(run.leadIds) } });
    expect(surveys).toHaveLength(8);
    expect(surveys.filter((s) => s.status === 'approved')).toHaveLength(5);
    expect(surveys.filter((s) => s.status === 'scheduled')).toHaveLength(3);
    const leadById = new Map(leads.map((l) => [l.id, l]));
    const teams = new Map((await ds.getRepository(Team).find()).map((t) => [t.id, t]));
    const bookings = await ds.getRepository(TeamBooking).find({ where: { surveyId: In(surveys.map((s) => s.id)) } });
    expect(bookings).toHaveLength(8);
    for (const booking of bookings) {
      const survey = surveys.find((s) => s.id === booking.surveyId)!;
      const lead = leadById.get(survey.leadId)!;
      // Each survey is booked for the field team of its lead's city.
      expect(teams.get(booking.teamId)).toMatchObject({ city: lead.city, state: lead.state, isActive: true });
      expect([booking.date, booking.timeSlot]).toEqual([survey.scheduledDate, survey.scheduledTimeSlot]);
    }
    const techIds = new Set((await ds.getRepository(User).find({ where: { role: 'field_technician' } })).map((u) => u.id));
    const steps = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: In(['survey_started', 'survey_report_submitted', 'survey_media_uploaded']) } });
    expect(steps).toHaveLength(15);
    expect(steps.every((e) => e.actorUserId && techIds.has(e.actorUserId))).toBe(true);
    const approvals = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: 'survey_approved' } });
    expect(approvals.map((e) => e.actorUserId)).toEqual(Array(5).fill(run.centralOps.id));
    const cities = run.surveys.byCity;
    expect(cities.reduce((n, c) => n + c.scheduled, 0)).toBe(8);
    expect(cities.reduce((n, c) => n + c.approved, 0)).toBe(5);
    expect(formatDemoSummary(run)).toMatch(/Surveys per city[\s\S]*total\s+8\s+5\n/);
  }

  /**
   * The installation part: 4 of the 5 approved surveys become installations that are installed by
   * their survey team (photos, signed report; the first of them after an unsuccessful attempt and a
   * reschedule) and closed with a pack, which each OEM downloaded with its key and verified.
   */
  async function expectInstallationsStored(run: DemoSummary, leads: Lead[]): Promise<void> {
    const i = run.installations;
    expect(i).toMatchObject({ planned: 4, reportsSubmitted: 4, unsuccessfulThenRescheduled: 1, packsGenerated: 4, leadTransitions: 12 });
    expect(i.byStatus).toEqual({ planned: 0, material_pending: 0, confirmed: 0, report_submitted: 0, closed: 4 });
    const installations = await ds.getRepository(Installation).find({ where: { leadId: In(run.leadIds) } });
    expect(installations.map((x) => x.status)).toEqual(Array(4).fill('closed'));
    const closedLeads = new Set(leads.filter((l) => l.status === 'closed').map((l) => l.id));
    expect(new Set(installations.map((x) => x.leadId))).toEqual(closedLeads);
    const ids = installations.map((x) => x.id);

    const media = await ds.getRepository(InstallationMedia).find({ where: { installationId: In(ids) }, relations: { file: true } });
    expect(media).toHaveLength(i.photosUploaded);
    expect(media.length).toBeGreaterThanOrEqual(5); // 1–2 per attempt, 5 attempts
    expect(media.every((m) => m.file.contentType === 'image/jpeg')).toBe(true);
    const reports = await ds.getRepository(InstallationReport).find({ where: { installationId: In(ids) }, relations: { customerSignature: true } });
    expect(reports).toHaveLength(4);
    for (const report of reports) {
      expect(report).toMatchObject({ installationSuccessful: true, customerSignature: { contentType: 'image/png' } });
      expect(report.chargerSerialNumber).toMatch(/^(TPW|MGW|MEW|MSW)\d{1,2}K-\d{4}-\d{6}$/);
    }
    const retried = await ds.getRepository(LeadEvent).find({ where: { leadId: In(run.leadIds), type: In(['installation_report_unsuccessful', 'installation_rescheduled']) } });
    expect(retried.map((e) => e.type).sort()).toEqual(['installation_report_unsuccessful', 'installation_rescheduled']);

    const packs = await ds.getRepository(ClosurePack).find({ where: { installationId: In(ids) } });
    expect(packs).toHaveLength(4);
    expect(packs.every((p) => p.generatedById === run.centralOps.id && p.sharedAt !== null)).toBe(true);
    expect(run.closurePacks.map((o) => o.oem)).toEqual(DEMO_OEMS.map((o) => o.name));
    expect(run.closurePacks.reduce((n, o) => n + o.verified, 0)).toBe(4);
    expect(run.closurePacks.every((o) => o.verified === o.closedLeads)).toBe(true);
    const text = formatDemoSummary(run);
    expect(text).toMatch(/Installations by status[\s\S]*closed\s+4\n\s+unsuccessful, rescheduled\s+1\n/);
    expect(text).toMatch(/Closure packs: 4 generated[\s\S]*total\s+4\n/);
  }

  it('pushes 30 leads with the OEMs API keys, works them as Central Ops, and runs again reusing accounts and sources', async () => {
    const log: string[] = [];
    const first = await runDemo({ baseUrl, leads: 30, pincodesFile: INDIA_PINCODES, ...ADMIN, log: (line) => log.push(line) });
    expect(first.oems.map((o) => o.name)).toEqual(DEMO_OEMS.map((o) => o.name));
    expect(first.oems.reduce((n, o) => n + o.leadsCreated, 0)).toBe(30);
    expect(first.topStates.length).toBeGreaterThan(0);
    expect(log.join('\n')).toContain('30 leads pushed');
    await expectRunStored(first);

    const second = await runDemo({ baseUrl, leads: 30, pincodesFile: INDIA_PINCODES, ...ADMIN });
    expect(second.runId).not.toBe(first.runId);
    expect(second.oems.map((o) => [o.id, o.sourceId])).toEqual(first.oems.map((o) => [o.id, o.sourceId]));
    expect(second.centralOps.id).toBe(first.centralOps.id);
    expect(second.leadIds.filter((id) => first.leadIds.includes(id))).toEqual([]);
    await expectRunStored(second);

    const demoEmails = [...DEMO_OEMS.map((o) => o.email), DEMO_CENTRAL_OPS.email];
    expect(await ds.getRepository(User).count({ where: { email: In(demoEmails) } })).toBe(5);
    expect(await ds.getRepository(LeadSource).count({ where: { name: In(DEMO_OEMS.map((o) => `${o.name} API`)) } })).toBe(4);
    expect(await ds.getRepository(Lead).count()).toBe(60);
    // Teams and technicians are reused by city across runs.
    const teamNames = new Set([...first.surveys.teams, ...second.surveys.teams].map((team) => team.name));
    expect(await ds.getRepository(Team).count()).toBe(teamNames.size);
    expect(await ds.getRepository(User).count({ where: { role: 'field_technician' } })).toBe(teamNames.size * 2);
  });

  it('fails loudly with method, URL, status and problem body on an unexpected response', async () => {
    const failure = runDemo({ baseUrl, leads: 1, pincodesFile: INDIA_PINCODES, adminEmail: ADMIN.adminEmail, adminPassword: 'not-the-password' });
    await expect(failure).rejects.toThrow(DemoHttpError);
    await expect(failure).rejects.toThrow(new RegExp(`POST ${baseUrl}/api/v1/auth/login answered 401[\\s\\S]*AUTH_INVALID_CREDENTIALS`));
  });

  it('fails when a downloaded closure pack does not match what the lead announced', async () => {
    // 7 leads: one approved survey, whose installation the plan closes; its pack is corrupted on the way to the OEM.
    const corrupting = async (request: Request) => {
      const response = await fetch(request);
      if (!request.url.endsWith('/closure-pack/content') || response.status !== 200) return response;
      const bytes = new Uint8Array(await response.arrayBuffer());
      bytes[bytes.length >> 1] ^= 0xff;
      return new Response(bytes, { status: 200, headers: response.headers });
    };
    const failure = runDemo({ baseUrl, leads: 7, pincodesFile: INDIA_PINCODES, ...ADMIN, fetch: corrupting });
    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(/closure pack check\(s\) failed:\n {2}\S.* lead [0-9a-f-]{36}: the download has SHA-256 [\s\S]*manifest\.json says/);
  });
});
