import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import type { TestUser } from './support/factory.js';
import { completeInstallation, confirmInstallation, INSTALLATIONS, planInstallation, submitInstallationReport } from './support/installations.js';
import { SAMPLES } from './support/documents.js';
import { createTeam, scheduleSurvey, SlotSequence, surveyAction, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const README = join(ROOT, 'libs', 'api-client', 'README.md');
/** The origin the README's example names; the test swaps in its own server's. */
const README_BASE_URL = "'http://localhost:3000'";

/** Runs a command and returns its stdout; a failure names the command and shows its stderr. */
async function sh(file: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  try {
    return (await run(file, args, { cwd: options.cwd, env: { ...process.env, ...options.env }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 })).stdout;
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`${file} ${args.join(' ')} failed in ${options.cwd}:\n${stderr ?? ''}\n${stdout ?? ''}`, { cause: error });
  }
}

/** The first ```js block of libs/api-client/README.md: the OEM example. */
function readmeExample(): string {
  const block = /```js\n([\s\S]*?)```/.exec(readFileSync(README, 'utf8'));
  if (!block) throw new Error('libs/api-client/README.md has no ```js example');
  return block[1];
}

/**
 * The "Done when": `npm pack -w libs/api-client` gives a tarball that a fresh directory,
 * with nothing of this repository, installs and uses from plain Node (the README's example).
 */
