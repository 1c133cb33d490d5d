import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatRetentionReport } from '../src/cli/retention.command.js';
import { StoredFile } from '../src/documents/entities/stored-file.entity.js';
import { purgedKey } from '../src/documents/storage/file-storage.js';
import { ANONYMISED_FIELDS, CLEARED_FIELDS, RetentionService } from '../src/events/retention/retention.service.js';
import { LeadEvent } from '../src/leads/entities/lead-event.entity.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import { SAMPLES, uploaded } from './support/documents.js';
import type { TestUser } from './support/factory.js';
import { completeInstallation, confirmInstallation, INSTALLATIONS, installationTransition, planInstallation, submitInstallationReport } from './support/installations.js';
import { allEvents, LEADS } from './support/lead-helpers.js';
import { createTeam, scheduleSurvey, SlotSequence, SURVEYS, surveyAction, type TestTeam, VALID_REPORT } from './support/surveys.js';
import { onPostgres, startTestApp, type TestApp } from './support/test-app.js';

const DAY = 86_400_000;
/**
 * What must not outlive retention: the customer's surname, street, phone (as typed in notes and as
 * stored) and the ID document a file was named after. Made-up words, so that faker's random staff
 * and OEM names (en_IN) never contain one: the whole JSON of every answer is searched.
 */
const PERSONAL = /sharmaville|meherbagh|aadhaar|98200 11223|9820011223|flat 402/i;

/** Every path in `value` (keys and values) where {@link PERSONAL} matches, e.g. `documents.data.0.notes`. */
function traces(value: unknown, path = ''): string[] {
  if (typeof value === 'string') return PERSONAL.test(value) ? [`${path}: ${value}`] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, inner]) => [...(PERSONAL.test(key) ? [`${path}.${key} (key)`] : []), ...traces(inner, path ? `${path}.${key}` : key)]);
}

