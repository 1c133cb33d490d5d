import { randomBytes } from 'node:crypto';
import { type ApiClient, multipart, type Schemas } from '@chargeops/api-client';
import { fakerEN_IN as faker } from '@faker-js/faker';
import { addDays, todayInIndia } from '../teams/time-slots.js';
import { CliError } from './cli-io.js';
import { type DemoApi, expectStatus } from './demo-api.js';
import { encodeJpeg, sitePhotoPainter } from './demo-files.js';

/** A lead the demo takes through a survey: `complete` ones are performed and approved, the others stay scheduled. */
export interface DemoSurveyLead {
  id: string;
  city: string;
  state: string;
  complete: boolean;
}

/** What {@link runSurveyDemo} needs. */
export interface DemoSurveyOptions {
  /** Signs the technicians in. */
  api: DemoApi;
  asAdmin: ApiClient;
  asOps: ApiClient;
  /** Leads in documents_received. */
  leads: readonly DemoSurveyLead[];
  /** Runs `work` over items with a bounded number in flight (demo.ts `inPool`). */
  pool: <T>(items: readonly T[], work: (item: T) => Promise<void>) => Promise<void>;
  log: (line: string) => void;
}

/** Surveys of one city. */
export interface DemoCitySurveys {
  city: string;
  state: string;
  team: string;
  /** Surveys created (booked) this run, approved ones included. */
  scheduled: number;
  approved: number;
}

/** What the survey part did. */
export interface DemoSurveySummary {
  teams: { id: string; name: string; city: string; state: string; technicians: string[] }[];
  byCity: DemoCitySurveys[];
  scheduled: number;
  approved: number;
  mediaUploaded: number;
  /** Lead status changes the surveys caused (documents_received → survey_scheduled → survey_completed). */
  leadTransitions: number;
  /** Lead id → the status its survey left it in. */
  leadStatus: Map<string, 'survey_scheduled' | 'survey_completed'>;
  /** The approved surveys, in approval order: what planning their installations needs. */
  approvedSurveys: DemoApprovedSurvey[];
}

/** A free slot of a team's schedule. */
export interface DemoSlot {
  /** Calendar date in India, `YYYY-MM-DD`. */
  date: string;
  timeSlot: Schemas['TimeSlot'];
}

/** An approved survey of this run and the crew that performed it. */
export interface DemoApprovedSurvey {
  leadId: string;
  /** The survey's UUID. */
  id: string;
  surveyId: string;
  teamId: string;
  teamName: string;
  backupTeamId?: string;
  scheduledDate: string;
  /** A client signed in as the team lead technician (signs in once per team and run, shared with the survey part). */
  signIn: () => Promise<ApiClient>;
}

/** Demo technicians per team; the first leads it. */
const TECHNICIANS_PER_TEAM = 2;
/** How far ahead the demo looks for free slots (the schedule route's longest range). */
const SCHEDULE_DAYS = 62;

const PARKING = ['covered', 'open', 'basement', 'street'] as const;
const CAPTIONS = ['Meter board and main switch', 'Proposed wall-box position', 'Cable route along the parking wall', 'Earthing pit near the meter room'];

const slug = (text: string) =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

type Team = Schemas['TeamResponseDto'];

/**
 * The survey part of the demo (issue #4), over HTTP like the rest of it:
 * 1. per city (district) of the given leads, creates or reuses the field team `<city> (<state>) field team`
 *    with {@link TECHNICIANS_PER_TEAM} technician accounts (`tech.<city>-<state>.<n>@demo.chargeops.example`,
 *    passwords reset each run so the demo can sign in as them);
 * 2. as Central Ops, schedules a survey per lead in the team's next free slot (read from
 *    `GET /teams/{id}/schedule`), with another team of the same state as emergency backup when there is one;
 * 3. performs as many surveys as `leads` has `complete` ones, in the cities with the most surveys
 *    first (so few technicians need to sign in), as the primary team's lead technician with its own
 *    login: accepts the assignment, starts the survey, submits the report and uploads a site photo;
 *    then, as Central Ops, approves it. The approved surveys come back in `approvedSurveys` with
 *    their team and its technician's (memoised) login, for the installation part.
 * @throws DemoHttpError on any unexpected answer (as the rest of the demo); CliError when a team has no
 *         free slot left or a technician's email belongs to another role
 */