describe('the @chargeops/api-client package, packed and installed in a fresh directory (issue 12)', () => {
  let t: TestApp;
  let baseUrl: string;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  let apiKey: string;
  let work: string;
  let consumer: string;
  let packed: string[];

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    oem = await t.factory.user('oem');
    ops = await t.factory.user('central_ops');
    team = await createTeam(t, ops);
    apiKey = await t.factory.apiKey(oem);

    work = mkdtempSync(join(tmpdir(), 'chargeops-api-client-'));
    // prepack builds dist/ first, so the tarball holds what the sources say today.
    const pack = JSON.parse(await sh('npm', ['pack', '-w', 'libs/api-client', '--pack-destination', work, '--json'], { cwd: ROOT })) as {
      filename: string;
      files: { path: string }[];
    }[];
    packed = pack[0].files.map((f) => f.path).sort();
    consumer = join(work, 'oem-integration');
    await sh('mkdir', [consumer], { cwd: work });
    writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'oem-integration', private: true, type: 'module' }));
    // openapi-fetch comes from the npm cache (it is a dependency of this repository too).
    await sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(work, pack[0].filename)], { cwd: consumer });
  });
  afterAll(async () => {
    if (work) rmSync(work, { recursive: true, force: true });
    await t?.close();
  });

  it('packs the built JavaScript, its declarations, the spec and the README, and nothing else', () => {
    expect(packed).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'openapi.json', 'package.json', 'schema.d.ts']);
    const manifest = JSON.parse(readFileSync(join(consumer, 'node_modules', '@chargeops', 'api-client', 'package.json'), 'utf8')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ name: '@chargeops/api-client', type: 'module', dependencies: { 'openapi-fetch': expect.any(String) } });
  });

  it("runs the README's OEM example from plain Node: pushes a lead, reads its status, and downloads its pack once closed", async () => {
    const example = readmeExample();
    expect(example).toContain(README_BASE_URL);
    writeFileSync(join(consumer, 'example.mjs'), example.replace(README_BASE_URL, JSON.stringify(baseUrl)));
    const env = { CHARGEOPS_API_KEY: apiKey };

    expect(await sh(process.execPath, ['example.mjs'], { cwd: consumer, env })).toBe('new\n');
    const listed = await request(t.server).get('/api/v1/leads').set('X-API-Key', apiKey).expect(200);
    const [pushed] = (listed.body as { data: LeadResponseDto[] }).data;
    expect(pushed).toMatchObject({ externalRef: 'TM-2026-0001', customerName: 'Asha Verma', customerPhone: '+919812345678', pincode: '411001' });

    await closeLead(pushed.id);

    // The same payload again is an idempotent replay (200); the lead is closed now and has its pack.
    expect(await sh(process.execPath, ['example.mjs'], { cwd: consumer, env })).toBe('closed\n');
    const lead = (await request(t.server).get(`/api/v1/leads/${pushed.id}`).set('X-API-Key', apiKey).expect(200)).body as LeadResponseDto;
    const zip = readFileSync(join(consumer, `closure-pack-${lead.installation!.installationId}.zip`));
    expect(zip.length).toBe(lead.closurePack!.sizeBytes);
    expect(createHash('sha256').update(zip).digest('hex')).toBe(lead.closurePack!.sha256);
    expect(readdirSync(consumer).filter((f) => f.endsWith('.zip'))).toHaveLength(1);
  });

  it('turns a problem answer into a ProblemError and rejects a call that never gets an answer', async () => {
    // The port stays ours and drops every connection unanswered: a port closed before the call
    // could be taken by another suite's server in the meantime, and then it would answer.
    const dropping = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropping.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(dropping.address() as AddressInfo).port}`;
    const script = `
      import { createApiClient, isProblem, ProblemError, unwrap } from '@chargeops/api-client';
      const failure = (error) => error instanceof ProblemError
        ? { status: error.status, code: error.code, fields: error.errors.map((e) => e.field), requestId: error.requestId, message: error.message }
        : String(error);
      const api = createApiClient({ baseUrl: process.env.BASE_URL, apiKey: process.env.CHARGEOPS_API_KEY });
      const body = { customerName: 'Asha Verma', customerPhone: '98123 45678', addressLine1: '14 MG Road', city: 'Pune', state: 'Maharashtra', pincode: 'PUNE' };
      const invalid = await api.POST('/api/v1/leads', { body });
      const anonymous = await createApiClient({ baseUrl: process.env.BASE_URL }).GET('/api/v1/leads');
      const answers = {};
      for (const [name, result] of Object.entries({ invalid, anonymous })) {
        try { unwrap(result); answers[name] = 'ok'; } catch (error) { answers[name] = failure(error); }
      }
      answers.isProblem = isProblem(invalid.error);
      answers.unreachable = await createApiClient({ baseUrl: process.env.DEAD_URL }).GET('/api/v1/health').then(() => 'answered', (error) => error.name);
      console.log(JSON.stringify(answers));
    `;
    const out = await sh(process.execPath, ['--input-type=module', '-e', script], {
      cwd: consumer,
      env: { BASE_URL: baseUrl, DEAD_URL: deadUrl, CHARGEOPS_API_KEY: apiKey },
    }).finally(() => new Promise<void>((resolve) => dropping.close(() => resolve())));
    expect(JSON.parse(out)).toEqual({
      invalid: {
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: expect.arrayContaining(['pincode']),
        requestId: expect.stringMatching(/\S/),
        message: expect.stringMatching(new RegExp(`^POST ${baseUrl}/api/v1/leads answered 400 VALIDATION_FAILED: `)),
      },
      anonymous: { status: 401, code: 'UNAUTHENTICATED', fields: [], requestId: expect.stringMatching(/\S/), message: expect.stringContaining('GET') },
      isProblem: true,
      unreachable: 'TypeError',
    });
  });

  it("ships declarations that type-check the README's example and reject calls the spec does not allow", async () => {
    // The README's example as TypeScript (its `api` and `lead` are used below), then calls that must compile or must not.
    writeFileSync(
      join(consumer, 'check.ts'),
      `${readmeExample()}
      import { multipart, ProblemError, type Schemas } from '@chargeops/api-client';
      const status: Schemas['LeadStatus'] = lead.status;
      const file = { bytes: new Uint8Array([37, 80, 68, 70]), name: 'bill.pdf' };
      unwrap(await api.POST('/api/v1/leads/{id}/documents', { params: { path: { id: lead.id } }, body: multipart({ documentType: 'electricity_bill', file }) }), 201);
      const code: string = new ProblemError({ status: 400, code: 'X', detail: '', method: 'GET', url: '/', body: '' }).code;
      // A lead without its customer, a status the spec does not have and an unknown document type do not compile.
      // @ts-expect-error customerName and the address are required
      await api.POST('/api/v1/leads', { body: { customerPhone: '98123 45678' } });
      // @ts-expect-error 'done' is no LeadStatus
      await api.GET('/api/v1/leads', { params: { query: { status: ['done'] } } });
      // @ts-expect-error 'selfie' is no DocumentType
      await api.POST('/api/v1/leads/{id}/documents', { params: { path: { id: lead.id } }, body: multipart({ documentType: 'selfie', file }) });
      export { status, code };
      `,
    );
    const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = ['--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'ES2023', '--lib', 'ES2023'];
    await sh(process.execPath, [tsc, ...options, '--types', 'node', '--typeRoots', join(ROOT, 'node_modules', '@types'), 'check.ts'], { cwd: consumer });
  });

  /** Walks the OEM's lead to `closed` over HTTP as the field and Central Ops would: survey, installation, report, pack. */
  async function closeLead(leadId: string): Promise<void> {
    const slots = new SlotSequence();
    const tech = team.technicians[0];
    await t.factory.moveLead(ops, leadId, 'documents_received');
    const survey = await scheduleSurvey(t, ops, leadId, { primaryTeamId: team.id, ...slots.take() });
    for (const [who, action, body] of [
      [tech, 'start', {}],
      [tech, 'report', VALID_REPORT],
      [ops, 'approve', {}],
    ] as const) {
      expect((await surveyAction(t, who, survey.id, action, body)).status).toBe(200);
    }
    const planned = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(t, ops, team, planned);
    await completeInstallation(t, team, planned.id);
    await request(t.server)
      .post(`${INSTALLATIONS}/${planned.id}/media`)
      .set('Authorization', tech.auth)
      .attach('file', SAMPLES.jpeg.bytes, { filename: 'charger.jpg', contentType: 'image/jpeg' })
      .expect(201);
    expect((await submitInstallationReport(t, tech, planned.id)).status).toBe(200);
    await request(t.server).post(`${INSTALLATIONS}/${planned.id}/closure-pack`).set('Authorization', ops.auth).expect(201);
  }
});
