/** A UUID in its canonical 8-4-4-4-12 hex form, any version, either case. */
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * True when `value` is a UUID string. Checked before an id from a cursor, a header or a path
 * reaches a query: PostgreSQL rejects a malformed uuid with an error (a 500), not an empty result.
 */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_PATTERN.test(value);
}
