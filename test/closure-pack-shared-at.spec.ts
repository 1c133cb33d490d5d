import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { purgedKey } from '../src/documents/storage/file-storage.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { binary } from './support/documents.js';
import { expectProblem, type TestUser } from './support/factory.js';
import { INSTALLATIONS, reportedInstallation } from './support/installations.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe("a closure pack's sharedAt: set when the OEM received bytes, not before", () => {
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

  /** A closed installation with its pack, as Central Ops sees it. */
  async function closedWithPack(): Promise<InstallationResponseDto> {
    const { installation } = await reportedInstallation(t, oem, ops, team, slots);
    const res = await request(t.server).post(`${INSTALLATIONS}/${installation.id}/closure-pack`).set('Authorization', ops.auth);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as InstallationResponseDto;
  }
  const contentUrl = (id: string) => `${INSTALLATIONS}/${id}/closure-pack/content`;
  const sharedAt = async (id: string) => ((await request(t.server).get(`${INSTALLATIONS}/${id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto).closurePack!.sharedAt;

  it("the OEM's HEAD, 304 and 416 leave it unset; its first GET answered 206 sets it", async () => {
    const closed = await closedWithPack();
    const url = contentUrl(closed.id);
    const etag = `"${closed.closurePack!.file.sha256}"`;

    const head = await request(t.server).head(url).set('Authorization', oem.auth).expect(200);
    expect(head.headers['etag']).toBe(etag);
    expect(await sharedAt(closed.id)).toBeNull();

    await request(t.server).get(url).set('Authorization', oem.auth).set('If-None-Match', etag).expect(304);
    expect(await sharedAt(closed.id)).toBeNull();

    const beyond = await request(t.server).get(url).set('Authorization', oem.auth).set('Range', `bytes=${closed.closurePack!.file.sizeBytes}-`);
    expectProblem(beyond, 416, { code: 'RANGE_NOT_SATISFIABLE' });
    expect(await sharedAt(closed.id)).toBeNull();

    const ranged = await request(t.server).get(url).set('Authorization', oem.auth).set('Range', 'bytes=0-3').buffer(true).parse(binary).expect(206);
    expect((ranged.body as Buffer).subarray(0, 2).toString('latin1')).toBe('PK');
    expect(await sharedAt(closed.id)).not.toBeNull();
  });

  it('a pack whose file retention deleted answers the OEM 410 and stays unshared', async () => {
    const closed = await closedWithPack();
    const fileId = closed.closurePack!.file.id;
    // As the retention run leaves it: the row keeps size and hash, the bytes are gone.
    await t.app.get(DataSource).getRepository(StoredFile).update({ id: fileId }, { storageKey: purgedKey(fileId) });
    expectProblem(await request(t.server).get(contentUrl(closed.id)).set('Authorization', oem.auth), 410, { code: 'FILE_PURGED' });
    expect(await sharedAt(closed.id)).toBeNull();
  });
});
