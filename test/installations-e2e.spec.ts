import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient, multipart, unwrap } from '@chargeops/api-client';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import { SAMPLES } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { parsePdf } from './support/pdf.js';
import { popplerText } from './support/poppler.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The data of a typed call that had to answer `status`; anything else throws a ProblemError naming the request, status and code. */
const ok = unwrap;

describe('a lead from the OEM API call to the OEM downloading its closure pack (typed client, issue #5)', () => {
  let t: TestApp;
  let baseUrl: string;
  let oemApi: ApiClient;
  let opsApi: ApiClient;
  let techApi: ApiClient;
  let oem: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    await new Promise<void>((resolve) => t.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(t.server.address() as AddressInfo).port}`;
    oem = await t.factory.user('oem');
    const ops = await t.factory.user('central_ops');
    team = await createTeam(t, ops);
    oemApi = createApiClient({ baseUrl, apiKey: await t.factory.apiKey(oem) });
    opsApi = createApiClient({ baseUrl, accessToken: ops.token });
    techApi = createApiClient({ baseUrl, accessToken: team.technicians[0].token });
  });
  afterAll(() => t.close());

  it('walks every lead status and ends with a ZIP whose manifest, hashes and summary.pdf check out', async () => {
    const statuses: string[] = [];
    const leadStatus = async () => {
      const lead = ok(await oemApi.GET('/api/v1/leads/{id}', { params: { path: { id: leadId } } }), 200);
      statuses.push(lead.status);
      return lead;
    };

    // The OEM pushes the lead with its API key.
    const created = ok(await oemApi.POST('/api/v1/leads', { body: { ...t.factory.leadPayload(), externalRef: 'TATA-EV-778812' } }), 201);
    const leadId = created.id;
    await leadStatus();

    // Central Ops calls the customer and asks for documents; the OEM uploads them (auto → documents_received).
    for (const to of ['contacted', 'documents_pending'] as const) {
      ok(await opsApi.POST('/api/v1/leads/{id}/transitions', { params: { path: { id: leadId } }, body: { to } }), 200);
      await leadStatus();
    }
    for (const [documentType, sample, name, type] of [
      ['electricity_bill', SAMPLES.pdf.bytes, 'bill-oct.pdf', 'application/pdf'],
      ['location_photo', SAMPLES.jpeg.bytes, 'parking.jpg', 'image/jpeg'],
    ] as const) {
      const file = { bytes: sample, name, type };
      ok(await oemApi.POST('/api/v1/leads/{id}/documents', { params: { path: { id: leadId } }, body: multipart({ documentType, file }) }), 201);
    }
    await leadStatus();

    // Survey: scheduled, performed and reported by the team, approved by Central Ops.
    const survey = ok(await opsApi.POST('/api/v1/leads/{id}/surveys', { params: { path: { id: leadId } }, body: { primaryTeamId: team.id, ...slots.take() } }), 201);
    await leadStatus();
    ok(await techApi.POST('/api/v1/surveys/{id}/start', { params: { path: { id: survey.id } } }), 200);
    ok(
      await techApi.PUT('/api/v1/surveys/{id}/report', {
        params: { path: { id: survey.id } },
        body: {
          parkingType: 'basement',
          supplyPhase: 'single',
          sanctionedLoadKw: 5,
          earthingAvailable: true,
          meterToChargerDistanceM: 18,
          cableLengthM: 22,
          civilWorkRequired: false,
          recommendedChargerModel: 'Tata Power 7.2 kW AC wallbox',
          feasible: true,
          notes: 'Meter room next to B2 parking',
        },
      }),
      200,
    );
    ok(await opsApi.POST('/api/v1/surveys/{id}/approve', { params: { path: { id: survey.id } }, body: {} }), 200);
    await leadStatus();

    // Installation: planned, materials, customer confirmation, team acceptance, confirmed.
    const planned = ok(await opsApi.POST('/api/v1/surveys/{id}/installation', { params: { path: { id: survey.id } }, body: { primaryTeamId: team.id, ...slots.take() } }), 201);
    const id = planned.id;
    await leadStatus();
    const primary = planned.assignments.find((a) => a.isPrimary);
    ok(await techApi.PATCH('/api/v1/installations/{id}/assignments/{assignmentId}', { params: { path: { id, assignmentId: primary!.id } }, body: { status: 'accepted' } }), 200);
    for (const to of ['material_pending', 'material_ready'] as const) ok(await opsApi.POST('/api/v1/installations/{id}/transitions', { params: { path: { id } }, body: { to } }), 200);
    ok(await opsApi.PATCH('/api/v1/installations/{id}', { params: { path: { id } }, body: { customerConfirmed: true } }), 200);
    const confirmed = ok(await opsApi.POST('/api/v1/installations/{id}/transitions', { params: { path: { id } }, body: { to: 'confirmed' } }), 200);
    expect(confirmed).toMatchObject({ status: 'confirmed', materialReady: true, customerConfirmed: true });

    // The team installs, photographs and reports with the customer's signature.
    ok(await techApi.POST('/api/v1/installations/{id}/transitions', { params: { path: { id } }, body: { to: 'in_progress' } }), 200);
    const photo = { bytes: SAMPLES.jpeg.bytes, name: 'wallbox.jpg', type: 'image/jpeg' };
    const caption = 'Wallbox on the pillar, MCB in the meter room';
    ok(await techApi.POST('/api/v1/installations/{id}/media', { params: { path: { id } }, body: multipart({ caption, file: photo }) }), 201);
    ok(await techApi.POST('/api/v1/installations/{id}/transitions', { params: { path: { id } }, body: { to: 'completed' } }), 200);
    const report = multipart({
      chargerSerialNumber: 'TPW7K-2611-004512',
      chargerModel: 'Tata Power 7.2 kW AC wallbox',
      installationSuccessful: 'true',
      demoGiven: 'true',
      generalNotes: 'Customer shown the app pairing',
      signature: { bytes: SAMPLES.png.bytes, name: 'signature.png', type: 'image/png' },
    });
    const reported = ok(await techApi.PUT('/api/v1/installations/{id}/report', { params: { path: { id } }, body: report }), 200);
    expect(reported).toMatchObject({ status: 'report_submitted', demoCompleted: true, report: { chargerSerialNumber: 'TPW7K-2611-004512', installationSuccessful: true } });
    await leadStatus();

    // Central Ops generates the pack; the lead is closed and links it.
    const closed = ok(await opsApi.POST('/api/v1/installations/{id}/closure-pack', { params: { path: { id } } }), 201);
    expect(closed.status).toBe('closed');
    const lead = await leadStatus();
    expect(statuses).toEqual([
      'new',
      'contacted',
      'documents_pending',
      'documents_received',
      'survey_scheduled',
      'survey_completed',
      'installation_scheduled',
      'installation_completed',
      'closed',
    ]);
    expect(lead.installation).toMatchObject({ id, installationId: planned.installationId, status: 'closed' });
    expect(lead.closurePack?.url).toBe(`/api/v1/installations/${id}/closure-pack/content`);

    // The OEM downloads it with an API key of its own (libs/api-client/README.md's example).
    const downloader = createApiClient({ baseUrl, apiKey: await t.factory.apiKey(oem, 'download') });
    const download = await downloader.GET('/api/v1/installations/{id}/closure-pack/content', { params: { path: { id } }, parseAs: 'arrayBuffer' });
    expect(download.response.headers.get('content-type')).toBe('application/zip');
    const zip = Buffer.from(ok(download, 200));
    expect(createHash('sha256').update(zip).digest('hex')).toBe(lead.closurePack!.sha256);
    expect(zip.length).toBe(lead.closurePack!.sizeBytes);

    const pack = await readClosurePack(zip);
    expect(pack.problems).toEqual([]);
    const paths = pack.manifest.files.map((f) => f.path);
    expect(paths).toContain('summary.pdf');
    expect(paths.filter((p) => p.startsWith('lead-documents/'))).toHaveLength(2);
    expect(paths.filter((p) => p.startsWith('installation-media/'))).toHaveLength(1);
    expect(paths).toContain('signature/customer-signature.png');
    expect(pack.entries.get('signature/customer-signature.png')).toEqual(SAMPLES.png.bytes);
    for (const file of pack.manifest.files) {
      expect(createHash('sha256').update(pack.entries.get(file.path)!).digest('hex'), file.path).toBe(file.sha256);
    }
    const pdf = pack.entries.get('summary.pdf')!;
    expect(parsePdf(pdf).images).toBeGreaterThanOrEqual(1);
    // Embedded fonts (issue 16): the text as a reader's tools extract it.
    const text = popplerText(pdf);
    expect(text).toContain(planned.installationId);
    expect(text).toContain('TPW7K-2611-004512');
    expect(text).toContain(created.customerName);
  });
});
