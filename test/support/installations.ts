import request from 'supertest';
import { expect } from 'vitest';
import type { InstallationResponseDto } from '../../src/installations/dto/installation-response.dto.js';
import type { SurveyResponseDto } from '../../src/surveys/dto/survey-response.dto.js';
import { SAMPLES } from './documents.js';
import type { TestUser } from './factory.js';
import { readyLead, scheduleSurvey, type SlotSequence, surveyAction, type TestTeam, VALID_REPORT } from './surveys.js';
import type { TestApp } from './test-app.js';

export const INSTALLATIONS = '/api/v1/installations';
export const installationOf = (surveyId: string) => `/api/v1/surveys/${surveyId}/installation`;

/**
 * A lead walked over HTTP to `survey_completed`: a survey scheduled for `team` in the next slot
 * of `slots`, started and reported by the team's first technician, and approved by `ops`.
 */
export async function approvedSurvey(t: TestApp, oem: TestUser, ops: TestUser, team: TestTeam, slots: SlotSequence): Promise<SurveyResponseDto> {
  const lead = await readyLead(t, oem, ops);
  const survey = await scheduleSurvey(t, ops, lead.id, { primaryTeamId: team.id, ...slots.take() });
  const tech = team.technicians[0];
  for (const [who, action, body] of [
    [tech, 'start', {}],
    [tech, 'report', VALID_REPORT],
    [ops, 'approve', {}],
  ] as const) {
    const res = await surveyAction(t, who, survey.id, action, body);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return survey;
}

/** Plans an installation over HTTP and expects 201. */
export async function planInstallation(
  t: TestApp,
  ops: TestUser,
  surveyId: string,
  body: { primaryTeamId: string; backupTeamId?: string; scheduledDate: string; scheduledTimeSlot: string },
): Promise<InstallationResponseDto> {
  const res = await request(t.server).post(installationOf(surveyId)).set('Authorization', ops.auth).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as InstallationResponseDto;
}

/** `POST /installations/{id}/transitions {to, reason?}` as `who`. */
export function installationTransition(t: TestApp, who: TestUser, id: string, to: string, reason?: string): request.Test {
  return request(t.server).post(`${INSTALLATIONS}/${id}/transitions`).set('Authorization', who.auth).send(reason === undefined ? { to } : { to, reason });
}

/** The report's fields as multipart text, and the customer's signature (a PNG by default; `null` leaves it out). */
export interface ReportInput {
  chargerSerialNumber?: string;
  chargerModel?: string;
  installationSuccessful?: boolean;
  demoGiven?: boolean;
  issuesEncountered?: string;
  generalNotes?: string;
  signature?: { bytes: Buffer; filename?: string; contentType?: string } | null;
}

/** `PUT /installations/{id}/report` (multipart) as `who`. */
export function submitInstallationReport(t: TestApp, who: TestUser, id: string, input: ReportInput = {}): request.Test {
  const fields = {
    chargerSerialNumber: input.chargerSerialNumber ?? 'TPW7K-2611-004512',
    chargerModel: input.chargerModel ?? 'Tata Power 7.2 kW AC wallbox',
    installationSuccessful: String(input.installationSuccessful ?? true),
    ...(input.demoGiven !== undefined && { demoGiven: String(input.demoGiven) }),
    ...(input.issuesEncountered !== undefined && { issuesEncountered: input.issuesEncountered }),
    ...(input.generalNotes !== undefined && { generalNotes: input.generalNotes }),
  };
  const req = request(t.server).put(`${INSTALLATIONS}/${id}/report`).set('Authorization', who.auth);
  for (const [name, value] of Object.entries(fields)) void req.field(name, value);
  const signature = input.signature === undefined ? { bytes: SAMPLES.png.bytes } : input.signature;
  if (signature) void req.attach('signature', signature.bytes, { filename: signature.filename ?? 'signature.png', contentType: signature.contentType ?? 'image/png' });
  return req;
}

/**
 * Walks a planned installation to `confirmed` over HTTP: materials ordered and ready, the
 * customer's confirmation recorded, the primary team's first technician accepts.
 */
export async function confirmInstallation(t: TestApp, ops: TestUser, team: TestTeam, installation: InstallationResponseDto): Promise<InstallationResponseDto> {
  const primary = installation.assignments.find((a) => a.isPrimary && a.status === 'assigned');
  if (primary) {
    const accepted = await request(t.server).patch(`${INSTALLATIONS}/${installation.id}/assignments/${primary.id}`).set('Authorization', team.technicians[0].auth).send({ status: 'accepted' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  }
  for (const to of ['material_pending', 'material_ready']) {
    const res = await installationTransition(t, ops, installation.id, to);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  const patched = await request(t.server).patch(`${INSTALLATIONS}/${installation.id}`).set('Authorization', ops.auth).send({ customerConfirmed: true });
  expect(patched.status, JSON.stringify(patched.body)).toBe(200);
  const confirmed = await installationTransition(t, ops, installation.id, 'confirmed');
  expect(confirmed.status, JSON.stringify(confirmed.body)).toBe(200);
  return confirmed.body as InstallationResponseDto;
}

/** Starts and completes a confirmed installation as the primary team's first technician. */
export async function completeInstallation(t: TestApp, team: TestTeam, id: string): Promise<InstallationResponseDto> {
  let res: request.Response | undefined;
  for (const to of ['in_progress', 'completed']) {
    res = await installationTransition(t, team.technicians[0], id, to);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
  return (res as request.Response).body as InstallationResponseDto;
}

/**
 * A lead walked over HTTP to `installation_completed`: survey approved, installation planned for
 * `team`, confirmed, installed, one installation photo uploaded and a successful report with a
 * PNG signature submitted.
 */
export async function reportedInstallation(
  t: TestApp,
  oem: TestUser,
  ops: TestUser,
  team: TestTeam,
  slots: SlotSequence,
): Promise<{ survey: SurveyResponseDto; installation: InstallationResponseDto }> {
  const survey = await approvedSurvey(t, oem, ops, team, slots);
  const planned = await planInstallation(t, ops, survey.id, { primaryTeamId: team.id, ...slots.take() });
  await confirmInstallation(t, ops, team, planned);
  await completeInstallation(t, team, planned.id);
  const photo = await request(t.server)
    .post(`${INSTALLATIONS}/${planned.id}/media`)
    .set('Authorization', team.technicians[0].auth)
    .field('caption', 'Charger mounted, cable in conduit')
    .attach('file', SAMPLES.jpeg.bytes, { filename: 'charger.jpg', contentType: 'image/jpeg' });
  expect(photo.status, JSON.stringify(photo.body)).toBe(201);
  const reported = await submitInstallationReport(t, team.technicians[0], planned.id, { demoGiven: true });
  expect(reported.status, JSON.stringify(reported.body)).toBe(200);
  return { survey, installation: reported.body as InstallationResponseDto };
}
