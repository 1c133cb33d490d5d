import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Data only: a lead whose status entry was dated before its creation (a replica's clock a little
 * behind the creator's, before `LeadTimeline.applyTransition` ruled it out) gets its creation time
 * as the entry. The overdue filter bounds `created_at` by the latest SLA cutoff and counts on
 * `status_entered_at >= created_at` (leads/sla.ts). The same SQL on every database.
 */
export class StatusEnteredNotBeforeCreation1796431200000 implements MigrationInterface {
    name = 'StatusEnteredNotBeforeCreation1796431200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`UPDATE "leads" SET "status_entered_at" = "created_at" WHERE "status_entered_at" < "created_at"`);
    }

    public async down(): Promise<void> {
        // The earlier entry times are not kept: nothing to restore.
    }

}
