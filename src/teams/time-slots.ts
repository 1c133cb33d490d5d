import { ValidateBy, type ValidationOptions } from 'class-validator';

/** The survey/installation time windows of a working day, in IST (DESIGN §4 "choices the seed cut off"). */
export const TIME_SLOTS = ['09-12', '12-15', '15-18'] as const;
export type TimeSlot = (typeof TIME_SLOTS)[number];

/** India Standard Time is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = 330 * 60_000;
const DAY_MS = 86_400_000;

/** `YYYY-MM-DD`: the calendar-date format of bookings and schedules. */
export const CALENDAR_DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** True for a `YYYY-MM-DD` string that names a real calendar day (rejects `2026-02-30`). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !CALENDAR_DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Today's calendar date in India (`YYYY-MM-DD`), as Central Ops and the field teams read it. */
export function todayInIndia(now: Date = new Date()): string {
  return new Date(now.getTime() + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The calendar year in India, for yearly sequences such as `SRV-2026-000123`. */
export function yearInIndia(now: Date = new Date()): number {
  return Number(todayInIndia(now).slice(0, 4));
}

/** `date` plus `days` calendar days (`YYYY-MM-DD`). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The instant a slot starts: e.g. `2026-05-04` `12-15` → 2026-05-04T12:00 IST = 06:30Z. */
export function slotStart(date: string, slot: TimeSlot): Date {
  const hour = Number(slot.slice(0, 2));
  return new Date(Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000 - IST_OFFSET_MS);
}

/**
 * A slot is in the past once it has started (judged in IST): a window that has already begun
 * cannot be promised to a customer any more.
 */
export function isSlotInPast(date: string, slot: TimeSlot, now: Date = new Date()): boolean {
  return slotStart(date, slot).getTime() <= now.getTime();
}

/** Validates a `YYYY-MM-DD` calendar date (a real day). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value: unknown) => isCalendarDate(value),
        defaultMessage: (args) => `${args?.property ?? 'date'} must be a calendar date as YYYY-MM-DD`,
      },
    },
    options,
  );
}
