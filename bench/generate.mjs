#!/usr/bin/env node
// Loads the benchmark data set straight into the bench database (SQLite or PostgreSQL).
//
//   node bench/generate.mjs                        1,000,000 leads into PostgreSQL (database chargeops_bench)
//   BENCH_DB=sqlite node bench/generate.mjs        the same into bench/results/chargeops-bench.sqlite
//   BENCH_LEADS=200000 BENCH_FORCE=1 node bench/generate.mjs   another size; FORCE reloads even when loaded
//
// What it does: creates the database when missing and applies the app's own migrations (the
// TypeORM DataSource of the built app, so the schema is exactly the app's), then, unless the database
// already holds a complete load of the same size and seed, recreates it from scratch and loads:
// the India Post pincode directory (../shared/data/india-pincodes.csv), a bench admin and Central
// Ops accounts, six OEM accounts with an API lead source and an API key each, and N leads with
// realistic distributions (OEM shares, addresses from real pincodes weighted towards the states
// and metros that buy EVs, statuses that depend on the lead's age, createdAt over two years with
// growth and office hours, E.164 Indian mobiles, unique externalRefs per OEM), plus one `created`
// timeline event per lead and one `status_changed` event per stage it went through (so the funnel
// has stage times; status_entered_at and updatedAt are the last change, first_<stage>_at the first entries), closing reason codes
// with notes on cancelled and held leads, and a tag or two on about one lead in eight. Leads are inserted in createdAt order, as a live system writes them.
// Loading is batched (PostgreSQL: `INSERT … SELECT FROM unnest($1::uuid[], …)` of 5,000 rows;
// SQLite: one prepared statement in one transaction); the secondary indexes are dropped for the
// load and rebuilt from their own definitions afterwards, then the tables are analysed.
// Deterministic for a given BENCH_SEED. A complete load is marked (PostgreSQL: a COMMENT on the
// database; SQLite: PRAGMA user_version/application_id), so a re-run with the same N is a no-op.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fakerEN_IN as faker } from '@faker-js/faker';
import Database from 'better-sqlite3';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import {
  BENCH_ADMIN_EMAIL,
  BENCH_OPS_EMAIL,
  BENCH_PASSWORD,
  benchSettings,
  builtModule,
  ensureBuilt,
  PINCODES_CSV,
  IMPORT_REF_PREFIX,
  POST_REF_PREFIX,
  ROOT,
  RUN_KEY_PREFIX,
} from './lib.mjs';

/** Bump when the shape of the generated data changes, so old loads are not reused. */
const GENERATOR_VERSION = 3;
const PG_BATCH = 5_000;
const DAY = 86_400_000;
const SPAN_DAYS = 730;

/** OEM accounts: name, externalRef prefix, share of the leads, charger models they ship. */
export const BENCH_OEMS = [
  { name: 'Tata Motors', code: 'TATA', weight: 38, models: ['7.2 kW AC Wallbox', '3.3 kW AC Portable'] },
  { name: 'JSW MG Motor India', code: 'MG', weight: 20, models: ['7.4 kW AC Wallbox', '11 kW AC Wallbox'] },
  { name: 'Mahindra & Mahindra', code: 'MM', weight: 18, models: ['7.2 kW AC Wallbox', '11.2 kW AC Wallbox'] },
  { name: 'Hyundai Motor India', code: 'HMIL', weight: 10, models: ['7.4 kW AC Wallbox', '11 kW AC Wallbox'] },
  { name: 'BYD India', code: 'BYD', weight: 8, models: ['7 kW AC Wallbox'] },
  { name: 'Maruti Suzuki', code: 'MSIL', weight: 6, models: ['7.4 kW AC Wallbox'] },
];
const CENTRAL_OPS_USERS = 24;

/** Share of EV sales by state (rounded from 2024 registrations); every other state gets 0.3. */
const STATE_WEIGHTS = {
  Maharashtra: 18, Karnataka: 14, Delhi: 10, 'Tamil Nadu': 9, Kerala: 9, Gujarat: 7, Telangana: 7, 'Uttar Pradesh': 6,
  Haryana: 4, Rajasthan: 3, 'West Bengal': 3, 'Andhra Pradesh': 2.5, 'Madhya Pradesh': 2, Punjab: 1.5, Odisha: 1, Goa: 0.8, Chandigarh: 0.5,
};
/** Metro districts, where most home chargers go: their pincodes weigh eight times more. */
const METRO = /^(Mumbai|Mumbai Suburban|Pune|Thane|Nagpur|Bengaluru Urban|Chennai|Hyderabad|Rangareddy|Medchal.*|Ahmedabad|Surat|Vadodara|Kolkata|Gurugram|Gautam Buddha Nagar|Ghaziabad|Lucknow|Jaipur|Ernakulam|Thiruvananthapuram|Coimbatore|New Delhi|South.*|North.*|East|West|Central|Chandigarh)$/;

