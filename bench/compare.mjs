#!/usr/bin/env node
// Two builds of the server side by side on the bench database, measured in turns so that both see
// the same load on a shared machine (CPU per request moves with other load; see README.md):
//
//   node bench/compare.mjs <before>/main.js <after>/main.js
//
// Each round runs GET /leads?limit=50, GET /leads/{id} and POST /leads (API key, new leads), or the
// cases COMPARE_CASES names, against both servers, the order alternating from round to round; the report gives per case and build the
// server CPU ms per request of every round with their median, the median req/s and p99, per case
// B's server CPU ÷ A's of each round (its two turns ran back to back) with their median and how many are below 1,
// the same for PostgreSQL's CPU per request (on PostgreSQL) and for req/s, each
// server's peak RSS (VmHWM) at the end, and the machine's load average before and after. Build a "before" with
// `git worktree add /tmp/before <rev> && cd /tmp/before && npm ci && npx nest build --path bench/tsconfig.build.json`
// (its bench/results/build/main.js). The data must be loaded (node bench/generate.mjs).
//
//   COMPARE_ROUNDS (4), COMPARE_SECONDS (6): rounds, and seconds measured per case and build
//   COMPARE_NODE_OPTIONS_A / COMPARE_NODE_OPTIONS_B: each server's NODE_OPTIONS (default: empty, Node's own)
//   COMPARE_NODE_ARGS_A / COMPARE_NODE_ARGS_B: more flags for each server's `node` (space-separated), for
//     the V8 flags NODE_OPTIONS refuses (`--trace-gc`, `--allocation-site-pretenuring`)
//   COMPARE_CASES: the cases to run, comma-separated (default: list, get, post; also: q, the list
//     searched by a phone number as a caller types it, and deep, the list 1,000 pages deep by cursor)
//   BENCH_DB and the other BENCH_* database settings as for run.mjs
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { resetBenchChanges } from './generate.mjs';
import {
  BENCH_ADMIN_EMAIL,
  BENCH_OPS_EMAIL,
  benchSettings,
  http,
  createLeadRequests,
  httpOk,
  leadPlaces,
  login,
  measure,
  median,
  RESULTS_DIR,
  RUN_KEY_PREFIX,
  sampleValues,
  startApp,
} from './lib.mjs';

const [scriptA, scriptB] = process.argv.slice(2);
if (!scriptA || !scriptB) {
  console.error('usage: node bench/compare.mjs <before>/main.js <after>/main.js');
  process.exit(2);
}
const rounds = Number(process.env.COMPARE_ROUNDS ?? 4);
const settings = { ...benchSettings(), duration: Number(process.env.COMPARE_SECONDS ?? 6), warmup: 1 };

