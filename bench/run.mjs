#!/usr/bin/env node
// The benchmark, end to end: `npm run bench` (this file).
//
//   npm run bench                                   PostgreSQL (database chargeops_bench on 127.0.0.1:5432), 1M leads
//   BENCH_DB=sqlite npm run bench                   SQLite (bench/results/chargeops-bench.sqlite)
//   BENCH_LEADS=100000 BENCH_DURATION=5 npm run bench   smaller and shorter
//   BENCH_PROFILE=1 npm run bench                   the server also runs with --cpu-prof (bench/results/profiles/)
//   BENCH_CASES=list-first,create npm run bench     only these cases (list-first, list-status, list-status-state,
//                                                   list-q-phone, list-deep, get, create, transition)
//   BENCH_NODE_OPTIONS= npm run bench               the server with other NODE_OPTIONS (empty: Node's defaults;
//                                                   default: the Dockerfile's, as production runs it)
//   BENCH_WORKERS=2 npm run bench                   after the one-worker reads, the read cases again with that many
//                                                   workers (WEB_CONCURRENCY; PostgreSQL only; default 2, 1 skips)
//                                                   and the raw handler with that many processes (RAW_WORKERS),
//                                                   then the writes, then POST /leads with the workers
// A run with BENCH_CASES, other BENCH_NODE_OPTIONS, BENCH_PROFILE or another BENCH_LOG_LEVEL writes
// latest-<db>-variant.md instead, so the standard table stays.
//
// Steps: builds the server when src/ is newer (bench/results/build, see lib.mjs), loads the data
// when the database does not hold it (bench/generate.mjs), undoes the previous run's writes, checks
// the query plans of every lead filter (bench/plans.mjs; on PostgreSQL a bad plan fails the run),
// captures the SQL the app issues per case from TypeORM's log, starts the built server
// (NODE_ENV=production, LOG_LEVEL=warn unless BENCH_LOG_LEVEL says otherwise) and the raw
// yardstick (bench/raw-server.mjs) with that SQL, checks that the yardstick answers every read
// case with the app's body byte for byte, and runs autocannon against each case for
// BENCH_DURATION seconds after BENCH_WARMUP seconds of warm-up, BENCH_CONNECTIONS (10)
// connections; a read case in BENCH_TURNS (3) turns that alternate the two servers compared (the
// app and the raw handler; two workers and one; two raw processes and one), each ratio the median
// of the turns' ratios, so that a slow spell of the machine does not decide it. Prints a Markdown
// table and writes it to bench/results/latest-<db>.md (with the machine, the load average and the
// plan summary) and the raw numbers to latest-<db>.json.
// Exits 1 when a plan check fails, a server cannot start or the yardstick's answer differs from the
// app's; missed targets are reported, not fatal.
import { cpus, loadavg, totalmem } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkPlans } from './plans.mjs';
import { generate, resetBenchChanges } from './generate.mjs';
import {
  BENCH_ADMIN_EMAIL,
  BENCH_OPS_EMAIL,
  benchSettings,
  builtModule,
  cannon,
  ensureBuilt,
  fmt,
  freePort,
  http,
  createLeadRequests,
  httpOk,
  leadPlaces,
  login,
  measure,
  measureInTurns,
  pairedRatio,
  PRODUCTION_NODE_OPTIONS,
  turnSeconds,
  RESULTS_DIR,
  ROOT,
  RUN_KEY_PREFIX,
  sampleValues,
  startApp,
  startProcess,
} from './lib.mjs';

/**
 * The targets of issue #13 (PostgreSQL, 1M leads, this machine, 10 connections): throughput and
 * CPU per request against the raw handler, p99, POST /leads, two workers against one, peak RSS;
 * SQLite keeps issue #6's list ratio. (Issue #6's: list ratio 0.5, deep page ≤ 1.2× the first.)
 */
const TARGETS = {
  postgres: { listRatio: 0.7, getRatio: 0.8, listCpu: 1.5, getCpu: 1.5, listP99Ms: 50, getP99Ms: 20, createRps: 1500, createCpuMs: 1.0, workersRatio: 1.3 },
  sqlite: { listRatio: 0.5, getRatio: null, listCpu: null, getCpu: null, listP99Ms: 50, getP99Ms: null, createRps: 1000, createCpuMs: null, workersRatio: null },
  deepVsFirst: 1.2,
  rssMb: 250,
};
const LIMIT = 50;
/** The auth guard's per-request user lookup: part of the app's cost, not replayed by the raw handler. */
const AUTH_LOOKUP = /FROM "users" "User" WHERE \(\("User"\."id" = \$1\)\)|FROM "users" "User" WHERE \(\("User"\."id" = \?\)\)/;