const STATUSES = ['new', 'contacted', 'documents_pending', 'documents_received', 'survey_scheduled', 'survey_completed', 'installation_scheduled', 'installation_completed', 'closed', 'cancelled', 'on_hold'];
/** Status mix of a lead a few days old, and of one older than four months; blended by age. */
const FRESH = [25, 20, 15, 10, 8, 5, 6, 3, 2, 4, 2];
const OLD = [0.4, 0.8, 1.5, 0.5, 0.3, 0.2, 0.3, 1.2, 70, 21, 3.8];
const FRESH_DAYS = 120;
const HOLD_FROM = ['contacted', 'documents_pending', 'documents_received', 'survey_scheduled'];
/** Hold and cancel reasons: a code of the seeded closing reasons (src/database/migrations/closing-reasons-seed.ts) and the agent's note. */
const HOLD_REASONS = [['customer_requested_delay', 'Customer travelling; call back next month'], ['society_permission_pending', 'Awaiting society NOC'], ['vehicle_delivery_pending', 'Car delivery delayed'], ['customer_requested_delay', 'Customer asked to pause']];
const CANCEL_REASONS = [['customer_not_reachable', 'Customer not reachable after 5 attempts'], ['customer_not_interested', 'Customer bought a charger elsewhere'], ['site_not_feasible', 'No parking space for a charger'], ['site_not_feasible', 'Society refused permission'], ['customer_not_interested', 'Booking of the car cancelled'], ['duplicate_lead', 'Duplicate of another lead'], ['price_too_high', 'Quote above budget']];
/** The seed's path; a lead in status S went through every stage before S on it, one `status_changed` event each. */
const PATH = ['new', 'contacted', 'documents_pending', 'documents_received', 'survey_scheduled', 'survey_completed', 'installation_scheduled', 'installation_completed', 'closed'];
/** The funnel stages whose first entry a lead row keeps (first_<stage>_at, src/leads/entities/lead.entity.ts FIRST_ENTRY_COLUMNS). */
const FIRST_ENTRY_STAGES = ['contacted', 'documents_received', 'survey_scheduled', 'survey_completed', 'installation_scheduled', 'installation_completed', 'closed'];
/** Median hours to reach each stage of {@link PATH} from the one before (index 0 unused); a gap is this × a log-normal spread. */
const STAGE_MEDIAN_HOURS = [0, 5, 8, 40, 20, 60, 30, 100, 20];
/** Stages a cancelled lead was cancelled from (mostly early: not reachable, not interested), with weights. */
const CANCEL_FROM = ['new', 'contacted', 'documents_pending', 'documents_received', 'survey_scheduled', 'survey_completed'];
const CANCEL_FROM_WEIGHTS = [20, 35, 20, 10, 5, 10];
/** Free-form tags (issue 14 item 7) on about one lead in eight. */
const TAGS = ['vip', 'fleet', 'callback', 'society-noc', 'priority', 'corporate', 'dealer-referral', 'second-charger'];
/** Leads per hour of day in IST (0–23): office and evening hours. */
const HOUR_WEIGHTS = [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1.5, 3, 4, 4.5, 4.5, 4, 4, 4, 4, 3.8, 3.5, 3, 2.5, 1.8, 1, 0.5];
const IST_OFFSET = 5.5 * 3_600_000;
const SOCIETIES = ['Shanti Apartments', 'Green Valley Society', 'Sai Krupa Residency', 'Lake View Towers', 'Sunrise Enclave', 'Gokul Dham', 'Royal Palms', 'Silver Oak Heights', 'Prestige Park', 'Kaveri Residency', 'Ashirwad Villa', 'Ganga Heights'];
const STREETS = ['MG Road', 'Station Road', 'Nehru Nagar', 'Gandhi Path', 'Ring Road', 'Temple Street', 'Main Road', 'Hill Road', 'Park Street', 'Church Street', 'Market Road', 'Lake Road'];
const LANDMARKS = ['City Hospital', 'the metro station', 'Reliance Fresh', 'the bus depot', 'Central School', 'the water tank', 'HDFC Bank', 'the post office'];
const MAIL_DOMAINS = ['gmail.com', 'gmail.com', 'gmail.com', 'yahoo.co.in', 'outlook.com', 'rediffmail.com', 'hotmail.com'];

