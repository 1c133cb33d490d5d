import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import request from 'supertest';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PINCODE_PATTERN } from '../src/common/validators.js';
import type { TestUser } from './support/factory.js';
import { expectProblem, LEADS } from './support/lead-helpers.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence, SURVEYS, surveyAction } from './support/surveys.js';

/**
 * The committed spec (libs/api-client/openapi.json) against what the code does, where the spec had
 * drifted: conditional GETs (If-None-Match, 304), the extension members of problem bodies,
 * `Retry-After` on 429, the credentials of POST /auth/password, and the request rules of the
 * house validators. The first block reads the spec (and, for problem members, the sources); the
 * second asks a running server.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface Schema {
  type?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  description?: string;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Schema;
}
interface Response {
  description: string;
  headers?: Record<string, { schema?: Schema }>;
}
interface Operation {
  parameters?: Parameter[];
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

const spec = JSON.parse(readFileSync(join(ROOT, 'libs', 'api-client', 'openapi.json'), 'utf8')) as Spec;
const PROBLEM = spec.components.schemas.ProblemDetailsDto;

function operation(method: string, path: string): Operation {
  const op = spec.paths[`/api/v1${path}`]?.[method];
  if (!op) throw new Error(`The spec has no ${method.toUpperCase()} /api/v1${path}`);
  return op;
}

/** Every operation of the spec as `[label, operation]`. */
function operations(): [string, Operation][] {
  return Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op] as [string, Operation]));
}

function parameter(op: Operation, name: string, where = 'query'): Parameter | undefined {
  return op.parameters?.find((p) => p.name === name && p.in === where);
}

/** The members RFC 9457 and DESIGN §6 give every problem (ProblemDetailsFilter writes them all). */
const CORE_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code', 'requestId'];
/** Members the filter itself adds: Terminus's per-indicator `details` on a health 503. */
const FILTER_MEMBERS = ['details'];

/**
 * The extension members of every problem the sources throw: the properties of the type of each
 * `new AppException(status, code, detail, extras)`'s `extras`, and of each AppException subclass's
 * `super(…)` call, read with the type checker so that spreads (`{ ...slot }`) count too.
 * @returns member → the files that send it
 */
