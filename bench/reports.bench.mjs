#!/usr/bin/env node
// Reports, export and import benchmark (issue 14, "Speed and memory"), against the bench database
// that bench/generate.mjs loads (1M leads by default, with timelines, closing reasons and tags):
//
//   npm run bench:reports                                         PostgreSQL, every case
//   BENCH_DB=sqlite BENCH_SQLITE_PATH=/tmp/x.sqlite npm run bench:reports
//   BENCH_REPORT_CASES=import node bench/reports.bench.mjs        some cases (reports,export,import,list)
//   BENCH_PROFILE=1 …                                             the server under --cpu-prof (bench/results/profiles/)
//
// Cases and targets (the script prints each figure beside its target and exits 1 when one misses):
// - reports: GET /reports/leads/summary and /funnel as Central Ops, for the whole table (< 2 s)
//   and for one OEM and one month (< 200 ms), and the summary of the last 90 days the console's
//   dashboard asks for (< 1 s); BENCH_REPORT_RUNS timed runs each after one warm-up, median;
// - export: GET /leads/export of every lead (≥ 50,000 rows/s), with the server's RSS growth over
//   the request (< 64 MB), VmRSS sampled from /proc every 20 ms and VmHWM for peaks between samples;
// - import: POST /lead-imports of a BENCH_IMPORT_ROWS-row file (default 100,000; real pincodes,
//   fresh phones, externalRef BENCHIMP-…) for one OEM, polled until completed (≥ 2,000 rows/s);
//   the imported leads are deleted afterwards (and by the next run's reset if this one stops);
// - list: GET /leads?limit=50 plain, with overdue=true and with updatedFrom (a week back), under
//   autocannon like bench/run.mjs (BENCH_WARMUP/BENCH_DURATION, BENCH_CONNECTIONS); the two
//   filtered ones must be within 1.2× of the plain page's mean latency.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generate, resetBenchChanges } from './generate.mjs';
import { BENCH_OPS_EMAIL, benchSettings, cpuSeconds, cpuSinceOfAll, ensureBuilt, fmt, IMPORT_REF_PREFIX, login, measure, openDb, RESULTS_DIR, startApp } from './lib.mjs';

const settings = benchSettings();
const CASES = (process.env.BENCH_REPORT_CASES || 'reports,export,import,list').split(',').map((c) => c.trim());
const RUNS = Number(process.env.BENCH_REPORT_RUNS || 3);
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS || 100_000);
const results = [];
const log = (line) => console.error(line);

