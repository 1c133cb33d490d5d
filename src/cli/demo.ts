import { randomBytes } from 'node:crypto';
import type { Schemas } from '@chargeops/api-client';
import { fakerEN_IN as faker } from '@faker-js/faker';
import { CliError, formatCount, formatDuration } from './cli-io.js';
import { DemoApi, DemoHttpError, expectStatus } from './demo-api.js';
import { DEMO_OEMS, type DemoOem, leadPayload, loadDemoPincodes, METRO_SHARE, mobileNumber } from './demo-data.js';
import { type DemoDocumentSummary, emptyDocumentSummary, uploadDemoDocuments } from './demo-documents.js';
import {
  type DemoInstallationLeadStatus,
  type DemoInstallationSummary,
  type DemoOemPacks,
  runInstallationDemo,
  verifyOemClosurePacks,
} from './demo-installations.js';
import { type DemoSurveySummary, runSurveyDemo } from './demo-surveys.js';

export { DemoHttpError };
export { DEMO_OEMS, type DemoOem, loadDemoPincodes } from './demo-data.js';

/** The statuses {@link demoStatusPlan} plans for (DESIGN §5: manual transitions, and the surveys' automatic ones). */
export type DemoPlanStatus = 'new' | 'contacted' | 'documents_pending' | 'survey_scheduled' | 'survey_completed' | 'on_hold' | 'cancelled';

/** The statuses the demo leaves leads in: the plan's, and those the installations move survey_completed leads on to. */
export type DemoStatus = DemoPlanStatus | DemoInstallationLeadStatus;

export const DEMO_CENTRAL_OPS = { email: 'central-ops@demo.chargeops.example', fullName: 'Demo Central Ops' } as const;

/** What {@link runDemo} needs. */
export interface DemoOptions {
  /** Server origin, e.g. `http://localhost:3000` (a trailing `/api/v1` is accepted). */
  baseUrl: string;
  /** How many leads to push, 1–100,000. */
  leads: number;
  /** shared/data/india-pincodes.csv; relative paths resolve against the working directory. */
  pincodesFile: string;
  adminEmail: string;
  adminPassword: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Progress lines (the CLI sends them to stderr); the report is the returned summary. */
  log?: (line: string) => void;
  /** Sends each request of the typed client (`@chargeops/api-client`); defaults to the global fetch. */
  fetch?: (request: Request) => Promise<Response>;
}

/** What a demo run did. */
export interface DemoSummary {
  runId: string;
  baseUrl: string;
  oems: { name: string; id: string; sourceId: number; apiKeyId: string; leadsCreated: number }[];
  centralOps: { id: string; email: string };
  /** Ids of the leads this run created, in creation order. */
  leadIds: string[];
  byStatus: Record<DemoStatus, number>;
  /** Leads per state, most first, top 10. */
  topStates: { state: string; leads: number }[];
  /** Documents uploaded (bills, site photos) and the leads they moved to documents_received. */
  documents: DemoDocumentSummary;
  /** Field teams, technicians and surveys (per city) of this run. */
  surveys: Omit<DemoSurveySummary, 'leadStatus' | 'approvedSurveys'>;
  /** Installations of the survey-approved leads: per status, photos, reports, reschedules, packs. */
  installations: Omit<DemoInstallationSummary, 'leadStatus'>;
  /** Closure packs each OEM downloaded with its API key and verified against their manifests. */
  closurePacks: DemoOemPacks[];
  transitions: number;
  requests: number;
  durationMs: number;
}

/**
 * How many of `n` leads take each path: 20 % contacted, 15 % documents_pending, 10 % with a
 * scheduled survey, 15 % with a survey performed and approved (survey_completed; most of them then
 * go on to an installation, see installationStagePlan), 10 % on hold, 10 % cancelled, the rest new.
 */
