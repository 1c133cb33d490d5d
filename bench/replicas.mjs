#!/usr/bin/env node
// The multi-replica test (issue 18 item 4): three API processes (the BUILT server, see bench/lib.mjs
// BUILD_DIR) on one new PostgreSQL database and one S3-compatible server (s3rver, scripts/s3rver.mjs),
// a client spreading a mixed load over them — lead ingestion with replays of the same externalRef,
// transitions racing on the same leads, survey bookings racing on the same team slots, document
// uploads, closure packs — while one replica is killed with SIGKILL mid-run and restarted. Then it
// checks what must hold and prints a summary table; exits 1 when a check fails.
//
//   npm run replicas                                    (builds bench/results/build when stale)
//   REPLICAS_SCALE=small npm run replicas               the bounded form CI runs (test/replicas.spec.ts)
//   REPLICAS_PG_URL=postgres://…/db  REPLICAS_REDIS_URL=redis://127.0.0.1:6379  (defaults: local test database, no Redis)
//
// The client fails over: a request that finds its replica dead (connection refused or reset) is
// sent again to the next live one. A replayed lead is the same externalRef and body again (the
// API's idempotency key for ingestion); a failed-over transition, booking or pack may meet the
// first attempt's committed result (409), which is why every check reads the database, not only
// the answers.
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import pg from 'pg';
import { BUILD_DIR, ensureBuilt, ROOT, startApp, startS3rver } from './lib.mjs';

const SCALES = {
  small: { leads: 30, replays: 2, transitionRaces: 6, racers: 4, bookingRaces: 4, uploads: 12, packs: 1, concurrency: 6 },
  full: { leads: 300, replays: 2, transitionRaces: 40, racers: 6, bookingRaces: 24, uploads: 90, packs: 4, concurrency: 12 },
};
const SCALE_NAME = process.env.REPLICAS_SCALE ?? 'full';
const SCALE = SCALES[SCALE_NAME];
if (!SCALE) throw new Error(`REPLICAS_SCALE must be ${Object.keys(SCALES).join(' or ')}, got "${SCALE_NAME}"`);
const PG_URL = process.env.REPLICAS_PG_URL ?? process.env.TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const REDIS_URL = process.env.REPLICAS_REDIS_URL;
const ADMIN = { email: 'replicas-admin@bench.chargeops.example', password: 'replicas-admin-password-2026' };
const PASSWORD = 'replicas-password-2026';
const PINCODE = { city: 'Pune', state: 'Maharashtra', pincode: '411001' };
const S3_CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');
const log = (line) => process.stderr.write(`[replicas] ${line}\n`);

