import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { TransactionRunner } from '../src/common/persistence/transaction-runner.service.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { StorageSweeper } from '../src/documents/storage/storage-sweeper.service.js';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import type { LeadDocumentResponseDto } from '../src/documents/dto/lead-document.dto.js';
import { binary, contentUrl, documentsUrl, filesInStorage, SAMPLES, upload } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { approvedSurvey, completeInstallation, confirmInstallation, INSTALLATIONS, planInstallation, reportedInstallation, submitInstallationReport } from './support/installations.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The next transaction that records a StoredFile commits, and then its promise rejects as it does
 * when the connection resets during COMMIT after the server applied it: the rows are there, the
 * use case hears of a failure. With `rollBack`, it fails before the COMMIT instead (a real failure).
 * Restored when the test ends.
 * @returns `lost`: how many transactions it failed (1 once it has)
 */
function failNextTransactionThatRecordsAFile(t: TestApp, options: { rollBack?: boolean } = {}): { lost: number } {
  const tx = t.app.get(TransactionRunner);
  // The class's own method: a spy from an earlier call in the same test would call itself.
  const run = TransactionRunner.prototype.run.bind(tx);
  const state = { lost: 0 };
  const spy = vi.spyOn(tx, 'run').mockImplementation(async (work: (em: EntityManager) => Promise<unknown>) => {
    let recordsAFile = false;
    const result = await run(async (em) => {
      const files = em.getRepository(StoredFile);
      const before = await files.count();
      const value = await work(em);
      recordsAFile = state.lost === 0 && (await files.count()) > before;
      if (recordsAFile && options.rollBack) {
        state.lost += 1;
        throw new Error('deadlock detected (injected, before the COMMIT)');
      }
      return value;
    });
    if (recordsAFile) {
      state.lost += 1;
      throw new Error('Connection terminated unexpectedly (injected, after the COMMIT was applied)');
    }
    return result;
  });
  onTestFinished(() => spy.mockRestore());
  return state;
}

