import request, { type Test } from 'supertest';
import { DataSource } from 'typeorm';
import { expect } from 'vitest';
import type { LeadResponseDto } from '../../src/leads/dto/lead-response.dto.js';
import type { SurveyResponseDto } from '../../src/surveys/dto/survey-response.dto.js';
import type { TeamResponseDto } from '../../src/teams/dto/team-response.dto.js';
import { TeamBooking } from '../../src/teams/entities/team-booking.entity.js';
import { addDays, TIME_SLOTS, type TimeSlot, todayInIndia } from '../../src/teams/time-slots.js';
import type { TestUser } from './factory.js';
import type { TestApp } from './test-app.js';

export const TEAMS = '/api/v1/teams';
export const SURVEYS = '/api/v1/surveys';
export const surveysOf = (leadId: string) => `/api/v1/leads/${leadId}/surveys`;

/** The calendar date in India `days` days from today. */
export const istDate = (days: number): string => addDays(todayInIndia(), days);

/** A field team made over HTTP, with its technicians (the first one leads it). */
export interface TestTeam {
  id: string;
  name: string;
  technicians: TestUser[];
}

let teamSequence = 0;

/** Creates a team as `ops` with `technicians` new field technicians as members. */
export async function createTeam(t: TestApp, ops: TestUser, options: { technicians?: number; city?: string; state?: string } = {}): Promise<TestTeam> {
  teamSequence += 1;
  const name = `Team ${teamSequence} ${Math.random().toString(36).slice(2, 8)}`;
  const res = await request(t.server)
    .post(TEAMS)
    .set('Authorization', ops.auth)
    .send({ name, city: options.city ?? 'Pune', state: options.state ?? 'Maharashtra' });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const team = res.body as TeamResponseDto;
  const technicians: TestUser[] = [];
  for (let i = 0; i < (options.technicians ?? 1); i++) {
    const tech = await t.factory.user('field_technician');
    const added = await request(t.server).post(`${TEAMS}/${team.id}/members`).set('Authorization', ops.auth).send({ userId: tech.user.id, isLead: i === 0 });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    technicians.push(tech);
  }
  return { id: team.id, name, technicians };
}

/**
 * Hands out distinct future slots (from the day after tomorrow on), so tests that share a team
 * never collide by accident.
 */
export class SlotSequence {
  private next = 0;
  constructor(private readonly firstDay = 2) {}

  take(): { scheduledDate: string; scheduledTimeSlot: TimeSlot } {
    const i = this.next++;
    return { scheduledDate: istDate(this.firstDay + Math.floor(i / TIME_SLOTS.length)), scheduledTimeSlot: TIME_SLOTS[i % TIME_SLOTS.length] };
  }
}

/** A lead walked to `documents_received`, ready for a survey. */
export function readyLead(t: TestApp, oem: TestUser, ops: TestUser): Promise<LeadResponseDto> {
  return t.factory.leadInStatus(oem, ops, 'documents_received');
}

/** Schedules a survey over HTTP and expects 201. */
export async function scheduleSurvey(
  t: TestApp,
  ops: TestUser,
  leadId: string,
  body: { primaryTeamId: string; backupTeamId?: string; scheduledDate: string; scheduledTimeSlot: string },
): Promise<SurveyResponseDto> {
  const res = await request(t.server).post(surveysOf(leadId)).set('Authorization', ops.auth).send(body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as SurveyResponseDto;
}

/** A complete, valid survey report (DESIGN §4). */
export const VALID_REPORT = {
  parkingType: 'covered',
  supplyPhase: 'single',
  sanctionedLoadKw: 7.5,
  earthingAvailable: true,
  meterToChargerDistanceM: 12.5,
  cableLengthM: 15,
  civilWorkRequired: false,
  recommendedChargerModel: '7.4 kW AC Wallbox',
  feasible: true,
  notes: 'Meter in the stilt parking, 12 m from the allotted spot.',
} as const;

/** `POST /surveys/{id}/{action}` (or `PUT …/report`) as `who`. */
export function surveyAction(t: TestApp, who: TestUser, surveyId: string, action: string, body: object = {}): Test {
  if (action === 'report') return request(t.server).put(`${SURVEYS}/${surveyId}/report`).set('Authorization', who.auth).send(body);
  return request(t.server).post(`${SURVEYS}/${surveyId}/${action}`).set('Authorization', who.auth).send(body);
}

/** Booking rows of a survey or a slot, read straight from the database. */
export function bookingRows(t: TestApp, where: { surveyId?: string; teamId?: string; date?: string; timeSlot?: TimeSlot }): Promise<TeamBooking[]> {
  return t.app.get(DataSource).getRepository(TeamBooking).find({ where });
}