/** mulberry32: a small seeded PRNG, so a seed always gives the same data set. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A picker over `items` with the given relative weights (binary search on the cumulative sums). */
function weighted(items, weights, rand) {
  const cumulative = [];
  let total = 0;
  for (const w of weights) cumulative.push((total += w));
  return () => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

const hex8 = (rand) => Math.floor(rand() * 0x100000000).toString(16).padStart(8, '0');

/** A version-4 UUID from the seeded PRNG. */
function uuid(rand) {
  const s = hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand);
  const variant = ((parseInt(s[16], 16) & 3) | 8).toString(16);
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-4${s.slice(13, 16)}-${variant}${s.slice(17, 20)}-${s.slice(20, 32)}`;
}

/** `YYYY-MM-DD HH:MM:SS.mmm` in UTC: how TypeORM stores dates in SQLite, and a valid PostgreSQL timestamp. */
const timestamp = (ms) => new Date(ms).toISOString().replace('T', ' ').slice(0, 23);

/** Reads the pincode directory the way `cli import-pincodes` does (valid rows only). */
function readPincodes() {
  const rows = parse(readFileSync(PINCODES_CSV), { columns: true, skip_empty_lines: true, trim: true, relax_column_count: true });
  const coordinate = (raw, min, max) => {
    const value = raw ? Number(raw) : NaN;
    return Number.isFinite(value) && value >= min && value <= max ? value : null;
  };
  const seen = new Set();
  const out = [];
  for (const r of rows) {
    if (!/^[1-9]\d{5}$/.test(r.pincode ?? '') || !/^IN-[A-Z]{2}$/.test(r.state_code ?? '') || !r.state || seen.has(r.pincode)) continue;
    seen.add(r.pincode);
    out.push({
      pincode: r.pincode,
      district: (r.district ?? '').slice(0, 100),
      stateCode: r.state_code,
      state: r.state.slice(0, 100),
      latitude: coordinate(r.latitude, -90, 90),
      longitude: coordinate(r.longitude, -180, 180),
      offices: Number.parseInt(r.offices ?? '0', 10) || 0,
    });
  }
  return out;
}

/**
 * The accounts, sources and keys of the data set, with deterministic ids.
 * @returns {{ users, sources, apiKeys, oems, opsIds }}
 */
function buildAccounts(rand, passwordHash, now) {
  const created = timestamp(now - (SPAN_DAYS + 10) * DAY);
  const user = (email, fullName, role, phone = null) => ({ id: uuid(rand), email, passwordHash, fullName, phone, role, createdAt: created });
  const admin = user(BENCH_ADMIN_EMAIL, 'Bench Administrator', 'admin');
  const ops = user(BENCH_OPS_EMAIL, 'Bench Central Ops', 'central_ops', '+919800000000');
  const opsTeam = Array.from({ length: CENTRAL_OPS_USERS }, (_, i) =>
    user(`ops-${String(i + 1).padStart(2, '0')}@bench.chargeops.example`, `${faker.definitions.person.first_name.female[i * 7]} ${faker.definitions.person.last_name.generic[i * 3]}`, 'central_ops', `+9198000000${String(i + 1).padStart(2, '0')}`),
  );
  const oems = BENCH_OEMS.map((o) => ({ ...o, user: user(`oem.${o.code.toLowerCase()}@bench.chargeops.example`, o.name, 'oem') }));
  const sources = [
    { id: 1, name: 'OEM API', oemId: null, sourceType: 'api' },
    { id: 2, name: 'OEM portal', oemId: null, sourceType: 'portal' },
    { id: 3, name: 'Central Ops manual entry', oemId: null, sourceType: 'manual' },
    ...oems.map((o, i) => ({ id: 4 + i, name: `${o.name} API`, oemId: o.user.id, sourceType: 'api' })),
  ];
  oems.forEach((o, i) => {
    o.sourceId = 4 + i;
  });
  const apiKeys = oems.map((o) => {
    const key = randomBytes(32).toString('base64url');
    o.apiKeyId = uuid(rand);
    return { id: o.apiKeyId, oemId: o.user.id, name: 'Production integration', prefix: key.slice(0, 8), keyHash: randomBytes(32).toString('hex'), createdAt: created };
  });
  return { users: [admin, ops, ...opsTeam, ...oems.map((o) => o.user)], sources, apiKeys, oems, opsIds: [ops.id, ...opsTeam.map((u) => u.id)] };
}

/**
 * Yields the leads in batches, oldest first, with their `created` events.
 * Each lead is a plain object with the column values in {@link LEAD_COLUMNS} order.
 */
function* leadBatches(n, batchSize, accounts, pincodes, rand, now) {
  const pickOem = weighted(accounts.oems, accounts.oems.map((o) => o.weight), rand);
  const byState = new Map();
  for (const p of pincodes) if (p.district) (byState.get(p.state) ?? byState.set(p.state, []).get(p.state)).push(p);
  const states = [...byState.keys()];
  const pickState = weighted(states, states.map((s) => STATE_WEIGHTS[s] ?? 0.3), rand);
  const pickers = new Map(states.map((s) => [s, weighted(byState.get(s), byState.get(s).map((p) => (METRO.test(p.district) ? 8 : 1)), rand)]));
  const pickHour = weighted([...HOUR_WEIGHTS.keys()], HOUR_WEIGHTS, rand);
  const pickCancelFrom = weighted(CANCEL_FROM, CANCEL_FROM_WEIGHTS, rand);
  const female = faker.definitions.person.first_name.female;
  const male = faker.definitions.person.first_name.male;
  const last = faker.definitions.person.last_name.generic;
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const refSeq = new Map(accounts.oems.map((o) => [o.code, 0]));
  const start = now - SPAN_DAYS * DAY;
  const phones = new Set();

  // createdAt: a day from a density growing linearly over the two years (pdf ∝ 0.4 + t), a time of
  // day from office hours (IST), millisecond precision like the app; sorted, so rows go in in order.
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = -0.4 + Math.sqrt(0.16 + 1.8 * rand());
    const dayStart = Math.floor((start + t * SPAN_DAYS * DAY + IST_OFFSET) / DAY) * DAY - IST_OFFSET;
    times[i] = Math.floor(Math.min(dayStart + (pickHour() + rand()) * 3_600_000, now - 60_000));
  }
  times.sort();

  let batch = [];
  for (let i = 0; i < n; i++) {
    const createdMs = times[i];
    const ageDays = (now - createdMs) / DAY;
    const freshness = Math.min(1, ageDays / FRESH_DAYS);
    const r = rand() * 100;
    let acc = 0;
    let status = 'closed';
    for (let k = 0; k < STATUSES.length; k++) {
      acc += FRESH[k] * (1 - freshness) + OLD[k] * freshness;
      if (r < acc) {
        status = STATUSES[k];
        break;
      }
    }

    const oem = pickOem();
    const place = pickers.get(pickState())();
    const isFemale = rand() < 0.42;
    const first = pick(isFemale ? female : male);
    const surname = pick(last);
    let phone;
    do phone = `+91${6 + Math.floor(rand() * 4)}${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    while (phones.has(phone));
    phones.add(phone);
    const channel = rand();
    const sourceId = channel < 0.85 ? oem.sourceId : channel < 0.95 ? 2 : 3;
    const hasRef = sourceId !== 3 && (sourceId !== 2 || rand() < 0.5);
    let externalRef = null;
    if (hasRef) {
      const seq = refSeq.get(oem.code) + 1;
      refSeq.set(oem.code, seq);
      externalRef = `${oem.code}-${sourceId === 2 ? 'P' : ''}${String(seq).padStart(8, '0')}`;
    }
    const step = STATUSES.indexOf(status);
    const statusBeforeHold = status === 'on_hold' ? pick(HOLD_FROM) : null;
    const reason = status === 'on_hold' ? pick(HOLD_REASONS) : status === 'cancelled' ? pick(CANCEL_REASONS) : null;
    const closingReason = reason?.[1] ?? null;
    const assigned = status === 'new' ? rand() < 0.35 : rand() < 0.92;
    const assigneeId = assigned ? pick(accounts.opsIds) : null;
    // The timeline: one status_changed per stage of the path up to the status (or to the stage it
    // was held or cancelled from, then one more into on_hold/cancelled), gaps log-normal around
    // each stage's median, squeezed to end before now for a young lead.
    const lastOnPath = status === 'on_hold' ? statusBeforeHold : status === 'cancelled' ? pickCancelFrom() : status;
    const targets = PATH.slice(1, PATH.indexOf(lastOnPath) + 1);
    if (status === 'on_hold' || status === 'cancelled') targets.push(status);
    const gaps = targets.map((to) => {
      const median = STAGE_MEDIAN_HOURS[PATH.indexOf(to)] || 24;
      const normal = Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
      return median * Math.exp(0.8 * normal) * 3_600_000;
    });
    const total = gaps.reduce((a, b) => a + b, 0);
    const room = now - 120_000 - createdMs;
    const squeeze = total > room ? room / total : 1;
    const events = [];
    let at = createdMs;
    let from = 'new';
    // Never the bench Central Ops account (opsIds[0]): resetBenchChanges undoes that account's transitions.
    const actor = assigneeId && assigneeId !== accounts.opsIds[0] ? assigneeId : accounts.opsIds[1 + Math.floor(rand() * (accounts.opsIds.length - 1))];
    targets.forEach((to, k) => {
      at += Math.max(1000, Math.floor(gaps[k] * squeeze));
      const data = (to === 'on_hold' || to === 'cancelled') && reason ? JSON.stringify({ reasonCode: reason[0], reason: reason[1] }) : '{}';
      events.push({ from, to, at, actor, data });
      from = to;
    });
    const enteredMs = events.length ? events[events.length - 1].at : createdMs;
    const updatedMs = enteredMs;
    const tags = [];
    if (rand() < 0.125) {
      tags.push(pick(TAGS));
      if (rand() < 0.3) {
        const second = pick(TAGS);
        if (second !== tags[0]) tags.push(second);
      }
    }
    const lead = {
      createdMs,
      id: uuid(rand),
      oemId: oem.user.id,
      externalRef,
      customerName: `${first} ${surname}`,
      customerPhone: phone,
      customerEmail: rand() < 0.55 ? `${first}.${surname}${rand() < 0.5 ? Math.floor(rand() * 100) : ''}@${pick(MAIL_DOMAINS)}`.toLowerCase().replace(/[^a-z0-9.@]/g, '') : null,
      addressLine1: rand() < 0.6 ? `Flat ${1 + Math.floor(rand() * 20)}0${1 + Math.floor(rand() * 8)}, ${pick(SOCIETIES)}` : `${1 + Math.floor(rand() * 400)}, ${pick(STREETS)}`,
      addressLine2: rand() < 0.4 ? `Near ${pick(LANDMARKS)}` : '',
      city: place.district,
      state: place.state,
      pincode: place.pincode,
      latitude: place.latitude,
      longitude: place.longitude,
      sourceId,
      status,
      statusBeforeHold,
      closingReason,
      chargerModel: rand() < 0.85 ? pick(oem.models) : null,
      assignedToId: assigneeId,
      introCallCompleted: status !== 'new' && (status !== 'cancelled' || rand() < 0.8),
      possibleDuplicateOfId: null,
      ingestHash: externalRef ? hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) + hex8(rand) : null,
      version: status === 'on_hold' || status === 'cancelled' ? 2 + Math.floor(rand() * 3) : 1 + Math.max(0, step),
      createdAt: timestamp(createdMs),
      updatedAt: timestamp(updatedMs),
      closingReasonCode: reason?.[0] ?? null,
      statusEnteredAt: timestamp(enteredMs),
      statusEvents: events,
      firstEntries: FIRST_ENTRY_STAGES.map((stage) => {
        const event = events.find((e) => e.to === stage);
        return event ? timestamp(event.at) : null;
      }),
      tags,
      event: {
        actorUserId: sourceId === 3 ? pick(accounts.opsIds) : sourceId === 2 ? oem.user.id : null,
        actorApiKeyId: sourceId === oem.sourceId ? oem.apiKeyId : null,
        data: JSON.stringify({ sourceId, externalRef }),
      },
    };
    batch.push(lead);
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}

