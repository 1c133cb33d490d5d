#!/usr/bin/env node
// Where the CPU of one `GET /leads/{id}` goes, rung by rung (issue 13: "which part is Node's own
// cost that no framework choice removes"):
//
//   node bench/floor.mjs                  after `npm run bench` (its build and captured statements)
//   FLOOR_ROUNDS=5 node bench/floor.mjs   more rounds (default 3); BENCH_DURATION, BENCH_WARMUP as for run.mjs
//
// Five servers answer the same lead with the same JSON, measured in turns (the order rotating from
// round to round) with autocannon at 10 connections; the report gives each one's server CPU ms per
// request (median of the rounds) and req/s, and what each rung adds to the one below:
//   node     node:http answering the lead from memory (bench/floor-server.mjs): Node's own cost of
//            a request and its answer, with JSON.stringify of the body;
//   raw      bench/raw-server.mjs: the same, plus the app's statements through pg (the yardstick of
//            npm run bench);
//   fastify  a bare Fastify route answering from memory;
//   nest     a bare Nest application on Nest's Fastify adapter answering from memory;
//   app      ChargeOps' GET /api/v1/leads/{id} (the built app, NODE_ENV=production).
//   FLOOR_PROFILE=1 runs the app and the raw handler with --cpu-prof (bench/results/profiles/floor-…;
//   read them with bench/profile-summary.mjs).
// The lead is the one npm run bench last captured (bench/results/queries-<db>.json); PostgreSQL only.
import { readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { BENCH_OPS_EMAIL, benchSettings, fmt, freePort, http, httpOk, login, measure, median, RESULTS_DIR, ROOT, startApp, startProcess } from './lib.mjs';

const rounds = Number(process.env.FLOOR_ROUNDS ?? 3);
const settings = benchSettings();

async function main() {
  if (settings.db !== 'postgres') throw new Error('bench/floor.mjs measures PostgreSQL only (BENCH_DB=postgres)');
  const queriesFile = join(RESULTS_DIR, `queries-${settings.db}.json`);
  let queries;
  try {
    queries = JSON.parse(readFileSync(queriesFile, 'utf8'));
  } catch {
    throw new Error(`${queriesFile} is missing: run \`BENCH_CASES=get npm run bench\` first`);
  }
  const leadId = queries.cases.get?.[0]?.parameters?.[0];
  if (!leadId) throw new Error(`${queriesFile} holds no statements for GET /leads/{id}`);
  const loadBefore = loadavg();
  const servers = {};
  const profileDir = process.env.FLOOR_PROFILE === '1' ? join(RESULTS_DIR, 'profiles', `floor-${new Date().toISOString().replace(/[:.]/g, '-')}`) : undefined;
  const profileArgs = (name) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : []);
  try {
    servers.app = await startApp({ databaseUrl: settings.databaseUrl, logFile: join(RESULTS_DIR, 'floor-app.log'), nodeArgs: profileArgs('app') });
    const ops = await login(servers.app.url, BENCH_OPS_EMAIL);
    const lead = (await httpOk('GET', `${servers.app.url}/api/v1/leads/${leadId}`, { headers: { authorization: ops } })).body;
    const bodyFile = join(RESULTS_DIR, 'floor-lead.json');
    writeFileSync(bodyFile, JSON.stringify(lead));
    const start = async (name, script, args) =>
      (servers[name] = await startProcess({ script: join(ROOT, 'bench', script), args, nodeArgs: name === 'raw' ? profileArgs('raw') : [], env: { PORT: String(await freePort()) }, readyLine: 'server on', logFile: join(RESULTS_DIR, `floor-${name}.log`) }));
    await start('node', 'floor-server.mjs', ['node', bodyFile]);
    await start('raw', 'raw-server.mjs', [queriesFile]);
    await start('fastify', 'floor-server.mjs', ['fastify', bodyFile]);
    await start('nest', 'floor-server.mjs', ['nest', bodyFile]);
    const targets = {
      node: { url: `${servers.node.url}/lead` },
      raw: { url: `${servers.raw.url}/get` },
      fastify: { url: `${servers.fastify.url}/lead` },
      nest: { url: `${servers.nest.url}/lead` },
      app: { url: `${servers.app.url}/api/v1/leads/${leadId}`, headers: { authorization: ops } },
    };
    const names = Object.keys(targets);
    const results = Object.fromEntries(names.map((name) => [name, []]));
    for (let round = 0; round < rounds; round += 1) {
      const order = names.map((_, i) => names[(i + round) % names.length]);
      for (const name of order) {
        const server = servers[name];
        const drain = () => http('GET', targets[name].url, { headers: targets[name].headers });
        const result = await measure(settings, targets[name], server, drain);
        if (result.errors) throw new Error(`${name}: ${result.errors} errors (${JSON.stringify(result.statusCodes)})`);
        results[name].push(result);
        console.error(`round ${round + 1} ${name}: ${result.cpuMsPerRequest.toFixed(3)} ms CPU/req, ${fmt(result.rps)} req/s, p99 ${result.p99} ms`);
      }
    }
    const cpu = Object.fromEntries(names.map((name) => [name, median(results[name].map((r) => r.cpuMsPerRequest))]));
    const rps = Object.fromEntries(names.map((name) => [name, median(results[name].map((r) => r.rps))]));
    const ms = (value) => `${value >= 0 ? '+' : ''}${value.toFixed(3)}`;
    const adds = {
      node: 'Node: a request and its answer',
      raw: `${ms(cpu.raw - cpu.node)} over node: the statements through pg`,
      fastify: `${ms(cpu.fastify - cpu.node)} over node: Fastify`,
      nest: `${ms(cpu.nest - cpu.fastify)} over fastify: Nest`,
      app: `${ms(cpu.app - cpu.nest - (cpu.raw - cpu.node))} over nest and the statements: ChargeOps' own`,
    };
    console.log(`GET /leads/{id} rung by rung — ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${rounds} rounds of ${settings.duration} s, ${settings.connections} connections`);
    console.log('');
    console.log('| rung | server CPU ms/req per round | median | × raw | req/s (median) | adds (ms/req) |');
    console.log('|---|---|---:|---:|---:|---|');
    for (const name of names) {
      console.log(`| ${name} | ${results[name].map((r) => r.cpuMsPerRequest.toFixed(3)).join(', ')} | ${cpu[name].toFixed(3)} | ${(cpu[name] / cpu.raw).toFixed(2)} | ${fmt(rps[name])} | ${adds[name]} |`);
    }
    const load = (values) => values.map((v) => v.toFixed(2)).join(' / ');
    if (profileDir) console.log(`\nProfiles of the app and the raw handler: ${profileDir.replace(`${ROOT}/`, '')}`);
    console.log(`\nLoad average (1/5/15 min) before: ${load(loadBefore)}; after: ${load(loadavg())}.`);
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
