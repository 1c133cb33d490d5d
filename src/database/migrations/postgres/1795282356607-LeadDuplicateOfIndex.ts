import { MigrationInterface, QueryRunner } from "typeorm";

export class LeadDuplicateOfIndex1795282356607 implements MigrationInterface {
    name = 'LeadDuplicateOfIndex1795282356607'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE INDEX "ix_leads_possible_duplicate_of" ON "leads"  ("possible_duplicate_of_id") WHERE "possible_duplicate_of_id" IS NOT NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_leads_possible_duplicate_of"`);
    }

}