/** Lead columns in insert order, with their PostgreSQL array types. */
const LEAD_COLUMNS = [
  ['id', 'uuid'], ['oem_id', 'uuid'], ['external_ref', 'varchar'], ['customer_name', 'varchar'], ['customer_phone', 'varchar'],
  ['customer_email', 'varchar'], ['address_line1', 'varchar'], ['address_line2', 'varchar'], ['city', 'varchar'], ['state', 'varchar'],
  ['pincode', 'varchar'], ['latitude', 'numeric'], ['longitude', 'numeric'], ['source_id', 'int'], ['status', 'varchar'],
  ['status_before_hold', 'varchar'], ['closing_reason', 'varchar'], ['charger_model', 'varchar'], ['assigned_to_id', 'uuid'],
  ['intro_call_completed', 'bool'], ['possible_duplicate_of_id', 'uuid'], ['ingest_hash', 'varchar'], ['version', 'int'],
  ['created_at', 'timestamp'], ['updated_at', 'timestamp'], ['closing_reason_code', 'varchar'], ['status_entered_at', 'timestamp'],
  ...FIRST_ENTRY_STAGES.map((stage) => [`first_${stage}_at`, 'timestamp']),
];
const leadValues = (l, bool = (b) => b) => [
  l.id, l.oemId, l.externalRef, l.customerName, l.customerPhone, l.customerEmail, l.addressLine1, l.addressLine2, l.city, l.state,
  l.pincode, l.latitude, l.longitude, l.sourceId, l.status, l.statusBeforeHold, l.closingReason, l.chargerModel, l.assignedToId,
  bool(l.introCallCompleted), l.possibleDuplicateOfId, l.ingestHash, l.version, l.createdAt, l.updatedAt, l.closingReasonCode, l.statusEnteredAt,
  ...l.firstEntries,
];
const EVENT_COLUMNS = [['lead_id', 'uuid'], ['type', 'varchar'], ['from_status', 'varchar'], ['to_status', 'varchar'], ['actor_user_id', 'uuid'], ['actor_api_key_id', 'uuid'], ['data', 'text'], ['created_at', 'timestamp']];
/** Every event of a batch's leads, as rows of {@link EVENT_COLUMNS}: `created`, then the status changes in order. */
const eventRows = (batch) => {
  const rows = [];
  for (const l of batch) {
    rows.push([l.id, 'created', null, 'new', l.event.actorUserId, l.event.actorApiKeyId, l.event.data, l.createdAt]);
    for (const e of l.statusEvents) rows.push([l.id, 'status_changed', e.from, e.to, e.actor, null, e.data, timestamp(e.at)]);
  }
  return rows;
};
const TAG_COLUMNS = [['lead_id', 'uuid'], ['tag', 'varchar']];
const tagRows = (batch) => batch.flatMap((l) => l.tags.map((tag) => [l.id, tag]));

