#!/usr/bin/env node
// The yardstick of the HTTP benchmark: the fastest thing Node does with the app's own SQL.
//
//   PORT=4001 node bench/raw-server.mjs bench/results/queries-postgres.json
//
// A node:http server with the same driver as the app (pg.Pool of 20 connections, as the app's
// TypeORM pool, or one better-sqlite3 connection in WAL mode with synchronous=NORMAL, as the app
// opens it) that answers GET /<case> by running the statements ChargeOps issued for that case
// (captured from TypeORM's query log by bench/run.mjs, parameters included) except the auth
// guard's user lookup, and sends the first statement's rows as `{ data, nextCursor }` JSON with
// the same nesting as the API (oem, source, assignedTo); a single-lead case sends the lead itself. No framework, no validation, no auth, no
// logging: what is left is the database round trips, the driver and JSON. The statements the app
// prepares (its query log marks them: PREPARED_MARK) are named prepared statements here too; SQLite
// prepares every statement once, as the app's driver does.
// bench/run.mjs starts and stops it; it prints "raw server on <port>" when ready.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [, , queriesFile] = process.argv;
if (!queriesFile) {
  console.error('usage: raw-server.mjs <queries.json>');
  process.exit(2);
}
/** @type {{ db: 'postgres' | 'sqlite', databaseUrl: string, sqlitePath: string, limit: number, single?: string[], cases: Record<string, { sql: string, parameters: unknown[] }[]> }} */
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

const camel = (s) => s.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const iso = (v) => (typeof v === 'string' ? `${v.replace(' ', 'T')}Z` : v);
const number = (v) => (v === null ? null : Number(v));
const mappers = new Map();

/**
 * How to turn a row of these columns (`lead_*`, `oem_*`, `source_*`, `assignedTo_*`, TypeORM's
 * aliases) into the API's nested lead object; worked out once per column list.
 */
function mapperFor(columns) {
  const key = columns.join(',');
  let mapper = mappers.get(key);
  if (mapper) return mapper;
  const plan = columns.map((column) => {
    const at = column.indexOf('_');
    const name = camel(column.slice(at + 1));
    const convert = ['latitude', 'longitude'].includes(name) ? number : ['createdAt', 'updatedAt'].includes(name) ? iso : null;
    return { target: column.slice(0, at), name, convert };
  });
  mapper = (row) => {
    const lead = {};
    const nested = { oem: {}, source: {}, assignedTo: {} };
    for (let i = 0; i < plan.length; i++) {
      const { target, name, convert } = plan[i];
      const value = convert ? convert(row[i]) : row[i];
      if (target === 'lead') lead[name] = value;
      else if (nested[target]) nested[target][name] = value;
    }
    lead.oem = nested.oem;
    lead.source = nested.source;
    lead.assignedTo = nested.assignedTo.id == null ? null : nested.assignedTo;
    return lead;
  };
  mappers.set(key, mapper);
  return mapper;
}

createServer(async (req, res) => {
  const statements = spec.cases[req.url.slice(1).split('?')[0]];
  if (!statements) {
    res.writeHead(404).end();
    return;
  }
  try {
    let first;
    for (const { sql, parameters } of statements) {
      const result = await run(sql, parameters, sql.endsWith(PREPARED_MARK));
      first ??= result;
    }
    const toLead = mapperFor(first.columns);
    const rows = first.rows;
    let body;
    if (spec.single?.includes(req.url.slice(1))) {
      body = JSON.stringify(toLead(rows[0]));
    } else {
      const data = rows.slice(0, spec.limit).map(toLead);
      const last = data[data.length - 1];
      body = JSON.stringify({
        data,
        nextCursor: rows.length > spec.limit && last ? Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url') : null,
      });
    }
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) }).end(body);
  } catch (error) {
    res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
  }
}).listen(port, '127.0.0.1', () => console.log(`raw server on ${port}`));

// Exit normally on a signal, so `node --cpu-prof` writes its profile.
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => process.exit(0));
