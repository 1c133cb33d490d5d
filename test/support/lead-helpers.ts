import type { Response } from 'supertest';
import { expect } from 'vitest';

export const LEADS = '/api/v1/leads';
export const LEAD_SOURCES = '/api/v1/lead-sources';

// One problem assertion for the whole suite: the one in factory.ts, re-exported for the lead specs.
export { expectProblem } from './factory.js';
export type { ProblemDetails as Problem } from '../../src/common/problem.filter.js';

/** A timeline entry as `GET /leads/{id}/events` returns it. */
export interface TimelineEvent {
  id: number;
  type: string;
  fromStatus: string | null;
  toStatus: string | null;
  actorUserId: string | null;
  actorApiKeyId: string | null;
  /** Who acted, as the reader may see it (issue 16's audience policy for OEMs). */
  actorName?: string | null;
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