/** Applies the app's migrations with its own DataSource options (the built app), so the schema is the app's. */
async function migrate(databaseUrl) {
  const { createDataSource, dataSourceOptions } = await builtModule('database/data-source-options.js');
  const { parseDatabaseUrl } = await builtModule('config/config.js');
  const source = createDataSource({ ...dataSourceOptions(parseDatabaseUrl(databaseUrl, ROOT)), logging: false });
  await source.initialize();
  try {
    const ran = await source.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await source.destroy();
  }
}

/**
 * Migrations the database has applied that the app no longer has (a migration regenerated under
 * another name while the feature was in progress): such a schema cannot be trusted, so the data is reloaded.
 */
async function unknownAppliedMigrations(settings) {
  const { dataSourceOptions } = await builtModule('database/data-source-options.js');
  const { parseDatabaseUrl } = await builtModule('config/config.js');
  const known = new Set(dataSourceOptions(parseDatabaseUrl(settings.databaseUrl, ROOT)).migrations.map((m) => m.name));
  let applied;
  if (settings.db === 'postgres') {
    const client = new pg.Client({ connectionString: settings.databaseUrl });
    await client.connect();
    try {
      applied = (await client.query(`SELECT name FROM migrations`)).rows.map((r) => r.name);
    } finally {
      await client.end();
    }
  } else {
    const db = new Database(settings.sqlitePath, { readonly: true, fileMustExist: true });
    try {
      applied = db.prepare(`SELECT name FROM migrations`).all().map((r) => r.name);
    } finally {
      db.close();
    }
  }
  return applied.filter((name) => !known.has(name));
}

