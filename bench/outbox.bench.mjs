#!/usr/bin/env node
// Outbox benchmark (issue 15, "Speed and reliability"): does webhook delivery keep up with
// ingestion? The built server on PostgreSQL (its own bench database, default chargeops_bench15,
// loaded with BENCH_LEADS leads by bench/generate.mjs), one webhook subscription per OEM (six), a
// local receiver per OEM in this process, and `POST /leads` with the OEMs' API keys at a fixed
// rate for BENCH_DURATION seconds. It then waits (at most 120 s) until every delivery is recorded,
// and reports the rate reached, the lag (event time → delivery received) p50 / p99 / max, and how
// many events were lost (a created lead whose `lead.created` never arrived), and the CPU per
// created lead of the server and of the bench database's PostgreSQL backends (what the outbox
// costs, readable on a loaded machine; compare with BENCH_OUTBOX_POLL_MS=0) with the rate two idle
// cores would carry at that cost. Exit 1 when anything is lost or the max lag is 5 s or more.
//
//   npm run bench:outbox                                   (1,000 leads/s for 10 s, 2 workers)
//   BENCH_OUTBOX_RATE=500 BENCH_DURATION=20 npm run bench:outbox
//
// Settings besides bench/lib.mjs's: BENCH_OUTBOX_RATE (POST /leads per second, default 1000),
// BENCH_OUTBOX_POLL_MS (the server's OUTBOX_POLL_INTERVAL_MS, default 100), BENCH_WORKERS
// (WEB_CONCURRENCY, default 2: one per core, production's default on PostgreSQL). With
// BENCH_OUTBOX_POLL_MS=0 no outbox runs: the same load for comparison (no lag or lost then).
// BENCH_PROFILE=1 writes the server's CPU profiles to bench/results/profiles/outbox-<time>/.
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { generate } from './generate.mjs';
import {
  BENCH_ADMIN_EMAIL,
  benchSettings,
  cannon,
  cpuSinceOfAll,
  ensureBuilt,
  fmt,
  httpOk,
  leadBody,
  login,
  machineBusySeconds,
  openDb,
  POST_REF_PREFIX,
  RESULTS_DIR,
  RUN_KEY_PREFIX,
  startApp,
} from './lib.mjs';

const log = (line) => console.error(line);
const env = { BENCH_DB: 'postgres', BENCH_PG_DATABASE: 'chargeops_bench15', BENCH_LEADS: '10000', ...process.env };
if (env.BENCH_DB !== 'postgres') throw new Error('the outbox benchmark runs on PostgreSQL (BENCH_DB=postgres)');
const settings = benchSettings(env);
const rate = Number(env.BENCH_OUTBOX_RATE ?? 1000);
const pollMs = env.BENCH_OUTBOX_POLL_MS ?? '100';
const WAIT_MS = 120_000;