export function demoStatusPlan(n: number): Record<DemoPlanStatus, number> {
  const contacted = Math.round(n * 0.2);
  const documentsPending = Math.round(n * 0.15);
  const surveyScheduled = Math.round(n * 0.1);
  const surveyCompleted = Math.round(n * 0.15);
  const onHold = Math.round(n * 0.1);
  const cancelled = Math.round(n * 0.1);
  return {
    new: n - contacted - documentsPending - surveyScheduled - surveyCompleted - onHold - cancelled,
    contacted,
    documents_pending: documentsPending,
    survey_scheduled: surveyScheduled,
    survey_completed: surveyCompleted,
    on_hold: onHold,
    cancelled,
  };
}

type User = Schemas['UserResponseDto'];
type Lead = Schemas['LeadResponseDto'];

/** One lead's way through the workflow: the transitions the demo requests, in order. */
type Step = { to: DemoPlanStatus | 'documents_received'; reason?: string };
/** A lead's plan: its manual steps, then (for survey leads) whether its survey is only scheduled or also performed and approved. */
type LeadPlan = { steps: Step[]; survey?: 'scheduled' | 'completed' };

const HOLD_REASONS = [
  'Customer travelling; call back after two weeks',
  'Awaiting society (RWA) approval for the parking spot',
  'Vehicle delivery postponed by the dealer',
  'Customer asked to wait until the new meter is installed',
];
const CANCEL_REASONS = [
  'Customer bought a vehicle from another brand',
  'No dedicated parking at the residence',
  'Society refused permission for a wall-mounted charger',
  'Duplicate request; customer already has a charger installed',
  'Customer unreachable after three attempts',
];

/**
 * The plans that realise {@link demoStatusPlan}; on-hold and cancelled leads alternate between
 * "from new" and "after the intro call"; survey leads are walked to documents_received and get
 * their survey from {@link runSurveyDemo}.
 */
function statusPaths(n: number): LeadPlan[] {
  const plan = demoStatusPlan(n);
  const paths: LeadPlan[] = [];
  const toDocuments: Step[] = [{ to: 'contacted' }, { to: 'documents_pending' }];
  for (let i = 0; i < plan.new; i++) paths.push({ steps: [] });
  for (let i = 0; i < plan.contacted; i++) paths.push({ steps: [{ to: 'contacted' }] });
  for (let i = 0; i < plan.documents_pending; i++) paths.push({ steps: toDocuments });
  for (let i = 0; i < plan.survey_scheduled; i++) paths.push({ steps: [...toDocuments, { to: 'documents_received' }], survey: 'scheduled' });
  for (let i = 0; i < plan.survey_completed; i++) paths.push({ steps: [...toDocuments, { to: 'documents_received' }], survey: 'completed' });
  for (let i = 0; i < plan.on_hold; i++) {
    const hold: Step = { to: 'on_hold', reason: faker.helpers.arrayElement(HOLD_REASONS) };
    paths.push({ steps: i % 2 ? [{ to: 'contacted' }, hold] : [hold] });
  }
  for (let i = 0; i < plan.cancelled; i++) {
    const cancel: Step = { to: 'cancelled', reason: faker.helpers.arrayElement(CANCEL_REASONS) };
    paths.push({ steps: i % 2 ? [{ to: 'contacted' }, cancel] : [cancel] });
  }
  return faker.helpers.shuffle(paths);
}

/** Splits `n` by the OEMs' weights (largest remainder), so the counts always add up to `n`. */
function allocate(n: number, oems: readonly DemoOem[]): number[] {
  const total = oems.reduce((s, o) => s + o.weight, 0);
  const exact = oems.map((o) => (n * o.weight) / total);
  const counts = exact.map(Math.floor);
  const order = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0]);
  for (let k = 0, left = n - counts.reduce((s, c) => s + c, 0); k < left; k++) counts[order[k % order.length][1]] += 1;
  return counts;
}