describe('retention: file names and free text that may name the customer go with the contact data', () => {
  let t: TestApp;
  let oem: TestUser;
  let ops: TestUser;
  let team: TestTeam;
  const slots = new SlotSequence();

  beforeAll(async () => {
    t = await startTestApp({ LEAD_RETENTION_DAYS: '30' });
    await t.factory.loadPincodes();
    [oem, ops] = await Promise.all([t.factory.user('oem'), t.factory.user('central_ops')]);
    team = await createTeam(t, ops);
  });
  afterAll(() => t.close());

  const ok = (res: request.Response, status = 200) => {
    expect(res.status, JSON.stringify(res.body)).toBe(status);
    return res;
  };
  const get = async (who: TestUser, url: string) => ok(await request(t.server).get(url).set('Authorization', who.auth)).body as Record<string, unknown>;
  const tech = () => team.technicians[0];

  /** What the OEM and Central Ops read of a lead and its jobs, every answer whole. */
  async function views(leadId: string, surveyIds: string[], installationIds: string[]) {
    const read = async (who: TestUser) => ({
      lead: await get(who, `${LEADS}/${leadId}`),
      documents: await get(who, `${LEADS}/${leadId}/documents?limit=100`),
      timeline: await allEvents((url) => request(t.server).get(url).set('Authorization', who.auth), leadId),
    });
    const jobs = async (path: string, ids: string[]) => Promise.all(ids.map(async (id) => ({ job: await get(ops, `${path}/${id}`), media: await get(ops, `${path}/${id}/media?limit=100`) })));
    return { oem: await read(oem), ops: { ...(await read(ops)), surveys: await jobs(SURVEYS, surveyIds), installations: await jobs(INSTALLATIONS, installationIds) } };
  }

  it('a closed and a cancelled lead: no file name, note, caption or closing note of theirs is left in any answer, to the OEM or to Central Ops; statuses, dates, types and numbers stay; a second run changes nothing', async () => {
    // A closed lead: on hold once (with a note), documents named after the customer (with notes),
    // a survey cancelled and one approved (report notes, photo caption, approval notes), an
    // installation cancelled and one failed, rescheduled and reported (issues, notes, signature).
    const lead = await t.factory.leadInStatus(oem, ops, 'documents_received', {
      overrides: { customerName: 'Anita Sharmaville', customerPhone: '+919820011223', customerEmail: 'anita.sharmaville@example.in', addressLine1: 'Flat 402, Meherbagh Towers', addressLine2: 'Near Meherbagh bus stop' },
    });
    const transition = (id: string, body: object) => request(t.server).post(`${LEADS}/${id}/transitions`).set('Authorization', ops.auth).send(body);
    ok(await transition(lead.id, { to: 'on_hold', reasonCode: 'customer_requested_delay', note: 'Anita Sharmaville travelling; call 98200 11223 after the 10th' }));
    ok(await transition(lead.id, { to: 'documents_received' }));
    await uploaded(t, { Authorization: oem.auth }, lead.id, { documentType: 'electricity_bill', file: SAMPLES.pdf.bytes, filename: 'Anita_Sharmaville_MSEDCL_bill.pdf', notes: 'Bill in the name of Anita Sharmaville, Flat 402' });
    await uploaded(t, { Authorization: oem.auth }, lead.id, { documentType: 'other', file: SAMPLES.pdf.bytes, filename: 'Anita_Sharmaville_Aadhaar.pdf', notes: 'Aadhaar card, phone 98200 11223' });
    await uploaded(t, { Authorization: ops.auth }, lead.id, { documentType: 'location_photo', file: SAMPLES.jpeg.bytes, filename: 'Meherbagh_parking.jpg' });

    const cancelledSurvey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    ok(await surveyAction(t, ops, cancelledSurvey.id, 'cancel', { reason: 'Anita Sharmaville not at home, Flat 402 locked' }));
    const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
    ok(await surveyAction(t, tech(), survey.id, 'start'));
    ok(
      await request(t.server)
        .post(`${SURVEYS}/${survey.id}/media`)
        .set('Authorization', tech().auth)
        .field('caption', 'Meter room of Meherbagh Towers, Flat 402 slot')
        .attach('file', SAMPLES.jpeg.bytes, { filename: 'Sharmaville_meter.jpg', contentType: 'image/jpeg' }),
      201,
    );
    ok(await surveyAction(t, tech(), survey.id, 'report', { ...VALID_REPORT, notes: 'Customer Anita Sharmaville, Flat 402; her husband answers 98200 11223' }));
    ok(await surveyAction(t, ops, survey.id, 'approve', { notes: 'Fine for the Sharmaville flat' }));

    const cancelledInstallation = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    ok(await installationTransition(t, ops, cancelledInstallation.id, 'cancelled', 'Sharmaville family asked to postpone'));
    const planned = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
    await confirmInstallation(t, ops, team, planned);
    await completeInstallation(t, team, planned.id);
    ok(
      await request(t.server)
        .post(`${INSTALLATIONS}/${planned.id}/media`)
        .set('Authorization', tech().auth)
        .field('caption', 'Charger beside the Flat 402 parking slot')
        .attach('file', SAMPLES.png.bytes, { filename: 'Anita_Sharmaville_charger.png', contentType: 'image/png' }),
      201,
    );
    ok(await submitInstallationReport(t, tech(), planned.id, { installationSuccessful: false, issuesEncountered: 'Meherbagh society guard refused entry', signature: null }));
    ok(await request(t.server).post(`${INSTALLATIONS}/${planned.id}/reschedule`).set('Authorization', ops.auth).send({ ...slots.take(), reason: 'Anita Sharmaville asked for a Sunday' }));
    ok(await request(t.server).patch(`${INSTALLATIONS}/${planned.id}`).set('Authorization', ops.auth).send({ customerConfirmed: true }));
    ok(await installationTransition(t, ops, planned.id, 'confirmed'));
    await completeInstallation(t, team, planned.id);
    ok(
      await submitInstallationReport(t, tech(), planned.id, {
        chargerSerialNumber: 'TPW7K-2611-009876',
        demoGiven: true,
        issuesEncountered: 'Cable run through the Meherbagh basement',
        generalNotes: 'Demo given to Anita Sharmaville and her son',
        signature: { bytes: SAMPLES.png.bytes, filename: 'Anita_Sharmaville_signature.png' },
      }),
    );
    ok(await request(t.server).post(`${INSTALLATIONS}/${planned.id}/closure-pack`).set('Authorization', ops.auth), 201);

    // A cancelled lead: cancelling it with a note cancels its survey with that note too.
    const other = await t.factory.leadInStatus(oem, ops, 'documents_received', { overrides: { customerName: 'Ravi Sharmaville' } });
    const otherSurvey = await scheduleSurvey(t, ops, other.id, { primaryTeamId: team.id, ...slots.take() });
    ok(await transition(other.id, { to: 'cancelled', reasonCode: 'customer_not_interested', note: 'Ravi Sharmaville moved to Meherbagh, Nagpur' }));

    const closedIds: [string, string[], string[]] = [lead.id, [cancelledSurvey.id, survey.id], [cancelledInstallation.id, planned.id]];
    const before = { closed: await views(...closedIds), cancelled: await views(other.id, [otherSurvey.id], []) };
    // The test puts personal data everywhere it looks afterwards.
    for (const marker of ['Sharmaville', 'Meherbagh', 'Aadhaar', '98200 11223', 'Flat 402']) expect(JSON.stringify(before.closed)).toContain(marker);
    for (const where of ['documents', 'timeline'] as const) expect(traces(before.closed.oem[where])).not.toEqual([]);
    expect(before.closed.ops.lead).toMatchObject({ status: 'closed' });
    expect(before.cancelled.ops.lead).toMatchObject({ status: 'cancelled', closingReasonCode: 'customer_not_interested', closingReason: 'Ravi Sharmaville moved to Meherbagh, Nagpur' });

    // Not yet due a day before the retention period ends; due a day after it.
    const retention = t.app.get(RetentionService);
    expect((await retention.run({ now: new Date(Date.now() + 29 * DAY) }))!.leads).toEqual([]);
    const later = new Date(Date.now() + 31 * DAY);
    const dry = (await retention.run({ dryRun: true, now: later }))!;
    const done = (await retention.run({ now: later }))!;
    const after = { closed: await views(...closedIds), cancelled: await views(other.id, [otherSurvey.id], []) };
    expect(traces(after)).toEqual([]);
    expect(JSON.stringify(after)).not.toMatch(PERSONAL);
    expect(dry.leads.map((l) => [l.leadId, l.files, l.completed]).sort()).toEqual([[lead.id, 7, false], [other.id, 0, false]].sort());
    expect(done.leads.map((l) => l.leadId).sort()).toEqual([lead.id, other.id].sort());
    expect(done.filesDeleted).toBe(7); // 3 documents, 2 photos, the signature, the closure pack

    // What reports and the closure pack's checks need stays.
    const closed = after.closed.ops;
    expect(closed.lead).toMatchObject({ status: 'closed', createdAt: before.closed.ops.lead.createdAt, city: before.closed.ops.lead.city, pincode: before.closed.ops.lead.pincode, closingReason: null });
    expect(after.closed.oem.lead).toMatchObject({ status: 'closed', closurePack: { sha256: (before.closed.oem.lead.closurePack as { sha256: string }).sha256 } });
    type Doc = { documentType: string; uploadedAt: string; notes: string; file: { originalName: string; contentType: string; sizeBytes: number; sha256: string } };
    const docs = (view: typeof closed) => view.documents.data as Doc[];
    expect(docs(closed).map((d) => [d.documentType, d.file.originalName, d.notes])).toEqual([
      ['electricity_bill', 'document-electricity_bill-1.pdf', ''],
      ['other', 'document-other-1.pdf', ''],
      ['location_photo', 'document-location_photo-1.jpg', ''],
    ]);
    expect(docs(closed).map((d) => [d.uploadedAt, d.file.sizeBytes, d.file.sha256, d.file.contentType])).toEqual(docs(before.closed.ops).map((d) => [d.uploadedAt, d.file.sizeBytes, d.file.sha256, d.file.contentType]));
    const [cancelledSurveyAfter, surveyAfter] = closed.surveys;
    expect(cancelledSurveyAfter.job).toMatchObject({ status: 'cancelled', closingReason: null, scheduledDate: cancelledSurvey.scheduledDate });
    expect(surveyAfter.job).toMatchObject({ status: 'approved', report: { ...VALID_REPORT, notes: '' } });
    expect(surveyAfter.media.data).toMatchObject([{ mediaType: 'photo', caption: '', file: { originalName: 'photo-1.jpg', contentType: 'image/jpeg' } }]);
    const [cancelledInstallationAfter, installationAfter] = closed.installations;
    expect(cancelledInstallationAfter.job).toMatchObject({ status: 'cancelled', closingReason: null });
    expect(installationAfter.job).toMatchObject({
      status: 'closed',
      scheduledDate: (before.closed.ops.installations[1].job as { scheduledDate: string }).scheduledDate,
      report: { installationSuccessful: true, demoGiven: true, chargerSerialNumber: 'TPW7K-2611-009876', issuesEncountered: '', generalNotes: '', customerSignature: { originalName: 'signature.png', contentType: 'image/png' } },
    });
    expect(installationAfter.media.data).toMatchObject([{ mediaType: 'photo', caption: '', file: { originalName: 'photo-1.png' } }]);
    // The timeline keeps every entry, its type, statuses, time and structured data; only the file names and notes are gone.
    type Entry = { id: number; type: string; fromStatus: string | null; toStatus: string | null; createdAt: string; data: Record<string, unknown> | null };
    const shape = (entries: Entry[]) => entries.map((e) => [e.id, e.type, e.fromStatus, e.toStatus, e.createdAt]);
    for (const who of ['oem', 'ops'] as const) {
      const entries = after.closed[who].timeline as Entry[];
      expect(shape(entries)).toEqual([...shape(before.closed[who].timeline as Entry[]), shape(entries.slice(-1))[0]]);
      expect(entries.at(-1)).toMatchObject({ type: 'anonymised', data: { fields: [...ANONYMISED_FIELDS], filesDeleted: 7, retentionDays: 30 } });
    }
    const entries = after.closed.ops.timeline as Entry[];
    expect(entries.filter((e) => e.type === 'document_uploaded').map((e) => e.data)).toEqual([
      expect.objectContaining({ documentType: 'electricity_bill', contentType: 'application/pdf', sha256: expect.any(String) }),
      expect.objectContaining({ documentType: 'other' }),
      expect.objectContaining({ documentType: 'location_photo' }),
    ]);
    expect(entries.find((e) => e.type === 'status_changed' && e.toStatus === 'on_hold')?.data).toEqual({ reasonCode: 'customer_requested_delay' });
    expect(entries.find((e) => e.type === 'installation_report_unsuccessful')?.data).toMatchObject({ installationSuccessful: false, chargerSerialNumber: 'TPW7K-2611-004512' });
    expect(entries.find((e) => e.type === 'anonymised')?.data).toMatchObject({ cleared: [...CLEARED_FIELDS] });
    expect(after.cancelled.ops.lead).toMatchObject({ status: 'cancelled', closingReasonCode: 'customer_not_interested', closingReason: null, customerName: 'Anonymised' });
    expect(after.cancelled.ops.surveys[0].job).toMatchObject({ status: 'cancelled', closingReason: null });

    // Running again finds nothing to do and changes nothing anyone reads.
    expect((await retention.run({ now: later }))!.leads).toEqual([]);
    expect({ closed: await views(...closedIds), cancelled: await views(other.id, [otherSurvey.id], []) }).toEqual(after);
  });

  it('completes a lead an earlier version of the job anonymised (contact data only), without a second entry', async () => {
    const lead = await t.factory.leadInStatus(oem, ops, 'documents_received', { overrides: { customerName: 'Kiran Sharmaville' } });
    const doc = await uploaded(t, { Authorization: oem.auth }, lead.id, { documentType: 'other', file: SAMPLES.pdf.bytes, filename: 'Kiran_Sharmaville_Aadhaar.pdf', notes: 'Aadhaar, Flat 402' });
    ok(await request(t.server).post(`${LEADS}/${lead.id}/transitions`).set('Authorization', ops.auth).send({ to: 'cancelled', reason: 'Kiran Sharmaville moved away' }));
    // What the earlier version left: the contact data replaced, the file deleted, an `anonymised` entry without `cleared`.
    const db = t.app.get(DataSource);
    await db.getRepository(Lead).update({ id: lead.id }, { customerName: 'Anonymised', customerPhone: '+910000000000', customerEmail: null, addressLine1: 'Anonymised', addressLine2: '', latitude: null, longitude: null });
    await db.getRepository(StoredFile).update({ id: doc.file.id }, { storageKey: purgedKey(doc.file.id) });
    const oldFields = ['customerName', 'customerPhone', 'customerEmail', 'addressLine1', 'addressLine2', 'latitude', 'longitude'];
    await db.getRepository(LeadEvent).insert({ leadId: lead.id, type: 'anonymised', fromStatus: null, toStatus: null, actorUserId: null, actorApiKeyId: null, data: { fields: oldFields, filesDeleted: 1, retentionDays: 30 }, createdAt: new Date() });
    expect(traces(await views(lead.id, [], []))).not.toEqual([]);

    const later = new Date(Date.now() + 31 * DAY);
    const retention = t.app.get(RetentionService);
    const dry = (await retention.run({ dryRun: true, now: later }))!;
    const done = (await retention.run({ now: later }))!;
    const after = await views(lead.id, [], []);
    expect(traces(after)).toEqual([]);
    expect(dry.leads).toMatchObject([{ leadId: lead.id, files: 0, completed: true }]);
    expect(done).toMatchObject({ filesDeleted: 0, leads: [{ leadId: lead.id, completed: true }] });
    expect(formatRetentionReport(done)).toContain(`${lead.id}  cancelled   since`);
    expect(formatRetentionReport(done)).toContain('(completing an earlier anonymisation)');
    expect(after.ops.documents.data).toMatchObject([{ documentType: 'other', notes: '', file: { originalName: 'document-other-1.pdf' } }]);
    const anonymised = (after.ops.timeline as Array<{ type: string; data: unknown }>).filter((e) => e.type === 'anonymised');
    expect(anonymised).toHaveLength(1);
    expect(anonymised[0].data).toEqual({ fields: [...ANONYMISED_FIELDS], cleared: [...CLEARED_FIELDS], filesDeleted: 1, retentionDays: 30 });
    expect((await retention.run({ now: later }))!.leads).toEqual([]);
    // The entry's row was rewritten in place: still one, as the outbox (which reads new ids only) saw it.
    const rows = (await db.query(`SELECT COUNT(*) AS n FROM lead_events WHERE lead_id = ${onPostgres ? '$1' : '?'} AND type = 'anonymised'`, [lead.id])) as Array<{ n: number | string }>;
    expect(Number(rows[0].n)).toBe(1);
  });
});