async function main() {
  const loadBefore = loadavg();
  await resetBenchChanges(settings);
  const values = await sampleValues(settings, { limit: 50 });
  const places = await leadPlaces(settings);
  const servers = {};
  try {
    for (const [name, script] of [['A', scriptA], ['B', scriptB]]) {
      const nodeOptions = process.env[`COMPARE_NODE_OPTIONS_${name}`] ?? '';
      const nodeArgs = (process.env[`COMPARE_NODE_ARGS_${name}`] ?? '').split(' ').filter(Boolean);
      servers[name] = await startApp({ script, databaseUrl: settings.databaseUrl, nodeOptions, nodeArgs, logFile: join(RESULTS_DIR, `compare-${name}.log`), env: { DATA_DIR: join(RESULTS_DIR, `compare-data-${name}`) } });
      console.error(`${name}: ${script}${nodeOptions ? ` (NODE_OPTIONS=${nodeOptions})` : ''}${nodeArgs.length ? ` (node ${nodeArgs.join(' ')})` : ''}`);
    }
    const ops = await login(servers.A.url, BENCH_OPS_EMAIL);
    const admin = await login(servers.A.url, BENCH_ADMIN_EMAIL);
    const runId = Date.now().toString(36);
    const key = (await httpOk('POST', `${servers.A.url}/api/v1/users/${values.oemId}/api-keys`, { body: { name: `${RUN_KEY_PREFIX}compare-${runId}` }, headers: { authorization: admin } })).body.key;
    // One array for every round and both builds: each request a new lead, never a replay.
    const postRequests = createLeadRequests(key, `c${runId}`, places);
    const cases = {
      'GET /leads?limit=50': (url) => ({ url: `${url}/api/v1/leads?limit=50`, headers: { authorization: ops } }),
      'GET /leads?q=phone': (url) => ({ url: `${url}/api/v1/leads?limit=50&q=${encodeURIComponent(values.phoneTyped)}`, headers: { authorization: ops } }),
      'GET /leads deep': (url) => ({ url: `${url}/api/v1/leads?limit=50&cursor=${values.deepCursor}`, headers: { authorization: ops } }),
      'GET /leads/{id}': (url) => ({ url: `${url}/api/v1/leads/${values.leadId}`, headers: { authorization: ops } }),
      'POST /leads': (url) => ({ url, requests: postRequests }),
    };
    const short = { list: 'GET /leads?limit=50', q: 'GET /leads?q=phone', deep: 'GET /leads deep', get: 'GET /leads/{id}', post: 'POST /leads' };
    const chosen = (process.env.COMPARE_CASES ?? 'list,get,post').split(',').map((name) => {
      if (!short[name.trim()]) throw new Error(`COMPARE_CASES: unknown case ${name} (known: ${Object.keys(short).join(', ')})`);
      return short[name.trim()];
    });
    const results = {};
    for (let round = 0; round < rounds; round += 1) {
      for (const [label, options] of Object.entries(cases).filter(([label]) => chosen.includes(label))) {
        for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
          const server = servers[name];
          // The first round warms each case up longer: both servers compile the same code then.
          const result = await measure({ ...settings, warmup: round === 0 ? 3 : 1 }, options(server.url), server, () => http('GET', `${server.url}/api/v1/health`));
          (results[label] ??= { A: [], B: [] })[name].push(result);
          const database = result.databaseCpuMsPerRequest === null ? '' : `, PostgreSQL ${result.databaseCpuMsPerRequest.toFixed(2)} ms CPU/req`;
          console.error(`round ${round + 1} ${label} ${name}: ${result.cpuMsPerRequest.toFixed(2)} ms CPU/req${database}, ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms, ${result.errors} errors`);
        }
      }
    }
    console.log(`| case | build | server CPU ms/req per round | median | req/s (median) | p99 ms (median) | errors |`);
    console.log('|---|---|---|---:|---:|---:|---:|');
    for (const [label, byBuild] of Object.entries(results)) {
      for (const name of ['A', 'B']) {
        const runs = byBuild[name];
        const cpu = runs.map((r) => r.cpuMsPerRequest);
        console.log(`| ${label} | ${name} | ${cpu.map((v) => v.toFixed(2)).join(', ')} | ${median(cpu).toFixed(2)} | ${median(runs.map((r) => r.rps)).toFixed(0)} | ${median(runs.map((r) => r.p99))} | ${runs.reduce((sum, r) => sum + r.errors, 0)} |`);
      }
    }
    // The machine's speed moves from round to round for both builds alike: a round's two turns,
    // back to back, compare better than the two builds' medians.
    // PostgreSQL's CPU per request (all its processes, as run.mjs counts it) and the rate show a
    // change that moves the database's work rather than the server's (a write's index pages).
    const measures = [['server CPU per request', 'cpuMsPerRequest', 'lower'], ['PostgreSQL CPU per request', 'databaseCpuMsPerRequest', 'lower'], ['req/s', 'rps', 'higher']];
    for (const [title, field, better] of measures) {
      if (field === 'databaseCpuMsPerRequest' && settings.db !== 'postgres') continue;
      console.log(`\n| case | B ÷ A, ${title}, round by round | median | B ${better} in |`);
      console.log('|---|---|---:|---:|');
      for (const [label, { A, B }] of Object.entries(results)) {
        const ratios = B.map((b, i) => b[field] / A[i][field]);
        const wins = ratios.filter((v) => (better === 'lower' ? v < 1 : v > 1)).length;
        console.log(`| ${label} | ${ratios.map((v) => v.toFixed(2)).join(', ')} | ${median(ratios).toFixed(2)} | ${wins} of ${ratios.length} |`);
      }
    }
    console.log(`\nPeak RSS (VmHWM): A ${servers.A.peakRssMb().toFixed(0)} MB, B ${servers.B.peakRssMb().toFixed(0)} MB.`);
    const load = (values) => values.map((v) => v.toFixed(2)).join(' / ');
    console.log(`Load average (1/5/15 min) before: ${load(loadBefore)}; after: ${load(loadavg())}.`);
  } finally {
    for (const server of Object.values(servers)) await server.stop();
    await resetBenchChanges(settings);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
