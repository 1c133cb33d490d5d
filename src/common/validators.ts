import { applyDecorators } from '@nestjs/common';
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

/** An Indian PIN code in format; existence is checked against the directory in the service. */
export function IsIndianPincode(): PropertyDecorator {
  return applyDecorators(
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
