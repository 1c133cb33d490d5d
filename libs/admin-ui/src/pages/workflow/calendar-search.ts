/** The team calendar's view in the URL (`/admin/calendar?city=Pune&teamId=…&week=2026-12-07`). */

/** The calendar's view as kept in the URL. */
export interface CalendarSearch {
  city?: string;
  teamId?: string;
  /** Any day of the week shown, `YYYY-MM-DD`. */
  week?: string;
}

/** Reads a {@link CalendarSearch} from the URL's query, dropping what is not one. */
export function parseCalendarSearch(raw: Record<string, unknown>): CalendarSearch {
  const out: CalendarSearch = {};
  if (typeof raw.city === 'string' && raw.city.trim()) out.city = raw.city.trim();
  if (typeof raw.teamId === 'string' && raw.teamId) out.teamId = raw.teamId;
  if (typeof raw.week === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(raw.week)) out.week = raw.week;
  return out;
}

