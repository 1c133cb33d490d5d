import type { Response } from 'supertest';
import { expect } from 'vitest';

export const LEADS = '/api/v1/leads';
export const LEAD_SOURCES = '/api/v1/lead-sources';

/** A problem+json body as the API sends it (DESIGN §6). */
export interface Problem {
  status: number;
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
  [member: string]: unknown;
}

/**
 * Asserts an RFC 9457 problem answer with `status` and, when given, its machine `code` and the
 * field named in `errors[]`. Returns the body for further checks.
 */
export function expectProblem(res: Response, status: number, expected: { code?: string; field?: string } = {}): Problem {
  expect(res.status, `${res.status} ${JSON.stringify(res.body)}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.body as Problem;
  expect(body.status).toBe(status);
  if (expected.code) expect(body.code).toBe(expected.code);
  if (expected.field) expect((body.errors ?? []).map((e) => e.field)).toContain(expected.field);
  return body;
}

/** A timeline entry as `GET /leads/{id}/events` returns it. */
export interface TimelineEvent {
  id: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  data: Record<string, unknown> | null;
  createdAt: string;
}

/** Every event of a lead's timeline, following `nextCursor` to the end. */
export async function allEvents(get: (url: string) => Promise<Response>, leadId: string): Promise<TimelineEvent[]> {
  const events: TimelineEvent[] = [];
  let cursor: string | null = null;
  do {
    const res: Response = await get(`${LEADS}/${leadId}/events?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    events.push(...(res.body as { data: TimelineEvent[] }).data);
    cursor = (res.body as { nextCursor: string | null }).nextCursor;
  } while (cursor);
  return events;
}