function thrownProblemMembers(): Map<string, Set<string>> {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error('tsconfig.json did not parse');
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: { ...parsed.options, noEmit: true, incremental: false } });
  const checker = program.getTypeChecker();
  const members = new Map<string, Set<string>>();
  const extendsAppException = (node: ts.Node | undefined) =>
    node !== undefined && ts.isClassLike(node) && (node.heritageClauses ?? []).some((h) => h.types.some((t) => t.expression.getText() === 'AppException'));
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.startsWith(join(ROOT, 'src'))) continue;
    const name = file.fileName.slice(ROOT.length);
    const visit = (node: ts.Node): void => {
      let extras: ts.Expression | undefined;
      if (ts.isNewExpression(node) && node.expression.getText(file) === 'AppException') extras = node.arguments?.[3];
      if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.SuperKeyword) {
        let owner: ts.Node | undefined = node.parent;
        while (owner && !ts.isClassLike(owner)) owner = owner.parent;
        if (extendsAppException(owner)) extras = node.arguments[3];
      }
      if (extras) {
        const type = checker.getTypeAtLocation(extras);
        // A union (`{ ...naming }` with naming `{ file, fileId } | {}`): each member type's properties.
        for (const part of type.isUnion() ? type.types : [type]) {
          for (const property of checker.getPropertiesOfType(part)) members.set(property.name, (members.get(property.name) ?? new Set()).add(name));
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return members;
}

describe('the committed OpenAPI spec', () => {
  it('documents the version ETag of GET /leads/{id}, /surveys/{id} and /installations/{id} for If-Match, and no 304 for them', () => {
    for (const path of ['/leads/{id}', '/surveys/{id}', '/installations/{id}']) {
      const get = operation('get', path);
      expect(get.responses['200'].headers?.ETag, path).toBeDefined();
      expect(get.responses['304'], path).toBeUndefined();
      expect(parameter(get, 'if-none-match', 'header'), path).toBeUndefined();
    }
  });

  it('documents If-None-Match and 304 on every GET whose 200 sends a content ETag (the server answers 304 for each), and on no write', () => {
    const versioned = new Set(['GET /api/v1/leads/{id}', 'GET /api/v1/surveys/{id}', 'GET /api/v1/installations/{id}']);
    const conditional = operations().filter(([label, op]) => label.startsWith('GET ') && op.responses['200']?.headers?.ETag && !versioned.has(label));
    expect(conditional.length).toBeGreaterThanOrEqual(3);
    for (const [label, op] of conditional) {
      expect(parameter(op, 'if-none-match', 'header'), label).toBeDefined();
      expect(op.responses['304'], label).toBeDefined();
    }
    for (const [label, op] of operations().filter(([l]) => !l.startsWith('GET '))) {
      expect(op.responses['304'], label).toBeUndefined();
      expect(parameter(op, 'if-none-match', 'header'), label).toBeUndefined();
    }
  });

  it('declares in ProblemDetailsDto every member a problem is thrown with (e.g. currentVersion), each optional, and no member nobody sends', () => {
    const thrown = thrownProblemMembers();
    // The scan found what it is for (a scan that finds nothing would pass the comparison below vacuously).
    for (const member of ['currentVersion', 'leadId', 'duplicateOf', 'allowed', 'limitBytes', 'detectedType', 'allowedTypes', 'fileId', 'leadStatus', 'errors']) {
      expect(thrown.has(member), member).toBe(true);
    }
    const declared = Object.keys(PROBLEM.properties ?? {}).sort();
    expect(declared).toEqual([...new Set([...CORE_MEMBERS, ...FILTER_MEMBERS, ...thrown.keys()])].sort());
    expect([...(PROBLEM.required ?? [])].sort()).toEqual([...CORE_MEMBERS].sort());
    for (const member of declared.filter((m) => !CORE_MEMBERS.includes(m))) {
      expect(PROBLEM.properties?.[member].description, `${member} has a description naming its codes`).toMatch(/`[A-Z_<>]+`/);
    }
    expect(PROBLEM.properties?.currentVersion).toMatchObject({ type: 'integer' });
  });

  it('declares Retry-After (integer seconds) on every 429', () => {
    const throttled = operations().filter(([, op]) => op.responses['429']);
    expect(throttled.map(([label]) => label).sort()).toEqual(['POST /api/v1/auth/login', 'POST /api/v1/auth/password', 'POST /api/v1/auth/refresh']);
    for (const [label, op] of throttled) expect(op.responses['429'].headers?.['Retry-After']?.schema, label).toMatchObject({ type: 'integer', minimum: 1 });
  });

  it('documents POST /auth/password for a bearer token only (an API key answers 403 AUTH_SESSION_REQUIRED)', () => {
    expect(operation('post', '/auth/password').security).toEqual([{ bearer: [] }]);
    // The other OEM routes still take either credential.
    expect(operation('get', '/auth/me').security).toEqual([{ bearer: [] }, { apiKey: [] }]);
  });

  it('states the request rules the house validators enforce', () => {
    const create = spec.components.schemas.CreateLeadDto.properties ?? {};
    const update = spec.components.schemas.UpdateLeadDto.properties ?? {};
    for (const props of [create, update]) {
      expect(props.pincode).toMatchObject({ type: 'string', pattern: PINCODE_PATTERN.source });
      expect(props.latitude).toMatchObject({ type: 'number', minimum: -90, maximum: 90 });
      expect(props.longitude).toMatchObject({ type: 'number', minimum: -180, maximum: 180 });
      expect(props.sourceId).toMatchObject({ type: 'integer', minimum: 1 });
    }
    const list = operation('get', '/leads');
    expect(parameter(list, 'pincode')?.schema).toMatchObject({ pattern: PINCODE_PATTERN.source });
    expect(parameter(list, 'sourceId')?.schema).toMatchObject({ type: 'integer' });
    // A date alone is accepted, so not `format: date-time`: the pattern and the description say which forms.
    for (const name of ['createdFrom', 'createdTo', 'updatedFrom']) {
      const instant = new RegExp(parameter(list, name)?.schema?.pattern ?? '^$');
      for (const ok of ['2026-01-11', '2026-01-11T05:30', '2026-01-11T05:30:00.123Z', '2026-01-11T05:30:00+05:30']) expect(instant.test(ok), `${name} ${ok}`).toBe(true);
      for (const bad of ['20260111', '2026-W03-1', '2026-01-11T10']) expect(instant.test(bad), `${name} ${bad}`).toBe(false);
    }
    const tag = parameter(list, 'tag')?.schema;
    expect(tag).toMatchObject({ type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 40 } });
    expect(tag).not.toHaveProperty('minLength');
    expect(tag).not.toHaveProperty('maxLength');
    const sha256 = new RegExp(parameter(operation('get', '/closure-packs/verify'), 'sha256')?.schema?.pattern ?? '^$');
    expect(sha256.test('ab'.repeat(32))).toBe(true);
    expect(sha256.test('AB'.repeat(32))).toBe(true);
    expect(sha256.test('ag'.repeat(32))).toBe(false);
  });
});

