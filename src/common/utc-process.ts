/**
 * Runs this process in UTC, whatever `TZ` it was started with. The schema keeps times as UTC in
 * `timestamp` columns without a time zone, as the API shows them (ISO 8601, `Z`), and the PostgreSQL driver writes a `Date`
 * as local time with an offset, which such a column drops, and reads one back as local time; the
 * hot reads take the column's text as UTC (`TEXT_TIMESTAMPS` in persistence/query-templates.ts).
 * Under `TZ=Asia/Kolkata` every time would be stored 5 h 30 off and keyset cursors would repeat a
 * page. Nothing of ours reads local time (the closure pack's IST is a fixed offset).
 * Imported first by each entry point (main.ts, cli.ts, database/data-source.ts), before any other module runs.
 */
process.env.TZ = 'UTC';