/** s3rver (bench/lib.mjs startS3rver) with its files in a new temporary directory. */
async function startS3() {
  const dir = mkdtempSync(join(tmpdir(), 'chargeops-replicas-s3-'));
  const server = await startS3rver(dir);
  return {
    endpoint: server.endpoint,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The replicas and a client that spreads requests over them and fails over from a dead one. */
class Fleet {
  constructor(env) {
    this.env = env;
    this.replicas = [];
    this.next = 0;
    this.stats = { requests: 0, failovers: 0, byStatus: {} };
  }

  async start(count) {
    // The first one migrates and seeds the admin; the others start on a migrated database.
    this.replicas.push(await this.spawn(0));
    this.replicas.push(...(await Promise.all(Array.from({ length: count - 1 }, (_, i) => this.spawn(i + 1)))));
  }

  spawn(index) {
    return startApp({ databaseUrl: this.env.DATABASE_URL, env: this.env, logFile: join(ROOT, 'bench', 'results', `replicas-${index}.log`) });
  }

  /** SIGKILL on replica `index`: no shutdown hook runs, in-flight requests die with it. */
  kill9(index) {
    const replica = this.replicas[index];
    replica.dead = true;
    process.kill(replica.pid, 'SIGKILL');
  }

  async restart(index) {
    this.replicas[index] = await this.spawn(index);
  }

  /** Sends one request to `replica` (default: the next one in turn), failing over to the next live one on a connection error. */
  async request(method, path, { auth, key, body, form, replica } = {}) {
    let index = replica ?? this.next++ % this.replicas.length;
    for (let attempt = 0; attempt < 3 * this.replicas.length; attempt++) {
      const target = this.replicas[index % this.replicas.length];
      if (!target.dead) {
        try {
          this.stats.requests += 1;
          const res = await fetch(`${target.url}/api/v1${path}`, {
            method,
            headers: { ...(body !== undefined && { 'content-type': 'application/json' }), ...(auth && { authorization: auth }), ...(key && { 'x-api-key': key }) },
            body: form ?? (body === undefined ? undefined : JSON.stringify(body)),
            signal: AbortSignal.timeout(60_000),
          });
          const bytes = Buffer.from(await res.arrayBuffer());
          this.stats.byStatus[res.status] = (this.stats.byStatus[res.status] ?? 0) + 1;
          let json = null;
          if ((res.headers.get('content-type') ?? '').includes('json')) json = JSON.parse(bytes.toString('utf8'));
          return { status: res.status, body: json, bytes, failedOver: attempt > 0, replica: index % this.replicas.length };
        } catch (error) {
          if (error.name === 'TimeoutError') throw error;
          // Connection refused/reset: the replica died (or is dying); try the next one.
        }
      }
      this.stats.failovers += 1;
      index += 1;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`${method} ${path}: no replica answered`);
  }

  /** Like {@link request}, but throws unless the status is one of `ok`. */
  async ok(method, path, options = {}, ok = [200, 201, 204]) {
    const res = await this.request(method, path, options);
    if (!ok.includes(res.status)) throw new Error(`${method} ${path} answered ${res.status}: ${res.bytes.toString('utf8').slice(0, 300)}`);
    return res;
  }

  async stop() {
    await Promise.all(this.replicas.filter((r) => !r.dead).map((r) => r.stop()));
  }
}

const leadBody = (runId, n) => ({
  externalRef: `REPL-${runId}-${n}`,
  customerName: `Replica Customer ${n}`,
  customerPhone: `+9198${String(10_000_000 + ((n * 7919) % 89_999_999)).padStart(8, '0')}`,
  addressLine1: `Flat ${(n % 40) + 1}01, Replica Residency`,
  ...PINCODE,
});

/** A future IST date `days` ahead (YYYY-MM-DD). */
const istDate = (days) => new Date(Date.now() + 5.5 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
const SLOTS = ['09-12', '12-15', '15-18'];

/** A PDF-looking document of `size` random bytes. */
const pdf = (size) => Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(size)]);
const uploadForm = (documentType, bytes, filename) => {
  const form = new FormData();
  form.append('documentType', documentType);
  form.append('file', new Blob([bytes], { type: 'application/pdf' }), filename);
  return form;
};

/** Runs `tasks` with at most `limit` at once; `onProgress(done)` after each. */
async function pool(tasks, limit, onProgress) {
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < tasks.length) {
        const task = tasks[next++];
        await task();
        onProgress(++done);
      }
    }),
  );
}

const shuffle = (items) => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
};

