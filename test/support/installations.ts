import request from 'supertest';
import { expect } from 'vitest';
import type { InstallationResponseDto } from '../../src/installations/dto/installation-response.dto.js';
import type { SurveyResponseDto } from '../../src/surveys/dto/survey-response.dto.js';
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
