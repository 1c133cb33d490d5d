import { MigrationInterface, QueryRunner } from "typeorm";
import { backfillFunnelFirstEntries } from "../funnel-first-entries-backfill.js";

export class FunnelFirstEntries1796408758566 implements MigrationInterface {
    name = 'FunnelFirstEntries1796408758566'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_contacted_at" TIMESTAMP`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_documents_received_at" TIMESTAMP`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_survey_scheduled_at" TIMESTAMP`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_survey_completed_at" TIMESTAMP`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_installation_scheduled_at" TIMESTAMP`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_installation_completed_at" TIMESTAMP`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "first_closed_at" TIMESTAMP`);
        await backfillFunnelFirstEntries(queryRunner);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_closed_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_installation_completed_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_installation_scheduled_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_survey_completed_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_survey_scheduled_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_documents_received_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "first_contacted_at"`);
    }

}