async function main() {
  const started = Date.now();
  ensureBuilt(log);
  const runId = randomBytes(4).toString('hex');
  const dbName = `chargeops_replicas_${runId}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const dbUrl = new URL(PG_URL);
  dbUrl.pathname = `/${dbName}`;
  const s3 = await startS3();
  const bucket = `chargeops-replicas-${runId}`;
  Object.assign(process.env, S3_CREDENTIALS);
  const s3client = new S3Client({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
  await s3client.send(new CreateBucketCommand({ Bucket: bucket }));
  const env = {
    DATABASE_URL: dbUrl.toString(),
    STORAGE_URL: `s3://${bucket}?endpoint=${s3.endpoint}&region=us-east-1&forcePathStyle=true`,
    ...S3_CREDENTIALS,
    ...(REDIS_URL && { REDIS_URL }),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    // Lock-outs are checked per account; the address limit would count every request of this one client.
    LOGIN_RATE_LIMIT_PER_MINUTE: '100000',
    STORAGE_SWEEP_INTERVAL_SECONDS: '0',
    OUTBOX_POLL_INTERVAL_MS: '500',
    PUBLIC_BASE_URL: 'http://127.0.0.1',
  };
  const fleet = new Fleet(env);
  const db = new pg.Client({ connectionString: env.DATABASE_URL });
  const checks = [];
  const check = (name, expected, observed, pass) => checks.push({ name, expected: String(expected), observed: String(observed), pass });
  let killedAt = null;
  let restartedAt = null;
  try {
    await fleet.start(3);
    await db.connect();
    log(`3 replicas up on ${dbName} and bucket ${bucket} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    // --- Set-up, through the API (any replica) ---
    const login = async (email, password) => `Bearer ${(await fleet.ok('POST', '/auth/login', { body: { email, password } })).body.accessToken}`;
    const adminAuth = await login(ADMIN.email, ADMIN.password);
    const user = async (role, name) => (await fleet.ok('POST', '/users', { auth: adminAuth, body: { email: `${name}.${runId}@bench.chargeops.example`, password: PASSWORD, fullName: `Replica ${name}`, role } })).body;
    const [ops, oem, tech, victim] = await Promise.all([user('central_ops', 'ops'), user('oem', 'oem'), user('field_technician', 'tech'), user('central_ops', 'victim')]);
    const [opsAuth, techAuth] = await Promise.all([login(ops.email, PASSWORD), login(tech.email, PASSWORD)]);
    const apiKey = (await fleet.ok('POST', `/users/${oem.id}/api-keys`, { auth: adminAuth, body: { name: 'replicas' } })).body.key;
    const team = (await fleet.ok('POST', '/teams', { auth: opsAuth, body: { name: `Replica team ${runId}`, city: PINCODE.city, state: PINCODE.state } })).body;
    await fleet.ok('POST', `/teams/${team.id}/members`, { auth: opsAuth, body: { userId: tech.id, isLead: true } });
    let leadSeq = 0;
    const newLead = async () => (await fleet.ok('POST', '/leads', { key: apiKey, body: leadBody(`${runId}-setup`, (leadSeq += 1)) })).body;
    const move = async (leadId, ...steps) => {
      for (const to of steps) await fleet.ok('POST', `/leads/${leadId}/transitions`, { auth: opsAuth, body: { to } });
    };
    const readyLead = async () => {
      const lead = await newLead();
      await move(lead.id, 'contacted', 'documents_pending', 'documents_received');
      return lead;
    };
    const transitionLeads = await Promise.all(Array.from({ length: SCALE.transitionRaces }, newLead));
    const bookingLeads = [];
    for (let i = 0; i < SCALE.bookingRaces * SCALE.racers; i++) bookingLeads.push(await readyLead());
    const uploadLeads = await Promise.all(Array.from({ length: Math.max(1, Math.ceil(SCALE.uploads / 10)) }, newLead));
    const packLeads = [];
    for (let i = 0; i < SCALE.packs; i++) packLeads.push(await readyLead());
    log(`set-up done (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    // --- The mixed load ---
    const ingest = { answers: {} };
    const transitions = new Map(); // leadId -> statuses
    const bookings = []; // { slot, statuses }
    const uploads = []; // { leadId, documentId, sha256 }
    let uploadRefused = 0;
    const packs = []; // { installationId }
    const tasks = [];
    for (let n = 0; n < SCALE.leads; n++) {
      for (let copy = 0; copy <= SCALE.replays; copy++) {
        tasks.push(async () => {
          const res = await fleet.request('POST', '/leads', { key: apiKey, body: leadBody(runId, n) });
          ingest.answers[res.status] = (ingest.answers[res.status] ?? 0) + 1;
        });
      }
    }
    for (const lead of transitionLeads) {
      tasks.push(async () => {
        const answers = await Promise.all(Array.from({ length: SCALE.racers }, (_, i) => fleet.request('POST', `/leads/${lead.id}/transitions`, { auth: opsAuth, body: { to: 'contacted' }, replica: i % 3 })));
        transitions.set(lead.id, answers);
      });
    }
    for (let s = 0; s < SCALE.bookingRaces; s++) {
      const slot = { scheduledDate: istDate(3 + Math.floor(s / SLOTS.length)), scheduledTimeSlot: SLOTS[s % SLOTS.length] };
      const racers = bookingLeads.slice(s * SCALE.racers, (s + 1) * SCALE.racers);
      tasks.push(async () => {
        const answers = await Promise.all(racers.map((lead, i) => fleet.request('POST', `/leads/${lead.id}/surveys`, { auth: opsAuth, body: { primaryTeamId: team.id, ...slot }, replica: i % 3 })));
        bookings.push({ slot, leadIds: racers.map((l) => l.id), answers });
      });
    }
    for (let u = 0; u < SCALE.uploads; u++) {
      tasks.push(async () => {
        const bytes = pdf(20_000 + Math.floor(Math.random() * 1_500_000));
        const lead = uploadLeads[u % uploadLeads.length];
        const res = await fleet.request('POST', `/leads/${lead.id}/documents`, { auth: opsAuth, form: uploadForm('other', bytes, `doc-${u}.pdf`) });
        if (res.status === 201) uploads.push({ leadId: lead.id, documentId: res.body.id, sha256: sha256(bytes) });
        else uploadRefused += 1;
      });
    }
    packLeads.forEach((lead, p) => tasks.push(() => closurePackFlow(fleet, { lead, p, team, opsAuth, techAuth, runId }).then((done) => packs.push(done))));
    shuffle(tasks);

    // Kill replica 2 once 40 % of the load is done; restart it right away (the client fails over meanwhile).
    let restarting;
    await pool(tasks, SCALE.concurrency, (done) => {
      if (killedAt === null && done >= tasks.length * 0.4) {
        killedAt = Date.now() - started;
        fleet.kill9(1);
        log(`kill -9 replica 2 at ${(killedAt / 1000).toFixed(1)} s, ${done}/${tasks.length} tasks done`);
        restarting = new Promise((r) => setTimeout(r, 1000)).then(() => fleet.restart(1)).then(() => {
          restartedAt = Date.now() - started;
          log(`replica 2 back at ${(restartedAt / 1000).toFixed(1)} s`);
        });
      }
    });
    await restarting;
    const loadSeconds = (Date.now() - started - (killedAt ?? 0)) / 1000;
    log(`load done (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    // --- Checks: the database, then every replica ---
    const refs = (await db.query(`SELECT external_ref, count(*)::int AS n FROM leads WHERE external_ref ~ $1 GROUP BY external_ref`, [`^REPL-${runId}-[0-9]+$`])).rows;
    const lost = SCALE.leads - refs.length;
    const duplicated = refs.filter((r) => r.n > 1).length;
    check('ingested leads: none lost, none duplicated', `${SCALE.leads} leads, 0 lost, 0 dup`, `${refs.length} leads (${Object.entries(ingest.answers).map(([s, n]) => `${n}×${s}`).join(' ')}), ${lost} lost, ${duplicated} dup`, lost === 0 && duplicated === 0 && !ingest.answers[500]);

    let transitionOk = 0;
    let transitionAnswers = 0;
    for (const [leadId, answers] of transitions) {
      const events = (await db.query(`SELECT count(*)::int AS n FROM lead_events WHERE lead_id = $1 AND type = 'status_changed' AND to_status = 'contacted'`, [leadId])).rows[0].n;
      const winners = answers.filter((a) => a.status === 200).length;
      transitionAnswers += winners;
      if (events === 1 && winners <= 1 && answers.every((a) => [200, 409].includes(a.status))) transitionOk += 1;
    }
    check('raced transitions: exactly one winner each', `${SCALE.transitionRaces}/${SCALE.transitionRaces} (${SCALE.racers} racers)`, `${transitionOk}/${transitions.size} (${transitionAnswers} answered 200)`, transitionOk === SCALE.transitionRaces);

    let bookingOk = 0;
    let bookingAnswers = 0;
    for (const race of bookings) {
      const rows = (await db.query(`SELECT count(*)::int AS n FROM team_bookings WHERE team_id = $1 AND date = $2 AND time_slot = $3`, [team.id, race.slot.scheduledDate, race.slot.scheduledTimeSlot])).rows[0].n;
      const surveys = (await db.query(`SELECT count(*)::int AS n FROM surveys WHERE lead_id = ANY($1::uuid[])`, [race.leadIds])).rows[0].n;
      const winners = race.answers.filter((a) => a.status === 201).length;
      bookingAnswers += winners;
      if (rows === 1 && surveys === 1 && winners <= 1 && race.answers.every((a) => [201, 409].includes(a.status))) bookingOk += 1;
    }
    check('raced bookings: exactly one survey per slot', `${SCALE.bookingRaces}/${SCALE.bookingRaces} (${SCALE.racers} racers)`, `${bookingOk}/${bookings.length} (${bookingAnswers} answered 201)`, bookingOk === SCALE.bookingRaces);

    let readable = 0;
    for (const upload of uploads) {
      let all = true;
      for (let r = 0; r < 3; r++) {
        const res = await fleet.request('GET', `/leads/${upload.leadId}/documents/${upload.documentId}/content`, { auth: opsAuth, replica: r });
        if (res.status !== 200 || res.failedOver || sha256(res.bytes) !== upload.sha256) all = false;
      }
      if (all) readable += 1;
    }
    check('accepted uploads readable from every replica', `${uploads.length}/${uploads.length} × 3 replicas`, `${readable}/${uploads.length} (${uploadRefused} not accepted)`, readable === uploads.length && uploads.length > 0 && uploadRefused <= 1);

    let packsOk = 0;
    for (const pack of packs) {
      const hashes = [];
      for (let r = 0; r < 3; r++) {
        const res = await fleet.request('GET', `/installations/${pack.installationId}/closure-pack/content`, { auth: opsAuth, replica: r });
        hashes.push(res.status === 200 && !res.failedOver ? sha256(res.bytes) : `status ${res.status}`);
      }
      if (hashes.every((h) => h === hashes[0] && !h.startsWith('status'))) packsOk += 1;
    }
    check('closure packs readable from every replica', `${SCALE.packs}/${SCALE.packs} × 3 replicas`, `${packsOk}/${SCALE.packs}`, packsOk === SCALE.packs);

    // The sweep, as an operator runs it after an incident: no server is uploading now.
    const cliData = mkdtempSync(join(tmpdir(), 'chargeops-replicas-cli-'));
    const cli = execFileSync(process.execPath, [join(BUILD_DIR, 'cli.js'), 'sweep-storage', '--min-age-minutes', '0'], { cwd: ROOT, env: { ...process.env, ...env, NODE_ENV: 'development', DATA_DIR: cliData, LOG_LEVEL: 'warn' }, encoding: 'utf8' });
    rmSync(cliData, { recursive: true, force: true });
    const removed = Number(/unreferenced \(removed\)\s+([\d,]+)/.exec(cli)?.[1].replace(/,/g, '') ?? NaN);
    const objects = [];
    let token;
    do {
      const page = await s3client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
      objects.push(...(page.Contents ?? []).map((o) => o.Key));
      token = page.NextContinuationToken;
    } while (token);
    const referenced = new Set((await db.query('SELECT storage_key FROM stored_files')).rows.map((r) => r.storage_key));
    const orphans = objects.filter((k) => !referenced.has(k)).length;
    const missing = [...referenced].filter((k) => !k.startsWith('purged/') && !objects.includes(k)).length;
    check('no orphan objects after the sweep', '0 orphans, 0 rows without bytes', `${orphans} orphans, ${missing} missing (${objects.length} objects; the sweep removed ${removed})`, orphans === 0 && missing === 0);

    for (let i = 0; i < 5; i++) await fleet.request('POST', '/auth/login', { body: { email: victim.email, password: 'wrong-password' }, replica: i % 3 });
    const lockedOn = [];
    for (let r = 0; r < 3; r++) lockedOn.push((await fleet.request('POST', '/auth/login', { body: { email: victim.email, password: PASSWORD }, replica: r })).status);
    check('sign-in lock-out seen by every replica', '429 on 3/3', `${lockedOn.filter((s) => s === 429).length}/3 (${lockedOn.join(', ')})`, lockedOn.every((s) => s === 429));

    const table = summary({ runId, started, killedAt, restartedAt, loadSeconds, fleet, checks });
    process.stdout.write(table);
    process.exitCode = checks.every((c) => c.pass) ? 0 : 1;
  } finally {
    await fleet.stop().catch(() => undefined);
    await db.end().catch(() => undefined);
    s3client.destroy();
    await s3.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

/**
 * One lead walked from documents_received to a closure pack, each step on the next replica:
 * survey (booked on a slot of its own), started, reported, approved; installation planned,
 * accepted, materials, confirmation, started, completed, reported with a signature; the pack.
 * A step that failed over may find its first attempt done (409): it goes on.
 */
async function closurePackFlow(fleet, { lead, p, team, opsAuth, techAuth, runId }) {
  const step = async (method, path, options, ok = [200, 201]) => {
    const res = await fleet.request(method, path, options);
    if (ok.includes(res.status) || (res.failedOver && res.status === 409)) return res;
    throw new Error(`pack flow ${runId}/${p}: ${method} ${path} answered ${res.status}: ${res.bytes.toString('utf8').slice(0, 300)}`);
  };
  const slot = (k) => ({ scheduledDate: istDate(40 + p * 2 + k), scheduledTimeSlot: SLOTS[0] });
  // A booking that failed over after its first attempt was written answers 409 (the slot is taken): the survey is the lead's.
  const booked = await step('POST', `/leads/${lead.id}/surveys`, { auth: opsAuth, body: { primaryTeamId: team.id, ...slot(0) } });
  const survey = booked.status === 409 ? (await fleet.ok('GET', `/surveys?leadId=${lead.id}`, { auth: opsAuth })).body.data[0] : booked.body;
  await step('POST', `/surveys/${survey.id}/start`, { auth: techAuth, body: {} });
  await step('PUT', `/surveys/${survey.id}/report`, {
    auth: techAuth,
    body: { parkingType: 'covered', supplyPhase: 'single', sanctionedLoadKw: 7.5, earthingAvailable: true, meterToChargerDistanceM: 12.5, cableLengthM: 15, civilWorkRequired: false, recommendedChargerModel: '7.4 kW AC Wallbox', feasible: true, notes: 'Replica run.' },
  });
  await step('POST', `/surveys/${survey.id}/approve`, { auth: opsAuth, body: {} });
  const planned = await step('POST', `/surveys/${survey.id}/installation`, { auth: opsAuth, body: { primaryTeamId: team.id, ...slot(1) } });
  const installation = planned.status === 409 ? (await fleet.ok('GET', `/surveys/${survey.id}`, { auth: opsAuth })).body.installation : planned.body;
  const installationId = installation.id;
  const primary = (await fleet.ok('GET', `/installations/${installationId}`, { auth: opsAuth })).body.assignments.find((a) => a.isPrimary);
  if (primary.status === 'assigned') await step('PATCH', `/installations/${installationId}/assignments/${primary.id}`, { auth: techAuth, body: { status: 'accepted' } });
  for (const to of ['material_pending', 'material_ready']) await step('POST', `/installations/${installationId}/transitions`, { auth: opsAuth, body: { to } });
  await step('PATCH', `/installations/${installationId}`, { auth: opsAuth, body: { customerConfirmed: true } });
  await step('POST', `/installations/${installationId}/transitions`, { auth: opsAuth, body: { to: 'confirmed' } });
  for (const to of ['in_progress', 'completed']) await step('POST', `/installations/${installationId}/transitions`, { auth: techAuth, body: { to } });
  const { encodePng, signaturePainter } = await import(join(BUILD_DIR, 'cli', 'demo-files.js'));
  const report = new FormData();
  for (const [name, value] of Object.entries({ chargerSerialNumber: `REPL-${runId}-${p}`, chargerModel: '7.2 kW AC wallbox', installationSuccessful: 'true', demoGiven: 'true' })) report.append(name, value);
  report.append('signature', new Blob([encodePng(240, 80, signaturePainter(240, 80, p))], { type: 'image/png' }), 'signature.png');
  await step('PUT', `/installations/${installationId}/report`, { auth: techAuth, form: report });
  await step('POST', `/installations/${installationId}/closure-pack`, { auth: opsAuth, body: {} });
  return { installationId };
}

/** The summary table (Markdown, as bench/README.md keeps it). */
function summary({ runId, started, killedAt, restartedAt, fleet, checks }) {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const lines = [
    '',
    `Multi-replica run ${runId} (${SCALE_NAME}: ${JSON.stringify(SCALE)}), ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, PostgreSQL + s3rver${REDIS_URL ? ' + Redis' : ''}`,
    `3 replicas; replica 2 killed (SIGKILL) at ${(killedAt / 1000).toFixed(1)} s and back at ${(restartedAt / 1000).toFixed(1)} s; ${fleet.stats.requests} requests (${Object.entries(fleet.stats.byStatus).map(([s, n]) => `${n}×${s}`).join(', ')}), ${fleet.stats.failovers} failovers; ${((Date.now() - started) / 1000).toFixed(1)} s in all`,
    '',
    '| check | expected | observed | |',
    '|---|---|---|---|',
    ...checks.map((c) => `| ${c.name} | ${c.expected} | ${c.observed} | ${c.pass ? 'pass' : 'FAIL'} |`),
    '',
  ];
  return lines.join('\n');
}

await main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
