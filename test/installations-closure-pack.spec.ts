import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { pipeline, type Readable, Transform } from 'node:stream';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { FileStorage } from '../src/documents/storage/file-storage.js';
import { StorageSweeper } from '../src/documents/storage/storage-sweeper.service.js';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { corruptPng, truncatedJpeg, validJpeg } from './support/crafted-images.js';
import { binary, filesInStorage, SAMPLES, uploaded } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { INSTALLATIONS, reportedInstallation, submitInstallationReport } from './support/installations.js';
import { allEvents, expectProblem } from './support/lead-helpers.js';
import { parsePdf } from './support/pdf.js';
import { popplerImages, popplerInfo, popplerText } from './support/poppler.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { onMariaDb, onPostgres, startTestApp, type TestApp } from './support/test-app.js';

const packUrl = (id: string) => `${INSTALLATIONS}/${id}/closure-pack`;

describe('closure packs (issue #5)', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;
  let otherOem: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
    otherOem = await t.factory.user('oem');
    team = await createTeam(t, ops);
  });
  afterAll(() => t.close());
  afterEach(() => vi.restoreAllMocks());

  const generate = (id: string) => request(t.server).post(packUrl(id)).set('Authorization', ops.auth);
  const download = (who: TestUser, id: string) => request(t.server).get(`${packUrl(id)}/content`).set('Authorization', who.auth).buffer(true).parse(binary);
  const lead = async (id: string) => (await request(t.server).get(`/api/v1/leads/${id}`).set('Authorization', ops.auth).expect(200)).body as LeadResponseDto;
  const installation = async (id: string) => (await request(t.server).get(`${INSTALLATIONS}/${id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto;
  const packFiles = () => filesInStorage(t).filter((f) => f.startsWith('closure-packs/') || f.startsWith('.tmp/'));
  const sweep = () => t.app.get(StorageSweeper).sweep({ minAgeMs: 0 });

  /** Expects the installation still reported and the lead still installation_completed, with no pack anywhere. */
  async function expectUnchanged(reported: InstallationResponseDto): Promise<void> {
    const now = await installation(reported.id);
    expect(now.status).toBe('report_submitted');
    expect(now.version).toBe(reported.version);
    expect(now.closurePack).toBeNull();
    const l = await lead(reported.leadId);
    expect(l.status).toBe('installation_completed');
    expect(l.closurePack).toBeNull();
    expect((await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), reported.leadId)).map((e) => e.type)).not.toContain('closure_pack_generated');
    expect(await t.app.get(DataSource).query('SELECT id FROM closure_packs WHERE installation_id = $1'.replace('$1', onPostgres ? '$1' : '?'), [reported.id])).toEqual([]);
  }

  it('holds summary.pdf, manifest.json, the lead documents, survey and installation media and the signature; every hash matches', async () => {
    const { survey, installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const document = await uploaded(t, { Authorization: oem.auth }, reported.leadId, { documentType: 'electrician_contact', file: SAMPLES.vcard.bytes, filename: 'electrician.vcf' });
    const res = await generate(reported.id);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const closed = res.body as InstallationResponseDto;
    expect(closed.status).toBe('closed');
    expect(closed.closurePack).toMatchObject({ contentUrl: `/api/v1/installations/${reported.id}/closure-pack/content`, sharedAt: null, file: { contentType: 'application/zip' } });
    expect(closed.allowedActions).toEqual([]);

    const zip = await download(ops, reported.id).expect(200);
    const bytes = zip.body as Buffer;
    expect(zip.headers['etag']).toBe(`"${createHash('sha256').update(bytes).digest('hex')}"`);
    expect(zip.headers['content-disposition']).toContain(`closure-pack-${reported.installationId}.zip`);
    const pack = await readClosurePack(bytes);
    expect(pack.problems).toEqual([]);
    const paths = pack.manifest.files.map((f) => f.path);
    expect(paths[0]).toBe('summary.pdf');
    expect(paths).toEqual(expect.arrayContaining([expect.stringMatching(/^lead-documents\/\d\d-electrician_contact-electrician\.vcf$/), 'signature/customer-signature.png']));
    expect(paths.filter((p) => p.startsWith('installation-media/'))).toEqual([expect.stringMatching(/^installation-media\/01-photo-charger\.jpg$/)]);
    expect(pack.manifest).toMatchObject({ installationId: reported.installationId, leadId: reported.leadId });
    for (const file of pack.manifest.files) {
      const entry = pack.entries.get(file.path)!;
      expect(entry.length, file.path).toBe(file.sizeBytes);
      expect(createHash('sha256').update(entry).digest('hex'), file.path).toBe(file.sha256);
    }
    expect(pack.entries.get(paths.find((p) => p.startsWith('lead-documents/'))!)).toEqual(SAMPLES.vcard.bytes);
    expect(createHash('sha256').update(pack.entries.get('signature/customer-signature.png')!).digest('hex')).toBe(closed.report!.customerSignature!.sha256);
    expect(document.file.sha256).toBe(pack.manifest.files.find((f) => f.path.includes('electrician'))!.sha256);

    const pdf = pack.entries.get('summary.pdf')!;
    parsePdf(pdf); // well-formed
    expect(popplerImages(pdf)).toHaveLength(2 + popplerInfo(pdf).pages); // the photo, the signature, a QR code per page
    const text = popplerText(pdf);
    for (const expected of [reported.installationId, survey.surveyId, 'TPW7K-2611-004512', reported.lead.customerName, reported.lead.pincode]) expect(text).toContain(expected);

    // The lead is closed in the same use case, with the event on its timeline.
    const closedLead = await lead(reported.leadId);
    expect(closedLead.status).toBe('closed');
    expect(closedLead.closurePack).toMatchObject({ url: closed.closurePack!.contentUrl, sha256: closed.closurePack!.file.sha256, sizeBytes: bytes.length });
    const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), reported.leadId);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['closure_pack_generated', 'status_changed']);
    expect(events.at(-1)).toMatchObject({ fromStatus: 'installation_completed', toStatus: 'closed' });

    // Generating again is refused: the installation is closed.
    expect(expectProblem(await generate(reported.id), 409, { code: 'INSTALLATION_INVALID_TRANSITION' }).allowedTargets).toEqual([]);
  });

  it('shortens long stored names so every entry name fits 255 bytes (ext4, Windows), keeping the extension and apart from each other', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const latin = `${'a'.repeat(251)}.vcf`;
    const devanagari = `${'बिजली बिल '.repeat(25)}.vcf`;
    // Two documents of one long name (notes tell them apart: the same file, name and notes again is a retry of one).
    for (const [i, filename] of [latin, latin, devanagari].entries()) await uploaded(t, { Authorization: oem.auth }, reported.leadId, { documentType: 'electrician_contact', file: SAMPLES.vcard.bytes, filename, notes: `copy ${i + 1}` });
    expect((await generate(reported.id)).status).toBe(201);
    const pack = await readClosurePack((await download(ops, reported.id).expect(200)).body as Buffer);
    expect(pack.problems).toEqual([]);
    const documents = pack.manifest.files.map((f) => f.path).filter((p) => p.startsWith('lead-documents/'));
    expect(documents).toHaveLength(3);
    for (const path of pack.manifest.files.map((f) => f.path)) for (const part of path.split('/')) expect(Buffer.byteLength(part, 'utf8'), part).toBeLessThanOrEqual(255);
    expect(documents[0]).toMatch(/^lead-documents\/01-electrician_contact-a+\.vcf$/);
    expect(documents[1]).toMatch(/^lead-documents\/02-electrician_contact-a+\.vcf$/);
    expect(documents[2]).toMatch(/^lead-documents\/03-electrician_contact-बिजली बिल .*\.vcf$/);
    for (const path of documents) expect(pack.entries.get(path)).toEqual(SAMPLES.vcard.bytes);
  });

  it('the owning OEM downloads it (sharedAt set on its first download, Range works); another OEM gets 404, a technician 403', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    await generate(reported.id).expect(201);
    await download(ops, reported.id).expect(200);
    expect((await installation(reported.id)).closurePack!.sharedAt).toBeNull(); // Central Ops' download is not the OEM's

    expectProblem(await download(otherOem, reported.id), 404, { code: 'CLOSURE_PACK_NOT_FOUND' });
    expectProblem(await download(team.technicians[0], reported.id), 403);
    const mine = await download(oem, reported.id).expect(200);
    const sharedAt = (await installation(reported.id)).closurePack!.sharedAt;
    expect(sharedAt).not.toBeNull();
    const apiKey = await t.factory.apiKey(oem);
    const ranged = await request(t.server).get(`${packUrl(reported.id)}/content`).set('X-API-Key', apiKey).set('Range', 'bytes=0-3').buffer(true).parse(binary).expect(206);
    expect(ranged.body).toEqual((mine.body as Buffer).subarray(0, 4));
    expect((await installation(reported.id)).closurePack!.sharedAt).toBe(sharedAt); // the first download counts

    // Before a pack exists there is nothing to download, for anyone.
    const { installation: pending } = await reportedInstallation(t, oem, ops, team, slots);
    expectProblem(await download(oem, pending.id), 404, { code: 'CLOSURE_PACK_NOT_FOUND' });
    expectProblem(await download(ops, pending.id), 404, { code: 'CLOSURE_PACK_NOT_FOUND' });
    expectProblem(await request(t.server).post(packUrl(pending.id)).set('Authorization', oem.auth), 403);
  });

  it('is refused before a successful report and while the lead is on hold, storing nothing', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const before = packFiles();
    await request(t.server).post(`/api/v1/leads/${reported.leadId}/transitions`).set('Authorization', ops.auth).send({ to: 'on_hold', reason: 'Customer abroad until December' }).expect(200);
    expectProblem(await generate(reported.id), 409, { code: 'CLOSURE_PACK_LEAD_NOT_READY' });
    expect(packFiles()).toEqual(before);
    await request(t.server).post(`/api/v1/leads/${reported.leadId}/transitions`).set('Authorization', ops.auth).send({ to: 'installation_completed' }).expect(200);
    await generate(reported.id).expect(201);
  });

  it('storage failing after half the ZIP is written leaves the lead and installation unchanged and no file behind', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const storage = t.app.get(FileStorage);
    const put = storage.put.bind(storage);
    let written = 0;
    vi.spyOn(storage, 'put').mockImplementation((source: Readable, options: { prefix: string }) => {
      if (options.prefix !== 'closure-packs') return put(source, options);
      const failing = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          written += chunk.length;
          done(written > 2048 ? new Error('disk full (injected)') : null, chunk);
        },
      });
      // pipeline: the builder learns of the failure (its source is destroyed) and no error goes unhandled.
      pipeline(source, failing, () => undefined);
      return put(failing, options);
    });
    const before = packFiles();
    const res = await generate(reported.id);
    expectProblem(res, 500);
    expect(written).toBeGreaterThan(2048); // it failed part-way, not before the first byte
    await expectUnchanged(reported);
    expect(packFiles()).toEqual(before);
    await sweep();
    expect(packFiles()).toEqual(before);

    vi.restoreAllMocks();
    await generate(reported.id).expect(201); // nothing stood in the way of a retry
  });

  it("a document deleted while the pack is built stops it (409 LEAD_CHANGED, nothing stored); a closed lead's documents cannot be deleted (409 LEAD_FINAL)", async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const documentsUrl = `/api/v1/leads/${reported.leadId}/documents`;
    const documents = async () => (await request(t.server).get(documentsUrl).set('Authorization', ops.auth).expect(200)).body.data as Array<{ id: string }>;
    for (const filename of ['wiring.pdf', 'permit.pdf']) await uploaded(t, { Authorization: ops.auth }, reported.leadId, { documentType: 'other', file: SAMPLES.pdf.bytes, filename });
    const [first, ...others] = await documents();
    expect(others.length).toBeGreaterThan(0);
    const storage = t.app.get(FileStorage);
    const put = storage.put.bind(storage);
    let deleted = false;
    // The pack's files are gathered; the document goes before the pack is stored and recorded.
    vi.spyOn(storage, 'put').mockImplementation(async (source: Readable, options: { prefix: string }) => {
      if (options.prefix === 'closure-packs' && !deleted) {
        deleted = true;
        await request(t.server).delete(`${documentsUrl}/${first.id}`).set('Authorization', ops.auth).expect(204);
      }
      return put(source, options);
    });
    const before = packFiles();
    expectProblem(await generate(reported.id), 409, 'LEAD_CHANGED');
    expect(deleted).toBe(true);
    await expectUnchanged(reported);
    await sweep();
    expect(packFiles()).toEqual(before);

    vi.restoreAllMocks();
    await generate(reported.id).expect(201);
    const pack = await readClosurePack((await download(ops, reported.id).expect(200)).body as Buffer);
    expect(pack.manifest.files.filter((f) => f.path.startsWith('lead-documents/'))).toHaveLength(others.length);
    expectProblem(await request(t.server).delete(`${documentsUrl}/${others[0].id}`).set('Authorization', ops.auth), 409, 'LEAD_FINAL');
    expect((await documents()).map((d) => d.id)).toEqual(others.map((d) => d.id));
  });

  it('the database failing after the ZIP is stored leaves the lead and installation unchanged and, after the sweep, no file', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const db = t.app.get(DataSource);
    if (onPostgres) {
      await db.query(`CREATE OR REPLACE FUNCTION inject_pack_failure() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql`);
      await db.query('CREATE TRIGGER inject_pack_failure BEFORE INSERT ON closure_packs FOR EACH ROW EXECUTE FUNCTION inject_pack_failure()');
    } else if (onMariaDb) {
      await db.query(`CREATE TRIGGER inject_pack_failure BEFORE INSERT ON closure_packs FOR EACH ROW SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'`);
    } else {
      await db.query(`CREATE TRIGGER inject_pack_failure BEFORE INSERT ON closure_packs BEGIN SELECT RAISE(ABORT, 'injected failure'); END`);
    }
    // The ZIP reaches storage before the transaction; make its removal fail too, so only the sweep can clean up.
    const storage = t.app.get(FileStorage);
    const stored: string[] = [];
    const put = storage.put.bind(storage);
    vi.spyOn(storage, 'put').mockImplementation(async (source: Readable, options: { prefix: string }) => {
      const result = await put(source, options);
      if (options.prefix === 'closure-packs') stored.push(result.key);
      return result;
    });
    vi.spyOn(storage, 'delete').mockRejectedValue(new Error('storage unreachable (injected)'));
    try {
      expectProblem(await generate(reported.id), 500);
    } finally {
      await db.query('DROP TRIGGER inject_pack_failure' + (onPostgres ? ' ON closure_packs' : ''));
    }
    expect(stored).toHaveLength(1);
    expect(filesInStorage(t)).toContain(stored[0]); // stored, then orphaned by the rollback
    await expectUnchanged(reported);

    vi.restoreAllMocks();
    const report = await sweep();
    expect(report.removed).toBeGreaterThanOrEqual(1);
    expect(filesInStorage(t)).not.toContain(stored[0]);
    await generate(reported.id).expect(201);
  });

  let truncatedJpegBytes: Buffer;
  beforeAll(async () => {
    truncatedJpegBytes = await truncatedJpeg();
  });

  /** Replaces a stored file's bytes and row as a file stored before uploads were decoded would be: the upload check bypassed. */
  async function storeUnchecked(fileId: string, bytes: Buffer, contentType: string): Promise<void> {
    const files = t.app.get(DataSource).getRepository(StoredFile);
    const { storageKey } = await files.findOneByOrFail({ id: fileId });
    writeFileSync(t.storage.pathOf(storageKey), bytes);
    await files.update({ id: fileId }, { contentType, sizeBytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
  }

  it.each([
    ['a PNG with valid CRCs but a corrupt zlib stream', 'image/png', 'png', () => Promise.resolve(corruptPng())],
    ['a truncated JPEG', 'image/jpeg', 'jpg', truncatedJpeg],
  ])(
    'a stored signature that does not decode (%s): 422 naming the file, the API keeps serving, nothing is left behind, and a new report lets it close',
    async (_name, contentType, extension, make) => {
      const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
      const signatureId = reported.report!.customerSignature!.id;
      const { storageKey: signatureKey } = await t.app.get(DataSource).getRepository(StoredFile).findOneByOrFail({ id: signatureId });
      await storeUnchecked(signatureId, await make(), contentType);
      const before = packFiles();

      for (let attempt = 0; attempt < 2; attempt++) {
        const problem = expectProblem(await generate(reported.id), 422, { code: 'CLOSURE_PACK_FILE_UNREADABLE' });
        expect(problem).toMatchObject({ file: `signature/customer-signature.${extension}`, fileId: signatureId });
        expect(problem.detail).toMatch(/Submit the installation report again with a new signature/);
        // The process is still there and answering.
        await request(t.server).get('/api/v1/health').expect(200);
        expect(packFiles()).toEqual(before);
        await expectUnchanged(reported);
      }

      // The team replaces the report with one carrying a readable signature; the pack is generated.
      const corrected = await submitInstallationReport(t, team.technicians[0], reported.id, {
        demoGiven: true,
        signature: { bytes: await validJpeg(), filename: 'signature.jpg', contentType: 'image/jpeg' },
      });
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
      const now = corrected.body as InstallationResponseDto;
      expect(now).toMatchObject({ status: 'report_submitted', report: { customerSignature: { contentType: 'image/jpeg' } } });
      expect(now.report!.customerSignature!.id).not.toBe(signatureId);
      expect(filesInStorage(t)).not.toContain(signatureKey); // the unreadable one went with the report it belonged to
      expect(now.allowedActions).toEqual(['close', 'media']); // the report's repair is not an action of the workflow
      expect((await lead(reported.leadId)).status).toBe('installation_completed');
      const events = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), reported.leadId);
      expect(events.filter((e) => e.type === 'installation_report_submitted').map((e) => e.data?.replaced)).toEqual([false, true]);

      const res = await generate(reported.id);
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect((res.body as InstallationResponseDto).status).toBe('closed');
      expect((await lead(reported.leadId)).status).toBe('closed');
      const pack = await readClosurePack((await download(ops, reported.id).expect(200)).body as Buffer);
      expect(pack.problems).toEqual([]);
      expect(pack.manifest.files.map((f) => f.path)).toContain('signature/customer-signature.jpg');
      const summaryPdf = pack.entries.get('summary.pdf')!;
      expect(popplerImages(summaryPdf)).toHaveLength(2 + popplerInfo(summaryPdf).pages); // the photo, the signature, a QR code per page
    },
  );

  it('a successful report is replaced only while its signature cannot be drawn, only by a successful one, only by the team that did the work', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    // A readable signature: the report is final, as before (another one is refused; the same one again answers it as it is).
    expectProblem(await submitInstallationReport(t, team.technicians[0], reported.id, { demoGiven: true, chargerSerialNumber: 'SN-OTHER-0001' }), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });

    await storeUnchecked(reported.report!.customerSignature!.id, corruptPng(), 'image/png');
    const unsuccessful = await submitInstallationReport(t, team.technicians[0], reported.id, { installationSuccessful: false, issuesEncountered: 'Earthing failed', signature: null });
    expectProblem(unsuccessful, 409, { code: 'INSTALLATION_ALREADY_SUCCESSFUL' });
    const otherTeam = await createTeam(t, ops);
    expectProblem(await submitInstallationReport(t, otherTeam.technicians[0], reported.id, { demoGiven: true }), 404, { code: 'INSTALLATION_NOT_FOUND' });
    expectProblem(await submitInstallationReport(t, team.technicians[0], reported.id, { signature: { bytes: truncatedJpegBytes, filename: 'again.jpg' } }), 422, {
      code: 'IMAGE_UNDECODABLE',
      field: 'signature',
    });
    await expectUnchanged(reported);
  });

  it('of concurrent generations exactly one wins; the others store nothing', async () => {
    const { installation: reported } = await reportedInstallation(t, oem, ops, team, slots);
    const before = packFiles();
    const results = await Promise.all(Array.from({ length: 5 }, () => generate(reported.id)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expect(['INSTALLATION_INVALID_TRANSITION', 'INSTALLATION_CHANGED']).toContain((r.body as { code: string }).code);
    const added = packFiles().filter((f) => !before.includes(f));
    expect(added).toEqual([expect.stringMatching(/^closure-packs\//)]);
    expect((await installation(reported.id)).closurePack!.file.sha256).toBe(createHash('sha256').update((await download(ops, reported.id).expect(200)).body as Buffer).digest('hex'));
  });
});