describe('a transaction whose COMMIT was applied but answered with an error keeps its stored file', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
    team = await createTeam(t, ops);
  });
  afterAll(() => t.close());

  const sweep = () => t.app.get(StorageSweeper).sweep({ minAgeMs: 0 });
  const download = (who: TestUser, url: string) => request(t.server).get(url).set('Authorization', who.auth).buffer(true).parse(binary);

  it('a lead document: listed, its bytes download, a retry answers it, and the sweep keeps it', async () => {
    const lead = await t.factory.lead(oem);
    const input = { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill-march.pdf' };
    const failed = failNextTransactionThatRecordsAFile(t);
    expectProblem(await upload(t, { Authorization: oem.auth }, lead.id, input), 500);
    expect(failed.lost).toBe(1);

    const documents = (await request(t.server).get(documentsUrl(lead.id)).set('Authorization', oem.auth).expect(200)).body.data as LeadDocumentResponseDto[];
    expect(documents.map((d) => d.file.originalName)).toEqual(['bill-march.pdf']);
    expect((await download(oem, contentUrl(lead.id, documents[0].id)).expect(200)).body).toEqual(SAMPLES.pdf.bytes);
    // The client, told the upload failed, sends it again: the document already stored answers.
    const retry = await upload(t, { Authorization: oem.auth }, lead.id, input).expect(201);
    expect((retry.body as LeadDocumentResponseDto).id).toBe(documents[0].id);
    await sweep();
    expect((await download(oem, contentUrl(lead.id, documents[0].id)).expect(200)).body).toEqual(SAMPLES.pdf.bytes);
  });

  it('installation media: listed, and its bytes download', async () => {
    const survey = await approvedSurvey(t, oem, ops, team, slots);
    const planned = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(t, ops, team, planned);
    await completeInstallation(t, team, planned.id);
    const tech = team.technicians[0];
    const mediaUrl = `${INSTALLATIONS}/${planned.id}/media`;

    const failedMedia = failNextTransactionThatRecordsAFile(t);
    const photo = await request(t.server).post(mediaUrl).set('Authorization', tech.auth).field('caption', 'Charger mounted').attach('file', SAMPLES.jpeg.bytes, { filename: 'charger.jpg', contentType: 'image/jpeg' });
    expectProblem(photo, 500);
    expect(failedMedia.lost).toBe(1);
    const media = (await request(t.server).get(mediaUrl).set('Authorization', ops.auth).expect(200)).body.data as Array<{ id: string }>;
    expect(media).toHaveLength(1);
    expect((await download(ops, `${mediaUrl}/${media[0].id}/content`).expect(200)).body).toEqual(SAMPLES.jpeg.bytes);
    await sweep();
    expect((await download(ops, `${mediaUrl}/${media[0].id}/content`).expect(200)).body).toEqual(SAMPLES.jpeg.bytes);
  });

  it("the installation report's signature: it downloads, and the report sent again is answered as it is", async () => {
    const survey = await approvedSurvey(t, oem, ops, team, slots);
    const planned = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(t, ops, team, planned);
    await completeInstallation(t, team, planned.id);
    const tech = team.technicians[0];
    const failed = failNextTransactionThatRecordsAFile(t);
    expectProblem(await submitInstallationReport(t, tech, planned.id), 500);
    expect(failed.lost).toBe(1);
    await sweep();
    expect((await download(ops, `${INSTALLATIONS}/${planned.id}/report/signature`).expect(200)).body).toEqual(SAMPLES.png.bytes);
    const again = await submitInstallationReport(t, tech, planned.id);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect((again.body as InstallationResponseDto).status).toBe('report_submitted');
  });

  it('the closure pack: the closed installation keeps a pack that downloads and reads', async () => {
    const { installation } = await reportedInstallation(t, oem, ops, team, slots);
    const packUrl = `${INSTALLATIONS}/${installation.id}/closure-pack`;
    const failed = failNextTransactionThatRecordsAFile(t);
    expectProblem(await request(t.server).post(packUrl).set('Authorization', ops.auth), 500);
    expect(failed.lost).toBe(1);

    // The installation and its lead are closed: the pack cannot be built again, so it must be there.
    const closed = (await request(t.server).get(`${INSTALLATIONS}/${installation.id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto;
    expect(closed.status).toBe('closed');
    expectProblem(await request(t.server).post(packUrl).set('Authorization', ops.auth), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
    await sweep();
    const zip = await download(oem, `${packUrl}/content`).expect(200);
    const pack = await readClosurePack(zip.body as Buffer);
    expect(pack.problems).toEqual([]);
    expect(pack.manifest.installationId).toBe(closed.installationId);
    expect(pack.entries.get('installation-media/01-photo-charger.jpg')).toEqual(SAMPLES.jpeg.bytes);
  });

  it('a transaction that really failed (rolled back) still removes its file at once, without waiting for the sweep', async () => {
    const { installation } = await reportedInstallation(t, oem, ops, team, slots);
    const lead = await t.factory.lead(oem);
    const before = filesInStorage(t);
    const failedUpload = failNextTransactionThatRecordsAFile(t, { rollBack: true });
    expectProblem(await upload(t, { Authorization: oem.auth }, lead.id, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'bill.pdf' }), 500);
    expect(failedUpload.lost).toBe(1);
    const failedPack = failNextTransactionThatRecordsAFile(t, { rollBack: true });
    expectProblem(await request(t.server).post(`${INSTALLATIONS}/${installation.id}/closure-pack`).set('Authorization', ops.auth), 500);
    expect(failedPack.lost).toBe(1);
    expect(filesInStorage(t)).toEqual(before);
    expect((await request(t.server).get(documentsUrl(lead.id)).set('Authorization', oem.auth).expect(200)).body.data).toEqual([]);
    expect(((await request(t.server).get(`${INSTALLATIONS}/${installation.id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto).status).toBe('report_submitted');
  });
});