export async function runSurveyDemo(options: DemoSurveyOptions): Promise<DemoSurveySummary> {
  const { api, asAdmin, asOps, log } = options;
  const summary: DemoSurveySummary = {
    teams: [],
    byCity: [],
    scheduled: 0,
    approved: 0,
    mediaUploaded: 0,
    leadTransitions: 0,
    leadStatus: new Map(),
    approvedSurveys: [],
  };
  if (!options.leads.length) return summary;

  const cities = new Map<string, DemoSurveyLead[]>();
  for (const lead of options.leads) {
    const key = `${lead.city}\u0000${lead.state}`;
    cities.set(key, [...(cities.get(key) ?? []), lead]);
  }
  // The surveys to perform go to the cities with the most surveys first: fewer teams sign in,
  // which keeps the demo within the server's login rate limit (LOGIN_RATE_LIMIT_PER_MINUTE).
  let toComplete = options.leads.filter((l) => l.complete).length;
  const groups = [...cities.values()]
    .sort((a, b) => b.length - a.length)
    .map((leads) => leads.map((lead) => ({ ...lead, complete: toComplete-- > 0 })));

  // Teams and technicians, one city at a time (account creation hashes passwords: keep the server responsive).
  const crews: { team: Team; signIn: () => Promise<ApiClient>; leads: DemoSurveyLead[]; freeSlots: DemoSlot[]; city: DemoCitySurveys }[] = [];
  for (const leads of groups) {
    const { city, state } = leads[0];
    const team = await ensureTeam(asOps, city, state);
    const emails: string[] = [];
    let leadLogin: { email: string; password: string } | undefined;
    for (let n = 1; n <= TECHNICIANS_PER_TEAM; n++) {
      const email = `tech.${slug(city)}-${slug(state)}.${n}@demo.chargeops.example`;
      const password = randomBytes(18).toString('base64url');
      const user = await ensureTechnician(asAdmin, email, password);
      // Posted again for the first, so it (still) leads the team.
      if (n === 1 || !team.members.some((m) => m.userId === user.id)) {
        expectStatus(await asOps.POST('/api/v1/teams/{id}/members', { params: { path: { id: team.id } }, body: { userId: user.id, isLead: n === 1 } }), 200);
      }
      leadLogin ??= { email, password };
      emails.push(email);
    }
    // The team lead signs in with its own password when the team first has work to do, once.
    let client: Promise<ApiClient> | undefined;
    const signIn = () => (client ??= login(api, leadLogin!, log).then((token) => api.as(token)));
    const freeSlots = await readFreeSlots(asOps, team.id);
    const cityRow = { city, state, team: team.name, scheduled: 0, approved: 0 };
    crews.push({ team, signIn, leads, freeSlots, city: cityRow });
    summary.teams.push({ id: team.id, name: team.name, city, state, technicians: emails });
    summary.byCity.push(cityRow);
    log(`  field team ${team.name}: ${emails.length} technicians, ${freeSlots.length} free slots in the next ${SCHEDULE_DAYS} days`);
  }

  const jobs = crews.flatMap((crew) =>
    crew.leads.map((lead, i) => {
      const slot = crew.freeSlots[i];
      if (!slot) throw new CliError(`demo: team ${crew.team.name} has no free slot left for lead ${lead.id}`);
      const backup = crews.find((c) => c !== crew && c.team.state === crew.team.state)?.team;
      return { crew, lead, slot, backup };
    }),
  );
  await options.pool(jobs, async ({ crew, lead, slot, backup }) => {
    const body = { primaryTeamId: crew.team.id, scheduledDate: slot.date, scheduledTimeSlot: slot.timeSlot, ...(backup && { backupTeamId: backup.id }) };
    const survey = expectStatus(await asOps.POST('/api/v1/leads/{id}/surveys', { params: { path: { id: lead.id } }, body }), 201);
    summary.scheduled += 1;
    summary.leadTransitions += 1;
    crew.city.scheduled += 1;
    summary.leadStatus.set(lead.id, 'survey_scheduled');
    if (!lead.complete) return;

    const asTech = await crew.signIn();
    const path = { id: survey.id };
    const primary = survey.assignments.find((a) => a.isPrimary && a.status === 'assigned');
    if (primary) {
      const assignment = { path: { ...path, assignmentId: primary.id } };
      expectStatus(await asTech.PATCH('/api/v1/surveys/{id}/assignments/{assignmentId}', { params: assignment, body: { status: 'accepted' } }), 200);
    }
    expectStatus(await asTech.POST('/api/v1/surveys/{id}/start', { params: { path } }), 200);
    const distance = faker.number.float({ min: 3, max: 45, fractionDigits: 1 });
    const report = await asTech.PUT('/api/v1/surveys/{id}/report', {
      params: { path },
      body: {
        parkingType: faker.helpers.arrayElement(PARKING),
        supplyPhase: faker.helpers.weightedArrayElement([
          { value: 'single', weight: 3 },
          { value: 'three', weight: 1 },
        ]),
        sanctionedLoadKw: faker.helpers.arrayElement([3, 5, 7, 7.5, 10, 12, 15]),
        earthingAvailable: faker.datatype.boolean({ probability: 0.8 }),
        meterToChargerDistanceM: distance,
        cableLengthM: Math.round((distance * 1.2 + 3) * 10) / 10,
        civilWorkRequired: faker.datatype.boolean({ probability: 0.25 }),
        recommendedChargerModel: faker.helpers.arrayElement(['7.4 kW AC Wallbox', '11 kW AC Wallbox', '3.3 kW AC Portable']),
        feasible: true,
        notes: 'Demo survey: customer present, parking spot confirmed with the society.',
      },
    });
    expectStatus(report, 200);
    const seed = faker.number.int({ min: 1, max: 1_000_000 });
    const photo = { bytes: encodeJpeg(160, 120, sitePhotoPainter(160, 120, seed)), name: `site-${survey.surveyId}.jpg`, type: 'image/jpeg' };
    const caption = faker.helpers.arrayElement(CAPTIONS);
    expectStatus(await asTech.POST('/api/v1/surveys/{id}/media', { params: { path }, body: multipart({ file: photo, caption }) }), 201);
    summary.mediaUploaded += 1;
    expectStatus(await asOps.POST('/api/v1/surveys/{id}/approve', { params: { path }, body: { notes: 'Site feasible; plan the installation.' } }), 200);
    summary.approved += 1;
    summary.leadTransitions += 1;
    crew.city.approved += 1;
    summary.leadStatus.set(lead.id, 'survey_completed');
    summary.approvedSurveys.push({
      leadId: lead.id,
      id: survey.id,
      surveyId: survey.surveyId,
      teamId: crew.team.id,
      teamName: crew.team.name,
      ...(backup && { backupTeamId: backup.id }),
      scheduledDate: slot.date,
      signIn: crew.signIn,
    });
  });
  summary.byCity.sort((a, b) => b.scheduled - a.scheduled || a.city.localeCompare(b.city));
  log(`  ${summary.scheduled} surveys scheduled, ${summary.approved} performed by the technicians and approved`);
  return summary;
}