const log = (line) => console.error(line);
/** BENCH_CASES=list-first,create runs only those cases (names as in latest-<db>.json); default: all. */
const only = process.env.BENCH_CASES ? new Set(process.env.BENCH_CASES.split(',').map((c) => c.trim())) : null;
const wanted = (name) => !only || only.has(name);

function machine() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    model: cpu[0]?.model ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  };
}

/**
 * The rules a lead's answer shows that the raw handler cannot read from the database, from the
 * app's build: the manual transitions of each status, those of a held lead by the status before
 * (`null` when none was recorded), the next stage of each open status and the default SLA hours of
 * each stage (the bench sets no SLA_HOURS).
 */
async function leadRules() {
  const { LEAD_STATUSES } = await builtModule('leads/entities/lead.entity.js');
  const { allowedManualTargets } = await builtModule('leads/lead-state-machine.js');
  const { NEXT_STAGE, DEFAULT_SLA_HOURS } = await builtModule('leads/sla.js');
  const targets = (status, statusBeforeHold) => [...allowedManualTargets({ status, statusBeforeHold })];
  return {
    transitions: Object.fromEntries(LEAD_STATUSES.map((status) => [status, targets(status, null)])),
    heldTransitions: Object.fromEntries([null, ...LEAD_STATUSES].map((before) => [before, targets('on_hold', before)])),
    nextStage: NEXT_STAGE,
    slaHours: DEFAULT_SLA_HOURS,
  };
}

/**
 * The read cases whose raw answer is not the app's byte for byte, each with where the bodies part
 * (empty when all agree). Both are asked at once, so an SLA's `overdue` sees the same moment.
 */
async function differingBodies(cases, appUrl, rawUrl, authorization) {
  const differing = [];
  for (const c of cases) {
    const [appBody, rawBody] = await Promise.all([fetch(`${appUrl}${c.path}`, { headers: { authorization } }).then((r) => r.text()), fetch(`${rawUrl}/${c.name}`).then((r) => r.text())]);
    if (appBody === rawBody) continue;
    let at = 0;
    while (appBody[at] === rawBody[at]) at++;
    differing.push(`  ${c.label} at byte ${at}: app …${appBody.slice(Math.max(0, at - 80), at + 80)}… raw …${rawBody.slice(Math.max(0, at - 80), at + 80)}…`);
  }
  return differing;
}

