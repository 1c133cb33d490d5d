#!/usr/bin/env node
// The yardstick of the HTTP benchmark: the fastest thing Node does with the app's own SQL.
//
//   PORT=4001 node bench/raw-server.mjs bench/results/queries-postgres.json
//
// A node:http server with the same driver as the app (pg.Pool of 20 connections, as the app's
// TypeORM pool, or one better-sqlite3 connection in WAL mode with synchronous=NORMAL, as the app
// opens it) that answers GET /<case> by running the statements ChargeOps issued for that case
// (captured from TypeORM's query log by bench/run.mjs, parameters included) except the auth
// guard's user lookup, and answers with the body the app sends a Central Ops reader, byte for byte
// (bench/run.mjs checks before it measures): the leads of the first statement with the names, job
// summaries and tags of the others, each lead's manual transitions and its SLA at this moment, as
// `{ data, nextCursor }` for a page or the lead itself for a single-lead case. No framework, no
// validation, no auth, no logging: what is left is the database round trips, the driver, the
// assembly of the answer and JSON. The statements the app
// prepares (its query log marks them: PREPARED_MARK) are named prepared statements here too; SQLite
// prepares every statement once, as the app's driver does.
// bench/run.mjs starts and stops it; it prints "raw server on <port>" when ready.
//
// RAW_WORKERS=2 runs that many copies under node:cluster on the one port, as the app's
// WEB_CONCURRENCY does (src/main.ts): the ceiling a second worker can reach on this machine.
import cluster from 'node:cluster';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [, , queriesFile] = process.argv;
if (!queriesFile) {
  console.error('usage: raw-server.mjs <queries.json>');
  process.exit(2);
}
/** @type {{ db: 'postgres' | 'sqlite', databaseUrl: string, sqlitePath: string, limit: number, single?: string[], rules: { transitions: Record<string, string[]>, heldTransitions: Record<string, string[]>, nextStage: Record<string, string>, slaHours: Record<string, number> }, cases: Record<string, { sql: string, parameters: unknown[] }[]> }} */
const spec = JSON.parse(readFileSync(queriesFile, 'utf8'));
const port = Number(process.env.PORT ?? 4001);
/** How the app's query log ends a statement it runs as a named prepared statement (src/common/persistence/query-templates.ts). */
const PREPARED_MARK = ' /* prepared */';

/** Runs one statement; resolves with `{ columns, rows }`, rows as arrays (the drivers' cheapest form). */
let run;
if (spec.db === 'postgres') {
  const { default: pg } = await import('pg');
  // timestamp (without time zone, UTC here) as its text: turned into ISO 8601 by string surgery below.
  pg.types.setTypeParser(1114, (text) => text);
  const pool = new pg.Pool({ connectionString: spec.databaseUrl, max: 20 });
  const names = new Map();
  run = async (sql, parameters, prepare) => {
    // A named statement is parsed and planned once per pooled connection, as the app's preparedQuery().
    const name = prepare ? (names.get(sql) ?? names.set(sql, `raw_${names.size}`).get(sql)) : undefined;
    const result = await pool.query({ name, text: sql, values: parameters, rowMode: 'array' });
    return { columns: result.fields.map((f) => f.name), rows: result.rows };
  };
} else {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(spec.sqlitePath, { fileMustExist: true, timeout: 10_000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const prepared = new Map();
  run = async (sql, parameters) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql).raw(true);
      prepared.set(sql, statement);
    }
    return { columns: statement.columns().map((c) => c.name), rows: statement.all(...parameters) };
  };
}

/** A timestamp's text (`YYYY-MM-DD HH:MM:SS[.ffffff]`, UTC) as ISO 8601 with milliseconds, by string surgery. */
const iso = (v) => {
  if (typeof v !== 'string') return v === null || v === undefined ? null : new Date(v).toISOString();
  const fraction = v[19] === '.' ? `${v.slice(20, 23)}00`.slice(0, 3) : '000';
  return `${v.slice(0, 10)}T${v.slice(11, 19)}.${fraction}Z`;
};
const number = (v) => (v === null || v === undefined ? null : Number(v));

