#!/usr/bin/env node
// A profile of one server over a fixed number of requests after a warm-up, read per request: what
// session 13 used to find where a list page's and POST /leads' CPU went (bench/README.md, "Issue 13
// again, session 13"). Unlike BENCH_PROFILE=1 and FLOOR_PROFILE=1, start-up is not in the profile,
// so every figure divides by the requests profiled.
//
//   node bench/profile-window.mjs <case> [requests]      after `npm run bench` (its build and captured statements)
//
//   case: list (GET /leads?limit=50), q (the list searched by a phone as typed), deep (the list 1,000
//         pages deep, by cursor), get (GET /leads/{id}), post (POST /leads with an API key, new
//         leads); requests: 10,000 by default
//   PROFILE_TARGET=raw   the raw handler (bench/raw-server.mjs) instead of the app; list, q, deep and get only
//   PROFILE_MODE=alloc   bytes allocated per request instead of CPU (collected objects included)
//   PROFILE_MODE=promises  promises created per request, by the three frames that created them
//   BENCH_DB and the other BENCH_* database settings as for run.mjs; PostgreSQL only
//
// Prints the server CPU ms per request over the window (from /proc, so with the profiler's own
// cost), then µs (or bytes) per request by package and by function, and writes the profile to
// bench/results/profiles/window-<target>-<case>-<time>.(cpuprofile|heapprofile).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { BENCH_ADMIN_EMAIL, BENCH_OPS_EMAIL, benchSettings, createLeadRequests, freePort, httpOk, leadPlaces, login, RESULTS_DIR, ROOT, RUN_KEY_PREFIX, sampleValues, startApp, startProcess } from './lib.mjs';
import { frameLabels, summarise } from './profile-summary.mjs';
import { resetBenchChanges } from './generate.mjs';

const [caseName = 'list', requests = '10000'] = process.argv.slice(2);
const raw = process.env.PROFILE_TARGET === 'raw';
const MODES = { cpu: 'cpuprofile', alloc: 'heapprofile', promises: 'promises.json' };
const mode = MODES[process.env.PROFILE_MODE] ? process.env.PROFILE_MODE : 'cpu';
const RAW_CASES = { list: 'list-first', q: 'list-q-phone', deep: 'list-deep', get: 'get' };

/** Bytes per request by package and by function of a sampling heap profile (V8's `SamplingHeapProfile`). */
function allocationsOf(profile, count) {
  const byPackage = new Map();
  const byFunction = new Map();
  const add = (map, key, bytes) => map.set(key, (map.get(key) ?? 0) + bytes);
  const walk = (node) => {
    const { pkg, fn } = frameLabels(node.callFrame);
    add(byPackage, pkg, node.selfSize / count);
    add(byFunction, fn, node.selfSize / count);
    node.children.forEach(walk);
  };
  walk(profile.head);
  const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
  return { byPackage: sorted(byPackage), byFunction: sorted(byFunction) };
}

