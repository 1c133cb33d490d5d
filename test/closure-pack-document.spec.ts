import { createHash, createPublicKey, verify } from 'node:crypto';
import { PassThrough } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import archiver from 'archiver';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readClosurePack } from '../src/installations/closure-pack/closure-pack-reader.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { binary } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { INSTALLATIONS, reportedInstallation } from './support/installations.js';
import { allEvents, expectProblem } from './support/lead-helpers.js';
import { popplerImages, popplerInfo, popplerPngs, popplerText, popplerWords } from './support/poppler.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const VERIFY = '/api/v1/closure-packs/verify';

/** A ZIP of `entries` (as a tamperer would re-pack one), in their order. */
async function zipOf(entries: Map<string, Buffer>): Promise<Buffer> {
  const archive = archiver('zip');
  const out = new PassThrough();
  archive.pipe(out);
  for (const [name, bytes] of entries) archive.append(bytes, { name });
  void archive.finalize();
  return buffer(out);
}

describe('closure pack document, audience and verification (issue #16)', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();
  let reported: InstallationResponseDto;
  let zip: Buffer;
  let pdf: Buffer;
  const NAME = 'अनिता शर्मा (அனிதா சர்மா)';

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    ops = await t.factory.user('central_ops');
    oem = await t.factory.user('oem');
    team = await createTeam(t, ops);
    ({ installation: reported } = await reportedInstallation(t, oem, ops, team, slots));
    await request(t.server).patch(`/api/v1/leads/${reported.leadId}`).set('Authorization', ops.auth).send({ customerName: NAME, addressLine2: 'முருகன் கோயில் தெரு' }).expect(200);
    const generated = await request(t.server).post(`${INSTALLATIONS}/${reported.id}/closure-pack`).set('Authorization', ops.auth);
    expect(generated.status, JSON.stringify(generated.body)).toBe(201);
    zip = (await request(t.server).get(`${INSTALLATIONS}/${reported.id}/closure-pack/content`).set('Authorization', oem.auth).buffer(true).parse(binary).expect(200)).body as Buffer;
    pdf = (await readClosurePack(zip)).entries.get('summary.pdf')!;
  });
  afterAll(() => t.close());

  it('prints a customer named in Devanagari and Tamil, and a Tamil address, as the reader extracts them', () => {
    const text = popplerText(pdf);
    expect(text).toContain('अनिता शर्मा');
    expect(text).toContain('அனிதா சர்மா');
    expect(text).toContain('முருகன் கோயில் தெரு');
    expect(text).toContain(reported.installationId);
    expect(text).toContain('TPW7K-2611-004512');
  });

  it('the OEM timeline of the API and the timeline of the PDF come from one policy: same entries, no staff names', async () => {
    const asOem = await allEvents((url) => request(t.server).get(url).set('Authorization', oem.auth), reported.leadId);
    const asOps = await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), reported.leadId);
    // Staff see the internal steps; the OEM does not.
    expect(asOps.map((e) => e.type)).toContain('installation_report_submitted');
    expect(asOem.map((e) => e.type)).not.toContain('installation_report_submitted');
    expect(asOem.every((e) => !e.type.startsWith('survey_') && !e.type.startsWith('installation_'))).toBe(true);
    const labels = asOem.map((e) => (e as unknown as { label: string }).label);
    expect(labels).toEqual(expect.arrayContaining(['Lead received', 'Survey approved', 'Installation completed', 'Closure pack generated', 'Closed: closure pack issued']));
    const staff = [ops.user.fullName, ...team.technicians.map((x) => x.user.fullName)];
    const text = popplerText(pdf).replace(/\s+/g, ' ');
    for (const e of asOem as unknown as Array<{ label: string; actorName: string; actorUserId: string | null }>) {
      expect(text, e.label).toContain(e.label);
      expect(text, e.actorName).toContain(e.actorName);
      expect(staff).not.toContain(e.actorName);
      if (e.actorUserId !== null) expect(e.actorUserId).toBe(oem.user.id);
    }
    // The PDF has exactly the OEM's entries: each label as often as the API lists it.
    const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
    expect(count(text, 'Installation completed ')).toBe(labels.filter((l) => l === 'Installation completed').length);
    for (const name of staff) expect(text).not.toContain(name);
    expect(text).toContain(`Field team ${team.name}`);
    expect(text).toContain('Central Ops');
  });

  it('the pack is signed: manifest.sig checks against the public key served as PEM, and tampering with a file or the manifest shows', async () => {
    const pem = await request(t.server).get('/api/v1/closure-packs/signing-key').expect(200); // no credentials
    expect(pem.headers['content-type']).toMatch(/^application\/x-pem-file/);
    const key = createPublicKey(pem.text);
    expect(key.asymmetricKeyType).toBe('ed25519');
    const pack = await readClosurePack(zip);
    expect(pack.problems).toEqual([]);
    expect(pack.signature).toHaveLength(64);
    expect(verify(null, pack.manifestBytes, key, pack.signature!)).toBe(true);
    expect(pack.manifest.files.map((f) => f.path)).toContain('summary.pdf');

    // One photo's bytes changed: its hash no longer matches the manifest.
    const photo = pack.manifest.files.find((f) => f.path.startsWith('installation-media/'))!.path;
    const tampered = new Map(pack.entries);
    tampered.set(photo, Buffer.concat([pack.entries.get(photo)!, Buffer.from('edited')]));
    const first = await readClosurePack(await zipOf(tampered));
    expect(first.problems.join('\n')).toContain(`${photo} has SHA-256`);
    // The manifest rewritten to match: now its signature fails.
    const manifest = JSON.parse(pack.manifestBytes.toString('utf8')) as typeof pack.manifest;
    const entry = manifest.files.find((f) => f.path === photo)!;
    entry.sha256 = sha256(tampered.get(photo)!);
    entry.sizeBytes = tampered.get(photo)!.length;
    tampered.set('manifest.json', Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`));
    const second = await readClosurePack(await zipOf(tampered));
    expect(second.problems).toEqual([]);
    expect(verify(null, second.manifestBytes, key, second.signature!)).toBe(false);
    // And the server never issued either ZIP.
    const forged = await zipOf(tampered);
    expect((await request(t.server).get(VERIFY).query({ sha256: sha256(forged) }).expect(200)).body).toEqual({ issued: false });
    expect((await request(t.server).get(VERIFY).query({ sha256: sha256(second.manifestBytes) }).expect(200)).body).toEqual({ issued: false });
  });

  it('GET /closure-packs/verify (public) answers by ZIP hash, manifest hash or pack id, with no personal data; bad queries are 400 naming the field', async () => {
    const pack = await readClosurePack(zip);
    const packId = /Closure pack ([0-9a-f-]{36})/.exec(popplerText(pdf))![1];
    const expected = {
      issued: true,
      packId,
      installationId: reported.installationId,
      generatedAt: pack.manifest.generatedAt,
      zipSha256: sha256(zip),
      manifestSha256: sha256(pack.manifestBytes),
    };
    for (const query of [{ sha256: sha256(zip) }, { sha256: sha256(pack.manifestBytes).toUpperCase() }, { packId }]) {
      const res = await request(t.server).get(VERIFY).query(query).expect(200);
      expect(res.body, JSON.stringify(query)).toEqual(expected);
    }
    expect((await request(t.server).get(VERIFY).query({ packId: '00000000-0000-4000-8000-000000000000' }).expect(200)).body).toEqual({ issued: false });
    expectProblem(await request(t.server).get(VERIFY).query({ sha256: 'abc' }), 400, { field: 'sha256' });
    expectProblem(await request(t.server).get(VERIFY).query({ packId: 'nope' }), 400, { field: 'packId' });
    expectProblem(await request(t.server).get(VERIFY), 400, { code: 'VALIDATION_FAILED' });
    expectProblem(await request(t.server).get(VERIFY).query({ packId, sha256: sha256(zip) }), 400, { code: 'VALIDATION_FAILED' });
  });

  it('looked at: pdftoppm renders every page, no text runs outside the page, the images are there (pdfimages)', () => {
    const { pages, width, height } = popplerInfo(pdf);
    expect({ width, height }).toEqual({ width: 595.28, height: 841.89 });
    expect(pages).toBeGreaterThanOrEqual(2);
    const pngs = popplerPngs(pdf, 40);
    expect(pngs).toHaveLength(pages);
    for (const png of pngs) expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    const words = popplerWords(pdf);
    expect(words.length).toBeGreaterThan(100);
    for (const w of words) {
      expect(w.xMin, w.word).toBeGreaterThanOrEqual(0);
      expect(w.xMax, w.word).toBeLessThanOrEqual(width);
      expect(w.yMin, w.word).toBeGreaterThanOrEqual(0);
      expect(w.yMax, w.word).toBeLessThanOrEqual(height);
    }
    for (let page = 1; page <= pages; page++) expect(popplerText(pdf)).toContain(`Page ${page} of ${pages}`);
    const images = popplerImages(pdf);
    // The installation photo (a thumbnail, JPEG), the signature, and the QR code on every page.
    expect(images.filter((i) => i.enc === 'jpeg')).toHaveLength(1);
    expect(images).toHaveLength(1 + 1 + pages);
  });
});