/**
 * The rules a lead's answer shows, from the app's build (bench/run.mjs puts them in the spec):
 * the manual transitions by status, and for a held lead by the status before (key `null`: none
 * recorded), the next stage of each open status and the SLA hours of each stage.
 */
if (!spec.rules?.heldTransitions) {
  console.error(`${queriesFile} holds no rules or older ones: it was written by an older bench/run.mjs; run npm run bench again`);
  process.exit(2);
}
const { transitions, heldTransitions, nextStage, slaHours } = spec.rules;
const HOUR_MS = 3_600_000;

/** What a statement's result is, by its aliases (TypeORM's, as the app's query log shows them). */
function kindOf(columns) {
  if (columns[0] === 'lead_id') return 'leads';
  if (columns[0] === 'u_id') return 'users';
  if (columns[0] === 's_id') return 'sources';
  if (columns[0] === 't_lead_id') return 'tags';
  if (columns.includes('job_survey_id')) return 'surveys';
  if (columns.includes('job_installation_id')) return 'installations';
  return 'other';
}

/** A lead's summary of its survey and of its installation, with the app's fields in the app's order. */
const surveySummary = (row, c) => ({ id: row[c.job_id], scheduledDate: row[c.job_scheduled_date], scheduledTimeSlot: row[c.job_scheduled_time_slot], status: row[c.job_status], surveyId: row[c.job_survey_id] });
const installationSummary = (row, c) => ({ id: row[c.job_id], installationId: row[c.job_installation_id], scheduledDate: row[c.job_scheduled_date], scheduledTimeSlot: row[c.job_scheduled_time_slot], status: row[c.job_status] });

/** The summary of each lead's latest job (rows come newest first); `c` is the columns' indexes. */
function latestJobs(result, c, summary) {
  const jobs = new Map();
  for (const row of result.rows) if (!jobs.has(row[c.job_lead_id])) jobs.set(row[c.job_lead_id], summary(row, c));
  return jobs;
}

/** Each statement's kind and column indexes by name, worked out on a case's first request (a case's statements never change). */
const layouts = new Map();
function layoutOf(name, results) {
  let layout = layouts.get(name);
  if (!layout) {
    layout = results.map(({ columns }) => ({ kind: kindOf(columns), indexes: Object.fromEntries(columns.map((column, i) => [column, i])) }));
    layouts.set(name, layout);
  }
  return layout;
}

/**
 * The answer's body, byte for byte the app's for a Central Ops reader (the same fields in the same
 * order, bench/run.mjs checks): the leads of the first statement, with the names, job summaries and
 * tags of the statements after it, each lead's manual transitions and its SLA at this moment.
 */
