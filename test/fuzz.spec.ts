import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import fc from 'fast-check';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipartBody, type RawPart, SAMPLES } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { approvedSurvey, planInstallation } from './support/installations.js';
import { createTeam, SlotSequence } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A bounded fuzz test over every operation of the served spec (issue #11): malformed path ids,
 * query values, JSON bodies, content types, conditional and range headers and multipart parts,
 * sent as every role and anonymously. Any 5xx, any 4xx that is not problem+json, or any stack
 * trace, SQL error or server file path in a body fails it. The cases come from fast-check with a
 * fixed seed, so a failure replays exactly; `FUZZ_RUNS` scales the cases per operation and role.
 */

const SEED = 20261204;
const RUNS_ALLOWED = Number(process.env.FUZZ_RUNS ?? 30);
const RUNS_DENIED = 2;

type Schema = { $ref?: string; type?: string; format?: string; enum?: unknown[]; items?: Schema; properties?: Record<string, Schema>; required?: string[]; oneOf?: Schema[]; allOf?: Schema[]; anyOf?: Schema[]; minimum?: number; maximum?: number; nullable?: boolean };
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  method: string;
  path: string;
  operationId: string;
  parameters: Parameter[];
  body?: { type: 'json' | 'multipart'; schema?: Schema };
  access: string;
}

/** Strings that have broken web services before: injections, traversal, encodings, sizes. */
const NASTY_STRINGS = [
  "' OR '1'='1",
  "1; DROP TABLE leads;--",
  '" UNION SELECT password_hash FROM users --',
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '\u0000',
  '\ud800',
  'a\udc00b',
  '𝕏😀 हिन्दी தமிழ்',
  '<script>alert(1)</script>',
  '${jndi:ldap://x}',
  '{{7*7}}',
  '-1',
  '0',
  '1e309',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  ' ',
  '',
  'x'.repeat(5000),
  '9'.repeat(400),
  '2026-02-30',
  '2026-13-01T25:61:00Z',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  'ZXlKcFpDSTZJbmdpZlE',
  Buffer.from('{"createdAt":"yesterday","id":"x"}').toString('base64url'),
  Buffer.from('[1,2,3]').toString('base64url'),
  Buffer.from('{"createdAt":"2026-01-01T00:00:00Z","id":"\' OR 1=1"}').toString('base64url'),
  '%E0%A4%A',
];

const nasty = fc.constantFrom(...NASTY_STRINGS);
/** Any JSON value, shallow: wrong types for any field. */
const wrongValue = fc.oneof(
  nasty,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(nasty, { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), nasty, { maxKeys: 3 }),
);

const IF_MATCH = fc.constantFrom('W/"1"', '"1"', '*', 'W/"-1"', 'W/"99999999999999999999"', 'W/"abc"', 'garbage', '', 'W/', '"', 'W/"1", W/"2"', '\u00ff\u00fe');
const RANGE = fc.constantFrom('bytes=0-0', 'bytes=-1', 'bytes=5-1', 'bytes=0-', 'bytes=abc', 'bytes=0-1,2-3', 'items=0-1', 'bytes=99999999999999999999-', 'bytes=-0', 'bytes', '', 'bytes=1-2-3');

/** Resolves `$ref`s against the document's components. */
function resolve(doc: { components?: { schemas?: Record<string, Schema> } }, schema: Schema | undefined): Schema | undefined {
  if (!schema) return undefined;
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[schema.$ref.split('/').pop() as string]);
  if (schema.allOf?.length) return resolve(doc, schema.allOf[0]);
  if (schema.oneOf?.length) return resolve(doc, schema.oneOf[0]);
  if (schema.anyOf?.length) return resolve(doc, schema.anyOf[0]);
  return schema;
}

/** The ids of real resources, so some cases get past the 404 into validation and the rules. */
interface KnownIds {
  uuid: string[];
  int: string[];
}

