import request, { type Response } from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeJpeg, encodePng, sitePhotoPainter } from '../src/cli/demo-files.js';
import type { MediaPageDto, MediaResponseDto } from '../src/documents/media/media.dto.js';
import type { InstallationResponseDto } from '../src/installations/dto/installation-response.dto.js';
import { InstallationReport } from '../src/installations/entities/installation-report.entity.js';
import type { LeadResponseDto } from '../src/leads/dto/lead-response.dto.js';
import { binary, filesInStorage, SAMPLES, sha256 } from './support/documents.js';
import { type TestUser } from './support/factory.js';
import { approvedSurvey, completeInstallation, confirmInstallation, INSTALLATIONS, installationTransition, planInstallation, submitInstallationReport } from './support/installations.js';
import { allEvents, expectProblem, LEADS } from './support/lead-helpers.js';
import { createTeam, SlotSequence, type TestTeam } from './support/surveys.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const MIB = 1024 * 1024;
/** A customer's signature as a phone saves it: a small PNG, and a JPEG. */
const SIGNATURE_PNG = encodePng(48, 20, sitePhotoPainter(48, 20, 11));
const SIGNATURE_JPEG = encodeJpeg(48, 20, sitePhotoPainter(48, 20, 12));
const PHOTO = encodeJpeg(40, 30, sitePhotoPainter(40, 30, 13));

/** The required text fields of a successful report. */
const FIELDS = { chargerSerialNumber: 'TPW7K-2611-004512', chargerModel: 'Tata Power 7.2 kW AC wallbox', installationSuccessful: 'true' } as const;

type SignaturePart = { bytes: Buffer; filename?: string; contentType?: string };