function bodyOf(name, results) {
  const layout = layoutOf(name, results);
  const names = new Map();
  const sources = new Map();
  const tags = new Map();
  let leads;
  let c;
  let surveys = new Map();
  let installations = new Map();
  for (let i = 0; i < results.length; i++) {
    const result = results[i];
    const { kind, indexes } = layout[i];
    if (kind === 'leads') {
      leads = result;
      c = indexes;
    } else if (kind === 'users') for (const [id, fullName] of result.rows) names.set(id, fullName);
    else if (kind === 'sources') for (const [id, name, sourceType] of result.rows) sources.set(id, { name, sourceType });
    else if (kind === 'tags') for (const [leadId, tag] of result.rows) (tags.get(leadId) ?? tags.set(leadId, []).get(leadId)).push(tag);
    else if (kind === 'surveys') surveys = latestJobs(result, indexes, surveySummary);
    else if (kind === 'installations') installations = latestJobs(result, indexes, installationSummary);
  }
  const now = Date.now();
  const toLead = (row) => {
    const id = row[c.lead_id];
    const oemId = row[c.lead_oem_id];
    const sourceId = row[c.lead_source_id];
    const source = sources.get(sourceId);
    const status = row[c.lead_status];
    const statusBeforeHold = row[c.lead_status_before_hold];
    const assignedToId = row[c.lead_assigned_to_id];
    const statusEnteredAt = iso(row[c.lead_status_entered_at]);
    const stage = nextStage[status];
    let sla = null;
    if (stage && statusEnteredAt) {
      const due = Date.parse(statusEnteredAt) + slaHours[stage] * HOUR_MS;
      sla = { dueAt: new Date(due).toISOString(), overdue: now > due, stage };
    }
    // The app's compiled serializer writes the spec's properties in alphabetical order.
    return {
      addressLine1: row[c.lead_address_line1],
      addressLine2: row[c.lead_address_line2],
      allowedTransitions: (status === 'on_hold' ? heldTransitions[statusBeforeHold] : transitions[status]) ?? [],
      assignedTo: assignedToId === null ? null : { fullName: row[c.assignedTo_full_name] ?? names.get(assignedToId), id: assignedToId },
      assignedToId,
      chargerModel: row[c.lead_charger_model],
      city: row[c.lead_city],
      closingReason: row[c.lead_closing_reason],
      closingReasonCode: row[c.lead_closing_reason_code],
      closurePack: null,
      createdAt: iso(row[c.lead_created_at]),
      customerEmail: row[c.lead_customer_email],
      customerName: row[c.lead_customer_name],
      customerPhone: row[c.lead_customer_phone],
      externalRef: row[c.lead_external_ref],
      id,
      installation: installations.get(id) ?? null,
      introCallCompleted: Boolean(row[c.lead_intro_call_completed]),
      latitude: number(row[c.lead_latitude]),
      longitude: number(row[c.lead_longitude]),
      oem: { fullName: row[c.oem_full_name] ?? names.get(oemId) ?? '', id: oemId },
      oemId,
      pincode: row[c.lead_pincode],
      possibleDuplicateOfId: row[c.lead_possible_duplicate_of_id],
      sla,
      source: { id: sourceId, name: row[c.source_name] ?? source?.name, sourceType: row[c.source_source_type] ?? source?.sourceType },
      sourceId,
      state: row[c.lead_state],
      status,
      statusBeforeHold,
      statusEnteredAt,
      survey: surveys.get(id) ?? null,
      tags: tags.get(id) ?? [],
      updatedAt: iso(row[c.lead_updated_at]),
      version: Number(row[c.lead_version]),
    };
  };
  if (spec.single?.includes(name)) return JSON.stringify(toLead(leads.rows[0]));
  const data = leads.rows.slice(0, spec.limit).map(toLead);
  const last = data[data.length - 1];
  return JSON.stringify({
    data,
    nextCursor: leads.rows.length > spec.limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null,
  });
}

const workers = Number(process.env.RAW_WORKERS ?? 1);
if (cluster.isPrimary && workers > 1) {
  // The primary only forks and hands out connections, as the app's primary does (src/main.ts).
  let listening = 0;
  let stopping = false;
  cluster.on('listening', () => {
    if (++listening === workers) console.log(`raw server on ${port}`);
  });
  cluster.on('exit', (worker, code) => {
    if (stopping) return;
    console.error(`raw worker ${worker.process.pid} exited with ${code}`);
    process.exit(1);
  });
  for (let i = 0; i < workers; i++) cluster.fork();
  for (const signal of ['SIGTERM', 'SIGINT']) {
    process.on(signal, () => {
      stopping = true;
      for (const worker of Object.values(cluster.workers ?? {})) worker.process.kill('SIGTERM');
      process.exit(0);
    });
  }
} else {
  serve();
  // Exit normally on a signal, so `node --cpu-prof` writes its profile.
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
}

/** The yardstick's HTTP server on `port`: one process, or one worker of a cluster. */
function serve() {
  createServer(async (req, res) => {
    const name = req.url.slice(1).split('?')[0];
    const statements = spec.cases[name];
    if (!statements) {
      res.writeHead(404).end();
      return;
    }
    try {
      const results = [];
      for (const { sql, parameters } of statements) results.push(await run(sql, parameters, sql.endsWith(PREPARED_MARK)));
      const body = bodyOf(name, results);
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
    }
  }).listen(port, '127.0.0.1', () => {
    // A cluster's primary says it once all its workers listen.
    if (cluster.isPrimary) console.log(`raw server on ${port}`);
  });
}