/** A receiver per OEM: records the arrival time of every `webhook-id` (first arrival) and how often it came. */
async function startReceiver() {
  const first = new Map();
  let total = 0;
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const at = Date.now();
      total += 1;
      const id = String(req.headers['webhook-id']);
      if (!first.has(id)) {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        first.set(id, { at, eventAt: Date.parse(body.timestamp), type: body.type, leadId: body.data.leadId });
      }
      res.statusCode = 204;
      res.end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hook`, first, total: () => total, close: () => new Promise((resolve) => server.close(resolve)) };
}

const percentile = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : null);

async function main() {
  ensureBuilt(log);
  await generate(settings, log);
  const db = await openDb(settings);
  // Start the outbox after the loaded history (its events are no one's webhooks), with no deliveries or subscriptions of an earlier run.
  await db.query('DELETE FROM outbox_deliveries');
  await db.query('DELETE FROM webhook_subscriptions');
  await db.query(`DELETE FROM api_keys WHERE name LIKE '${RUN_KEY_PREFIX}%'`);
  await db.query(
    `INSERT INTO outbox_cursors (name, last_event_id) VALUES ('lead_events', (SELECT COALESCE(MAX(id), 0) FROM lead_events))
     ON CONFLICT (name) DO UPDATE SET last_event_id = EXCLUDED.last_event_id, pending_max_id = NULL, pending_xmax = NULL, pending_since = NULL`,
  );
  const places = await db.query(`SELECT pincode, district, state FROM pincodes WHERE district <> '' AND latitude IS NOT NULL ORDER BY pincode`);
  const oems = await db.query(`SELECT id, full_name FROM users WHERE role = 'oem' AND email LIKE '%@bench.chargeops.example' ORDER BY email`);

  const app = await startApp({
    databaseUrl: settings.databaseUrl,
    logLevel: settings.logLevel,
    nodeOptions: settings.nodeOptions,
    logFile: join(RESULTS_DIR, 'server-outbox.log'),
    profileDir: settings.profile ? join(RESULTS_DIR, 'profiles', `outbox-${Date.now()}`) : undefined,
    env: { WEB_CONCURRENCY: String(settings.workers), OUTBOX_POLL_INTERVAL_MS: pollMs, WEBHOOK_ALLOW_HTTP: 'true', WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' },
  });
  const receivers = [];
  try {
    const admin = await login(app.url, BENCH_ADMIN_EMAIL);
    const runId = Date.now().toString(36);
    const keys = [];
    for (const oem of oems) {
      const receiver = await startReceiver();
      receivers.push(receiver);
      await httpOk('POST', `${app.url}/api/v1/webhook-subscriptions`, { headers: { authorization: admin }, body: { url: receiver.url, oemId: oem.id, events: ['lead.created', 'lead.status_changed'], description: `bench ${oem.full_name}` } });
      keys.push((await httpOk('POST', `${app.url}/api/v1/users/${oem.id}/api-keys`, { headers: { authorization: admin }, body: { name: `${RUN_KEY_PREFIX}${runId}` } })).body.key);
    }
    log(`${oems.length} OEMs subscribed; POST /leads at ${fmt(rate)}/s for ${settings.duration} s, ${settings.workers} workers, outbox poll ${pollMs} ms …`);

    // PostgreSQL's backends of the bench database only (their command line names it), not other databases' on a shared server.
    const databaseCpu = cpuSinceOfAll('postgres', ` ${settings.pgDatabase} `);
    const before = { server: app.cpuSeconds(), machine: machineBusySeconds(), client: process.cpuUsage() };
    let n = 0;
    const started = Date.now();
    const result = await cannon({
      url: app.url,
      connections: Math.max(settings.connections, Math.ceil(rate / 50)),
      overallRate: rate,
      duration: settings.duration,
      requests: [
        {
          method: 'POST',
          path: '/api/v1/leads',
          setupRequest: (req) => {
            const i = n++;
            return { ...req, headers: { 'content-type': 'application/json', 'x-api-key': keys[i % keys.length] }, body: leadBody(runId, i, places) };
          },
        },
      ],
    });
    const loadSeconds = (Date.now() - started) / 1000;
    // Counted again while waiting: a request autocannon left in flight at the end may commit its lead later.
    const countCreated = async () => Number((await db.query(`SELECT count(*) AS n FROM leads WHERE external_ref LIKE '${POST_REF_PREFIX}${runId}-%'`))[0].n);
    let created = await countCreated();
    const received = () => receivers.reduce((sum, r) => sum + [...r.first.values()].filter((hit) => hit.type === 'lead.created').length, 0);
    log(`load done: ${fmt(created)} leads created (${fmt(created / loadSeconds, 0)}/s), ${fmt(received())} lead.created received so far; waiting for the rest …`);
    const deadline = Date.now() + WAIT_MS;
    const pendingCount = async () => Number((await db.query(`SELECT count(*) AS n FROM outbox_deliveries WHERE channel = 'webhook' AND status = 'pending'`))[0].n);
    // BENCH_OUTBOX_POLL_MS=0 turns the outbox off: the same load, for what ingestion alone costs; nothing to wait for.
    while (pollMs !== '0' && (received() < (created = await countCreated()) || (await pendingCount()) > 0) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));
    const drainedSeconds = (Date.now() - started) / 1000;
    const cpu = {
      server: app.cpuSeconds() - before.server,
      database: databaseCpu(),
      machine: machineBusySeconds() - before.machine,
      client: (() => {
        const c = process.cpuUsage(before.client);
        return (c.user + c.system) / 1e6;
      })(),
    };

    const hits = receivers.flatMap((r) => [...r.first.entries()].map(([id, hit]) => ({ id, ...hit })));
    const lags = hits.map((h) => h.at - h.eventAt).sort((a, b) => a - b);
    // Where the lag goes: event → its delivery row (the dispatcher: poll, settle, fan-out), row → received (claim, send).
    const rows = new Map((await db.query(`SELECT id, created_at FROM outbox_deliveries WHERE channel = 'webhook'`)).map((r) => [`msg_${r.id}`, r.created_at.getTime()]));
    const dispatchLags = hits.filter((h) => rows.has(h.id)).map((h) => rows.get(h.id) - h.eventAt).sort((a, b) => a - b);
    const sendLags = hits.filter((h) => rows.has(h.id)).map((h) => h.at - rows.get(h.id)).sort((a, b) => a - b);
    const createdIds = new Set((await db.query(`SELECT id FROM leads WHERE external_ref LIKE '${POST_REF_PREFIX}${runId}-%'`)).map((r) => r.id));
    const deliveredLeads = new Set(hits.filter((h) => h.type === 'lead.created').map((h) => h.leadId));
    // With the outbox off nothing is sent: lost is not a question then.
    const lost = pollMs === '0' ? null : [...createdIds].filter((id) => !deliveredLeads.has(id)).length;
    const statuses = await db.query(`SELECT status, count(*) AS n FROM outbox_deliveries WHERE channel = 'webhook' GROUP BY status ORDER BY status`);
    const resends = receivers.reduce((sum, r) => sum + r.total(), 0) - hits.length;
    // CPU per created lead (ms): what the outbox costs, independent of how much of the machine the run got.
    const perLead = (seconds) => (created ? (seconds * 1000) / created : null);
    const cpuPerLeadMs = { server: perLead(cpu.server), database: perLead(cpu.database), total: perLead(cpu.server + cpu.database) };
    // The rate two otherwise idle cores would carry if server and database CPU were the only limit.
    const cpuBoundRate = cpuPerLeadMs.total ? (2 * 1000) / cpuPerLeadMs.total : null;
    const summary = {
      machine: `${cpus().length} × ${cpus()[0]?.model.trim()}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      targetRate: rate,
      durationSeconds: settings.duration,
      workers: settings.workers,
      pollMs: Number(pollMs),
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors + result.timeouts,
      createdPerSecond: created / loadSeconds,
      requestP99Ms: result.latency.p99,
      created,
      webhooksReceived: hits.length,
      resends,
      lagMs: { p50: percentile(lags, 50), p99: percentile(lags, 99), max: lags.at(-1) ?? null },
      dispatchLagMs: { p50: percentile(dispatchLags, 50), p99: percentile(dispatchLags, 99), max: dispatchLags.at(-1) ?? null },
      sendLagMs: { p50: percentile(sendLags, 50), p99: percentile(sendLags, 99), max: sendLags.at(-1) ?? null },
      lost,
      deliveries: Object.fromEntries(statuses.map((s) => [s.status, Number(s.n)])),
      drainedAfterSeconds: drainedSeconds,
      cpuSeconds: cpu,
      cpuPerLeadMs,
      cpuBoundRateOnTwoIdleCores: cpuBoundRate,
    };
    const table = [
      `| rate asked | leads created/s | POST p99 | webhooks received | lag p50 / p99 / max | of which event → row p50 / p99 | row → received p50 / p99 | lost | server CPU | PostgreSQL CPU | CPU per lead: server / database | CPU-bound on two idle cores | bench process CPU | machine busy |`,
      `|---|---|---|---|---|---|---|---|---|---|---|---|---|---|`,
      `| ${fmt(rate)}/s × ${settings.duration} s | ${fmt(summary.createdPerSecond)} | ${fmt(summary.requestP99Ms)} ms | ${fmt(hits.length)} | ${fmt(summary.lagMs.p50)} / ${fmt(summary.lagMs.p99)} / ${fmt(summary.lagMs.max)} ms | ${fmt(summary.dispatchLagMs.p50)} / ${fmt(summary.dispatchLagMs.p99)} ms | ${fmt(summary.sendLagMs.p50)} / ${fmt(summary.sendLagMs.p99)} ms | ${fmt(lost)} | ${fmt(cpu.server, 1)} s | ${fmt(cpu.database, 1)} s | ${fmt(cpuPerLeadMs.server, 2)} / ${fmt(cpuPerLeadMs.database, 2)} ms | ${fmt(cpuBoundRate)} leads/s | ${fmt(cpu.client, 1)} s | ${fmt(cpu.machine, 1)} s of ${fmt(drainedSeconds * cpus().length, 1)} |`,
    ].join('\n');
    console.log(table);
    console.log(JSON.stringify(summary, null, 2));
    writeFileSync(join(RESULTS_DIR, 'outbox-latest.json'), `${JSON.stringify(summary, null, 2)}\n`);
    writeFileSync(join(RESULTS_DIR, 'outbox-latest.md'), `${summary.machine}\n\n${table}\n`);
    process.exitCode = pollMs === '0' || (lost === 0 && summary.lagMs.max !== null && summary.lagMs.max < 5000) ? 0 : 1;
  } finally {
    await app.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await db.close();
  }
}

await main();
