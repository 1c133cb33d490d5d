import type { QueryRunner } from 'typeorm';

/**
 * The StatusEnteredNotBeforeCreation migration, data only and the same SQL on SQLite, PostgreSQL
 * and MariaDB (ANSI_QUOTES): a lead whose status entry was dated before its creation (a replica's
 * clock a little behind the creator's, before `LeadTimeline.applyTransition` ruled it out) gets its
 * creation time as the entry. The overdue filter bounds `created_at` by the latest SLA cutoff and
 * counts on `status_entered_at >= created_at` (leads/sla.ts). The earlier entry times are not
 * kept, so the migration's `down` has nothing to restore.
 */
export async function statusEnteredNotBeforeCreation(queryRunner: QueryRunner): Promise<void> {
  await queryRunner.query(`UPDATE "leads" SET "status_entered_at" = "created_at" WHERE "status_entered_at" < "created_at"`);
}
