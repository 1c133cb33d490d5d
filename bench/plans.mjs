#!/usr/bin/env node
// Query-plan check for every lead filter of DESIGN §6 on the loaded bench database.
//
//   node bench/plans.mjs                    PostgreSQL (the bench database; run bench/generate.mjs first)
//   BENCH_DB=sqlite node bench/plans.mjs    SQLite: prints EXPLAIN QUERY PLAN, for information
//
// Starts the built server (bench/results/build/main.js, see lib.mjs) with TYPEORM_LOGGING=true, sends one GET /api/v1/leads
// per filter (and a GET /leads/{id}) as Central Ops, takes the lead SELECT the app logged (SQL and
// parameters exactly as issued) and runs EXPLAIN (ANALYZE, BUFFERS) on it. On PostgreSQL it exits
// 1 when any plan scans `leads` sequentially, sorts or reads at least 10% of the table (a sort
// over the whole table, or an index walked end to end), when a statement the app prepares is still
// planned on every execution (PostgreSQL never settled on its generic plan) or its generic plan
// has one of those problems, and prints every plan. `npm run bench` runs the same check.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { benchSettings, BENCH_OPS_EMAIL, captureQueries, ensureBuilt, httpOk, leadSelects, listCases, login, openDb, PREPARED_MARK, RESULTS_DIR, sampleValues, startApp } from './lib.mjs';

/** A plan reads "the whole table" when it touches at least this share of the leads. */
const WHOLE_TABLE_SHARE = 0.1;

/** How often a prepared statement is run before its plans are counted: PostgreSQL plans the first five runs afresh, then may keep the generic plan. */
const PREPARED_RUNS = 8;

/** `value` as an SQL literal for `EXECUTE name(…)`: the statement's parameter types convert it. */
function literal(value) {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(literal).join(', ')}]`;
  return `'${String(value).replaceAll("'", "''")}'`;
}

/**
 * Why a statement the app prepares is unsound, or [] when it is fine: run {@link PREPARED_RUNS}
 * times as a named statement on one connection, as the app runs it, PostgreSQL must have settled on
 * its generic plan (pg_prepared_statements); and that generic plan, which then serves every later
 * value, must pass {@link planProblems} for the captured values too (EXPLAIN ANALYZE of the
 * statement prepared again under `plan_cache_mode = force_generic_plan`).
 */
async function preparedProblems(db, name, sql, parameters, tableRows) {
  const problems = [];
  for (let i = 0; i < PREPARED_RUNS; i++) await db.queryPrepared(name, sql, parameters);
  const [{ generic, custom }] = await db.query(`SELECT generic_plans::int AS generic, custom_plans::int AS custom FROM pg_prepared_statements WHERE name = $1`, [name]);
  if (generic === 0) problems.push(`prepared, but planned on each of its ${custom} runs`);
  await db.query(`PREPARE ${name}_generic AS ${sql}`);
  await db.query(`SET plan_cache_mode = force_generic_plan`);
  try {
    const [{ 'QUERY PLAN': [json] }] = await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE ${name}_generic${parameters.length ? `(${parameters.map(literal).join(', ')})` : ''}`);
    problems.push(...planProblems(json.Plan, tableRows).map((problem) => `its generic plan ${problem}`));
  } finally {
    await db.query(`RESET plan_cache_mode`);
    await db.query(`DEALLOCATE ${name}_generic`);
  }
  return problems;
}

/**
 * The statement the app issues for each case: GET /leads?<query> for every DESIGN §6 filter, and
 * GET /leads/{id}, in steady state (each request is sent twice; the second is captured).
 * `server` must run with TYPEORM_LOGGING=true.
 * @returns {{ name, path, selects: { sql, parameters }[], statements: number, all }[]}
 */
export async function captureLeadQueries(server, auth, values) {
  const cases = [...listCases(values).map((c) => ({ ...c, path: `/api/v1/leads?${c.query}` })), { name: 'GET /leads/{id}', path: `/api/v1/leads/${values.leadId}`, bench: 'get' }];
  const out = [];
  for (const c of cases) {
    // The second request is the one captured: the first may fill caches (the state-code lookup).
    await httpOk('GET', `${server.url}${c.path}`, { headers: { authorization: auth } });
    const queries = await captureQueries(server, () => httpOk('GET', `${server.url}${c.path}`, { headers: { authorization: auth } }));
    out.push({ ...c, selects: leadSelects(queries), statements: queries.length, all: queries });
  }
  return out;
}

function walk(node, visit) {
  visit(node);
  for (const child of node.Plans ?? []) walk(child, visit);
}

/** Why a PostgreSQL JSON plan (EXPLAIN ANALYZE) is unacceptable at `tableRows` leads, or [] when it is fine. */
export function planProblems(plan, tableRows) {
  const limit = Math.max(1000, tableRows * WHOLE_TABLE_SHARE);
  const problems = [];
  walk(plan, (node) => {
    const loops = node['Actual Loops'] ?? 1;
    if (node['Node Type'] === 'Seq Scan' && node['Relation Name'] === 'leads') problems.push('sequential scan on leads');
    if (['Sort', 'Incremental Sort'].includes(node['Node Type'])) {
      const input = (node.Plans ?? []).reduce((n, child) => n + (child['Actual Rows'] ?? 0) * (child['Actual Loops'] ?? 1), 0);
      if (input >= limit) problems.push(`sorts ${input.toLocaleString('en-US')} rows`);
    }
    if (node['Relation Name'] === 'leads' && /Scan/.test(node['Node Type'])) {
      const read = ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * loops;
      if (read >= limit) problems.push(`${node['Node Type']} reads ${read.toLocaleString('en-US')} rows of leads`);
    }
  });
  return problems;
}

/** EXPLAIN ANALYZE of each captured query on PostgreSQL; `ok` is false when any plan has a problem. */
export async function explainPostgres(settings, captured, log = console.log) {
  const db = await openDb(settings);
  let ok = true;
  const summary = [];
  try {
    const [{ n: tableRows }] = await db.query(`SELECT count(*)::int AS n FROM leads`);
    for (const c of captured) {
      const problems = [];
      let ms = 0;
      const texts = [];
      for (const { sql, parameters } of c.selects) {
        // The first run warms the cache; the plans reported are from the later runs.
        await db.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`, parameters);
        const [{ 'QUERY PLAN': [json] }] = await db.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, parameters);
        const text = (await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, parameters)).map((r) => r['QUERY PLAN']).join('\n');
        problems.push(...planProblems(json.Plan, tableRows));
        if (sql.endsWith(PREPARED_MARK)) problems.push(...(await preparedProblems(db, `plans_${summary.length}_${texts.length}`, sql, parameters, tableRows)));
        ms += json['Execution Time'];
        texts.push(`${sql}\n-- parameters: ${JSON.stringify(parameters)}\n${text}`);
      }
      if (problems.length) ok = false;
      summary.push({ name: c.name, ms, problems, statements: c.statements, selects: c.selects.length });
      log(`\n### ${c.name}  —  ${problems.length ? `FAIL: ${problems.join('; ')}` : 'ok'}  (${ms.toFixed(2)} ms; ${c.statements} statements per request)`);
      log(`GET ${c.path}\n${texts.join('\n\n')}`);
    }
  } finally {
    await db.close();
  }
  return { ok, summary };
}