async function hashBenchPassword() {
  const { hashPassword } = await builtModule('users/users.service.js');
  return hashPassword(BENCH_PASSWORD);
}

const marker = (s) => `chargeops-bench v${GENERATOR_VERSION} leads=${s.leads} seed=${s.seed}`;

/* ----------------------------------------------------------------------------------------------- */
/* PostgreSQL                                                                                        */
/* ----------------------------------------------------------------------------------------------- */

async function pgAdmin(settings, work) {
  const admin = new pg.Client({ connectionString: settings.pgAdminUrl });
  await admin.connect();
  try {
    return await work(admin);
  } finally {
    await admin.end();
  }
}

async function pgLoaded(settings) {
  return pgAdmin(settings, async (admin) => {
    const { rows } = await admin.query(`SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [settings.pgDatabase]);
    return { exists: rows.length === 1, loaded: rows[0]?.note === marker(settings) };
  });
}

/** Rows of `table` as `INSERT … SELECT FROM unnest(arrays)`: one statement per batch whatever its size. */
function pgInsert(client, table, columns, rows) {
  const arrays = columns.map(([, type], k) => `$${k + 1}::${type}[]`).join(', ');
  const params = columns.map((_, k) => rows.map((r) => r[k]));
  return client.query(`INSERT INTO ${table} (${columns.map(([c]) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${arrays})`, params);
}

async function loadPostgres(settings, log) {
  await pgAdmin(settings, async (admin) => {
    await admin.query(`DROP DATABASE IF EXISTS ${settings.pgDatabase} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${settings.pgDatabase}`);
  });
  log(`migrations: ${(await migrate(settings.databaseUrl)).join(', ')}`);
  const client = new pg.Client({ connectionString: settings.databaseUrl });
  await client.connect();
  try {
    const now = Date.now();
    const rand = prng(settings.seed);
    const accounts = buildAccounts(rand, await hashBenchPassword(), now);
    // Bulk load: no FK triggers (the data is consistent by construction), indexes rebuilt after.
    await client.query(`SET session_replication_role = replica`);
    await client.query(`SET maintenance_work_mem = '512MB'`);
    const pincodes = readPincodes();
    await pgInsert(client, 'pincodes', [['pincode', 'varchar'], ['district', 'varchar'], ['state_code', 'varchar'], ['state', 'varchar'], ['latitude', 'numeric'], ['longitude', 'numeric'], ['offices', 'int']],
      pincodes.map((p) => [p.pincode, p.district, p.stateCode, p.state, p.latitude, p.longitude, p.offices]));
    await pgInsert(client, 'users', [['id', 'uuid'], ['email', 'varchar'], ['password_hash', 'varchar'], ['full_name', 'varchar'], ['phone', 'varchar'], ['role', 'varchar'], ['is_active', 'bool'], ['created_at', 'timestamp'], ['updated_at', 'timestamp']],
      accounts.users.map((u) => [u.id, u.email, u.passwordHash, u.fullName, u.phone, u.role, true, u.createdAt, u.createdAt]));
    await pgInsert(client, 'lead_sources', [['id', 'int'], ['name', 'varchar'], ['oem_id', 'uuid'], ['source_type', 'varchar']], accounts.sources.map((s) => [s.id, s.name, s.oemId, s.sourceType]));
    await client.query(`SELECT setval(pg_get_serial_sequence('lead_sources', 'id'), (SELECT max(id) FROM lead_sources))`);
    await pgInsert(client, 'api_keys', [['id', 'uuid'], ['oem_id', 'uuid'], ['name', 'varchar'], ['prefix', 'varchar'], ['key_hash', 'varchar'], ['created_at', 'timestamp']],
      accounts.apiKeys.map((k) => [k.id, k.oemId, k.name, k.prefix, k.keyHash, k.createdAt]));

    const { rows: indexes } = await client.query(`
      SELECT i.relname AS name, pg_get_indexdef(i.oid) AS def
        FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relname IN ('leads', 'lead_events', 'lead_tags') AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`);
    for (const { name } of indexes) await client.query(`DROP INDEX "${name}"`);

    const started = Date.now();
    let done = 0;
    let inFlight = Promise.resolve();
    for (const batch of leadBatches(settings.leads, PG_BATCH, accounts, pincodes, rand, now)) {
      await inFlight;
      // Generate the next batch while this one is written.
      inFlight = (async () => {
        await pgInsert(client, 'leads', LEAD_COLUMNS, batch.map((l) => leadValues(l)));
        await pgInsert(client, 'lead_events', EVENT_COLUMNS, eventRows(batch));
        await pgInsert(client, 'lead_tags', TAG_COLUMNS, tagRows(batch));
      })();
      done += batch.length;
      if (done % 100_000 < PG_BATCH) log(`  ${done.toLocaleString('en-US')} leads (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await inFlight;
    log(`leads and events written in ${((Date.now() - started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes …`);
    const indexStarted = Date.now();
    for (const { def } of indexes) await client.query(def);
    log(`indexes rebuilt in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s; VACUUM ANALYZE …`);
    await client.query(`SET session_replication_role = origin`);
    await client.query(`VACUUM (ANALYZE) leads, lead_events, lead_tags, users, lead_sources, api_keys, pincodes`);
    await client.query(`COMMENT ON DATABASE ${settings.pgDatabase} IS '${marker(settings)}'`);
  } finally {
    await client.end();
  }
}

/* ----------------------------------------------------------------------------------------------- */
/* SQLite                                                                                            */
/* ----------------------------------------------------------------------------------------------- */

function sqliteLoaded(settings) {
  if (!existsSync(settings.sqlitePath)) return { exists: false, loaded: false };
  const db = new Database(settings.sqlitePath, { readonly: true, fileMustExist: true });
  try {
    const version = db.pragma('user_version', { simple: true });
    const appId = db.pragma('application_id', { simple: true });
    return { exists: true, loaded: version === settings.leads && appId === settings.seed * 100 + GENERATOR_VERSION };
  } finally {
    db.close();
  }
}

async function loadSqlite(settings, log) {
  for (const suffix of ['', '-wal', '-shm']) rmSync(settings.sqlitePath + suffix, { force: true });
  mkdirSync(dirname(settings.sqlitePath), { recursive: true });
  log(`migrations: ${(await migrate(settings.databaseUrl)).join(', ')}`);
  const now = Date.now();
  const rand = prng(settings.seed);
  const accounts = buildAccounts(rand, await hashBenchPassword(), now);
  const pincodes = readPincodes();
  const db = new Database(settings.sqlitePath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = OFF');
    db.pragma('cache_size = -262144');
    const insert = (table, columns) => db.prepare(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
    db.transaction(() => {
      const p = insert('pincodes', ['pincode', 'district', 'state_code', 'state', 'latitude', 'longitude', 'offices']);
      for (const r of pincodes) p.run(r.pincode, r.district, r.stateCode, r.state, r.latitude, r.longitude, r.offices);
      const u = insert('users', ['id', 'email', 'password_hash', 'full_name', 'phone', 'role', 'is_active', 'created_at', 'updated_at']);
      for (const r of accounts.users) u.run(r.id, r.email, r.passwordHash, r.fullName, r.phone, r.role, 1, r.createdAt, r.createdAt);
      const s = insert('lead_sources', ['id', 'name', 'oem_id', 'source_type']);
      for (const r of accounts.sources) s.run(r.id, r.name, r.oemId, r.sourceType);
      const k = insert('api_keys', ['id', 'oem_id', 'name', 'prefix', 'key_hash', 'created_at']);
      for (const r of accounts.apiKeys) k.run(r.id, r.oemId, r.name, r.prefix, r.keyHash, r.createdAt);
    })();
    const indexes = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('leads', 'lead_events', 'lead_tags') AND sql IS NOT NULL`).all();
    for (const { name } of indexes) db.exec(`DROP INDEX "${name}"`);
    const leadInsert = insert('leads', LEAD_COLUMNS.map(([c]) => c));
    const eventInsert = insert('lead_events', EVENT_COLUMNS.map(([c]) => c));
    const tagInsert = insert('lead_tags', TAG_COLUMNS.map(([c]) => c));
    const started = Date.now();
    let done = 0;
    const writeBatch = db.transaction((batch) => {
      for (const l of batch) leadInsert.run(leadValues(l, (b) => (b ? 1 : 0)));
      for (const row of eventRows(batch)) eventInsert.run(row);
      for (const row of tagRows(batch)) tagInsert.run(row);
    });
    for (const batch of leadBatches(settings.leads, 50_000, accounts, pincodes, rand, now)) {
      writeBatch(batch);
      done += batch.length;
      if (done % 100_000 < 50_000) log(`  ${done.toLocaleString('en-US')} leads (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    log(`leads and events written in ${((Date.now() - started) / 1000).toFixed(1)} s; rebuilding ${indexes.length} indexes …`);
    const indexStarted = Date.now();
    for (const { sql } of indexes) db.exec(sql);
    log(`indexes rebuilt in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s`);
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.pragma(`user_version = ${settings.leads}`);
    db.pragma(`application_id = ${settings.seed * 100 + GENERATOR_VERSION}`);
  } finally {
    db.close();
  }
}

/* ----------------------------------------------------------------------------------------------- */

/**
 * Makes sure the bench database holds a complete load of `settings.leads` leads (loading it when
 * not) and has every app migration applied.
 * @returns {{ loaded: boolean, seconds: number }} loaded is true when this call (re)loaded the data
 */
export async function generate(settings = benchSettings(), log = console.error) {
  ensureBuilt(log);
  const state = settings.db === 'postgres' ? await pgLoaded(settings) : sqliteLoaded(settings);
  const unknown = state.loaded ? await unknownAppliedMigrations(settings) : [];
  if (unknown.length) log(`${settings.db}: the database has applied migrations the app no longer has (${unknown.join(', ')}); reloading`);
  if (state.loaded && !unknown.length && process.env.BENCH_FORCE !== '1') {
    const ran = await migrate(settings.databaseUrl);
    log(`${settings.db}: ${settings.leads.toLocaleString('en-US')} leads already loaded${ran.length ? `; applied ${ran.join(', ')}` : ''}`);
    return { loaded: false, seconds: 0 };
  }
  const started = Date.now();
  log(`${settings.db}: loading ${settings.leads.toLocaleString('en-US')} leads into ${settings.db === 'postgres' ? settings.pgDatabase : settings.sqlitePath} …`);
  if (settings.db === 'postgres') await loadPostgres(settings, log);
  else await loadSqlite(settings, log);
  const seconds = (Date.now() - started) / 1000;
  log(`${settings.db}: loaded in ${seconds.toFixed(1)} s`);
  return { loaded: true, seconds };
}

/**
 * Undoes what a previous benchmark run changed, so every run measures the same data: deletes the
 * leads `POST /leads` and the import case created (externalRef BENCHPOST-…, BENCHIMP-…) with their
 * events, and the imports, moves the leads the
 * transition case moved back to `new`, and deletes the run's API keys and refresh tokens.
 */
export async function resetBenchChanges(settings) {
  const opsEmail = BENCH_OPS_EMAIL;
  const statements = [
    [`DELETE FROM lead_events WHERE lead_id IN (SELECT id FROM leads WHERE external_ref LIKE '${POST_REF_PREFIX}%')`],
    [`DELETE FROM leads WHERE external_ref LIKE '${POST_REF_PREFIX}%'`],
    [`DELETE FROM lead_events WHERE lead_id IN (SELECT id FROM leads WHERE external_ref LIKE '${IMPORT_REF_PREFIX}%')`],
    [`DELETE FROM leads WHERE external_ref LIKE '${IMPORT_REF_PREFIX}%'`],
    [`DELETE FROM lead_imports`],
    [`UPDATE leads SET status = 'new', status_entered_at = created_at, first_contacted_at = NULL, intro_call_completed = ${settings.db === 'postgres' ? 'false' : '0'}, version = 1
       WHERE id IN (SELECT lead_id FROM lead_events WHERE type = 'status_changed' AND actor_user_id = (SELECT id FROM users WHERE email = '${opsEmail}'))`],
    [`DELETE FROM lead_events WHERE type = 'status_changed' AND actor_user_id = (SELECT id FROM users WHERE email = '${opsEmail}')`],
    [`DELETE FROM api_keys WHERE name LIKE '${RUN_KEY_PREFIX}%'`],
    [`DELETE FROM refresh_tokens`],
  ];
  if (settings.db === 'postgres') {
    const client = new pg.Client({ connectionString: settings.databaseUrl });
    await client.connect();
    try {
      await client.query('BEGIN');
      for (const [sql] of statements) await client.query(sql);
      await client.query('COMMIT');
      // Clean up what the deletes left now, not by autovacuum in the middle of a measured case
      // (a run's reset once doubled PostgreSQL's CPU per list request for the first cases).
      await client.query('VACUUM (ANALYZE) leads, lead_events, api_keys, refresh_tokens');
      // CHECKPOINT needs a superuser (the default BENCH_PG_URL's role is one); skipped otherwise.
      await client.query('CHECKPOINT').catch(() => undefined);
    } finally {
      await client.end();
    }
    return;
  }
  const db = new Database(settings.sqlitePath);
  try {
    db.transaction(() => {
      for (const [sql] of statements) db.exec(sql);
    })();
  } finally {
    db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  generate().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