describe('the running server, as the spec documents it', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
  });
  afterAll(() => t.close());

  const get = (id: string) => request(t.server).get(`${LEADS}/${id}`).set('Authorization', ops.auth);

  /** Asserts that every member of a problem body is one ProblemDetailsDto declares. */
  const expectDeclared = (body: Record<string, unknown>) => {
    const declared = Object.keys(PROBLEM.properties ?? {});
    expect(Object.keys(body).filter((member) => !declared.includes(member))).toEqual([]);
  };

  it('GET /leads/{id} and /surveys/{id} answer 200 with the body to an If-None-Match naming their version ETag: what they show changes without it', async () => {
    const lead = await readyLead(t, oem, ops);
    const team = await createTeam(t, ops);
    const slots = new SlotSequence();
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    const surveyOf = () => request(t.server).get(`${SURVEYS}/${survey.id}`).set('Authorization', team.technicians[0].auth);
    // The lead's phone changes: the survey's version stays, what it shows of its lead does not.
    const seen = await surveyOf().expect(200);
    await request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).send({ customerPhone: '+919812300077' }).expect(200);
    const again = await surveyOf().set('If-None-Match', seen.headers.etag).expect(200);
    expect(again.headers.etag).toBe(seen.headers.etag);
    expect(again.body.lead).toMatchObject({ customerPhone: '+919812300077' });
    // The survey moves to another day: the lead's version stays, what it shows of its survey does not.
    const first = await get(lead.id).expect(200);
    expect(first.headers.etag).toBe(`W/"${first.body.version}"`);
    const moved = slots.take();
    await surveyAction(t, ops, survey.id, 'reschedule', moved).expect(200);
    const lead2 = await get(lead.id).set('If-None-Match', first.headers.etag).expect(200);
    expect(lead2.headers.etag).toBe(first.headers.etag);
    expect(lead2.body.survey).toMatchObject({ scheduledDate: moved.scheduledDate });
  });

  it('a 412 carries currentVersion and a 409 LEAD_INVALID_TRANSITION from/to/allowed, all declared in ProblemDetailsDto', async () => {
    const lead = await t.factory.lead(oem);
    const patch = (ifMatch: string, chargerModel: string) =>
      request(t.server).patch(`${LEADS}/${lead.id}`).set('Authorization', ops.auth).set('If-Match', ifMatch).send({ chargerModel });
    await patch(`W/"${lead.version}"`, 'Contract Wallbox 1').expect(200);
    const stale = expectProblem(await patch(`W/"${lead.version}"`, 'Contract Wallbox 2'), 412, { code: 'LEAD_PRECONDITION_FAILED' });
    expect(stale.currentVersion).toBe(lead.version + 1);
    expectDeclared(stale);

    const moved = await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'new' });
    const invalid = expectProblem(moved, 409, { code: 'LEAD_INVALID_TRANSITION' });
    expect(invalid).toMatchObject({ from: 'new', to: 'new', allowed: expect.any(Array) });
    expectDeclared(invalid);
  });

  it('GET /closure-packs/verify takes an upper-case sha256, as its documented pattern does', async () => {
    const res = await request(t.server).get('/api/v1/closure-packs/verify').query({ sha256: 'AB'.repeat(32) }).expect(200);
    expect(res.body).toEqual({ issued: false });
  });
});