/** Runs `work` over `items` with at most `width` in flight; stops taking new items after the first failure and rethrows it. */
async function inPool<T>(items: readonly T[], width: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const index = next++;
      try {
        await work(items[index], index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (failure) throw failure.error;
}

/** `http://host:3000/`, `http://host:3000/api/v1` → `http://host:3000`. @throws CliError for anything but an http(s) URL */
export function normaliseBaseUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new CliError(`demo: --base-url is not a URL: "${raw}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`demo: --base-url must be http(s), got "${raw}"`);
  return `${url.origin}${url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '')}`;
}

/**
 * The demo (README "Reference data and demo"): against a RUNNING server, over HTTP only, it
 * 1. signs in as the admin;
 * 2. creates or reuses (looked up by email) the {@link DEMO_OEMS} accounts and the
 *    {@link DEMO_CENTRAL_OPS} account (whose password it resets so it can sign in as it);
 * 3. issues a fresh API key per OEM and creates or reuses (by name) one `api` lead source per OEM;
 * 4. pushes `leads` leads with the OEMs' API keys (`X-API-Key`), `concurrency` in flight: faker
 *    en_IN names, Indian mobiles, real pincodes with their district (as city), state and coordinates,
 *    an externalRef unique to this run;
 * 5. as Central Ops, moves them per {@link demoStatusPlan} with `POST /leads/{id}/transitions`,
 *    except that leads bound for documents_received get their documents instead — a generated PDF
 *    bill with the OEM's API key and generated site photos as Central Ops — and the server moves
 *    them ({@link uploadDemoDocuments}); half the leads left in documents_pending get their bill only;
 * 6. creates field teams with technician accounts in the cities of the survey leads, schedules
 *    their surveys as Central Ops, and performs (report, site photo) and approves a share of them
 *    with the technicians' own logins ({@link runSurveyDemo});
 * 7. takes most of the survey-approved leads on to an installation ({@link runInstallationDemo}):
 *    planned, materials, confirmation, installed with photos and a signed report by the technicians
 *    (some after an unsuccessful first attempt and a reschedule), and a closure pack that closes
 *    the lead; the rest stay at intermediate statuses (installationStagePlan in demo-installations.ts);
 * 8. as each OEM, with its API key, reads its closed leads, downloads their closure packs and
 *    verifies them against their manifests ({@link verifyOemClosurePacks});
 * 9. revokes the run's API keys (their clear values are never shown).
 * Re-runnable: a second run reuses the accounts and sources and adds new leads.
 * @throws DemoHttpError on any unexpected HTTP answer; CliError for a missing pincode file,
 *         a bad base URL, an unreachable server, an existing account with another role, or a
 *         closure pack that fails its verification (the message lists every failed check)
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const started = Date.now();
  // The OEMs list their closed leads created since the run started (a second's slack for clock rounding).
  const createdFrom = new Date(started - 1000).toISOString();
  const log = options.log ?? (() => undefined);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(options.leads) || options.leads < 1 || options.leads > 100_000) {
    throw new CliError(`demo: --leads must be an integer from 1 to 100000, got ${options.leads}`);
  }
  const origin = normaliseBaseUrl(options.baseUrl);
  const places = loadDemoPincodes(options.pincodesFile);
  const api = new DemoApi(origin, options.fetch);
  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}-${randomBytes(3).toString('hex')}`;
  log(`demo ${runId}: ${options.leads} leads against ${origin}`);

  const asAdmin = api.as(await api.signIn({ email: options.adminEmail, password: options.adminPassword }));

  const findUser = async (email: string): Promise<User | undefined> =>
    expectStatus(await asAdmin.GET('/api/v1/users', { params: { query: { email } } }), 200).data[0];
  const ensureUser = async (
    email: string,
    fullName: string,
    role: 'oem' | 'central_ops',
    password: string,
    phone?: string,
  ): Promise<{ user: User; reused: boolean }> => {
    const existing = await findUser(email);
    if (!existing) {
      const body = { email, password, fullName, role, ...(phone && { phone }) };
      return { user: expectStatus(await asAdmin.POST('/api/v1/users', { body }), 201), reused: false };
    }
    if (existing.role !== role) throw new CliError(`demo: ${email} already exists with role ${existing.role}, not ${role}; remove or rename it`);
    return { user: existing, reused: true };
  };

  const oems: { def: DemoOem; user: User; sourceId: number; apiKey: string; apiKeyId: string; created: number }[] = [];
  const issuedKeys: { userId: string; keyId: string }[] = [];
  try {
    const sources = expectStatus(await asAdmin.GET('/api/v1/lead-sources'), 200);
    for (const def of DEMO_OEMS) {
      // OEMs integrate with API keys; their password is random and never shown.
      const found = await ensureUser(def.email, def.name, 'oem', randomBytes(18).toString('base64url'));
      let user = found.user;
      if (!user.isActive) user = expectStatus(await asAdmin.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body: { isActive: true } }), 200);
      const key = expectStatus(await asAdmin.POST('/api/v1/users/{id}/api-keys', { params: { path: { id: user.id } }, body: { name: `demo ${runId}` } }), 201);
      issuedKeys.push({ userId: user.id, keyId: key.id });
      const sourceName = `${def.name} API`;
      let source = sources.find((s) => s.name === sourceName);
      if (source && (source.oemId !== user.id || source.sourceType !== 'api')) {
        throw new CliError(`demo: lead source "${sourceName}" exists but is not the api source of ${def.email}; rename it`);
      }
      source ??= expectStatus(await asAdmin.POST('/api/v1/lead-sources', { body: { name: sourceName, oemId: user.id, sourceType: 'api' } }), 201);
      oems.push({ def, user, sourceId: source.id, apiKey: key.key, apiKeyId: key.id, created: 0 });
      log(`  OEM ${def.name}: ${found.reused ? 'reused' : 'created'} ${user.email}, source #${source.id}, new API key ${key.id}`);
    }

    const opsPassword = randomBytes(18).toString('base64url');
    const ops = await ensureUser(DEMO_CENTRAL_OPS.email, DEMO_CENTRAL_OPS.fullName, 'central_ops', opsPassword, mobileNumber());
    if (ops.reused) expectStatus(await asAdmin.PATCH('/api/v1/users/{id}', { params: { path: { id: ops.user.id } }, body: { password: opsPassword, isActive: true } }), 200);
    log(`  Central Ops: ${ops.reused ? 'reused' : 'created'} ${ops.user.email}`);

    const counts = allocate(options.leads, DEMO_OEMS);
    const work = faker.helpers.shuffle(oems.flatMap((oem, i) => Array.from({ length: counts[i] }, () => oem)));
    const created: Lead[] = new Array<Lead>(work.length);
    const sequence = new Map<string, number>();
    let pushed = 0;
    await inPool(work, concurrency, async (oem, index) => {
      const n = (sequence.get(oem.def.code) ?? 0) + 1;
      sequence.set(oem.def.code, n);
      const place = faker.helpers.arrayElement(faker.datatype.boolean({ probability: METRO_SHARE }) ? places.metro : places.all);
      const ref = `${oem.def.code}-${runId}-${String(n).padStart(5, '0')}`;
      created[index] = expectStatus(await api.withKey(oem.apiKey).POST('/api/v1/leads', { body: leadPayload(oem.def, oem.sourceId, ref, place) }), 201);
      oem.created += 1;
      pushed += 1;
      if (pushed % 100 === 0) log(`  ${pushed} leads pushed`);
    });
    log(`  ${created.length} leads pushed with the OEMs' API keys`);

    const asOps = api.as(await api.signIn({ email: DEMO_CENTRAL_OPS.email, password: opsPassword }));
    const paths = statusPaths(created.length);
    let transitions = 0;
    const documents = emptyDocumentSummary();
    await inPool(created, concurrency, async (lead, index) => {
      const asOem = api.withKey(work[index].apiKey);
      for (const step of paths[index].steps) {
        if (step.to === 'documents_received') {
          // DESIGN §5: the documents move the lead (a bill and a site photo on file), not a request.
          lead.status = await uploadDemoDocuments(lead, { asOem, asOps, complete: true, summary: documents });
          if (lead.status !== step.to) throw new CliError(`demo: lead ${lead.id} is ${lead.status} after its documents were uploaded, expected ${step.to}`);
          continue;
        }
        const moved = expectStatus(await asOps.POST('/api/v1/leads/{id}/transitions', { params: { path: { id: lead.id } }, body: step }), 200);
        if (moved.status !== step.to) {
          throw new DemoHttpError('POST', `${origin}/api/v1/leads/${lead.id}/transitions`, 200, JSON.stringify(moved), `status ${step.to}`);
        }
        lead.status = moved.status;
        transitions += 1;
      }
      // Half the leads still waiting for documents have their bill on file, but no site photo yet.
      if (lead.status === 'documents_pending' && index % 2 === 0) await uploadDemoDocuments(lead, { asOem, asOps, complete: false, summary: documents });
    });
    log(`  ${transitions} transitions as Central Ops`);
    log(`  ${documents.uploaded} documents uploaded; ${documents.movedToReceived} leads moved to documents_received by them`);

    const surveyLeads = created.flatMap((lead, index) => {
      const survey = paths[index].survey;
      return survey ? [{ id: lead.id, city: lead.city, state: lead.state, complete: survey === 'completed' }] : [];
    });
    const pool = <T>(items: readonly T[], task: (item: T) => Promise<void>) => inPool(items, concurrency, (item) => task(item));
    const { leadStatus, approvedSurveys, ...surveys } = await runSurveyDemo({ api, asAdmin, asOps, leads: surveyLeads, pool, log });
    for (const lead of created) lead.status = leadStatus.get(lead.id) ?? lead.status;

    const oemOfLead = new Map(created.map((lead, index) => [lead.id, work[index].def]));
    const { leadStatus: installedStatus, ...installations } = await runInstallationDemo({
      asOps,
      leads: approvedSurveys.map((survey) => {
        const oem = oemOfLead.get(survey.leadId)!;
        return { survey, charger: { serialPrefix: oem.chargerSerialPrefix, models: oem.chargerModels } };
      }),
      pool,
      log,
    });
    for (const lead of created) lead.status = installedStatus.get(lead.id) ?? lead.status;

    const packs = await verifyOemClosurePacks({
      oems: oems.map((o) => ({ name: o.def.name, api: api.withKey(o.apiKey) })),
      leadIds: new Set(created.map((l) => l.id)),
      createdFrom,
      pool,
    });
    const verified = packs.byOem.reduce((n, o) => n + o.verified, 0);
    log(`  ${verified} closure packs downloaded with the OEMs' API keys and verified`);
    const found = packs.byOem.reduce((n, o) => n + o.closedLeads, 0);
    if (found !== installations.packsGenerated) packs.failures.push(`the OEMs list ${found} closed leads of this run, but ${installations.packsGenerated} packs were generated`);
    if (packs.failures.length) {
      throw new CliError(`demo: ${packs.failures.length} closure pack check(s) failed:\n${packs.failures.map((f) => `  ${f}`).join('\n')}`);
    }

    // Lifecycle order (DESIGN §5), so the report reads top to bottom.
    const byStatus: Record<DemoStatus, number> = {
      new: 0,
      contacted: 0,
      documents_pending: 0,
      survey_scheduled: 0,
      survey_completed: 0,
      installation_scheduled: 0,
      installation_completed: 0,
      closed: 0,
      on_hold: 0,
      cancelled: 0,
    };
    const byState = new Map<string, number>();
    for (const lead of created) {
      byStatus[lead.status as DemoStatus] += 1;
      byState.set(lead.state, (byState.get(lead.state) ?? 0) + 1);
    }
    return {
      runId,
      baseUrl: origin,
      oems: oems.map((o) => ({ name: o.def.name, id: o.user.id, sourceId: o.sourceId, apiKeyId: o.apiKeyId, leadsCreated: o.created })),
      centralOps: { id: ops.user.id, email: ops.user.email },
      leadIds: created.map((l) => l.id),
      byStatus,
      topStates: [...byState]
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, 10)
        .map(([state, leads]) => ({ state, leads })),
      documents,
      surveys,
      installations,
      closurePacks: packs.byOem,
      transitions,
      requests: api.requests,
      durationMs: Date.now() - started,
    };
  } finally {
    // The clear keys live only in this process; leaving them active would only leave live credentials behind.
    for (const { userId, keyId } of issuedKeys) {
      await asAdmin
        .DELETE('/api/v1/users/{id}/api-keys/{keyId}', { params: { path: { id: userId, keyId } } })
        .then((result) => expectStatus(result, 204))
        .catch((error: Error) => log(`  could not revoke API key ${keyId}: ${error.message}`));
    }
  }
}

