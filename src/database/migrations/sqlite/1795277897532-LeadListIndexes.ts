import { MigrationInterface, QueryRunner } from "typeorm";

export class LeadListIndexes1795277897532 implements MigrationInterface {
    name = 'LeadListIndexes1795277897532'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_leads_oem_external_ref"`);
        await queryRunner.query(`DROP INDEX "ix_leads_phone_pincode"`);
        await queryRunner.query(`DROP INDEX "ix_leads_created_at"`);
        await queryRunner.query(`DROP INDEX "ix_leads_assigned_to"`);
        await queryRunner.query(`DROP INDEX "ix_leads_status"`);
        await queryRunner.query(`DROP INDEX "ix_leads_state"`);
        await queryRunner.query(`DROP INDEX "ix_leads_city"`);
        await queryRunner.query(`DROP INDEX "ix_leads_oem"`);
        await queryRunner.query(`CREATE INDEX "ix_leads_customer_email" ON "leads" ("customer_email") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_assigned_to_created_at_id" ON "leads" ("assigned_to_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_source_created_at_id" ON "leads" ("source_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_pincode_created_at_id" ON "leads" ("pincode", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_city_created_at_id" ON "leads" ("city", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_state_created_at_id" ON "leads" ("state", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status_created_at_id" ON "leads" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem_created_at_id" ON "leads" ("oem_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_phone_pincode_created_at" ON "leads" ("customer_phone", "pincode", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_external_ref_oem" ON "leads" ("external_ref", "oem_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_leads_external_ref_oem"`);
        await queryRunner.query(`DROP INDEX "ix_leads_phone_pincode_created_at"`);
        await queryRunner.query(`DROP INDEX "ix_leads_oem_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_status_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_state_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_city_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_pincode_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_source_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_assigned_to_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_customer_email"`);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem" ON "leads" ("oem_id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_city" ON "leads" ("city") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_state" ON "leads" ("state") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status" ON "leads" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_assigned_to" ON "leads" ("assigned_to_id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_created_at" ON "leads" ("created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_phone_pincode" ON "leads" ("customer_phone", "pincode") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_oem_external_ref" ON "leads" ("oem_id", "external_ref") `);
    }

}
