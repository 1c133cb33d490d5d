import type { QueryRunner } from 'typeorm';

/** The funnel stages after `new` whose first entry the FunnelFirstEntries migration dates, with their columns (frozen here: a migration does not follow later entity changes). */
const FIRST_ENTRIES: ReadonlyArray<[stage: string, column: string]> = [
  ['contacted', 'first_contacted_at'],
  ['documents_received', 'first_documents_received_at'],
  ['survey_scheduled', 'first_survey_scheduled_at'],
  ['survey_completed', 'first_survey_completed_at'],
  ['installation_scheduled', 'first_installation_scheduled_at'],
  ['installation_completed', 'first_installation_completed_at'],
  ['closed', 'first_closed_at'],
];

/**
 * The data part of the FunnelFirstEntries migration, the same SQL on SQLite, PostgreSQL and MariaDB (ANSI_QUOTES): dates
 * every existing lead's first entry into each funnel stage from its earliest `status_changed`
 * event into it (read from ix_lead_events_status_changes), as the funnel computed it before.
 */
export async function backfillFunnelFirstEntries(queryRunner: QueryRunner): Promise<void> {
  const sets = FIRST_ENTRIES.map(
    ([stage, column]) =>
      `"${column}" = (SELECT MIN("e"."created_at") FROM "lead_events" "e" WHERE "e"."lead_id" = "leads"."id" AND "e"."type" = 'status_changed' AND "e"."to_status" = '${stage}')`,
  );
  await queryRunner.query(`UPDATE "leads" SET ${sets.join(', ')} WHERE EXISTS (SELECT 1 FROM "lead_events" "e" WHERE "e"."lead_id" = "leads"."id" AND "e"."type" = 'status_changed')`);
}
