import { AppException } from '../common/problem.js';
import { isUuid } from '../common/uuid.js';

/** A scheduled job as a list orders it (DESIGN §6 keyset pagination): date, slot, then id. */
export interface SlotOrdered {
  id: string;
  scheduledDate: string;
  scheduledTimeSlot: string;
}

/** The opaque cursor after `job` in a list of surveys or installations ordered by date, slot and id. */
export function encodeSlotCursor(job: SlotOrdered): string {
  return Buffer.from(JSON.stringify([job.scheduledDate, job.scheduledTimeSlot, job.id])).toString('base64url');
}

/** @throws 400 INVALID_CURSOR for anything {@link encodeSlotCursor} did not make */
export function decodeSlotCursor(cursor: string): { date: string; slot: string; id: string } {
  try {
    const [date, slot, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown, unknown];
    if (
      typeof date === 'string' &&
      /^\d{4}-\d{2}-\d{2}$/.test(date) &&
      typeof slot === 'string' &&
      /^\d{2}-\d{2}$/.test(slot) &&
      isUuid(id)
    ) {
      return { date, slot, id };
    }
  } catch {
    // fall through
  }
  throw new AppException(400, 'INVALID_CURSOR', 'cursor is not a cursor this API returned', { errors: [{ field: 'cursor', message: 'invalid cursor' }] });
}

/**
 * The keyset condition "after the cursor" for a query builder over `alias` (date, slot, id ascending).
 * @returns the SQL and its parameters
 */
export function afterSlotCursor(alias: string, cursor: string): { sql: string; params: Record<string, string> } {
  const after = decodeSlotCursor(cursor);
  return {
    sql: `(${alias}.scheduledDate > :afterDate OR (${alias}.scheduledDate = :afterDate AND (${alias}.scheduledTimeSlot > :afterSlot OR (${alias}.scheduledTimeSlot = :afterSlot AND ${alias}.id > :afterId))))`,
    params: { afterDate: after.date, afterSlot: after.slot, afterId: after.id },
  };
}