/** A plausible value for `schema`: the fuzz mutates from here. */
function plausible(doc: object, schema: Schema | undefined, ids: KnownIds, depth = 0): fc.Arbitrary<unknown> {
  const s = resolve(doc, schema);
  if (!s || depth > 4) return fc.constant('x');
  if (s.enum?.length) return fc.constantFrom(...s.enum);
  switch (s.type) {
    case 'integer':
      return fc.integer({ min: s.minimum ?? 0, max: Math.min(s.maximum ?? 1000, 1_000_000) });
    case 'number':
      return fc.double({ min: s.minimum ?? 0, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(plausible(doc, s.items, ids, depth + 1), { maxLength: 3 });
    case 'object': {
      const props = s.properties ?? {};
      const entries = Object.entries(props).map(([name, child]) => [name, plausible(doc, child, ids, depth + 1)] as const);
      return fc.record(Object.fromEntries(entries), { requiredKeys: (s.required ?? []).filter((name) => name in props) });
    }
    default:
      if (s.format === 'uuid') return fc.oneof(fc.constantFrom(...ids.uuid), fc.uuid());
      if (s.format === 'date') return fc.constantFrom('2027-01-15', '2026-12-31', '2027-02-28');
      if (s.format === 'date-time') return fc.constantFrom('2026-12-01T00:00:00.000Z', '2027-01-01T10:00:00+05:30');
      if (s.format === 'email') return fc.constantFrom('fuzz@example.com', 'a@b.co');
      return fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('Pune', 'Maharashtra', '411001', '+919812345678', '09-12', 'photo'));
  }
}

/** A body: plausible, then one of the mutations. */
function jsonBody(doc: object, schema: Schema | undefined, ids: KnownIds): fc.Arbitrary<{ raw?: string; value?: unknown; contentType?: string }> {
  const base = plausible(doc, schema, ids);
  const fieldNames = Object.keys(resolve(doc, schema)?.properties ?? {});
  const field = fieldNames.length ? fc.constantFrom(...fieldNames) : fc.constant('unknown');
  return fc.oneof(
    base.map((value) => ({ value })),
    fc.tuple(base, field, wrongValue).map(([value, name, wrong]) => ({ value: { ...(value as object), [name]: wrong } })),
    fc.tuple(base, field).map(([value, name]) => {
      const copy = { ...(value as Record<string, unknown>) };
      delete copy[name];
      return { value: copy };
    }),
    fc.tuple(base, fc.constantFrom('extra', '__proto__', 'constructor', 'id', 'version', 'oemId', 'status')).map(([value, name]) => ({
      raw: JSON.stringify(value).replace(/^\{/, `{"${name}":{"polluted":true},`),
    })),
    fc.constantFrom(
      '{"a":'.repeat(200) + '1' + '}'.repeat(200),
      '['.repeat(5000) + ']'.repeat(5000),
      '{"unterminated": "',
      '{"a":1,}',
      'null',
      '"just a string"',
      '12',
      '[]',
      '{"email":"\\ud800@x.co","password":"\\u0000"}',
      '\u00ef\u00bb\u00bf{}',
    ).map((raw) => ({ raw })),
    fc.tuple(base, fc.constantFrom('text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/json; charset=latin1', 'application/vnd.api+json', '')).map(([value, contentType]) => ({
      raw: JSON.stringify(value),
      contentType,
    })),
    fc.tuple(field, fc.integer({ min: 1, max: 4 })).map(([name, k]) => ({ value: { [name]: 'y'.repeat(k * 70_000) } })),
  );
}

/** Multipart parts that lie: wrong types, traversal names, missing or doubled files, broken framing. */
const multipartCase: fc.Arbitrary<{ parts?: RawPart[]; raw?: Buffer; contentType?: string }> = fc.oneof(
  fc.constantFrom<RawPart[]>(
    [{ name: 'file', filename: 'bill.pdf', contentType: 'application/pdf', bytes: Buffer.from('not a pdf at all') }],
    [{ name: 'file', filename: '../../../etc/passwd', contentType: 'image/png', bytes: SAMPLES.png.bytes }],
    [{ name: 'file', filename: 'x.png', contentType: 'image/png', bytes: SAMPLES.png.bytes.subarray(0, 40) }],
    [{ name: 'file', filename: 'x.jpg', contentType: 'image/jpeg', bytes: SAMPLES.jpeg.bytes.subarray(0, SAMPLES.jpeg.bytes.length >> 1) }],
    [
      { name: 'file', filename: 'a.png', contentType: 'image/png', bytes: SAMPLES.png.bytes },
      { name: 'file', filename: 'b.png', contentType: 'image/png', bytes: SAMPLES.png.bytes },
    ],
    [{ name: 'documentType', value: 'electricity_bill' }],
    [{ name: 'documentType', value: '\u0000' }, { name: 'file', filename: 'a.pdf', contentType: 'application/pdf', bytes: SAMPLES.pdf.bytes }],
    [{ name: 'signature', filename: 'sig.png', contentType: 'image/png', bytes: Buffer.from('89504e470d0a1a0a', 'hex') }],
    [{ name: 'chargerSerialNumber', value: 'x'.repeat(100_000) }],
    [{ name: 'installationSuccessful', value: 'maybe' }, { name: 'signature', filename: 's.png', contentType: 'image/png', bytes: SAMPLES.png.bytes }],
    [{ name: 'file', filenameHeader: "; filename*=UTF-8''%E0%A4%A.png", contentType: 'image/png', bytes: SAMPLES.png.bytes }],
    [{ name: '\ud800', value: 'x' }],
    [],
  ).map((parts) => ({ parts })),
  fc.constantFrom(
    { raw: Buffer.from('--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\nabc'), contentType: 'multipart/form-data; boundary=x' },
    { raw: Buffer.from('garbage'), contentType: 'multipart/form-data' },
    { raw: Buffer.from('--x--\r\n'), contentType: 'multipart/form-data; boundary=' + 'b'.repeat(200) },
    { raw: Buffer.from('{"file":"x"}'), contentType: 'application/json' },
  ),
);

/** What must never appear in an answer: stack frames, SQL or driver errors, this server's files. */
const LEAKS: [string, RegExp][] = [
  ['a stack frame', /\bat [\w$.<>]+ \(|\.(?:ts|js|mjs):\d+:\d+/],
  ['an SQL error', /QueryFailedError|SQLITE_|syntax error at or near|violates (?:unique|foreign key|not-null|check) constraint|relation "|invalid input syntax for type/i],
  ['a server file path', new RegExp(`${process.cwd().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}|node_modules|${tmpdir().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/chargeops`)],
];

describe('fuzz: every operation of the served spec, as every role', () => {
  let t: TestApp;
  let callers: Record<string, Record<string, string>>;
  let operations: Operation[];
  let ids: KnownIds;
  let sent = 0;

  beforeAll(async () => {
    // Sign-in throttling would turn most login cases into 429s; they are fuzzed at a high limit.
    t = await startTestApp({ LOGIN_RATE_LIMIT_PER_MINUTE: '100000', LOGIN_ACCOUNT_MAX_FAILURES: '1000' });
    await t.factory.loadPincodes();
    const admin = await t.factory.user('admin');
    const ops = await t.factory.user('central_ops');
    const oem = await t.factory.user('oem');
    const key = await t.factory.apiKey(oem);
    const team = await createTeam(t, ops, { technicians: 1 });
    const tech = team.technicians[0];
    const slots = new SlotSequence(3);
    const survey = await approvedSurvey(t, oem, ops, team, slots);
    const installation = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    const source = await t.factory.leadSource();
    ids = { uuid: [survey.leadId, survey.id, installation.id, team.id, tech.user.id, oem.user.id, ops.user.id], int: [String(source.id), '1'] };
    const bearer = (u: TestUser) => ({ Authorization: u.auth });
    callers = { anonymous: {}, admin: bearer(admin), central_ops: bearer(ops), oem: bearer(oem), oem_api_key: { 'X-API-Key': key }, field_technician: bearer(tech) };

    const spec = (await request(t.server).get('/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Record<string, unknown>>>; components?: object };
    const snapshot = JSON.parse(readFileSync(new URL('./route-roles.snapshot.json', import.meta.url), 'utf8')) as { method: string; path: string; access: string }[];
    operations = [];
    for (const [path, methods] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        const content = (op.requestBody as { content?: Record<string, { schema?: Schema }> } | undefined)?.content;
        const route = path.replace(/\{(\w+)\}/g, ':$1');
        operations.push({
          method: method.toUpperCase(),
          path,
          operationId: String(op.operationId),
          parameters: (op.parameters as Parameter[] | undefined) ?? [],
          body: content?.['multipart/form-data'] ? { type: 'multipart' } : content?.['application/json'] ? { type: 'json', schema: content['application/json'].schema } : undefined,
          access: snapshot.find((r) => r.method === method.toUpperCase() && r.path === route)?.access ?? 'any authenticated',
        });
      }
    }
    (globalThis as { fuzzSpec?: object }).fuzzSpec = spec;
  });
  afterAll(() => t.close());

  it('answers every malformed request with a 4xx problem (or a success), never a 5xx or a leak', async () => {
    const spec = (globalThis as { fuzzSpec?: object }).fuzzSpec as object;
    expect(operations.length).toBeGreaterThanOrEqual(60);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    for (const op of operations) {
      const pathParam = fc.oneof(fc.constantFrom(...ids.uuid, ...ids.int), nasty, fc.uuid(), fc.integer().map(String));
      const queryParams = op.parameters.filter((p) => p.in === 'query');
      const queryArb = fc.dictionary(
        fc.oneof(...(queryParams.length ? [fc.constantFrom(...queryParams.map((p) => p.name))] : []), fc.constantFrom('unknown', 'limit', 'cursor', '__proto__', 'status[]', 'q')),
        fc.oneof(nasty, fc.integer().map(String), fc.array(nasty, { minLength: 1, maxLength: 3 }), ...queryParams.map((p) => plausible(spec, p.schema, ids).map(String))),
        { maxKeys: 4 },
      );
      const headerArb = fc.record(
        { 'If-Match': IF_MATCH, Range: RANGE, 'If-Range': IF_MATCH, 'If-None-Match': IF_MATCH, 'Content-Encoding': fc.constantFrom('gzip', 'br', 'identity', 'x-nope') },
        { requiredKeys: [] },
      );
      const bodyArb: fc.Arbitrary<unknown> = op.body?.type === 'multipart' ? multipartCase : op.body?.type === 'json' ? jsonBody(spec, op.body.schema, ids) : fc.oneof(fc.constant(undefined), jsonBody(spec, undefined, ids));
      const caseArb = fc.record({ pathValues: fc.array(pathParam, { minLength: 3, maxLength: 3 }), query: queryArb, headers: headerArb, body: bodyArb });

      for (const [caller, auth] of Object.entries(callers)) {
        const role = caller === 'oem_api_key' ? 'oem' : caller;
        const allowed = op.access === 'public' || (caller !== 'anonymous' && (op.access === 'any authenticated' || op.access.split(',').includes(role)));
        const runs = allowed ? RUNS_ALLOWED : RUNS_DENIED;
        const cases = fc.sample(caseArb, { seed: SEED ^ hash(`${op.operationId}:${caller}`), numRuns: runs });
        for (const c of cases) {
          let i = 0;
          const url = op.path.replace(/\{\w+\}/g, () => pathSegment(String(c.pathValues[i++ % 3])));
          const req = request(t.server)[op.method.toLowerCase() as 'get'](url).set(auth);
          req.query(c.query as Record<string, string>);
          for (const [name, value] of Object.entries(c.headers)) if (typeof value === 'string' && value !== '' && name !== 'Content-Encoding') req.set(name, value);
          const body = c.body as { raw?: string | Buffer; value?: unknown; contentType?: string; parts?: RawPart[] } | undefined;
          if (body?.parts) {
            const framed = multipartBody(body.parts);
            req.set('Content-Type', framed.contentType).send(framed.body);
          } else if (body?.raw !== undefined) {
            if (body.contentType !== '') req.set('Content-Type', body.contentType ?? 'application/json');
            if (c.headers['Content-Encoding'] === 'x-nope') req.set('Content-Encoding', 'x-nope');
            req.send(body.raw);
          } else if (body?.value !== undefined) {
            req.set('Content-Type', 'application/json').send(JSON.stringify(body.value));
          }
          const res = await req.buffer(true).parse((response, done) => {
            const chunks: Buffer[] = [];
            response.on('data', (chunk: Buffer) => chunks.push(chunk));
            response.on('end', () => done(null, Buffer.concat(chunks)));
          });
          sent += 1;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          const text = (res.body as Buffer).toString('utf8');
          const label = `${op.method} ${url.slice(0, 160)} as ${caller} (${JSON.stringify(c.query).slice(0, 120)} ${JSON.stringify(body ?? null).slice(0, 160)}) → ${res.status} ${text.slice(0, 300)}`;
          if (res.status >= 500) failures.push(`5xx: ${label}`);
          else if (res.status >= 400 && !/^application\/problem\+json/.test(String(res.headers['content-type']))) failures.push(`not problem+json: ${label}`);
          else if (res.status >= 400) {
            const problem = JSON.parse(text) as { status?: number; code?: string; requestId?: string };
            if (problem.status !== res.status || !problem.code || !problem.requestId) failures.push(`incomplete problem: ${label}`);
          }
          for (const [what, pattern] of LEAKS) if (pattern.test(res.status >= 400 ? text : text.slice(0, 0))) failures.push(`${what} in the body: ${label}`);
        }
      }
    }
    // Methods a path does not have, and paths nothing serves: 405 with Allow, 404, both problem+json.
    const paths = new Map<string, Set<string>>();
    for (const op of operations) paths.set(op.path, (paths.get(op.path) ?? new Set()).add(op.method));
    // A method another route serves at the same URL (PATCH /leads/{id} at /leads/export) is that route's to answer.
    const servedElsewhere = (url: string, method: string) =>
      [...paths].some(([other, otherMethods]) => otherMethods.has(method) && new RegExp(`^${other.replace(/\{\w+\}/g, '[^/]+')}$`).test(url));
    for (const [path, methods] of paths) {
      const url = path.replace(/\{\w+\}/g, ids.uuid[0]);
      for (const method of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => !methods.has(m) && !servedElsewhere(url, m))) {
        const res = await request(t.server)[method.toLowerCase() as 'get'](url).set(callers.admin);
        sent += 1;
        if (res.status !== 405 || !/^application\/problem\+json/.test(String(res.headers['content-type'])) || !res.headers.allow) failures.push(`wrong method: ${method} ${url} → ${res.status} ${res.text.slice(0, 200)}`);
      }
    }
    for (const url of ['/', '/api', '/api/v1', '/api/v2/leads', '/admin/../api/v1/leads', '/%E0%A4%A', '/api/v1/leads/../../etc/passwd', '/.env', '/docs/../../package.json']) {
      const res = await request(t.server).get(url).set(callers.admin);
      sent += 1;
      if (res.status >= 500 || (res.status >= 400 && !/^application\/problem\+json/.test(String(res.headers['content-type'])))) failures.push(`unknown path: ${url} → ${res.status} ${res.text.slice(0, 200)}`);
    }
    console.log(`fuzz: ${sent} requests over ${operations.length} operations × ${Object.keys(callers).length} callers, ${failures.length} failures; statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`);
    expect(failures.slice(0, 25)).toEqual([]);
    // The app is still up and answering after all of it.
    await request(t.server).get('/api/v1/health').expect(200);
    // ~5,500 requests: 35–70 s on this machine depending on the database and the load beside it.
  }, 300_000);
});

/** A path segment for `value`, keeping percent escapes as they are (`%00` is sent as a NUL escape). */
function pathSegment(value: string): string {
  try {
    return encodeURIComponent(value).replace(/%25/g, '%');
  } catch {
    // A lone surrogate cannot be percent-encoded as UTF-8: send the bytes a careless client would.
    return '%ED%A0%80';
  }
}

/** FNV-1a, to give each operation and caller its own fixed seed. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
