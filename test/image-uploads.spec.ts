import request from 'supertest';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGE_MAX_PIXELS } from '../src/documents/upload/image-check.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { corruptPng, pngBomb, truncatedJpeg, validJpeg, validPng } from './support/crafted-images.js';
import { filesInStorage, SAMPLES } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { approvedSurvey, completeInstallation, confirmInstallation, INSTALLATIONS, planInstallation, submitInstallationReport } from './support/installations.js';
import { expectProblem } from './support/lead-helpers.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence, surveyAction, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Crafted = { name: string; bytes: Buffer; filename: string; contentType: string; code: 'IMAGE_UNDECODABLE' | 'IMAGE_TOO_LARGE' };

/** Issue 11 item 1: every image an upload route takes is decoded before it is accepted. */
describe('images are decoded before they are accepted', () => {
  let t: TestApp;
  let ops: TestUser;
  let oem: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();
  let crafted: Crafted[];
  let good: Array<{ name: string; bytes: Buffer; filename: string }>;

  /** A survey its primary team has started: it takes media. */
  let survey: SurveyResponseDto;
  /** An installation in progress: it takes media. */
  let installing: InstallationResponseDto;

  beforeAll(async () => {
    t = await startTestApp();
    [ops, oem] = await Promise.all([t.factory.user('central_ops'), t.factory.user('oem')]);
    team = await createTeam(t, ops);
    survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() });
    await surveyAction(t, team.technicians[0], survey.id, 'start').expect(200);
    installing = await installationIn(['in_progress']);
    crafted = [
      { name: 'a PNG with valid CRCs but a corrupt zlib stream', bytes: corruptPng(), filename: 'corrupt.png', contentType: 'image/png', code: 'IMAGE_UNDECODABLE' },
      { name: 'a truncated JPEG', bytes: await truncatedJpeg(), filename: 'truncated.jpg', contentType: 'image/jpeg', code: 'IMAGE_UNDECODABLE' },
      { name: 'a 20,000 × 20,000 PNG bomb', bytes: pngBomb(), filename: 'bomb.png', contentType: 'image/png', code: 'IMAGE_TOO_LARGE' },
      {
        name: 'a truncated WebP',
        bytes: await sharp(await validJpeg())
          .webp()
          .toBuffer()
          .then((webp) => webp.subarray(0, Math.floor(webp.length * 0.6))),
        filename: 'truncated.webp',
        contentType: 'image/webp',
        code: 'IMAGE_UNDECODABLE',
      },
    ];
    good = [
      { name: 'PNG', bytes: validPng(), filename: 'ok.png' },
      { name: 'JPEG', bytes: await validJpeg(), filename: 'ok.jpg' },
      { name: 'WebP', bytes: await sharp(await validJpeg()).webp().toBuffer(), filename: 'ok.webp' },
      { name: 'demo JPEG photo', bytes: SAMPLES.jpeg.bytes, filename: 'site.jpg' },
    ];
  });
  afterAll(() => t?.close());

  /** A fresh installation (new lead, approved survey) taken through `steps` by its primary team. */
  async function installationIn(steps: Array<'in_progress' | 'completed'>): Promise<InstallationResponseDto> {
    const approved = await approvedSurvey(t, oem, ops, team, slots);
    const planned = await planInstallation(t, ops, approved.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(t, ops, team, planned);
    if (steps.includes('completed')) return completeInstallation(t, team, planned.id);
    const started = await request(t.server).post(`${INSTALLATIONS}/${planned.id}/transitions`).set('Authorization', team.technicians[0].auth).send({ to: 'in_progress' });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    return started.body as InstallationResponseDto;
  }

  /** Rows that an accepted upload would have added, and the files in storage (temporary ones included). */
  async function footprint(): Promise<{ files: string[]; rows: Record<string, number> }> {
    const db = t.app.get(DataSource);
    const rows: Record<string, number> = {};
    for (const table of ['stored_files', 'survey_media', 'installation_media', 'installation_reports']) {
      rows[table] = Number((await db.query<Array<{ n: number | string }>>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);
    }
    return { files: filesInStorage(t), rows };
  }

  const media = (job: 'surveys' | 'installations', id: string, file: { bytes: Buffer; filename: string; contentType?: string }) =>
    request(t.server)
      .post(`/api/v1/${job}/${id}/media`)
      .set('Authorization', team.technicians[0].auth)
      .field('caption', 'meter board')
      .attach('file', file.bytes, { filename: file.filename, contentType: file.contentType ?? 'application/octet-stream' });

  describe.each([
    ['survey media', 'surveys' as const, () => survey.id],
    ['installation media', 'installations' as const, () => installing.id],
  ])('%s (POST /%s/{id}/media)', (_name, job, id) => {
    it('refuses each crafted image with 422 naming `file`, and stores nothing (no file, no row)', async () => {
      for (const file of crafted) {
        const before = await footprint();
        const problem = expectProblem(await media(job, id(), file), 422, { code: file.code, field: 'file' });
        expect(problem.detail, file.name).toMatch(/"file"/);
        expect(await footprint(), file.name).toEqual(before);
      }
    });

    it('accepts valid PNG, JPEG and WebP photos', async () => {
      for (const file of good) {
        const res = await media(job, id(), file);
        expect(res.status, `${file.name}: ${JSON.stringify(res.body)}`).toBe(201);
        expect(res.body).toMatchObject({ mediaType: 'photo', file: { sizeBytes: file.bytes.length } });
      }
    });
  });

  it('the bomb is refused from its header, with its size and the cap', async () => {
    const problem = expectProblem(await media('surveys', survey.id, { bytes: pngBomb(), filename: 'bomb.png' }), 422, { code: 'IMAGE_TOO_LARGE', field: 'file' });
    expect(problem).toMatchObject({ width: 20_000, height: 20_000, maxPixels: IMAGE_MAX_PIXELS });
    expect(IMAGE_MAX_PIXELS).toBe(50_000_000);
  });

  it('a video is not decoded: an MP4 whose bytes are no real video is still stored', async () => {
    const res = await media('installations', installing.id, { bytes: SAMPLES.mp4.bytes, filename: 'walkthrough.mp4' });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ mediaType: 'video' });
  });

  describe('the customer signature (PUT /installations/{id}/report)', () => {
    it('refuses each crafted image with 422 naming `signature`; the installation, lead and storage are unchanged', async () => {
      const completed = await installationIn(['completed']);
      // A signature is PNG or JPEG (anything else is 415 before it is decoded).
      for (const file of crafted.filter((c) => c.contentType !== 'image/webp')) {
        const before = await footprint();
        const res = await submitInstallationReport(t, team.technicians[0], completed.id, { signature: file });
        const problem = expectProblem(res, 422, { code: file.code, field: 'signature' });
        expect(problem.detail, file.name).toMatch(/"signature"/);
        expect(await footprint(), file.name).toEqual(before);
        const now = (await request(t.server).get(`${INSTALLATIONS}/${completed.id}`).set('Authorization', ops.auth).expect(200)).body as InstallationResponseDto;
        expect(now).toMatchObject({ status: 'completed', version: completed.version, report: null });
        const lead = (await request(t.server).get(`/api/v1/leads/${completed.leadId}`).set('Authorization', ops.auth).expect(200)).body as { status: string };
        expect(lead.status).toBe('installation_scheduled');
      }
      const ok = await submitInstallationReport(t, team.technicians[0], completed.id, { signature: { bytes: await validJpeg(), filename: 'signature.jpg' } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      expect(ok.body).toMatchObject({ status: 'report_submitted', report: { customerSignature: { contentType: 'image/jpeg' } } });
    });
  });
});