/**
 * The free slots of a team's schedule (`GET /teams/{id}/schedule`, as Central Ops) from tomorrow
 * (India) for {@link SCHEDULE_DAYS} days, earliest first. A snapshot: bookings made afterwards are
 * not reflected, so callers hand each slot out once.
 * @throws DemoHttpError on an unexpected answer
 */
export async function readFreeSlots(asOps: ApiClient, teamId: string): Promise<DemoSlot[]> {
  const from = addDays(todayInIndia(), 1);
  const query = { from, to: addDays(from, SCHEDULE_DAYS - 1) };
  const schedule = expectStatus(await asOps.GET('/api/v1/teams/{id}/schedule', { params: { path: { id: teamId }, query } }), 200);
  return schedule.days.flatMap((d) => d.slots.filter((s) => s.booking === null).map((s) => ({ date: d.date, timeSlot: s.timeSlot })));
}

/** Login retries after 429 and the wait between them: the login throttle counts per client address and minute. */
const LOGIN_ATTEMPTS = 6;
const LOGIN_RETRY_MS = 15_000;

/**
 * Signs in; on 429 (the login rate limit) waits and tries again, as a well-behaved client does.
 * @throws DemoHttpError for any other answer, or a 429 that outlasts the retries
 */
async function login(api: DemoApi, credentials: { email: string; password: string }, log: (line: string) => void): Promise<string> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api.signIn(credentials);
    } catch (error) {
      if ((error as { status?: number }).status !== 429 || attempt >= LOGIN_ATTEMPTS) throw error;
      log(`  login rate limit reached signing in ${credentials.email}; retrying in ${LOGIN_RETRY_MS / 1000} s (raise LOGIN_RATE_LIMIT_PER_MINUTE on the server to avoid the wait)`);
      await new Promise((resolve) => setTimeout(resolve, LOGIN_RETRY_MS));
    }
  }
}

/** The city's demo team, created or reused by name (and reactivated). */
async function ensureTeam(asOps: ApiClient, city: string, state: string): Promise<Team> {
  const name = `${city} (${state}) field team`.slice(0, 100);
  const teams = expectStatus(await asOps.GET('/api/v1/teams', { params: { query: { city, limit: 100 } } }), 200);
  const found = teams.data.find((t) => t.name === name);
  if (!found) return expectStatus(await asOps.POST('/api/v1/teams', { body: { name, city, state } }), 201);
  if (!found.isActive) return expectStatus(await asOps.PATCH('/api/v1/teams/{id}', { params: { path: { id: found.id } }, body: { isActive: true } }), 200);
  return found;
}

/** A technician account with `password` (created, or reused with its password reset and reactivated). */
async function ensureTechnician(asAdmin: ApiClient, email: string, password: string): Promise<Schemas['UserResponseDto']> {
  const existing = expectStatus(await asAdmin.GET('/api/v1/users', { params: { query: { email } } }), 200).data[0];
  if (!existing) {
    const phone = `+91${faker.helpers.arrayElement(['9', '8', '7'])}${faker.string.numeric(9)}`;
    return expectStatus(await asAdmin.POST('/api/v1/users', { body: { email, password, fullName: faker.person.fullName(), role: 'field_technician', phone } }), 201);
  }
  if (existing.role !== 'field_technician') throw new CliError(`demo: ${email} exists with role ${existing.role}, not field_technician; remove or rename it`);
  expectStatus(await asAdmin.PATCH('/api/v1/users/{id}', { params: { path: { id: existing.id } }, body: { password, isActive: true } }), 200);
  return existing;
}