async function main() {
  const settings = benchSettings();
  const started = new Date();
  const loadBefore = loadavg();
  mkdirSync(RESULTS_DIR, { recursive: true });
  ensureBuilt(log);
  const load = await generate(settings, log);
  await resetBenchChanges(settings);

  // 1. Plans of every filter (and the SQL each case issues, captured from TypeORM's log).
  const planLog = [];
  const plans = await checkPlans(settings, (line) => planLog.push(line));
  writeFileSync(join(RESULTS_DIR, `plans-${settings.db}.md`), `${planLog.join('\n')}\n`);
  log(planLog.slice(planLog.findIndex((l) => l.startsWith('| case'))).join('\n'));
  if (!plans.ok) log(`\nPLAN CHECK FAILED (see bench/results/plans-${settings.db}.md)`);

  const values = await sampleValues(settings, { limit: LIMIT, newLeads: 40_000 });
  const places = await leadPlaces(settings);

  // 2. The raw handler runs the statements the app issued for each case (minus the auth lookup).
  const benchCases = plans.captured.filter((c) => c.bench);
  const queries = {
    db: settings.db,
    databaseUrl: settings.databaseUrl,
    sqlitePath: settings.sqlitePath,
    limit: LIMIT,
    single: ['get'],
    rules: await leadRules(),
    // The statements the app runs as named prepared statements end with its log's mark
    // (PREPARED_MARK): the yardstick prepares the same ones.
    cases: Object.fromEntries(benchCases.map((c) => [c.bench, c.all.filter((q) => !AUTH_LOOKUP.test(q.sql)).map(({ sql, parameters }) => ({ sql, parameters }))])),
  };
  const queriesFile = join(RESULTS_DIR, `queries-${settings.db}.json`);
  writeFileSync(queriesFile, JSON.stringify(queries, null, 2));

  // 3. The servers.
  const profileDir = settings.profile ? join(RESULTS_DIR, 'profiles', `${settings.db}-${started.toISOString().replace(/[:.]/g, '-')}`) : undefined;
  const app = await startApp({ databaseUrl: settings.databaseUrl, logLevel: settings.logLevel, profileDir, nodeOptions: settings.nodeOptions, logFile: join(RESULTS_DIR, `server-${settings.db}.log`) });
  const startRssMb = app.peakRssMb();
  log(`server started; RSS ${fmt(startRssMb)} MB`);
  const results = {};
  let rssMb;
  let multiRssMb = null;
  let raw;
  try {
    // The yardstick, as one process or (RAW_WORKERS) a cluster of them; the path to measure a case, and one that only waits for an answer.
    const startRaw = async (processes, logName) => startProcess({ script: join(ROOT, 'bench', 'raw-server.mjs'), args: [queriesFile], env: { PORT: String(await freePort()), RAW_WORKERS: String(processes) }, readyLine: 'raw server on', logFile: join(RESULTS_DIR, `${logName}.log`) });
    const rawDrainOf = (server) => () => http('GET', `${server.url}/drain`);
    const appDrainOf = (server) => () => http('GET', `${server.url}/api/v1/health`);
    raw = await startRaw(1, `raw-server-${settings.db}`);
    const ops = await login(app.url, BENCH_OPS_EMAIL);
    const admin = await login(app.url, BENCH_ADMIN_EMAIL);
    const runId = started.getTime().toString(36);
    const key = (await httpOk('POST', `${app.url}/api/v1/users/${values.oemId}/api-keys`, { body: { name: `${RUN_KEY_PREFIX}${runId}` }, headers: { authorization: admin } })).body;

    const appDrain = appDrainOf(app);
    const listCase = (c) => ({ name: c.bench, label: `GET /leads ${c.name}`, path: c.path, list: c.bench.startsWith('list') });
    const readCases = [...benchCases.filter((c) => c.bench !== 'get').map(listCase), { name: 'get', label: 'GET /leads/{id}', path: `/api/v1/leads/${values.leadId}`, list: false }];
    // The yardstick answers with the app's bytes, or its figures say nothing.
    const differing = await differingBodies(readCases.filter((rc) => wanted(rc.name)), app.url, raw.url, ops);
    if (differing.length) throw new Error(`the raw handler's answer differs from the app's:\n${differing.join('\n')}`);
    log('\nthe raw handler answers every read case with the app\'s body, byte for byte');
    // One warm-up round over every read case first: the first case measured would otherwise also
    // pay for compiling the code all cases share (auth, Nest's pipeline, TypeORM, pg).
    log('\nwarm-up round …');
    for (const c of readCases) {
      await cannon({ url: `${app.url}${c.path}`, headers: { authorization: ops }, duration: settings.warmup, connections: settings.connections });
      await appDrain();
    }
    const appSide = (c, server = app, authorization = ops, drain = appDrain) => [{ url: `${server.url}${c.path}`, headers: { authorization } }, server, drain];
    const rawSide = (c, server = raw) => [{ url: `${server.url}/${c.name}` }, server, rawDrainOf(server)];
    for (const c of readCases.filter((rc) => wanted(rc.name))) {
      log(`\n${c.label}: ChargeOps and raw, ${settings.turns} turns each …`);
      const [appResult, rawResult] = await measureInTurns(settings, [appSide(c), rawSide(c)]);
      results[c.name] = { label: c.label, list: c.list, app: appResult, raw: rawResult, ratio: pairedRatio(appResult, rawResult, 'rps'), cpuRatio: pairedRatio(appResult, rawResult, 'cpuMsPerRequest') };
      results[c.name].peakRssMb = app.peakRssMb();
      log(`  ${fmt(results[c.name].app.rps)} req/s vs raw ${fmt(results[c.name].raw.rps)} req/s; server peak RSS so far ${fmt(results[c.name].peakRssMb)} MB`);
    }

    // 4. The read cases with WEB_CONCURRENCY workers (a database server only), and the raw handler
    // with as many processes, before any write: the transitions below move the newest `new` leads
    // on, and a status page read after them walks past those leads' dead index entries (session 22:
    // both servers' `status=new&state` page at half its rate). POST /leads with the workers comes last.
    const multiPhase = settings.workers > 1 && settings.db === 'postgres';
    const startMulti = () => startApp({ databaseUrl: settings.databaseUrl, logLevel: settings.logLevel, nodeOptions: settings.nodeOptions, logFile: join(RESULTS_DIR, `server-${settings.db}-workers.log`), env: { WEB_CONCURRENCY: String(settings.workers) } });
    const keepMultiRss = (server) => (multiRssMb = Math.max(multiRssMb ?? 0, server.peakRssMb() ?? 0) || null);
    if (multiPhase) {
      log(`\n${settings.workers} workers (WEB_CONCURRENCY=${settings.workers}) …`);
      const multi = await startMulti();
      try {
        const multiOps = await login(multi.url, BENCH_OPS_EMAIL);
        // In turns with the one-worker server, which is still up: the ratio compares neighbouring turns.
        for (const c of readCases.filter((rc) => wanted(rc.name) && results[rc.name])) {
          const [multiResult, oneResult] = await measureInTurns(settings, [appSide(c, multi, multiOps, appDrainOf(multi)), appSide(c)]);
          Object.assign(results[c.name], { multi: multiResult, workersRatio: pairedRatio(multiResult, oneResult, 'rps') });
          log(`  ${c.label}: ${fmt(multiResult.rps)} req/s with ${settings.workers} workers vs ${fmt(oneResult.rps)} with one in the turns beside them (${fmt(results[c.name].workersRatio, 2)}×)`);
        }
        keepMultiRss(multi);
      } finally {
        await multi.stop();
      }
      // The yardstick with as many processes: what a second worker can add on this machine at
      // all, with PostgreSQL and the client on the same cores.
      log(`\nthe raw handler with ${settings.workers} processes (RAW_WORKERS=${settings.workers}) …`);
      const rawMulti = await startRaw(settings.workers, `raw-server-${settings.db}-workers`);
      try {
        for (const c of readCases.filter((rc) => results[rc.name]?.raw)) {
          const [multiResult, oneResult] = await measureInTurns(settings, [rawSide(c, rawMulti), rawSide(c)]);
          Object.assign(results[c.name], { rawMulti: multiResult, rawWorkersRatio: pairedRatio(multiResult, oneResult, 'rps') });
          log(`  ${c.label}: ${fmt(multiResult.rps)} req/s with ${settings.workers} raw processes vs ${fmt(oneResult.rps)} with one (${fmt(results[c.name].rawWorkersRatio, 2)}×)`);
        }
      } finally {
        await rawMulti.stop();
      }
    }

    // 5. The writes, one worker.
    if (wanted('create')) log('\nPOST /leads with an API key …');
    if (wanted('create')) results.create = {
      label: 'POST /leads (API key, new leads)',
      app: await measure(settings, {
        url: app.url,
        requests: createLeadRequests(key.key, runId, places),
      }, app, appDrain),
    };
    if (wanted('create')) {
      results.create.peakRssMb = app.peakRssMb();
      log(`  ${fmt(results.create.app.rps)} req/s, ${results.create.app.errors} errors; server peak RSS so far ${fmt(results.create.peakRssMb)} MB`);
    }

    let t = 0;
    const leadIds = values.newLeadIds;
    if (wanted('transition')) log('\nPOST /leads/{id}/transitions new → contacted …');
    if (wanted('transition')) results.transition = {
      label: 'POST /leads/{id}/transitions (new → contacted)',
      app: await measure(settings, {
        url: app.url,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: ops },
            body: JSON.stringify({ to: 'contacted' }),
            setupRequest: (req) => ({ ...req, path: `/api/v1/leads/${leadIds[t++ % leadIds.length]}/transitions` }),
          },
        ],
      }, app, appDrain),
    };
    if (t > leadIds.length) log(`  (ran out of new leads after ${leadIds.length}: later transitions answered 409)`);
    if (wanted('transition')) {
      results.transition.peakRssMb = app.peakRssMb();
      log(`  ${fmt(results.transition.app.rps)} req/s, ${results.transition.app.errors} errors; server peak RSS so far ${fmt(results.transition.peakRssMb)} MB`);
    }

    // 6. POST /leads with WEB_CONCURRENCY workers.
    if (multiPhase && results.create) {
      log(`\nPOST /leads with ${settings.workers} workers …`);
      const multi = await startMulti();
      try {
        results.create.multi = await measure(settings, {
          url: multi.url,
          requests: createLeadRequests(key.key, `${runId}w`, places),
        }, multi, appDrainOf(multi));
        log(`  POST /leads: ${fmt(results.create.multi.rps)} req/s with ${settings.workers} workers`);
        keepMultiRss(multi);
      } finally {
        await multi.stop();
      }
    }
    await httpOk('DELETE', `${app.url}/api/v1/users/${values.oemId}/api-keys/${key.id}`, { headers: { authorization: admin } });
  } finally {
    rssMb = app.peakRssMb();
    await app.stop();
    await raw?.stop();
  }
  await resetBenchChanges(settings);

  const report = renderReport({ settings, started, loadBefore, loadAfter: loadavg(), load, results, rssMb, multiRssMb, startRssMb, plans, profileDir });
  // A run of some cases, or with other server settings, does not replace the standard run's table.
  const variant = only || settings.nodeOptions !== PRODUCTION_NODE_OPTIONS || settings.logLevel !== 'warn' || settings.profile;
  const name = `latest-${settings.db}${variant ? '-variant' : ''}`;
  writeFileSync(join(RESULTS_DIR, `${name}.md`), report.markdown);
  writeFileSync(join(RESULTS_DIR, `${name}.json`), JSON.stringify({ settings: { ...settings, databaseUrl: undefined }, machine: machine(), started, loadBefore, results, rssMb, startRssMb, plans: plans.summary }, null, 2));
  console.log(report.markdown);
  log(`written to bench/results/${name}.md`);
  if (!plans.ok) process.exit(1);
}