async function main() {
  const settings = benchSettings();
  if (settings.db !== 'postgres') throw new Error('bench/profile-window.mjs measures PostgreSQL only (BENCH_DB=postgres)');
  if (raw && !RAW_CASES[caseName]) throw new Error(`PROFILE_TARGET=raw has no case ${caseName} (known: ${Object.keys(RAW_CASES).join(', ')})`);
  const queriesFile = join(RESULTS_DIR, `queries-${settings.db}.json`);
  const values = await sampleValues(settings, { limit: 50 });
  const profileDir = join(RESULTS_DIR, 'profiles');
  mkdirSync(profileDir, { recursive: true });
  const out = join(profileDir, `window-${raw ? 'raw' : 'app'}-${caseName}-${new Date().toISOString().replace(/[:.]/g, '-')}.${MODES[mode]}`);
  const hook = { nodeArgs: ['--import', join(ROOT, 'bench', 'profile-window-hook.mjs')], env: { PROFILE_MODE: mode, PROFILE_OUT: out } };
  const server = raw
    ? await startProcess({ script: join(ROOT, 'bench', 'raw-server.mjs'), args: [queriesFile], nodeArgs: hook.nodeArgs, env: { PORT: String(await freePort()), ...hook.env }, readyLine: 'server on', logFile: join(RESULTS_DIR, 'profile-window-raw.log') })
    : await startApp({ databaseUrl: settings.databaseUrl, nodeArgs: hook.nodeArgs, env: hook.env, logFile: join(RESULTS_DIR, 'profile-window-app.log') });
  try {
    let target;
    if (raw) {
      target = { url: `${server.url}/${RAW_CASES[caseName]}` };
    } else if (caseName === 'post') {
      const places = await leadPlaces(settings);
      const admin = await login(server.url, BENCH_ADMIN_EMAIL);
      const runId = Date.now().toString(36);
      const key = (await httpOk('POST', `${server.url}/api/v1/users/${values.oemId}/api-keys`, { body: { name: `${RUN_KEY_PREFIX}window-${runId}` }, headers: { authorization: admin } })).body.key;
      target = { url: server.url, requests: createLeadRequests(key, `w${runId}`, places) };
    } else {
      const paths = { list: '/api/v1/leads?limit=50', q: `/api/v1/leads?limit=50&q=${encodeURIComponent(values.phoneTyped)}`, deep: `/api/v1/leads?limit=50&cursor=${values.deepCursor}`, get: `/api/v1/leads/${values.leadId}` };
      if (!paths[caseName]) throw new Error(`unknown case ${caseName} (known: list, q, deep, get, post)`);
      target = { url: `${server.url}${paths[caseName]}`, headers: { authorization: await login(server.url, BENCH_OPS_EMAIL) } };
    }
    await autocannon({ ...target, connections: settings.connections, duration: settings.warmup });
    process.kill(server.pid, 'SIGWINCH');
    const cpuBefore = server.cpuSeconds();
    const result = await autocannon({ ...target, connections: settings.connections, amount: Number(requests) });
    const cpuAfter = server.cpuSeconds();
    process.kill(server.pid, 'SIGWINCH');
    const count = result.requests.total;
    // The profile is written by the server once the profiler has stopped: wait for the file.
    let profile;
    for (let tries = 0; !profile && tries < 200; tries += 1) {
      try {
        profile = JSON.parse(readFileSync(out, 'utf8'));
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    if (!profile) throw new Error(`the server wrote no profile to ${out}`);
    console.log(`${raw ? 'raw handler' : 'app'} ${caseName}: ${count} requests (${result.non2xx} not 2xx), server CPU ${(((cpuAfter - cpuBefore) * 1000) / count).toFixed(3)} ms/req with the profiler on; ${out}`);
    if (mode === 'promises') {
      console.log(`\npromises created: ${(profile.total / count).toFixed(1)} per request; by the frames that created them (per request):`);
      for (const [site, n] of profile.sites.slice(0, 40)) console.log(`${(n / count).toFixed(2).padStart(7)}  ${site}`);
      return;
    }
    const unit = mode === 'cpu' ? 'µs/req' : 'bytes/req';
    const { byPackage, byFunction } = mode === 'cpu' ? summarise(profile) : allocationsOf(profile, count);
    const perRequest = (value) => (mode === 'cpu' ? (value * 1000) / count : value);
    const print = (title, rows) => {
      console.log(`\n${title} (${unit}):`);
      for (const [name, value] of rows.filter(([name]) => name !== '(idle)' && name !== '((idle))').slice(0, 30)) console.log(`${perRequest(value).toFixed(1).padStart(9)}  ${name}`);
    };
    print('by package', byPackage);
    print('by function', byFunction);
  } finally {
    await server.stop();
    // The leads and API key a post window created, as compare.mjs and run.mjs leave none behind.
    if (caseName === 'post') await resetBenchChanges(settings);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
