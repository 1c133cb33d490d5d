/**
 * Calendar dates as the API schedules them: `YYYY-MM-DD` on India's calendar (UTC+05:30, no
 * daylight saving), and the three DESIGN §4 slots.
 */
import type { Schemas } from '@chargeops/api-client';

export type TimeSlot = Schemas['TimeSlot'];

/** The slots of a working day, in order (DESIGN §4). */
export const TIME_SLOTS: readonly TimeSlot[] = ['09-12', '12-15', '15-18'];

const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

/** Today's date in India, `YYYY-MM-DD`. */
export function todayInIndia(now = Date.now()): string {
  return new Date(now + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** `date` plus `days` calendar days. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The Monday of `date`'s week (weeks run Monday to Sunday). */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return addDays(date, -((weekday + 6) % 7));
}

/**
 * Whether a slot has started, judged in IST as the API does (`SLOT_IN_PAST` answers 409): such a
 * slot cannot be offered any more.
 */
export function slotHasStarted(date: string, slot: TimeSlot, now = Date.now()): boolean {
  const start = Date.parse(`${date}T00:00:00Z`) + Number(slot.slice(0, 2)) * 3_600_000 - IST_OFFSET_MS;
  return start <= now;
}

/** A short day label in the user's language, e.g. `Mon 7 Dec` (the date is read as UTC so it never shifts). */
export function dayLabel(date: string, language: string): string {
  return new Date(`${date}T00:00:00Z`).toLocaleDateString(language === 'hi' ? 'hi-IN' : 'en-IN', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
}
