#!/usr/bin/env node
// The console's page timings (issue 17: "every page interactive within 1 s on this machine against a
// local API with 1M leads"): `npm run bench:console` (this file, after `npm run build`).
//
//   npm run bench:console                                 PostgreSQL bench database (bench/README.md), 1M leads
//   BENCH_DB=sqlite npm run bench:console                 the SQLite bench file
//   BENCH_CONSOLE_RUNS=5 npm run bench:console            timed loads per page (default 3, after one warm-up)
//
// Loads the bench data when missing (bench/generate.mjs), starts the built API on it as
// bench/run.mjs does (bench/results/build, NODE_ENV=production), which serves the console built in
// libs/admin-ui/dist, and drives Debian's Chromium (CHROMIUM_PATH, default /usr/bin/chromium) with
// playwright-core through the main pages as Central Ops, an OEM, a field technician and an admin.
// Each timed load is a full navigation (page.goto: the app boots, checks the session, calls the
// API) until the page is interactive: its level-1 heading and its first data row (or its empty
// message) are visible and its main control is enabled; requests the page makes after that (the
// dashboard's funnel) finish, untimed, before the next load. The browser's HTTP cache is warm after the
// warm-up load, as for someone who uses the console daily. Prints a Markdown table (median and
// slowest load per page against the 1 s target) with the machine and load average, and writes it
// to bench/results/console-<db>.md. Exits 1 when a page misses the target or never becomes interactive.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { generate } from './generate.mjs';
import { BENCH_ADMIN_EMAIL, BENCH_OPS_EMAIL, BENCH_PASSWORD, benchSettings, http, httpOk, login, RESULTS_DIR, ROOT, startApp } from './lib.mjs';

const TARGET_MS = 1000;
const RUNS = Number(process.env.BENCH_CONSOLE_RUNS || 3);
/** Bounds every wait: a page that never becomes interactive fails the run instead of hanging it. */
const WAIT_MS = 30_000;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OEM_EMAIL = 'oem.tata@bench.chargeops.example';
const TECH_EMAIL = 'bench-console-tech@bench.chargeops.example';
const log = (line) => console.error(line);
/** The API's origin, once started. */
let base;

const settings = benchSettings();
const machine = () => `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(' / ');

/** Loads the data if needed, starts the API and Chromium, times every page and prints the table. */
async function main() {
  if (!existsSync(join(ROOT, 'libs', 'admin-ui', 'dist', 'index.html'))) {
    log('building the console (libs/admin-ui/dist is missing) …');
    execFileSync('npm', ['run', 'build', '-w', 'libs/admin-ui'], { cwd: ROOT, stdio: 'inherit' });
  }
  await generate(settings, log);
  const loadBefore = load();
  const server = await startApp({ databaseUrl: settings.databaseUrl, logLevel: settings.logLevel, nodeOptions: settings.nodeOptions, logFile: join(RESULTS_DIR, `console-server-${settings.db}.log`) });
  base = server.url;
  let browser;
  try {
    const fixtures = await prepare(base);
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    const results = [];
    for (const account of accounts(fixtures)) {
      const context = await browser.newContext({ viewport: account.viewport ?? { width: 1280, height: 800 }, locale: 'en-IN' });
      context.setDefaultTimeout(WAIT_MS);
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      if (account.email) await signIn(page, account.email);
      for (const step of account.pages) {
        const times = [];
        for (let run = 0; run <= RUNS; run++) {
          const started = performance.now();
          await page.goto(`${base}${step.path}`);
          await step.ready(page);
          if (run > 0) times.push(performance.now() - started);
        // Untimed: let the page's later requests (the dashboard's funnel) finish, so that they do
        // not hold up the next load's (on SQLite one query at a time runs in the server).
        await page.waitForLoadState('networkidle');
        }
        times.sort((a, b) => a - b);
        const median = times[Math.floor(times.length / 2)];
        const slowest = times[times.length - 1];
        results.push({ who: account.who, name: step.name, path: step.path, median, slowest, times, ok: slowest < TARGET_MS });
        log(`${slowest < TARGET_MS ? 'ok  ' : 'MISS'} ${account.who.padEnd(16)} ${step.name.padEnd(34)} median ${median.toFixed(0)} ms, slowest ${slowest.toFixed(0)} ms`);
      }
      if (errors.length) throw new Error(`page errors as ${account.who}: ${errors.join('; ')}`);
      await context.close();
    }
    const loadAfter = load();
    const rows = results.map((r) => `| ${r.who} | ${r.name} | \`${r.path.length > 60 ? `${r.path.slice(0, 57)}…` : r.path}\` | ${r.median.toFixed(0)} | ${r.slowest.toFixed(0)} | ${r.times.map((t) => t.toFixed(0)).join(', ')} | ${r.ok ? 'yes' : '**no**'} |`);
    const table = [
      `Machine: ${machine()}; Chromium ${browser.version()} headless; API and browser on the same machine.`,
      `Database: ${settings.db}, ${settings.leads.toLocaleString('en-US')} leads. Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`,
      `Each page: one warm-up load, then ${RUNS} timed full loads (page.goto until interactive).`,
      '',
      '| as | page | path | median ms | slowest ms | runs ms | < 1 s? |',
      '|---|---|---|---:|---:|---|---|',
      ...rows,
    ].join('\n');
    console.log(table);
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(join(RESULTS_DIR, `console-${settings.db}.md`), `${table}\n`);
    process.exitCode = results.every((r) => r.ok) ? 0 : 1;
  } finally {
    await browser?.close();
    await server.stop();
  }
}

