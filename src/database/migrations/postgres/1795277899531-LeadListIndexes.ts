import { MigrationInterface, QueryRunner } from "typeorm";

export class LeadListIndexes1795277899531 implements MigrationInterface {
    name = 'LeadListIndexes1795277899531'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_leads_oem"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_city"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_state"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_status"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_assigned_to"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_phone_pincode"`);
        await queryRunner.query(`DROP INDEX "public"."uq_leads_oem_external_ref"`);
        await queryRunner.query(`CREATE INDEX "ix_leads_customer_email" ON "leads"  ("customer_email") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_assigned_to_created_at_id" ON "leads"  ("assigned_to_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_source_created_at_id" ON "leads"  ("source_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_pincode_created_at_id" ON "leads"  ("pincode", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_city_created_at_id" ON "leads"  ("city", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_state_created_at_id" ON "leads"  ("state", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status_created_at_id" ON "leads"  ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem_created_at_id" ON "leads"  ("oem_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_phone_pincode_created_at" ON "leads"  ("customer_phone", "pincode", "created_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_external_ref_oem" ON "leads"  ("external_ref", "oem_id") `);
        // Written by hand (TypeORM cannot describe it; the entity marks it synchronize: false):
        // q's substring match on LOWER(customer_name) LIKE '%…%'. pg_trgm is a trusted extension
        // (PostgreSQL 13+), so the database owner may create it without superuser rights.
        await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
        await queryRunner.query(`CREATE INDEX "ix_leads_customer_name_trgm" ON "leads" USING gin (lower("customer_name") gin_trgm_ops)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        // The extension stays: other objects may use it by now.
        await queryRunner.query(`DROP INDEX "public"."ix_leads_customer_name_trgm"`);
        await queryRunner.query(`DROP INDEX "public"."uq_leads_external_ref_oem"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_phone_pincode_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_oem_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_status_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_state_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_city_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_pincode_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_source_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_assigned_to_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_customer_email"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_oem_external_ref" ON "leads" USING btree ("oem_id", "external_ref") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_phone_pincode" ON "leads" USING btree ("customer_phone", "pincode") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_created_at" ON "leads" USING btree ("created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_assigned_to" ON "leads" USING btree ("assigned_to_id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status" ON "leads" USING btree ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_state" ON "leads" USING btree ("state") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_city" ON "leads" USING btree ("city") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem" ON "leads" USING btree ("oem_id") `);
    }

}