describe('installation report and media', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let surveyTeam: TestTeam;
  let team: TestTeam;
  let backupTeam: TestTeam;
  let outsider: TestUser;
  const surveySlots = new SlotSequence();
  const slots = new SlotSequence(40);

  beforeAll(async () => {
    t = await startTestApp();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    surveyTeam = await createTeam(t, ops);
    team = await createTeam(t, ops, { technicians: 2 });
    backupTeam = await createTeam(t, ops);
    outsider = (await createTeam(t, ops)).technicians[0];
  });
  afterAll(() => t.close());

  const ok = (res: Response, status = 200): Response => {
    expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
    return res;
  };
  const getInstallation = async (id: string, who: TestUser = ops): Promise<InstallationResponseDto> => (await request(t.server).get(`${INSTALLATIONS}/${id}`).set('Authorization', who.auth).expect(200)).body;
  const getLead = async (id: string, who: TestUser = ops): Promise<LeadResponseDto> => (await request(t.server).get(`${LEADS}/${id}`).set('Authorization', who.auth).expect(200)).body;
  const events = (leadId: string, who: TestUser = ops) => allEvents((url) => request(t.server).get(url).set('Authorization', who.auth), leadId);
  const leadTransition = (leadId: string, to: string, reason?: string) =>
    request(t.server)
      .post(`${LEADS}/${leadId}/transitions`)
      .set('Authorization', ops.auth)
      .send({ to, ...(reason && { reason }) });

  /** `PUT /installations/{id}/report` with exactly these text fields and this signature part (none when omitted). */
  const report = (who: TestUser, id: string, fields: Record<string, string>, signature?: SignaturePart) => {
    const req = request(t.server).put(`${INSTALLATIONS}/${id}/report`).set('Authorization', who.auth);
    for (const [name, value] of Object.entries(fields)) void req.field(name, value);
    if (signature) void req.attach('signature', signature.bytes, { filename: signature.filename ?? 'signature.png', contentType: signature.contentType ?? 'image/png' });
    return req;
  };

  /** A fresh installation (new lead) for `team`, planned, with an optional backup team, walked to `status`. */
  async function installationIn(status: 'planned' | 'confirmed' | 'in_progress' | 'completed', options: { backup?: TestTeam } = {}): Promise<InstallationResponseDto> {
    const survey = await approvedSurvey(t, oem, ops, surveyTeam, surveySlots);
    const planned = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...(options.backup && { backupTeamId: options.backup.id }), ...slots.take() });
    if (status === 'planned') return planned;
    await confirmInstallation(t, ops, team, planned);
    if (status === 'in_progress') ok(await installationTransition(t, team.technicians[0], planned.id, 'in_progress'));
    if (status === 'completed') await completeInstallation(t, team, planned.id);
    const current = await getInstallation(planned.id);
    expect(current.status).toBe(status);
    return current;
  }

  /** Asserts a refused report left nothing behind: no file in storage, the installation and the lead as they were. */
  async function expectNothingChanged(before: InstallationResponseDto, storage: string[], leadStatus = 'installation_scheduled'): Promise<void> {
    expect(filesInStorage(t)).toEqual(storage);
    const after = await getInstallation(before.id);
    expect(after).toEqual(before);
    expect((await getLead(before.leadId)).status).toBe(leadStatus);
  }

  describe('PUT /installations/{id}/report', () => {
    it('a successful report: report_submitted, demoCompleted, lead installation_completed, assignments completed, signature metadata, event', async () => {
      const ins = await installationIn('completed', { backup: backupTeam });
      const storage = filesInStorage(t);
      const tech = team.technicians[1];
      const res = await report(tech, ins.id, { ...FIELDS, demoGiven: 'true', generalNotes: 'Customer shown the app and the RCCB.' }, { bytes: SIGNATURE_PNG, filename: 'sign.png', contentType: 'image/png' });
      ok(res);
      const body = res.body as InstallationResponseDto;
      expect(res.headers.etag).toBe(`W/"${body.version}"`);
      expect(body).toMatchObject({
        status: 'report_submitted',
        demoCompleted: true,
        version: ins.version + 1,
        report: {
          submittedById: tech.user.id,
          chargerSerialNumber: FIELDS.chargerSerialNumber,
          chargerModel: FIELDS.chargerModel,
          installationSuccessful: true,
          demoGiven: true,
          issuesEncountered: '',
          generalNotes: 'Customer shown the app and the RCCB.',
          customerSignature: { contentType: 'image/png', sha256: sha256(SIGNATURE_PNG), sizeBytes: SIGNATURE_PNG.length, originalName: 'sign.png' },
        },
      });
      expect(body.assignments.map((a) => [a.team.id, a.isPrimary, a.status])).toEqual([
        [team.id, true, 'completed'],
        [backupTeam.id, false, 'cancelled'],
      ]);
      expect(await getInstallation(ins.id)).toEqual(body);
      expect((await getLead(ins.leadId)).status).toBe('installation_completed');
      // The signature is one new file in storage.
      expect(filesInStorage(t).filter((f) => !storage.includes(f))).toHaveLength(1);

      const all = await events(ins.leadId);
      const submitted = all.filter((e) => e.type === 'installation_report_submitted');
      expect(submitted).toHaveLength(1);
      expect(submitted[0]).toMatchObject({
        actorUserId: tech.user.id,
        data: { installationId: ins.installationId, chargerSerialNumber: FIELDS.chargerSerialNumber, installationSuccessful: true, demoGiven: true, signature: true, replaced: false },
      });
      expect(all[all.length - 1]).toMatchObject({ type: 'status_changed', fromStatus: 'installation_scheduled', toStatus: 'installation_completed' });

      // The same report again (the phone lost the answer; its If-Match is the one before): the installation as it is, nothing new.
      const sent = { ...FIELDS, demoGiven: 'true', generalNotes: 'Customer shown the app and the RCCB.' };
      const again = ok(await report(tech, ins.id, sent, { bytes: SIGNATURE_PNG, filename: 'sign.png', contentType: 'image/png' }).set('If-Match', `W/"${ins.version}"`));
      expect(again.body).toEqual(body);
      expect(filesInStorage(t).filter((f) => !storage.includes(f))).toHaveLength(1);
      expect((await events(ins.leadId)).filter((e) => e.type === 'installation_report_submitted')).toHaveLength(1);
      // Reported: no other report (another note, another signature), no reschedule; outsiders learn nothing.
      expectProblem(await report(tech, ins.id, { ...sent, generalNotes: 'Another note' }, { bytes: SIGNATURE_PNG }), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
      expectProblem(await report(tech, ins.id, sent, { bytes: SIGNATURE_JPEG, filename: 'sign.jpg', contentType: 'image/jpeg' }), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
      expectProblem(await report(backupTeam.technicians[0], ins.id, sent, { bytes: SIGNATURE_PNG }), 404, { code: 'INSTALLATION_NOT_FOUND' });
      expect(filesInStorage(t).filter((f) => !storage.includes(f))).toHaveLength(1);
      expectProblem(await request(t.server).post(`${INSTALLATIONS}/${ins.id}/reschedule`).set('Authorization', ops.auth).send(slots.take()), 409, {
        code: 'INSTALLATION_INVALID_TRANSITION',
      });
    });

    it('accepts a JPEG signature; demoCompleted stays false without a demo', async () => {
      const ins = await installationIn('completed');
      const res = ok(await report(team.technicians[0], ins.id, { ...FIELDS, demoGiven: 'false' }, { bytes: SIGNATURE_JPEG, filename: 'sign.jpg', contentType: 'image/jpeg' }));
      expect(res.body).toMatchObject({
        status: 'report_submitted',
        demoCompleted: false,
        report: { demoGiven: false, customerSignature: { contentType: 'image/jpeg', sha256: sha256(SIGNATURE_JPEG), sizeBytes: SIGNATURE_JPEG.length } },
      });
    });

    it('refuses a signature that is not PNG or JPEG (415, whatever the client claims) or over the photo limit (413), storing nothing', async () => {
      const ins = await installationIn('completed');
      const storage = filesInStorage(t);
      for (const sample of [SAMPLES.pdf, SAMPLES.gif, SAMPLES.text, SAMPLES.webp]) {
        const problem = expectProblem(await report(team.technicians[0], ins.id, FIELDS, { bytes: sample.bytes, filename: 'signature.png', contentType: 'image/png' }), 415, {
          code: 'UPLOAD_TYPE_NOT_ALLOWED',
        });
        expect(problem.detectedType).toBe(sample.sniffed);
        expect(problem.allowedTypes).toEqual(['image/png', 'image/jpeg']);
        await expectNothingChanged(ins, storage);
      }
      const huge = Buffer.concat([SIGNATURE_PNG, Buffer.alloc(15 * MIB + 1 - SIGNATURE_PNG.length, 0x20)]);
      const problem = expectProblem(await report(team.technicians[0], ins.id, FIELDS, { bytes: huge }), 413, { code: 'UPLOAD_TOO_LARGE' });
      expect(problem.limitBytes).toBe(15 * MIB);
      await expectNothingChanged(ins, storage);
    });

    it('refuses missing, invalid and unknown fields with 400 naming the field, storing nothing', async () => {
      const ins = await installationIn('completed');
      const storage = filesInStorage(t);
      const sig = { bytes: SIGNATURE_PNG };
      const cases: [Record<string, string>, SignaturePart | undefined, string][] = [
        [FIELDS, undefined, 'signature'],
        [{ chargerModel: FIELDS.chargerModel, installationSuccessful: 'true' }, sig, 'chargerSerialNumber'],
        [{ ...FIELDS, chargerSerialNumber: '   ' }, sig, 'chargerSerialNumber'],
        [{ ...FIELDS, chargerSerialNumber: 'S'.repeat(51) }, sig, 'chargerSerialNumber'],
        [{ ...FIELDS, chargerSerialNumber: 'SN<script>' }, sig, 'chargerSerialNumber'],
        [{ chargerSerialNumber: FIELDS.chargerSerialNumber, installationSuccessful: 'true' }, sig, 'chargerModel'],
        [{ ...FIELDS, installationSuccessful: 'yes' }, sig, 'installationSuccessful'],
        [{ chargerSerialNumber: FIELDS.chargerSerialNumber, chargerModel: FIELDS.chargerModel }, sig, 'installationSuccessful'],
        [{ ...FIELDS, demoGiven: '1' }, sig, 'demoGiven'],
        [{ ...FIELDS, colour: 'red' }, sig, 'colour'],
        [{ ...FIELDS, installationSuccessful: 'false' }, undefined, 'issuesEncountered'],
        [{ ...FIELDS, installationSuccessful: 'false', issuesEncountered: '' }, sig, 'issuesEncountered'],
      ];
      for (const [fields, signature, field] of cases) {
        const problem = expectProblem(await report(team.technicians[0], ins.id, fields, signature), 400, { code: 'VALIDATION_FAILED', field });
        expect([...new Set(problem.errors?.map((e) => e.field))], JSON.stringify(fields)).toEqual([field]);
        await expectNothingChanged(ins, storage);
      }
      // A stale If-Match → 412, and the signature received with it is removed again.
      const stale = expectProblem(await report(team.technicians[0], ins.id, FIELDS, sig).set('If-Match', `W/"${ins.version - 1}"`), 412, { code: 'INSTALLATION_PRECONDITION_FAILED' });
      expect(stale.currentVersion).toBe(ins.version);
      await expectNothingChanged(ins, storage);
      // Exactly 50 characters is fine, with the current If-Match; a blank issuesEncountered on success
      // (a form that posts every field) is no issue (seed 001: blank allowed).
      const done = ok(await report(team.technicians[0], ins.id, { ...FIELDS, chargerSerialNumber: 'S'.repeat(50), issuesEncountered: '  ' }, sig).set('If-Match', `W/"${ins.version}"`));
      expect(done.body).toMatchObject({ status: 'report_submitted', report: { chargerSerialNumber: 'S'.repeat(50), issuesEncountered: '' } });
    });

    it('an unsuccessful report keeps the installation completed and the lead scheduled; Central Ops reschedules; the next attempt’s report replaces it', async () => {
      const ins = await installationIn('completed');
      const tech = team.technicians[0];
      const rescheduleTo = (slot: { scheduledDate: string; scheduledTimeSlot: string }) =>
        request(t.server)
          .post(`${INSTALLATIONS}/${ins.id}/reschedule`)
          .set('Authorization', ops.auth)
          .send({ ...slot, reason: 'Second attempt after the earthing is redone' });

      // Before any report a completed installation is not rescheduled.
      const early = expectProblem(await rescheduleTo(slots.take()), 409, { code: 'INSTALLATION_NOT_RESCHEDULABLE' });
      expect(early.reportSubmitted).toBe(false);

      const issues = 'Earth resistance 9 ohm; the pit must be redone before the charger can be energised.';
      const failed = ok(await report(tech, ins.id, { ...FIELDS, chargerSerialNumber: 'SN-FIRST-0001', installationSuccessful: 'false', issuesEncountered: issues }));
      expect(failed.body).toMatchObject({
        status: 'completed',
        demoCompleted: false,
        report: { installationSuccessful: false, issuesEncountered: issues, chargerSerialNumber: 'SN-FIRST-0001', customerSignature: null },
      });
      expect((failed.body as InstallationResponseDto).assignments.find((a) => a.isPrimary)?.status).toBe('accepted');
      expect((await getLead(ins.leadId)).status).toBe('installation_scheduled');
      const unsuccessful = (await events(ins.leadId)).filter((e) => e.type === 'installation_report_unsuccessful');
      expect(unsuccessful).toHaveLength(1);
      expect(unsuccessful[0]).toMatchObject({ actorUserId: tech.user.id, data: { installationSuccessful: false, issuesEncountered: issues, replaced: false } });

      // Only Central Ops reschedules, and not into the same slot.
      expectProblem(
        await request(t.server).post(`${INSTALLATIONS}/${ins.id}/reschedule`).set('Authorization', tech.auth).send(slots.take()),
        403,
        { code: 'FORBIDDEN_ROLE' },
      );
      expectProblem(await rescheduleTo({ scheduledDate: ins.scheduledDate, scheduledTimeSlot: ins.scheduledTimeSlot }), 409, { code: 'INSTALLATION_SLOT_UNCHANGED' });
      const second = slots.take();
      const rescheduled = ok(await rescheduleTo(second)).body as InstallationResponseDto;
      expect(rescheduled).toMatchObject({ status: 'rescheduled', customerConfirmed: false, materialReady: true, scheduledDate: second.scheduledDate, scheduledTimeSlot: second.scheduledTimeSlot });

      // The second attempt: confirmed (after the customer confirms again) → in_progress → completed → a successful report.
      expectProblem(await installationTransition(t, ops, ins.id, 'confirmed'), 409, { code: 'INSTALLATION_NOT_READY' });
      ok(await request(t.server).patch(`${INSTALLATIONS}/${ins.id}`).set('Authorization', ops.auth).send({ customerConfirmed: true }));
      ok(await installationTransition(t, ops, ins.id, 'confirmed'));
      await completeInstallation(t, team, ins.id);
      const done = ok(await submitInstallationReport(t, tech, ins.id, { chargerSerialNumber: 'SN-SECOND-0002', demoGiven: true }));
      expect(done.body).toMatchObject({
        status: 'report_submitted',
        demoCompleted: true,
        report: { installationSuccessful: true, chargerSerialNumber: 'SN-SECOND-0002', issuesEncountered: '', customerSignature: { contentType: 'image/png', sha256: sha256(SAMPLES.png.bytes) } },
      });
      expect((await getInstallation(ins.id)).report?.chargerSerialNumber).toBe('SN-SECOND-0002');
      expect((await getLead(ins.leadId)).status).toBe('installation_completed');
      const submitted = (await events(ins.leadId)).filter((e) => e.type === 'installation_report_submitted');
      expect(submitted.map((e) => e.data?.replaced)).toEqual([true]);
    });

    it('only a member of the primary team reports, and only a completed installation', async () => {
      const early = await installationIn('in_progress', { backup: backupTeam });
      const storage = filesInStorage(t);
      expectProblem(await report(team.technicians[0], early.id, FIELDS, { bytes: SIGNATURE_PNG }), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
      await expectNothingChanged(early, storage);

      const ins = await installationIn('completed', { backup: backupTeam });
      const before = filesInStorage(t);
      expectProblem(await report(backupTeam.technicians[0], ins.id, FIELDS, { bytes: SIGNATURE_PNG }), 403, { code: 'INSTALLATION_NOT_PRIMARY_TEAM' });
      expectProblem(await report(outsider, ins.id, FIELDS, { bytes: SIGNATURE_PNG }), 404, { code: 'INSTALLATION_NOT_FOUND' });
      expectProblem(await report(ops, ins.id, FIELDS, { bytes: SIGNATURE_PNG }), 403, { code: 'FORBIDDEN_ROLE' });
      expectProblem(await report(oem, ins.id, FIELDS, { bytes: SIGNATURE_PNG }), 403, { code: 'FORBIDDEN_ROLE' });
      await expectNothingChanged(ins, before);
    });

    it('a lead on hold: a successful report → 409 INSTALLATION_LEAD_NOT_READY and the stored signature is removed again; after resuming it goes through', async () => {
      const ins = await installationIn('completed');
      ok(await leadTransition(ins.leadId, 'on_hold', 'Customer disputes the invoice'));
      const storage = filesInStorage(t);
      const problem = expectProblem(await report(team.technicians[0], ins.id, FIELDS, { bytes: SIGNATURE_PNG }), 409, { code: 'INSTALLATION_LEAD_NOT_READY' });
      expect(problem.leadStatus).toBe('on_hold');
      await expectNothingChanged(ins, storage, 'on_hold');
      expect((await events(ins.leadId)).filter((e) => e.type.startsWith('installation_report'))).toEqual([]);

      ok(await leadTransition(ins.leadId, 'installation_scheduled'));
      ok(await report(team.technicians[0], ins.id, FIELDS, { bytes: SIGNATURE_PNG }));
      expect((await getLead(ins.leadId)).status).toBe('installation_completed');
    });

    it('of five concurrent successful reports exactly one wins; the others answer 409, never 5xx, and one report row stays (DESIGN §5)', async () => {
      const ins = await installationIn('completed');
      const storage = filesInStorage(t);
      const serials = Array.from({ length: 5 }, (_, i) => `SN-RACE-000${i}`);
      const answers = await Promise.all(serials.map((serial, i) => report(team.technicians[i % 2], ins.id, { ...FIELDS, chargerSerialNumber: serial }, { bytes: SIGNATURE_PNG })));
      expect(answers.map((res) => res.status).sort(), JSON.stringify(answers.map((res) => res.body))).toEqual([200, 409, 409, 409, 409]);
      // Never "no primary team": a loser's transaction checks the team only after its compare-and-set.
      for (const lost of answers.filter((res) => res.status === 409)) expect(['INSTALLATION_CHANGED', 'INSTALLATION_INVALID_TRANSITION']).toContain(lost.body.code);
      const won = answers.find((res) => res.status === 200)!.body as InstallationResponseDto;

      expect(await t.app.get(DataSource).getRepository(InstallationReport).countBy({ installationId: ins.id })).toBe(1);
      expect(await getInstallation(ins.id)).toMatchObject({ status: 'report_submitted', version: ins.version + 1, report: { chargerSerialNumber: won.report?.chargerSerialNumber } });
      expect((await getLead(ins.leadId)).status).toBe('installation_completed');
      expect((await events(ins.leadId)).filter((e) => e.type === 'installation_report_submitted')).toHaveLength(1);
      // The losers' signatures were removed again: only the winner's is stored.
      expect(filesInStorage(t).filter((f) => !storage.includes(f))).toHaveLength(1);
    });

    it('concurrent unsuccessful reports answer 200 or 409 INSTALLATION_CHANGED, never 5xx; one report row, the last winner\'s', async () => {
      const ins = await installationIn('completed');
      const serials = Array.from({ length: 5 }, (_, i) => `SN-RETRY-000${i}`);
      const answers = await Promise.all(
        serials.map((serial, i) => report(team.technicians[i % 2], ins.id, { ...FIELDS, chargerSerialNumber: serial, installationSuccessful: 'false', issuesEncountered: 'No earthing pit yet' })),
      );
      for (const res of answers) {
        if (res.status !== 200) expectProblem(res, 409, { code: 'INSTALLATION_CHANGED' });
      }
      const won = answers.filter((res) => res.status === 200);
      expect(won.length).toBeGreaterThanOrEqual(1);

      expect(await t.app.get(DataSource).getRepository(InstallationReport).countBy({ installationId: ins.id })).toBe(1);
      const after = await getInstallation(ins.id);
      // Each winner bumped the version once and wrote one event; the report left is the last one's.
      expect(after).toMatchObject({ status: 'completed', version: ins.version + won.length });
      const unsuccessful = (await events(ins.leadId)).filter((e) => e.type === 'installation_report_unsuccessful');
      expect(unsuccessful.map((e) => e.data?.replaced)).toEqual(won.map((_, i) => i > 0));
      expect(after.report?.chargerSerialNumber).toBe(unsuccessful[unsuccessful.length - 1].data?.chargerSerialNumber);
    });
  });

  describe('GET /installations/{id}/report/signature', () => {
    const signature = (who: TestUser, id: string) => request(t.server).get(`${INSTALLATIONS}/${id}/report/signature`).set('Authorization', who.auth).buffer(true).parse(binary);

    it('staff and the installation\'s technicians read the stored image with its type, ETag (304) and private caching; OEMs 403, others 404', async () => {
      const ins = await installationIn('completed', { backup: backupTeam });
      ok(await report(team.technicians[1], ins.id, FIELDS, { bytes: SIGNATURE_PNG, filename: 'sign.png', contentType: 'image/png' }));
      const admin = await t.factory.user('admin');
      for (const who of [ops, admin, team.technicians[0], team.technicians[1]]) {
        const res = ok(await signature(who, ins.id));
        expect(res.headers['content-type']).toBe('image/png');
        expect(res.headers.etag).toBe(`"${sha256(SIGNATURE_PNG)}"`);
        expect(res.headers['cache-control']).toMatch(/\bprivate\b/);
        expect(Buffer.compare(res.body as Buffer, SIGNATURE_PNG)).toBe(0);
      }
      const again = await request(t.server).get(`${INSTALLATIONS}/${ins.id}/report/signature`).set('Authorization', ops.auth).set('If-None-Match', `"${sha256(SIGNATURE_PNG)}"`);
      expect(again.status).toBe(304);
      expect(again.text ?? '').toBe('');
      // The backup team's technician reads it exactly when it reads the installation.
      const backupTech = backupTeam.technicians[0];
      const installationStatus = (await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', backupTech.auth)).status;
      expect((await signature(backupTech, ins.id)).status).toBe(installationStatus);
      expectProblem(await signature(outsider, ins.id), 404, { code: 'INSTALLATION_NOT_FOUND' });
      expectProblem(await signature(oem, ins.id), 403);
      expectProblem(await request(t.server).get(`${INSTALLATIONS}/${ins.id}/report/signature`), 401);
    });

    it('serves a JPEG signature as image/jpeg', async () => {
      const ins = await installationIn('completed');
      ok(await report(team.technicians[0], ins.id, FIELDS, { bytes: SIGNATURE_JPEG, filename: 'sign.jpg', contentType: 'image/jpeg' }));
      const res = ok(await signature(ops, ins.id));
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(Buffer.compare(res.body as Buffer, SIGNATURE_JPEG)).toBe(0);
    });

    it('answers 404 naming no field when there is no report, or the report has no signature', async () => {
      const ins = await installationIn('completed');
      const none = expectProblem(await signature(ops, ins.id), 404, { code: 'INSTALLATION_SIGNATURE_NOT_FOUND' });
      expect(none.errors).toBeUndefined();
      ok(await report(team.technicians[0], ins.id, { chargerSerialNumber: FIELDS.chargerSerialNumber, chargerModel: FIELDS.chargerModel, installationSuccessful: 'false', issuesEncountered: 'MCB trips at load' }));
      const unsigned = expectProblem(await signature(team.technicians[0], ins.id), 404, { code: 'INSTALLATION_SIGNATURE_NOT_FOUND' });
      expect(unsigned.errors).toBeUndefined();
      expectProblem(await signature(ops, '00000000-0000-4000-8000-000000000000'), 404, { code: 'INSTALLATION_NOT_FOUND' });
    });
  });

  describe('installation media', () => {
    const upload = (who: TestUser, id: string, bytes: Buffer, filename: string, caption?: string) => {
      const req = request(t.server).post(`${INSTALLATIONS}/${id}/media`).set('Authorization', who.auth);
      if (caption !== undefined) void req.field('caption', caption);
      return req.attach('file', bytes, { filename, contentType: 'application/octet-stream' });
    };
    const download = (who: TestUser, url: string) => request(t.server).get(url).set('Authorization', who.auth).buffer(true).parse(binary);

    it('the primary team adds photos and videos while in progress, completed or reported; listed and downloadable with ETag and Range; refused before, after the closure pack and to others', async () => {
      const ins = await installationIn('confirmed', { backup: backupTeam });
      const tech = team.technicians[0];
      const storage = filesInStorage(t);
      expectProblem(await upload(tech, ins.id, PHOTO, 'early.jpg'), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
      expect(filesInStorage(t)).toEqual(storage);

      ok(await installationTransition(t, tech, ins.id, 'in_progress'));
      const photo = ok(await upload(tech, ins.id, PHOTO, 'wallbox mounted.jpg', 'Wallbox mounted at 1.2 m'), 201).body as MediaResponseDto;
      expect(photo).toMatchObject({
        mediaType: 'photo',
        caption: 'Wallbox mounted at 1.2 m',
        uploadedById: tech.user.id,
        file: { contentType: 'image/jpeg', sizeBytes: PHOTO.length, sha256: sha256(PHOTO), originalName: 'wallbox mounted.jpg' },
      });
      const video = ok(await upload(team.technicians[1], ins.id, SAMPLES.mp4.bytes, 'walkthrough.mp4'), 201).body as MediaResponseDto;
      expect(video).toMatchObject({ mediaType: 'video', caption: '', file: { contentType: 'video/mp4' } });

      const before = filesInStorage(t);
      expectProblem(await upload(backupTeam.technicians[0], ins.id, PHOTO, 'backup.jpg'), 403, { code: 'INSTALLATION_NOT_PRIMARY_TEAM' });
      expectProblem(await upload(outsider, ins.id, PHOTO, 'outsider.jpg'), 404, { code: 'INSTALLATION_NOT_FOUND' });
      expectProblem(await upload(ops, ins.id, PHOTO, 'ops.jpg'), 403, { code: 'FORBIDDEN_ROLE' });
      expectProblem(await upload(tech, ins.id, SAMPLES.pdf.bytes, 'invoice.jpg'), 415, { code: 'UPLOAD_TYPE_NOT_ALLOWED' });
      expect(filesInStorage(t)).toEqual(before);

      ok(await installationTransition(t, tech, ins.id, 'completed'));
      const late = ok(await upload(tech, ins.id, SIGNATURE_PNG, 'meter.png', 'Meter board after'), 201).body as MediaResponseDto;
      expect(late).toMatchObject({ mediaType: 'photo', file: { contentType: 'image/png' } });

      const page = ok(await request(t.server).get(`${INSTALLATIONS}/${ins.id}/media?limit=2&withTotal=true`).set('Authorization', backupTeam.technicians[0].auth)).body as MediaPageDto;
      expect(page.total).toBe(3);
      expect(page.data.map((m) => m.id)).toEqual([photo.id, video.id]);
      const rest = ok(await request(t.server).get(`${INSTALLATIONS}/${ins.id}/media?cursor=${page.nextCursor}`).set('Authorization', ops.auth)).body as MediaPageDto;
      expect(rest.data.map((m) => m.id)).toEqual([late.id]);
      expect(rest.nextCursor).toBeNull();

      const url = `${INSTALLATIONS}/${ins.id}/media/${photo.id}/content`;
      const whole = await download(ops, url);
      expect(whole.status).toBe(200);
      expect(Buffer.compare(whole.body as Buffer, PHOTO)).toBe(0);
      expect(whole.headers).toMatchObject({ 'content-type': 'image/jpeg', etag: `"${sha256(PHOTO)}"`, 'content-length': String(PHOTO.length) });
      const part = await download(tech, url).set('Range', 'bytes=2-11');
      expect(part.status).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes 2-11/${PHOTO.length}`);
      expect(Buffer.compare(part.body as Buffer, PHOTO.subarray(2, 12))).toBe(0);
      expectProblem(await request(t.server).get(url).set('Authorization', outsider.auth), 404, { code: 'INSTALLATION_NOT_FOUND' });
      expectProblem(await request(t.server).get(url).set('Authorization', oem.auth), 403, { code: 'FORBIDDEN_ROLE' });

      // After the report, the photos a phone queued on a poor signal still arrive, from the team that did the work only.
      ok(await submitInstallationReport(t, tech, ins.id));
      const reported = ok(await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', ops.auth)).body as InstallationResponseDto;
      expect(reported.allowedActions).toEqual(['close', 'media']);
      const queued = ok(await upload(tech, ins.id, PHOTO, 'queued.jpg', 'Sent from the basement'), 201).body as MediaResponseDto;
      const stored = filesInStorage(t);
      // The report ended the backup's assignment: the installation is no longer its job.
      expectProblem(await upload(backupTeam.technicians[0], ins.id, PHOTO, 'backup.jpg'), 404, { code: 'INSTALLATION_NOT_FOUND' });
      expect(filesInStorage(t)).toEqual(stored);

      const uploaded = (await events(ins.leadId)).filter((e) => e.type === 'installation_media_uploaded');
      expect(uploaded.map((e) => [e.data?.mediaId, e.data?.mediaType])).toEqual([
        [photo.id, 'photo'],
        [video.id, 'video'],
        [late.id, 'photo'],
        [queued.id, 'photo'],
      ]);
      // The closure pack holds it, and closes the installation to more.
      ok(await request(t.server).post(`${INSTALLATIONS}/${ins.id}/closure-pack`).set('Authorization', ops.auth), 201);
      const closed = filesInStorage(t);
      expectProblem(await upload(tech, ins.id, PHOTO, 'too-late.jpg'), 409, { code: 'INSTALLATION_INVALID_TRANSITION' });
      expect(filesInStorage(t)).toEqual(closed);
      expect(uploaded[0]).toMatchObject({ actorUserId: tech.user.id, data: { installationId: ins.installationId, sha256: sha256(PHOTO), contentType: 'image/jpeg' } });
    });
  });

  describe('OEM view', () => {
    it("the lead shows the OEM its installation summary, and the closure pack link once closed; other OEMs get 404, and no OEM reads /installations", async () => {
      const ins = await installationIn('planned');
      const summary = (status: string) => ({ id: ins.id, installationId: ins.installationId, status, scheduledDate: ins.scheduledDate, scheduledTimeSlot: ins.scheduledTimeSlot });

      let lead = await getLead(ins.leadId, oem);
      expect(lead).toMatchObject({ status: 'installation_scheduled', installation: summary('planned'), closurePack: null });

      await confirmInstallation(t, ops, team, ins);
      await completeInstallation(t, team, ins.id);
      expect(await getLead(ins.leadId, oem)).toMatchObject({ installation: summary('completed'), closurePack: null });
      ok(await submitInstallationReport(t, team.technicians[0], ins.id));
      expect(await getLead(ins.leadId, oem)).toMatchObject({ status: 'installation_completed', installation: summary('report_submitted'), closurePack: null });

      const closed = ok(await request(t.server).post(`${INSTALLATIONS}/${ins.id}/closure-pack`).set('Authorization', ops.auth), 201).body as InstallationResponseDto;
      expect(closed.status).toBe('closed');
      lead = await getLead(ins.leadId, oem);
      expect(lead).toMatchObject({ status: 'closed', installation: summary('closed') });
      expect(lead.closurePack).toEqual({
        url: `/api/v1/installations/${ins.id}/closure-pack/content`,
        generatedAt: expect.any(String),
        sizeBytes: closed.closurePack?.file.sizeBytes,
        sha256: closed.closurePack?.file.sha256,
      });
      const pack = await request(t.server)
        .get(lead.closurePack?.url as string)
        .set('Authorization', oem.auth)
        .buffer(true)
        .parse(binary);
      expect(pack.status).toBe(200);
      expect(sha256(pack.body as Buffer)).toBe(lead.closurePack?.sha256);

      const oemB = await t.factory.user('oem');
      expectProblem(await request(t.server).get(`${LEADS}/${ins.leadId}`).set('Authorization', oemB.auth), 404, { code: 'LEAD_NOT_FOUND' });
      expectProblem(await request(t.server).get(`${LEADS}/${ins.leadId}/events`).set('Authorization', oemB.auth), 404, { code: 'LEAD_NOT_FOUND' });
      for (const who of [oem, oemB]) {
        expectProblem(await request(t.server).get(`${INSTALLATIONS}/${ins.id}`).set('Authorization', who.auth), 403, { code: 'FORBIDDEN_ROLE' });
        expectProblem(await request(t.server).get(`${INSTALLATIONS}/${ins.id}/media`).set('Authorization', who.auth), 403, { code: 'FORBIDDEN_ROLE' });
      }
    });
  });
});