/**
 * What the pages need from the bench data: a lead and a name to search for, and a field
 * technician (the bench data has none; made once through the API, reused by later runs).
 */
async function prepare(baseUrl) {
  const auth = { Authorization: await login(baseUrl, BENCH_OPS_EMAIL) };
  const first = (await httpOk('GET', `${baseUrl}/api/v1/leads?limit=1&status=contacted`, { headers: auth })).body.data[0];
  const admin = { Authorization: await login(baseUrl, BENCH_ADMIN_EMAIL) };
  const existing = (await httpOk('GET', `${baseUrl}/api/v1/users?email=${encodeURIComponent(TECH_EMAIL)}`, { headers: admin })).body.data;
  if (existing.length === 0) {
    const created = await http('POST', `${baseUrl}/api/v1/users`, { headers: admin, body: { email: TECH_EMAIL, password: BENCH_PASSWORD, fullName: 'Bench Technician', role: 'field_technician' } });
    if (created.status !== 201) throw new Error(`creating the bench technician answered ${created.status}`);
  }
  return { lead: first, search: first.customerName.split(' ')[0] };
}

async function signIn(page, email) {
  await page.goto(`${base}/admin/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(BENCH_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Signed in once the role's navigation shows (the sign-in page has a heading too).
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
}

/** Waits until every locator is visible, and `enabled` (when given) is enabled. */
async function visible(page, locators, enabled) {
  await Promise.all(locators.map((locator) => locator.first().waitFor({ state: 'visible' })));
  if (enabled) await page.waitForFunction((element) => element && !element.disabled, await enabled.first().elementHandle());
}

const heading = (page, name) => page.getByRole('heading', { level: 1, name, exact: true });
const firstRow = (page) => page.getByRole('table').first().locator('tbody tr');

/** The leads list: heading, a first row, the search box enabled. */
const leadsReady = async (page) => visible(page, [heading(page, 'Leads'), firstRow(page)], page.getByRole('searchbox', { name: 'Search leads' }));

function accounts({ lead, search }) {
  const transition = lead.allowedTransitions.find((to) => to !== 'on_hold' && to !== 'cancelled') ?? lead.allowedTransitions[0];
  return [
    {
      who: 'signed out',
      pages: [{ name: 'sign-in', path: '/admin/login', ready: (page) => visible(page, [page.getByLabel('Email')], page.getByRole('button', { name: 'Sign in' })) }],
    },
    {
      who: 'central_ops',
      email: BENCH_OPS_EMAIL,
      pages: [
        { name: 'leads list (newest first)', path: '/admin/leads', ready: leadsReady },
        {
          name: 'a lead',
          path: `/admin/leads/${lead.id}`,
          ready: (page) => visible(page, [heading(page, lead.customerName), page.getByRole('region', { name: 'Timeline' }).getByRole('listitem')], page.getByRole('button', { name: transition.replaceAll('_', ' '), exact: true })),
        },
        { name: 'filtered list (status, state)', path: '/admin/leads?status=documents_pending&state=IN-MH', ready: leadsReady },
        { name: 'filtered list (overdue)', path: '/admin/leads?overdue=true', ready: leadsReady },
        { name: `search ("${search}")`, path: `/admin/leads?q=${encodeURIComponent(search)}`, ready: leadsReady },
        {
          name: 'dashboard (counts, last 90 days)',
          path: '/admin/dashboard',
          ready: (page) => visible(page, [heading(page, 'Dashboard'), page.getByRole('region', { name: 'Leads by status' }).getByRole('link', { name: / new$/ })]),
        },
        {
          name: 'dashboard with the funnel (90 days)',
          path: '/admin/dashboard',
          ready: (page) => visible(page, [heading(page, 'Dashboard'), page.getByRole('region', { name: 'Funnel' }).locator('tbody tr')]),
        },
        { name: 'teams', path: '/admin/teams', ready: (page) => visible(page, [heading(page, 'Teams')], page.getByRole('button', { name: 'New team' })) },
        // The bench's closed leads have no pack (none was generated): the page pages through them and says so.
        { name: 'closure packs', path: '/admin/closure-packs', ready: (page) => visible(page, [heading(page, 'Closure packs'), firstRow(page).or(page.getByText('No closure packs yet.'))]) },
      ],
    },
    {
      who: 'oem (Tata, 38 %)',
      email: OEM_EMAIL,
      pages: [
        { name: 'its leads', path: '/admin/leads', ready: leadsReady },
        { name: 'webhooks', path: '/admin/webhooks', ready: (page) => visible(page, [heading(page, 'Webhooks')], page.getByRole('button', { name: 'New subscription' })) },
      ],
    },
    {
      who: 'field_technician',
      email: TECH_EMAIL,
      viewport: { width: 360, height: 740 },
      pages: [
        {
          name: 'my jobs (phone)',
          path: '/admin/jobs',
          ready: (page) => visible(page, [heading(page, 'My jobs'), page.getByText('No jobs for today or the next days.').or(page.getByRole('article'))]),
        },
      ],
    },
    {
      who: 'admin',
      email: BENCH_ADMIN_EMAIL,
      pages: [
        { name: 'users', path: '/admin/users', ready: (page) => visible(page, [heading(page, 'Users'), firstRow(page)], page.getByRole('button', { name: 'New user' })) },
        { name: 'lead sources', path: '/admin/lead-sources', ready: (page) => visible(page, [heading(page, 'Lead sources'), firstRow(page)]) },
      ],
    },
  ];
}

await main();
