import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/**
 * Normalises a phone number to E.164 (`+919812345678`) with libphonenumber-js, reading numbers
 * without a country code as Indian. Returns null when the number is not valid.
 */
export function toE164(raw: string): string | null {
  const parsed = parsePhoneNumberFromString(raw.trim(), 'IN');
  return parsed?.isValid() ? parsed.number : null;
}

/**
 * The E.164 text a phone number typed into a search would be stored as: parsed as {@link toE164}
 * parses it, without the check against the numbering plan. For an exact match on stored numbers,
 * which were all valid when stored: a possible but unassigned number then matches nothing, as it
 * would have as no phone at all. `isValid()` walks every number type's pattern of the full
 * metadata and took two thirds of the parse (bench/README.md, session 13).
 * @returns null when `raw` does not parse to a number of a possible length
 */
export function searchableE164(raw: string): string | null {
  const typed = raw.trim();
  // An Indian mobile number as agents type it, whole or with +91 or the trunk 0, spaces and
  // hyphens anywhere: libphonenumber gives `+91` and the ten digits for each of these, and its
  // parse was a tenth of a search's CPU (bench/README.md, session 22). test/phone-numbers.spec.ts
  // checks the two agree.
  const mobile = INDIAN_MOBILE.exec(typed.replace(SEPARATORS, ''));
  if (mobile) return `+91${mobile[1]}`;
  const parsed = parsePhoneNumberFromString(typed, 'IN');
  return parsed?.isPossible() ? parsed.number : null;
}

/** Spaces and hyphens, which {@link searchableE164}'s callers let through between digits. */
const SEPARATORS = /[\s-]+/g;

/** Ten digits starting 6–9 (India's mobile numbers, TRAI's National Numbering Plan), alone, after `+91` or after the trunk prefix 0. */
const INDIAN_MOBILE = /^(?:\+91|0)?([6-9]\d{9})$/;

/** At most this many numbers are remembered by {@link IsE164Phone} between its transform and its check. */
const MAX_NORMALISED = 1_000;

/**
 * E.164 numbers that {@link toE164} gave {@link IsE164Phone}'s transform lately. The check that
 * follows the transform asks whether the value is its own E.164 form; for these the answer is
 * known (toE164 gives an E.164 number back unchanged), so the number is not parsed a second time.
 */
const normalised = new Set<string>();

/** {@link toE164} of `value`, remembered for {@link IsE164Phone}'s check when valid. */
function normalisePhone(value: string): string | null {
  const e164 = toE164(value);
  if (e164 !== null) {
    if (normalised.size >= MAX_NORMALISED) normalised.clear();
    normalised.add(e164);
  }
  return e164;
}

/**
 * A valid phone number, stored in E.164 (DESIGN §4). The value is normalised before validation,
 * so `98123 45678`, `+91 98123-45678` and `09812345678` all become `+919812345678`.
 */
export function IsE164Phone(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? (normalisePhone(value) ?? value) : value)),
    ValidateBy(
      {
        name: 'isE164Phone',
        validator: {
          // Valid means libphonenumber accepts it: a well-shaped but unassigned number (+915555555555) is not.
          validate: (value: unknown) => typeof value === 'string' && (normalised.has(value) || toE164(value) === value),
          defaultMessage: (args) => `${args?.property ?? 'phone'} must be a valid phone number (E.164, or a 10-digit Indian mobile/landline number)`,
        },
      },
      options,
    ),
  );
}

/** Six digits, the first 1–9 (India Post PIN code format, DESIGN §4). */
export const PINCODE_PATTERN = /^[1-9]\d{5}$/;

/**
 * An Indian PIN code in format; existence is checked against the directory in the service. Spaces
 * are removed before the check (`400 001` is `400001`); the spec states the pattern of the result.
 */
export function IsIndianPincode(): PropertyDecorator {
  return applyDecorators(
    // The swagger plugin sees only the decorators written on a property, not those applied here.
    ApiProperty({ pattern: PINCODE_PATTERN.source }),
    Transform(({ value }) => (typeof value === 'string' ? value.replace(/\s+/g, '') : value)),
    IsString(),
    Matches(PINCODE_PATTERN, { message: ({ property }) => `${property} must be 6 digits and not start with 0` }),
  );
}

/** Trims strings; leaves other values for the type validators to reject. */
export const Trim = (): PropertyDecorator => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/**
 * `@IsOptional()` for a property that may be left out but never set to null (a NOT NULL column):
 * absence skips validation, while `null` goes on to the property's validators and fails with a 400
 * naming the field, instead of reaching the database.
 */
export const IsOptionalNonNull = (options?: ValidationOptions): PropertyDecorator => ValidateIf((_, value: unknown) => value !== undefined, options);

/** A repeatable query parameter (`?status=a&status=b`) as an array, also when it was given once. */
export const ToArray = (): PropertyDecorator =>
  Transform(({ value }: { value: unknown }) => (value === undefined ? undefined : Array.isArray(value) ? value : [value]));