/** The demo report printed on stdout: leads per OEM, by status, top 10 states, surveys per city, installations by status, closure packs per OEM, duration. */
export function formatDemoSummary(s: DemoSummary): string {
  const total = s.leadIds.length;
  const line = (label: string, n: number) => `  ${label.padEnd(28)}${formatCount(n).padStart(7)}\n`;
  let text = `Demo run ${s.runId} against ${s.baseUrl}\n`;
  text += 'Leads created per OEM (X-API-Key):\n';
  for (const o of s.oems) text += line(o.name, o.leadsCreated);
  text += line('total', total);
  text += `Leads by status (${formatCount(s.transitions)} manual transitions as Central Ops ${s.centralOps.email}; the rest by the workflow):\n`;
  for (const [status, n] of Object.entries(s.byStatus)) text += line(status, n);
  text += 'Top states:\n';
  for (const { state, leads } of s.topStates) text += line(state, leads);
  const d = s.documents;
  text += `Documents: ${formatCount(d.uploaded)} uploaded (${formatCount(d.bills)} electricity bills as PDF with the OEMs' API keys, ${formatCount(d.photos)} site photos as JPEG/PNG by Central Ops, ${formatCount(Math.round(d.bytes / 1024))} KB)\n`;
  text += line('moved to documents_received', d.movedToReceived);
  const { surveys } = s;
  const technicians = surveys.teams.reduce((n, t) => n + t.technicians.length, 0);
  text += `Surveys per city (${surveys.teams.length} field teams, ${technicians} technicians; ${formatCount(surveys.mediaUploaded)} site photos):\n`;
  text += `  ${'city'.padEnd(36)}${'scheduled'.padStart(10)}${'approved'.padStart(10)}\n`;
  for (const c of surveys.byCity) text += `  ${`${c.city}, ${c.state}`.slice(0, 35).padEnd(36)}${formatCount(c.scheduled).padStart(10)}${formatCount(c.approved).padStart(10)}\n`;
  text += `  ${'total'.padEnd(36)}${formatCount(surveys.scheduled).padStart(10)}${formatCount(surveys.approved).padStart(10)}\n`;
  const i = s.installations;
  text += `Installations by status (${formatCount(i.planned)} planned from approved surveys; ${formatCount(i.photosUploaded)} installation photos, ${formatCount(i.reportsSubmitted)} signed reports):\n`;
  for (const [status, n] of Object.entries(i.byStatus)) text += line(status, n);
  text += line('unsuccessful, rescheduled', i.unsuccessfulThenRescheduled);
  const verified = s.closurePacks.reduce((n, o) => n + o.verified, 0);
  const kb = Math.round(s.closurePacks.reduce((n, o) => n + o.bytes, 0) / 1024);
  text += `Closure packs: ${formatCount(i.packsGenerated)} generated by Central Ops; verified per OEM (X-API-Key download, manifest SHA-256s, summary.pdf; ${formatCount(kb)} KB):\n`;
  for (const o of s.closurePacks) text += line(o.oem, o.verified);
  text += line('total', verified);
  const seconds = s.durationMs / 1000;
  text += `Duration: ${formatDuration(s.durationMs)} (${formatCount(s.requests)} requests, ${(total / Math.max(seconds, 0.001)).toFixed(0)} leads/s overall)\n`;
  return text;
}