/** EXPLAIN QUERY PLAN of each captured query on SQLite, with the query's time (information only). */
export async function explainSqlite(settings, captured, log = console.log) {
  const db = await openDb(settings);
  const summary = [];
  try {
    for (const c of captured) {
      const problems = [];
      let ms = 0;
      const texts = [];
      for (const { sql, parameters } of c.selects) {
        const details = (await db.query(`EXPLAIN QUERY PLAN ${sql}`, parameters)).map((r) => r.detail);
        await db.query(sql, parameters);
        const started = process.hrtime.bigint();
        await db.query(sql, parameters);
        ms += Number(process.hrtime.bigint() - started) / 1e6;
        // A table scan is flagged; a temporary sort only when the query is slow (sorting a handful of matches is fine).
        problems.push(...details.filter((d) => /^SCAN lead\b(?! USING)/.test(d) || (/TEMP B-TREE/.test(d) && ms >= 20)));
        texts.push(`${sql}\n-- parameters: ${JSON.stringify(parameters)}\n${details.join('\n')}`);
      }
      summary.push({ name: c.name, ms, problems, statements: c.statements, selects: c.selects.length });
      log(`\n### ${c.name}  —  ${problems.length ? `note: ${problems.join('; ')}` : 'ok'}  (${ms.toFixed(2)} ms; ${c.statements} statements per request)`);
      log(`GET ${c.path}\n${texts.join('\n\n')}`);
    }
  } finally {
    await db.close();
  }
  return { ok: true, summary };
}

/** Starts a logging server, captures every case's query and explains them; the server is stopped before returning. */
export async function checkPlans(settings, log = console.log) {
  const values = await sampleValues(settings);
  // No outbox timer: its statements would land among a case's in the query log (the raw handler runs what is captured).
  const server = await startApp({ databaseUrl: settings.databaseUrl, typeormLogging: true, logFile: join(RESULTS_DIR, `plans-server-${settings.db}.log`), env: { OUTBOX_POLL_INTERVAL_MS: '0' } });
  try {
    const auth = await login(server.url, BENCH_OPS_EMAIL);
    const captured = await captureLeadQueries(server, auth, values);
    log(`## Query plans (${settings.db}, ${settings.leads.toLocaleString('en-US')} leads)`);
    const result = settings.db === 'postgres' ? await explainPostgres(settings, captured, log) : await explainSqlite(settings, captured, log);
    log('\n| case | query time (ms) | statements/request (lead SELECTs) | plan |\n|---|---:|---:|---|');
    for (const s of result.summary) log(`| ${s.name} | ${s.ms.toFixed(2)} | ${s.statements} (${s.selects}) | ${s.problems.length ? s.problems.join('; ') : 'ok'} |`);
    return { ...result, captured };
  } finally {
    await server.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const settings = benchSettings();
  ensureBuilt();
  checkPlans(settings)
    .then(({ ok }) => {
      if (!ok) console.error('\nplan check FAILED: see the plans marked FAIL above');
      process.exit(ok ? 0 : 1);
    })
    .catch((error) => {
      console.error(error);
      process.exit(1);
    });
}
