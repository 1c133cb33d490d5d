import { MigrationInterface, QueryRunner } from "typeorm";
import { backfillFunnelFirstEntries } from "../funnel-first-entries-backfill.js";

export class FunnelFirstEntries1796408755828 implements MigrationInterface {
    name = 'FunnelFirstEntries1796408755828'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_leads_updated_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_oem_updated_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_status_entered_at"`);
        await queryRunner.query(`DROP INDEX "ix_leads_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_customer_email"`);
        await queryRunner.query(`DROP INDEX "ix_leads_assigned_to_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_source_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_pincode_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_city_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_state_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_status_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_oem_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_phone_pincode_created_at"`);
        await queryRunner.query(`DROP INDEX "uq_leads_external_ref_oem"`);
        await queryRunner.query(`DROP INDEX "ix_leads_possible_duplicate_of"`);
        await queryRunner.query(`CREATE TABLE "temporary_leads" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "external_ref" varchar(100), "customer_name" varchar(200) NOT NULL, "customer_phone" varchar(16) NOT NULL, "customer_email" varchar(254), "address_line1" varchar(255) NOT NULL, "address_line2" varchar(255) NOT NULL DEFAULT (''), "city" varchar(100) NOT NULL, "state" varchar(100) NOT NULL, "pincode" varchar(10) NOT NULL, "latitude" decimal(9,6), "longitude" decimal(9,6), "source_id" integer NOT NULL, "status" varchar(30) NOT NULL DEFAULT ('new'), "status_before_hold" varchar(30), "closing_reason" varchar(500), "charger_model" varchar(100), "assigned_to_id" varchar, "intro_call_completed" boolean NOT NULL DEFAULT (0), "possible_duplicate_of_id" varchar, "ingest_hash" varchar(64), "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "closing_reason_code" varchar(40), "status_entered_at" datetime, "first_contacted_at" datetime, "first_documents_received_at" datetime, "first_survey_scheduled_at" datetime, "first_survey_completed_at" datetime, "first_installation_scheduled_at" datetime, "first_installation_completed_at" datetime, "first_closed_at" datetime, CONSTRAINT "FK_901de3be0e893464dce1b14ec9c" FOREIGN KEY ("oem_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_3841680163f11774ec3dbff1941" FOREIGN KEY ("source_id") REFERENCES "lead_sources" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_c4b8fc50cc732d8a6edff3a6d80" FOREIGN KEY ("assigned_to_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_3e0a1ac459c99afd4cb4a220e6b" FOREIGN KEY ("possible_duplicate_of_id") REFERENCES "leads" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_leads"("id", "oem_id", "external_ref", "customer_name", "customer_phone", "customer_email", "address_line1", "address_line2", "city", "state", "pincode", "latitude", "longitude", "source_id", "status", "status_before_hold", "closing_reason", "charger_model", "assigned_to_id", "intro_call_completed", "possible_duplicate_of_id", "ingest_hash", "version", "created_at", "updated_at", "closing_reason_code", "status_entered_at") SELECT "id", "oem_id", "external_ref", "customer_name", "customer_phone", "customer_email", "address_line1", "address_line2", "city", "state", "pincode", "latitude", "longitude", "source_id", "status", "status_before_hold", "closing_reason", "charger_model", "assigned_to_id", "intro_call_completed", "possible_duplicate_of_id", "ingest_hash", "version", "created_at", "updated_at", "closing_reason_code", "status_entered_at" FROM "leads"`);
        await queryRunner.query(`DROP TABLE "leads"`);
        await queryRunner.query(`ALTER TABLE "temporary_leads" RENAME TO "leads"`);
        await queryRunner.query(`CREATE INDEX "ix_leads_updated_at_id" ON "leads" ("updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem_updated_at_id" ON "leads" ("oem_id", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status_entered_at" ON "leads" ("status", "status_entered_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_created_at_id" ON "leads" ("created_at", "id") `);
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
        await queryRunner.query(`CREATE INDEX "ix_leads_possible_duplicate_of" ON "leads" ("possible_duplicate_of_id") WHERE "possible_duplicate_of_id" IS NOT NULL`);
        await backfillFunnelFirstEntries(queryRunner);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_leads_possible_duplicate_of"`);
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
        await queryRunner.query(`DROP INDEX "ix_leads_created_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_status_entered_at"`);
        await queryRunner.query(`DROP INDEX "ix_leads_oem_updated_at_id"`);
        await queryRunner.query(`DROP INDEX "ix_leads_updated_at_id"`);
        await queryRunner.query(`ALTER TABLE "leads" RENAME TO "temporary_leads"`);
        await queryRunner.query(`CREATE TABLE "leads" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "external_ref" varchar(100), "customer_name" varchar(200) NOT NULL, "customer_phone" varchar(16) NOT NULL, "customer_email" varchar(254), "address_line1" varchar(255) NOT NULL, "address_line2" varchar(255) NOT NULL DEFAULT (''), "city" varchar(100) NOT NULL, "state" varchar(100) NOT NULL, "pincode" varchar(10) NOT NULL, "latitude" decimal(9,6), "longitude" decimal(9,6), "source_id" integer NOT NULL, "status" varchar(30) NOT NULL DEFAULT ('new'), "status_before_hold" varchar(30), "closing_reason" varchar(500), "charger_model" varchar(100), "assigned_to_id" varchar, "intro_call_completed" boolean NOT NULL DEFAULT (0), "possible_duplicate_of_id" varchar, "ingest_hash" varchar(64), "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "closing_reason_code" varchar(40), "status_entered_at" datetime, CONSTRAINT "FK_901de3be0e893464dce1b14ec9c" FOREIGN KEY ("oem_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_3841680163f11774ec3dbff1941" FOREIGN KEY ("source_id") REFERENCES "lead_sources" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_c4b8fc50cc732d8a6edff3a6d80" FOREIGN KEY ("assigned_to_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_3e0a1ac459c99afd4cb4a220e6b" FOREIGN KEY ("possible_duplicate_of_id") REFERENCES "leads" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "leads"("id", "oem_id", "external_ref", "customer_name", "customer_phone", "customer_email", "address_line1", "address_line2", "city", "state", "pincode", "latitude", "longitude", "source_id", "status", "status_before_hold", "closing_reason", "charger_model", "assigned_to_id", "intro_call_completed", "possible_duplicate_of_id", "ingest_hash", "version", "created_at", "updated_at", "closing_reason_code", "status_entered_at") SELECT "id", "oem_id", "external_ref", "customer_name", "customer_phone", "customer_email", "address_line1", "address_line2", "city", "state", "pincode", "latitude", "longitude", "source_id", "status", "status_before_hold", "closing_reason", "charger_model", "assigned_to_id", "intro_call_completed", "possible_duplicate_of_id", "ingest_hash", "version", "created_at", "updated_at", "closing_reason_code", "status_entered_at" FROM "temporary_leads"`);
        await queryRunner.query(`DROP TABLE "temporary_leads"`);
        await queryRunner.query(`CREATE INDEX "ix_leads_possible_duplicate_of" ON "leads" ("possible_duplicate_of_id") WHERE "possible_duplicate_of_id" IS NOT NULL`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_external_ref_oem" ON "leads" ("external_ref", "oem_id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_phone_pincode_created_at" ON "leads" ("customer_phone", "pincode", "created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem_created_at_id" ON "leads" ("oem_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status_created_at_id" ON "leads" ("status", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_state_created_at_id" ON "leads" ("state", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_city_created_at_id" ON "leads" ("city", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_pincode_created_at_id" ON "leads" ("pincode", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_source_created_at_id" ON "leads" ("source_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_assigned_to_created_at_id" ON "leads" ("assigned_to_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_customer_email" ON "leads" ("customer_email") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_created_at_id" ON "leads" ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status_entered_at" ON "leads" ("status", "status_entered_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem_updated_at_id" ON "leads" ("oem_id", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_updated_at_id" ON "leads" ("updated_at", "id") `);
    }

}
