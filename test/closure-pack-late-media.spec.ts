import request from 'supertest';
import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { TransactionRunner } from '../src/common/persistence/transaction-runner.service.js';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { binary, SAMPLES } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { INSTALLATIONS, reportedInstallation } from './support/installations.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * A photo a technician's phone sends after the report (it was queued on a poor signal) lands on
 * the installation until its closure pack closes it, and never goes missing from the pack.
 */
describe('media arriving after the installation report', () => {
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

  const sendPhoto = (id: string, filename: string) =>
    request(t.server).post(`${INSTALLATIONS}/${id}/media`).set('Authorization', team.technicians[0].auth).field('caption', 'Queued on the phone').attach('file', SAMPLES.jpeg.bytes, { filename, contentType: 'image/jpeg' });
  const generate = (id: string) => request(t.server).post(`${INSTALLATIONS}/${id}/closure-pack`).set('Authorization', ops.auth);
  const packEntries = async (id: string) => {
    const zip = await request(t.server).get(`${INSTALLATIONS}/${id}/closure-pack/content`).set('Authorization', oem.auth).buffer(true).parse(binary).expect(200);
    const pack = await readClosurePack(zip.body as Buffer);
    expect(pack.problems).toEqual([]);
    return [...pack.entries.keys()].filter((name) => name.startsWith('installation-media/'));
  };

  it('a photo sent after the report is in the closure pack generated after it', async () => {
    const { installation } = await reportedInstallation(t, oem, ops, team, slots);
    expect((await sendPhoto(installation.id, 'after-report.jpg')).status).toBe(201);
    expect((await generate(installation.id)).status).toBe(201);
    expect(await packEntries(installation.id)).toContain('installation-media/02-photo-after-report.jpg');
  });

  it('a photo landing while the pack is built makes that pack stale: 409 INSTALLATION_CHANGED, and the next one holds it', async () => {
    const { installation } = await reportedInstallation(t, oem, ops, team, slots);
    const tx = t.app.get(TransactionRunner);
    const run = TransactionRunner.prototype.run.bind(tx);
    let calls = 0;
    let landed: number | undefined;
    // The generation's second transaction (the first gathered what goes into the ZIP) waits for the photo to land.
    const spy = vi.spyOn(tx, 'run').mockImplementation(async (work: (em: EntityManager) => Promise<unknown>) => {
      calls += 1;
      if (calls === 2) landed = (await sendPhoto(installation.id, 'while-building.jpg')).status;
      return run(work);
    });
    onTestFinished(() => spy.mockRestore());
    expectProblem(await generate(installation.id), 409, { code: 'INSTALLATION_CHANGED' });
    spy.mockRestore();
    expect(landed).toBe(201);
    expect(((await request(t.server).get(`${INSTALLATIONS}/${installation.id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto).status).toBe('report_submitted');
    expect((await generate(installation.id)).status).toBe(201);
    expect(await packEntries(installation.id)).toContain('installation-media/02-photo-while-building.jpg');
  });
});