/** Records one figure with its target; `ok` false makes the script exit 1. */
function record(name, value, unit, target, ok, note = '') {
  results.push({ name, value, unit, target, ok, note });
  log(`${ok ? 'ok  ' : 'MISS'} ${name}: ${fmt(value, value < 10 ? 2 : value < 100 ? 1 : 0)} ${unit} (target ${target})${note ? ` ${note}` : ''}`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** VmRSS and VmHWM of a process in MB, from /proc. */
function rss(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(status.match(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm'))[1]);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

async function timedGet(url, auth) {
  const started = performance.now();
  const res = await fetch(url, { headers: { Authorization: auth } });
  const body = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}: ${body.slice(0, 300)}`);
  return performance.now() - started;
}

async function reportCases(server, auth, sample) {
  const base = `${server.url}/api/v1/reports/leads`;
  const month = { createdFrom: sample.monthFrom, createdTo: sample.monthTo };
  const cases = [
    ['summary, whole table', 'summary', {}, 2000],
    ['funnel, whole table', 'funnel', {}, 2000],
    ['summary, one OEM and one month', 'summary', { oemId: sample.oemId, ...month }, 200],
    // The console's dashboard (its default period): the console must be interactive within 1 s.
    ['summary, last 90 days (the dashboard)', 'summary', { createdFrom: sample.days90 }, 1000],
    ['funnel, one OEM and one month', 'funnel', { oemId: sample.oemId, ...month }, 200],
  ];
  for (const [name, path, query, target] of cases) {
    const url = `${base}/${path}?${new URLSearchParams(query)}`;
    await timedGet(url, auth);
    const times = [];
    for (let i = 0; i < RUNS; i++) times.push(await timedGet(url, auth));
    record(name, median(times), 'ms', `< ${target} ms`, median(times) < target, `(runs: ${times.map((t) => fmt(t)).join(', ')} ms)`);
  }
}

/**
 * CPU seconds the server (with its workers) and the database server use from now: call the
 * returned function at the end. On a machine others load too, wall-clock rates measure the share
 * the run got; CPU per row is what the code costs.
 */
function cpuMark(server) {
  // The bench database's backends only (SQLite runs inside the server): other databases on the server are others' work.
  const db = settings.db === 'postgres' ? cpuSinceOfAll('postgres', ` ${settings.pgDatabase} `) : () => 0;
  const start = cpuSeconds(server.pid);
  return () => ({ app: cpuSeconds(server.pid) - start, db: db() });
}

/**
 * Logs and records the CPU a case cost per row, and the rate two idle cores would give were CPU the
 * only limit: the server's part runs on one core (one worker), the database's beside it.
 */
function cpuNote(name, rows, used) {
  const perRow = ((used.app + used.db) / rows) * 1e6;
  const bound = rows / Math.max(used.app, (used.app + used.db) / 2);
  log(`     ${name}: server ${fmt(used.app, 1)} s CPU, database ${fmt(used.db, 1)} s CPU, ${fmt(perRow, 1)} µs per row; CPU-bound rate on two idle cores ${fmt(bound)} rows/s`);
  record(`${name}, CPU per row (server + database)`, perRow, 'µs', '(not a target)', true, `(server ${fmt(used.app, 1)} s, database ${fmt(used.db, 1)} s; CPU-bound rate on two idle cores ${fmt(bound)} rows/s)`);
}

async function exportCase(server, auth, total) {
  const before = rss(server.pid);
  let peak = before.rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss(server.pid).rss);
  }, 20);
  const cpu = cpuMark(server);
  const started = performance.now();
  const client = process.cpuUsage();
  // node:http rather than fetch: a downloader as light as curl. fetch's web streams took 3–4 s of
  // CPU per million rows, taken from the two cores the server and the database share.
  const { lines, bytes } = await new Promise((resolve, reject) => {
    httpGet(`${server.url}/api/v1/leads/export`, { headers: { Authorization: auth } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`export answered ${res.statusCode}`));
      let lines = 0;
      let bytes = 0;
      res.on('data', (chunk) => {
        bytes += chunk.length;
        // indexOf (memchr) rather than a loop over every byte.
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
      });
      res.on('end', () => resolve({ lines, bytes }));
      res.on('error', reject);
    }).on('error', reject);
  });
  const clientCpu = process.cpuUsage(client);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const after = rss(server.pid);
  // VmHWM catches a peak between two samples, when it is above the start (it is the process's lifetime peak).
  const growth = Math.max(peak, after.hwm > before.hwm ? after.hwm : peak) - before.rss;
  const rows = lines - 1;
  if (rows !== total) throw new Error(`the export has ${rows} rows, the database ${total} leads`);
  record('export, all leads', rows / seconds, 'rows/s', '≥ 50,000 rows/s', rows / seconds >= 50_000, `(${fmt(rows)} rows, ${fmt(bytes / 1048576, 0)} MiB in ${fmt(seconds, 1)} s)`);
  cpuNote('export', rows, cpu());
  log(`     export: the bench's own reading took ${fmt((clientCpu.user + clientCpu.system) / 1e6, 1)} s CPU`);
  record('export, server RSS growth', growth, 'MB', '< 64 MB', growth < 64, `(RSS ${fmt(before.rss)} → peak ${fmt(peak)} MB)`);
}

/** A CSV of `n` new leads for one OEM: real pincodes of the directory, unique phones and externalRefs. */
function importFile(n, places, runId) {
  const lines = ['externalRef,customerName,customerPhone,customerEmail,addressLine1,city,state,pincode,chargerModel'];
  for (let i = 0; i < n; i++) {
    const p = places[i % places.length];
    const phone = `+917${String((runId * 100_000 + i) % 1e9).padStart(9, "0")}`;
    lines.push(`${IMPORT_REF_PREFIX}${runId}-${i},Import Customer ${i},${phone},import${i}@example.in,"Flat ${(i % 40) + 1}01, Import Residency",${p.district.replace(/,/g, ' ')},${p.state},${p.pincode},7.2 kW AC Wallbox`);
  }
  return lines.join('\r\n') + '\r\n';
}

/** GET as JSON, retried on a reset connection (the server closes the keep-alive socket the large upload came on, which undici may pick for the next request). */
async function poll(url, auth, attempts = 3) {
  try {
    return await (await fetch(url, { headers: { Authorization: auth } })).json();
  } catch (error) {
    if (attempts <= 1) throw error;
    return poll(url, auth, attempts - 1);
  }
}

async function importCase(server, auth, sample) {
  const runId = Date.now() % 1e6;
  const csv = importFile(IMPORT_ROWS, sample.places, runId);
  const form = new FormData();
  const cpu = cpuMark(server);
  form.append('oemId', sample.oemId);
  form.append('sourceId', String(sample.sourceId));
  form.append('file', new Blob([csv], { type: 'text/csv' }), 'bench-import.csv');
  const started = performance.now();
  const res = await fetch(`${server.url}/api/v1/lead-imports`, { method: 'POST', headers: { Authorization: auth }, body: form });
  const accepted = await res.json();
  if (res.status !== 202) throw new Error(`import answered ${res.status}: ${JSON.stringify(accepted)}`);
  let state;
  do {
    await new Promise((r) => setTimeout(r, 250));
    state = await poll(`${server.url}/api/v1/lead-imports/${accepted.id}`, auth);
  } while (state.status === 'queued' || state.status === 'running');
  const seconds = (performance.now() - started) / 1000;
  if (state.status !== 'completed' || state.rowsCreated !== IMPORT_ROWS) throw new Error(`import ended ${state.status}: ${JSON.stringify({ ...state, errors: state.errors.slice(0, 5) })}`);
  record(`import, ${fmt(IMPORT_ROWS)} rows (${settings.db})`, IMPORT_ROWS / seconds, 'rows/s', '≥ 2,000 rows/s', IMPORT_ROWS / seconds >= 2000, `(${fmt(seconds, 1)} s, upload to completed)`);
  cpuNote(`import (${settings.db})`, IMPORT_ROWS, cpu());
}

/** Rounds of the list cases; each round measures the three in a rotated order. */
const LIST_ROUNDS = 3;

/**
 * The plain first page against `overdue=true` and `updatedFrom` (issue 14: each within 1.2× of
 * the plain page's mean latency). Measured in {@link LIST_ROUNDS} rounds whose order rotates, each
 * case's figure the median of its rounds: one run of each in a row let whatever the machine did
 * during one of them decide the ratio (1.0–1.3× between back-to-back runs).
 */
async function listCases(server, auth, sample) {
  const drain = () => fetch(`${server.url}/api/v1/health`).then((r) => r.text());
  const get = (path) => ({ url: `${server.url}/api/v1/leads?${path}`, headers: { Authorization: auth } });
  const cases = [
    ['list, plain first page', 'limit=50'],
    ['list, overdue=true', 'limit=50&overdue=true'],
    ['list, updatedFrom a week back', `limit=50&updatedFrom=${encodeURIComponent(sample.weekAgo)}`],
  ];
  const runs = new Map(cases.map(([name]) => [name, []]));
  const roundSettings = { ...settings, duration: Math.max(3, Math.round(settings.duration / 2)), warmup: 1 };
  for (let round = 0; round < LIST_ROUNDS; round++) {
    for (let i = 0; i < cases.length; i++) {
      const [name, query] = cases[(i + round) % cases.length];
      const m = await measure(roundSettings, get(query), server, drain);
      if (m.errors) throw new Error(`${name}: ${m.errors} errors (${JSON.stringify(m.statusCodes)})`);
      runs.get(name).push(m);
    }
  }
  const figure = (name) => {
    const ms = runs.get(name);
    return {
      mean: median(ms.map((m) => m.mean)),
      rps: median(ms.map((m) => m.rps)),
      p99: median(ms.map((m) => m.p99)),
      means: ms.map((m) => fmt(m.mean, 1)).join(', '),
      // Where a request's time goes: the server's and the database's CPU per request.
      cpu: `server ${fmt(median(ms.map((m) => m.cpuMsPerRequest)), 2)} / database ${fmt(median(ms.map((m) => m.databaseCpuMsPerRequest ?? 0)), 2)} ms CPU per request`,
    };
  };
  const plain = figure(cases[0][0]);
  log(`     list, plain first page: ${fmt(plain.rps)} req/s, mean ${fmt(plain.mean, 1)} ms (rounds: ${plain.means}), p99 ${fmt(plain.p99)} ms; ${plain.cpu}`);
  results.push({ name: cases[0][0], value: plain.mean, unit: 'ms mean', target: '(reference)', ok: true, note: `(${fmt(plain.rps)} req/s, p99 ${fmt(plain.p99)} ms; medians of ${LIST_ROUNDS} rounds)` });
  for (const [name] of cases.slice(1)) {
    const m = figure(name);
    const ratio = m.mean / plain.mean;
    record(name, ratio, '× plain', '≤ 1.2×', ratio <= 1.2, `(mean ${fmt(m.mean, 1)} ms, rounds: ${m.means} ms; ${fmt(m.rps)} req/s, p99 ${fmt(m.p99)} ms; ${m.cpu})`);
  }
}

/** An OEM with its API source, a month of data, real pincodes, the lead count and a week-ago instant, from the bench database. */
async function sampleFor() {
  const db = await openDb(settings);
  try {
    const [oem] = await db.query(`SELECT u.id, s.id AS source_id FROM users u JOIN lead_sources s ON s.oem_id = u.id WHERE u.email = 'oem.tata@bench.chargeops.example'`);
    const [{ n }] = await db.query(`SELECT COUNT(*) AS n FROM leads`);
    const places = await db.query(`SELECT pincode, district, state FROM pincodes WHERE district <> '' ORDER BY pincode LIMIT 2000`);
    const now = new Date();
    const monthFrom = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
    const monthTo = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
    return { oemId: oem.id, sourceId: Number(oem.source_id), total: Number(n), places, monthFrom: monthFrom.toISOString(), monthTo: monthTo.toISOString(), weekAgo: new Date(now.getTime() - 7 * 86_400_000).toISOString(), days90: new Date(now.getTime() - 90 * 86_400_000).toISOString() };
  } finally {
    await db.close();
  }
}

async function main() {
  ensureBuilt(log);
  await generate(settings, log);
  await resetBenchChanges(settings);
  const sample = await sampleFor();
  const profileDir = settings.profile ? join(RESULTS_DIR, 'profiles', `reports-${settings.db}-${Date.now()}`) : undefined;
  const server = await startApp({ databaseUrl: settings.databaseUrl, logLevel: settings.logLevel, nodeOptions: settings.nodeOptions, profileDir, logFile: join(RESULTS_DIR, `reports-server-${settings.db}.log`) });
  try {
    const auth = await login(server.url, BENCH_OPS_EMAIL);
    log(`${settings.db}: ${fmt(sample.total)} leads; server pid ${server.pid}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    if (CASES.includes('reports')) await reportCases(server, auth, sample);
    if (CASES.includes('list')) await listCases(server, auth, sample);
    if (CASES.includes('export')) await exportCase(server, auth, sample.total);
    if (CASES.includes('import')) await importCase(server, auth, sample);
  } finally {
    await server.stop();
    await resetBenchChanges(settings);
  }
  const machine = `${cpus().length} × ${cpus()[0].model}, ${fmt(totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`;
  const table = [`| case | figure | target | |`, `|---|---|---|---|`, ...results.map((r) => `| ${r.name} | ${fmt(r.value, r.value < 100 ? 2 : 0)} ${r.unit} ${r.note} | ${r.target} | ${r.ok ? 'met' : '**missed**'} |`)].join('\n');
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `reports-${settings.db}.md`), `${machine}\n\n${table}\n`);
  console.log(`${machine}\n\n${table}`);
  if (results.some((r) => !r.ok)) process.exitCode = 1;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(2);
  });
}
