import { createHash } from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng, sitePhotoPainter } from '../src/cli/demo-files.js';
import type { MediaPageDto as SurveyMediaPageDto, MediaResponseDto as SurveyMediaResponseDto } from '../src/documents/media/media.dto.js';
import type { SurveyResponseDto } from '../src/surveys/dto/survey-response.dto.js';
import { type TestUser } from './support/factory.js';
import { allEvents, expectProblem } from './support/lead-helpers.js';
import { createTeam, readyLead, scheduleSurvey, SlotSequence, surveyAction, SURVEYS, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const JPEG = encodeJpeg(40, 30, sitePhotoPainter(40, 30, 7));
const PNG = encodePng(24, 18, sitePhotoPainter(24, 18, 8));
/** An ISO-BMFF `ftyp` box of an MP4 (what phones record), as file-type sniffs it. */
const MP4 = (() => {
  const box = Buffer.alloc(24);
  box.writeUInt32BE(24);
  box.write('ftypisom', 4, 'latin1');
  box.write('isommp41', 16, 'latin1');
  return Buffer.concat([box, Buffer.from([0, 0, 0, 8]), Buffer.from('free', 'latin1'), Buffer.alloc(512, 0x11)]);
})();
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n');
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** DESIGN §4 SurveyMedia through the documents storage and upload validation (DESIGN §6). */
describe('survey media', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  let backup: TestTeam;
  let outsider: TestUser;
  let survey: SurveyResponseDto;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    team = await createTeam(t, ops, { technicians: 2 });
    backup = await createTeam(t, ops);
    outsider = (await createTeam(t, ops)).technicians[0];
    survey = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, backupTeamId: backup.id, ...slots.take() });
  });
  afterAll(() => t.close());

  const upload = (who: TestUser, surveyId: string, bytes: Buffer, name: string, options: { caption?: string; contentType?: string } = {}) => {
    const req = request(t.server).post(`${SURVEYS}/${surveyId}/media`).set('Authorization', who.auth);
    if (options.caption !== undefined) req.field('caption', options.caption);
    return req.attach('file', bytes, { filename: name, contentType: options.contentType ?? 'application/octet-stream' });
  };

  it('refuses media before the work starts (409) and from anyone but the primary team', async () => {
    expectProblem(await upload(team.technicians[0], survey.id, JPEG, 'early.jpg'), 409, { code: 'SURVEY_INVALID_TRANSITION' });
    await surveyAction(t, team.technicians[0], survey.id, 'start').expect(200);
    expectProblem(await upload(backup.technicians[0], survey.id, JPEG, 'backup.jpg'), 403, { code: 'SURVEY_NOT_PRIMARY_TEAM' });
    expectProblem(await upload(outsider, survey.id, JPEG, 'other.jpg'), 404, { code: 'SURVEY_NOT_FOUND' });
    expectProblem(await upload(ops, survey.id, JPEG, 'ops.jpg'), 403, { code: 'FORBIDDEN_ROLE' });
  });

  it('stores a photo and a video with the type sniffed from the bytes, whatever the client claims', async () => {
    const photo = await upload(team.technicians[0], survey.id, JPEG, 'meter board.jpg', { caption: 'Meter board, stilt parking', contentType: 'image/jpeg' });
    expect(photo.status, JSON.stringify(photo.body)).toBe(201);
    expect(photo.body).toMatchObject({
      mediaType: 'photo',
      caption: 'Meter board, stilt parking',
      file: { contentType: 'image/jpeg', sizeBytes: JPEG.length, sha256: sha256(JPEG), originalName: 'meter board.jpg' },
      uploadedById: team.technicians[0].user.id,
      uploadedBy: { id: team.technicians[0].user.id, fullName: team.technicians[0].user.fullName },
    });
    const video = await upload(team.technicians[1], survey.id, MP4, 'walkthrough.mp4', { contentType: 'video/mp4' }).expect(201);
    expect(video.body).toMatchObject({ mediaType: 'video', caption: '', file: { contentType: 'video/mp4' } });
    // A PNG that claims to be a video is a photo.
    const liar = await upload(team.technicians[0], survey.id, PNG, 'clip.mp4', { contentType: 'video/mp4' }).expect(201);
    expect(liar.body).toMatchObject({ mediaType: 'photo', file: { contentType: 'image/png' } });
  });

  it('refuses other types (415), a photo over 15 MB (413) and a missing file (400)', async () => {
    expectProblem(await upload(team.technicians[0], survey.id, PDF, 'bill.jpg', { contentType: 'image/jpeg' }), 415, { code: 'UPLOAD_TYPE_NOT_ALLOWED' });
    const big = Buffer.concat([JPEG.subarray(0, 4), Buffer.alloc(15 * 1024 * 1024 + 1 - 4, 0x20)]);
    const problem = expectProblem(await upload(team.technicians[0], survey.id, big, 'huge.jpg'), 413, { code: 'UPLOAD_TOO_LARGE' });
    expect(problem.limitBytes).toBe(15 * 1024 * 1024);
    expectProblem(await request(t.server).post(`${SURVEYS}/${survey.id}/media`).set('Authorization', team.technicians[0].auth).field('caption', 'no file'), 400, {
      field: 'file',
    });
    expectProblem(await upload(team.technicians[0], survey.id, JPEG, 'x.jpg', { caption: 'x'.repeat(256) }), 400, { field: 'caption' });
    const listed = (await request(t.server).get(`${SURVEYS}/${survey.id}/media?withTotal=true`).set('Authorization', ops.auth).expect(200)).body as SurveyMediaPageDto;
    expect(listed.total).toBe(3);
  });

  it('lists media to Central Ops and the survey’s teams, and streams the bytes with ETag and Range', async () => {
    const page = (await request(t.server).get(`${SURVEYS}/${survey.id}/media?limit=2`).set('Authorization', backup.technicians[0].auth).expect(200)).body as SurveyMediaPageDto;
    expect(page.data.map((m) => m.mediaType)).toEqual(['photo', 'video']);
    expect(page.nextCursor).not.toBeNull();
    const rest = (await request(t.server).get(`${SURVEYS}/${survey.id}/media?cursor=${page.nextCursor}`).set('Authorization', ops.auth).expect(200)).body as SurveyMediaPageDto;
    expect(rest.data).toHaveLength(1);

    const photo = page.data[0] as SurveyMediaResponseDto;
    const url = `${SURVEYS}/${survey.id}/media/${photo.id}/content`;
    const whole = await request(t.server).get(url).set('Authorization', ops.auth).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    expect(whole.status).toBe(200);
    expect(Buffer.compare(whole.body as Buffer, JPEG)).toBe(0);
    expect(whole.headers).toMatchObject({ 'content-type': 'image/jpeg', etag: `"${sha256(JPEG)}"` });
    const part = await request(t.server).get(url).set('Authorization', team.technicians[0].auth).set('Range', 'bytes=0-9');
    expect(part.status).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-9/${JPEG.length}`);

    expectProblem(await request(t.server).get(`${SURVEYS}/${survey.id}/media`).set('Authorization', outsider.auth), 404, { code: 'SURVEY_NOT_FOUND' });
    expectProblem(await request(t.server).get(url).set('Authorization', outsider.auth), 404, { code: 'SURVEY_NOT_FOUND' });
    expectProblem(await request(t.server).get(`${SURVEYS}/${survey.id}/media/00000000-0000-4000-8000-000000000000/content`).set('Authorization', ops.auth), 404, {
      code: 'SURVEY_MEDIA_NOT_FOUND',
    });
  });

  it('records each upload on the lead timeline; media may be added until review, not after', async () => {
    await surveyAction(t, team.technicians[0], survey.id, 'report', VALID_REPORT).expect(200);
    await upload(team.technicians[0], survey.id, JPEG, 'after-report.jpg').expect(201);
    await surveyAction(t, ops, survey.id, 'approve').expect(200);
    expectProblem(await upload(team.technicians[0], survey.id, JPEG, 'late.jpg'), 409, { code: 'SURVEY_INVALID_TRANSITION' });
    const events = (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), survey.leadId)).filter((e) => e.type === 'survey_media_uploaded');
    expect(events.map((e) => e.data?.mediaType)).toEqual(['photo', 'video', 'photo', 'photo']);
    expect(events[0]).toMatchObject({ actorUserId: team.technicians[0].user.id, data: { surveyId: survey.surveyId, sha256: sha256(JPEG), contentType: 'image/jpeg' } });
  });

  it('the same photo (name and bytes) and caption sent again (a retry after a lost answer) answers the stored media: one copy in the list and on the timeline', async () => {
    const again = await scheduleSurvey(t, ops, (await readyLead(t, oem, ops)).id, { primaryTeamId: team.id, ...slots.take() });
    await surveyAction(t, team.technicians[0], again.id, 'start').expect(200);
    const first = await upload(team.technicians[0], again.id, PNG, 'pit.png', { caption: 'Earthing pit' }).expect(201);
    const stored = t.storage.keys().length;
    const retry = await upload(team.technicians[0], again.id, PNG, 'pit.png', { caption: 'Earthing pit' }).expect(201);
    expect(retry.body).toEqual(first.body);
    // From the other technician of the team too: the same file for the same job is the same photo.
    expect((await upload(team.technicians[1], again.id, PNG, 'pit.png', { caption: 'Earthing pit' }).expect(201)).body.id).toBe(first.body.id);
    expect(t.storage.keys()).toHaveLength(stored); // the copies received again are not kept
    // Another caption or another name is another item, as the technician meant it.
    const captioned = await upload(team.technicians[0], again.id, PNG, 'pit.png', { caption: 'Earthing pit, close-up' }).expect(201);
    const renamed = await upload(team.technicians[0], again.id, PNG, 'pit-2.png', { caption: 'Earthing pit' }).expect(201);
    const listed = await request(t.server).get(`${SURVEYS}/${again.id}/media`).set('Authorization', ops.auth).expect(200);
    expect(listed.body.data.map((m: { id: string }) => m.id)).toEqual([first.body.id, captioned.body.id, renamed.body.id]);
    const events = (await allEvents((url) => request(t.server).get(url).set('Authorization', ops.auth), again.leadId)).filter((e) => e.type === 'survey_media_uploaded');
    expect(events.map((e) => e.data?.mediaId)).toEqual([first.body.id, captioned.body.id, renamed.body.id]);
  });
});