/**
 * A finite number with at most `places` decimals (e.g. a sanctioned load of `7.25` kW). Replaces
 * class-validator's `IsNumber({ maxDecimalPlaces })`, which throws a TypeError (a 500) on numbers
 * JavaScript prints in exponent form, such as `2e-323`. The check is that rounding to `places`
 * decimals gives the number back, so `1e-7` has more than two decimals and `1e21` has none.
 */
export function IsDecimal(places: number, options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isDecimal',
      validator: {
        validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Number(value.toFixed(places)) === value,
        defaultMessage: (args) => `${args?.property ?? 'value'} must be a number with at most ${places} decimal place${places === 1 ? '' : 's'}`,
      },
    },
    options,
  );
}

/**
 * A coordinate in decimal degrees sent as a JSON number: finite and within ±`limit`. Replaces
 * class-validator's `IsLatitude()`/`IsLongitude()`, which also take strings ("19,1", "12.5"): those
 * reached the numeric column as text (a 500 on PostgreSQL; on SQLite a stored value that every
 * later read of the lead fails on).
 */
function coordinate(name: string, limit: number, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ApiProperty({ type: 'number', minimum: -limit, maximum: limit }),
    ValidateBy(
      {
        name,
        validator: {
          validate: (value: unknown) => typeof value === 'number' && Number.isFinite(value) && Math.abs(value) <= limit,
          defaultMessage: (args) => `${args?.property ?? 'value'} must be a number from -${limit} to ${limit} (decimal degrees)`,
        },
      },
      options,
    ),
  );
}

/** A latitude: a JSON number from -90 to 90 (a string such as "19.1" is refused). See {@link coordinate}. */
export const IsLatitudeNumber = (options?: ValidationOptions): PropertyDecorator => coordinate('isLatitudeNumber', 90, options);

/** A longitude: a JSON number from -180 to 180 (a string such as "72.8" is refused). See {@link coordinate}. */
export const IsLongitudeNumber = (options?: ValidationOptions): PropertyDecorator => coordinate('isLongitudeNumber', 180, options);

/** 0001-01-01T00:00:00.000Z: the first instant of ISO 8601's four-digit years. */
const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00.000Z');
/** 9999-12-31T23:59:59.999Z: the last instant of ISO 8601's four-digit years. */
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * True when `date` is a valid Date within the years 0001–9999 (UTC), the instants a time filter or
 * a page cursor may hold: an Invalid Date, or one PostgreSQL's timestamp cannot hold (before
 * 4713 BC), would fail in the database (a 500) instead of answering 400.
 */
export function isStorableInstant(date: Date): boolean {
  const time = date.getTime();
  // NaN (an Invalid Date) fails both comparisons.
  return time >= FIRST_INSTANT && time <= LAST_INSTANT;
}

/**
 * `YYYY-MM-DD`, or that with `THH:MM` (hours 00–23), optional `:SS` and `.fraction`, and optionally
 * `Z` or an offset `±HH:MM` (or `±HHMM`); the date's parts are captured for the calendar check.
 */
const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:T(?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,9})?)?(?:Z|[+-](?:[01]\d|2[0-3]):?[0-5]\d)?)?$/;

/**
 * True when `value` is an ISO 8601 instant that `new Date()` reads as written: see {@link IsIsoInstant}.
 */
export function isIsoInstant(value: unknown): value is string {
  const parts = typeof value === 'string' ? ISO_INSTANT.exec(value) : null;
  if (!parts) return false;
  const text = parts[0];
  // A day of its month (V8 reads 2026-02-30 as 2 March). Not class-validator's strict isISO8601,
  // which refuses the years 0001–0099 (it builds the date with `new Date(y, m, d)`: year 1 is 1901).
  const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return false;
  return isStorableInstant(new Date(text));
}

/**
 * An instant for a time filter (`createdFrom`, `from`…), as the ISO 8601 forms `new Date()` reads:
 * a date `YYYY-MM-DD` (midnight UTC), or a date-time to the minute, second or fraction of a second,
 * with `Z` or a UTC offset (`2026-01-11T05:30:00+05:30`) or without one (UTC: the server runs in
 * UTC, common/utc-process.ts), years 0001–9999. Replaces `IsISO8601({ strict: true })`, which also
 * takes forms Date cannot parse (`20260101`, `2026-W03-1`, `2026-123`, `…T10:00:00,5Z`, `…T10`: an
 * Invalid Date, a 500 on PostgreSQL and a wrong filter on SQLite). A date must be a day of its
 * month (no 30 February).
 */
export function IsIsoInstant(options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    // Not `format: date-time` (RFC 3339): a date alone, and a date-time without an offset, are taken
    // too. The pattern is the forms' shape; the day of the month and the years are checked below.
    ApiProperty({ pattern: ISO_INSTANT.source }),
    ValidateBy(
      {
        name: 'isIsoInstant',
        validator: {
          validate: isIsoInstant,
          defaultMessage: (args) => `${args?.property ?? 'value'} must be an ISO 8601 date (YYYY-MM-DD) or date-time (YYYY-MM-DDTHH:MM[:SS[.sss]], UTC unless it ends in Z or an offset such as +05:30), years 0001-9999`,
        },
      },
      options,
    ),
  );
}