/** The Markdown report: machine and settings, the results table with targets, the plan summary. */
function renderReport({ settings, started, loadBefore, loadAfter, load, results, rssMb, multiRssMb, startRssMb, plans, profileDir }) {
  const m = machine();
  const ms = (v) => fmt(v, v < 10 ? 2 : 1);
  const goals = TARGETS[settings.db];
  const first = results['list-first']?.app;
  const rows = [];
  const verdicts = [];
  const check = (label, ok) => {
    verdicts.push(ok);
    return `${label}: ${ok ? 'yes' : 'NO'}`;
  };
  const hasMulti = Object.values(results).some((r) => r.multi);
  for (const [name, r] of Object.entries(results)) {
    // Read cases: medians of the turns' ratios (measureInTurns); POST /leads' workers: one run each.
    const ratio = r.raw ? r.ratio : null;
    const cpuRatio = r.raw ? r.cpuRatio : null;
    const workers = r.multi ? (r.workersRatio ?? r.multi.rps / r.app.rps) : null;
    const checks = [];
    if (r.list || name === 'get') {
      const kind = r.list ? 'list' : 'get';
      if (goals[`${kind}Ratio`]) checks.push(check(`req/s ≥ ${goals[`${kind}Ratio`]}× raw`, ratio >= goals[`${kind}Ratio`]));
      if (goals[`${kind}Cpu`]) checks.push(check(`CPU ≤ ${goals[`${kind}Cpu`]}× raw (${fmt(cpuRatio, 2)}×)`, cpuRatio <= goals[`${kind}Cpu`]));
      if (goals[`${kind}P99Ms`]) checks.push(check(`p99 < ${goals[`${kind}P99Ms`]} ms`, r.app.p99 < goals[`${kind}P99Ms`]));
      if (name === 'list-deep' && first) checks.push(check(`mean ≤ ${TARGETS.deepVsFirst}× first page (${fmt(r.app.mean / first.mean, 2)}×)`, r.app.mean / first.mean <= TARGETS.deepVsFirst));
    } else if (name === 'create') {
      checks.push(check(`≥ ${fmt(goals.createRps)} req/s, 0 errors`, r.app.rps >= goals.createRps && r.app.errors === 0));
      if (goals.createCpuMs) checks.push(check(`CPU ≤ ${goals.createCpuMs} ms`, r.app.cpuMsPerRequest <= goals.createCpuMs));
    }
    if (workers !== null && goals.workersRatio) checks.push(check(`${settings.workers} workers ≥ ${goals.workersRatio}× one`, workers >= goals.workersRatio));
    const cpu = `${fmt(r.app.cpuMsPerRequest, 2)}${r.raw ? ` / ${fmt(r.raw.cpuMsPerRequest, 2)}` : ''}`;
    const others = [r.app.databaseCpuMsPerRequest, r.app.clientCpuMsPerRequest, r.app.machineCpuMsPerRequest].map((v) => (v === null || v === undefined ? '—' : fmt(v, 2))).join(' / ');
    const rawWorkers = r.rawMulti ? `${fmt(r.rawMulti.rps)} (${fmt(r.rawWorkersRatio, 2)}×)` : '—';
    const multi = hasMulti ? ` ${r.multi ? `${fmt(r.multi.rps)} (${fmt(workers, 2)}×), p99 ${ms(r.multi.p99)}` : '—'} | ${rawWorkers} |` : '';
    rows.push(`| ${r.label} | ${fmt(r.app.rps)} | ${ms(r.app.p50)} | ${ms(r.app.p99)} | ${ms(r.app.mean)} | ${r.app.errors} | ${r.raw ? fmt(r.raw.rps) : '—'} | ${r.raw ? ms(r.raw.p99) : '—'} | ${ratio === null ? '—' : fmt(ratio, 2)} | ${cpu} | ${others} |${multi} ${checks.join('; ') || '—'} |`);
  }
  const blanks = hasMulti ? ' | | | | | | | | | | | |' : ' | | | | | | | | | |';
  rows.push(`| server peak RSS (VmHWM; ${fmt(startRssMb, 0)} MB after start${multiRssMb ? `; largest of ${settings.workers} workers ${fmt(multiRssMb, 0)} MB` : ''}) |${blanks} ${check(`${fmt(rssMb, 0)} MB < ${TARGETS.rssMb} MB`, rssMb !== null && rssMb < TARGETS.rssMb)} |`);
  const lines = [
    `### ${settings.db === 'postgres' ? 'PostgreSQL' : 'SQLite'}, ${fmt(settings.leads)} leads — ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `Machine: ${m.cores} cores (${m.model}), ${m.memoryGiB} GiB RAM, Node ${m.node}; client (autocannon, ${settings.connections} connections) and servers on the same machine. Each read case: ${settings.turns} turns of ${turnSeconds(settings)} s per server, alternating with the server it is compared with (${settings.warmup} s warm-up before the first, 1 s before the others); ratios and "× one" are the medians of the turns' ratios. POST cases: ${settings.duration} s in one run.`,
    `Load average (1/5/15 min) before: ${loadBefore.map((v) => v.toFixed(2)).join(' / ')}; after: ${loadAfter.map((v) => v.toFixed(2)).join(' / ')}.`,
    `Server: built app, one worker (WEB_CONCURRENCY=1)${hasMulti ? ` and then ${settings.workers}` : ''}, NODE_ENV=production, LOG_LEVEL=${settings.logLevel}, NODE_OPTIONS=${settings.nodeOptions || '(none)'}${profileDir ? `, --cpu-prof (${profileDir.replace(`${ROOT}/`, '')})` : ''}. Data ${load.loaded ? `loaded in ${load.seconds.toFixed(0)} s by this run` : 'already loaded'}.`,
    '',
    `| case | req/s | p50 ms | p99 ms | mean ms | errors | raw req/s | raw p99 ms | ratio | server CPU ms/req (app / raw) | during the app run, CPU ms/req of PostgreSQL / client / whole machine |${hasMulti ? ` ${settings.workers} workers: req/s (× one), p99 ms | raw, ${settings.workers} processes: req/s (× one raw) |` : ''} target met? |`,
    `|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${hasMulti ? '---:|---:|' : ''}---|`,
    ...rows,
    '',
    `Targets met: ${verdicts.filter(Boolean).length} of ${verdicts.length}. Query plans: ${plans.ok ? 'every filter uses an index (no sequential scan or whole-table sort)' : 'FAILED'}${settings.db === 'sqlite' ? ' (SQLite: informational)' : ''}; slowest filter query: ${(() => {
      const worst = [...plans.summary].sort((a, b) => b.ms - a.ms)[0];
      return `${worst.name} at ${fmt(worst.ms, 1)} ms`;
    })()}.`,
  ];
  return { markdown: `${lines.join('\n')}\n` };
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
