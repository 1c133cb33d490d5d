import { MigrationInterface, QueryRunner } from "typeorm";

export class InstallationReportsMediaClosurePacks1795284978552 implements MigrationInterface {
    name = 'InstallationReportsMediaClosurePacks1795284978552'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "closure_packs" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "installation_id" varchar NOT NULL, "file_id" varchar NOT NULL, "generated_by_id" varchar NOT NULL, "generated_at" datetime NOT NULL, "shared_at" datetime, CONSTRAINT "REL_4ca46a19912196cd2814f69926" UNIQUE ("installation_id"))`);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_lead" ON "closure_packs" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_installation" ON "closure_packs" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_file" ON "closure_packs" ("file_id") `);
        await queryRunner.query(`CREATE TABLE "installation_media" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "media_type" varchar(20) NOT NULL, "file_id" varchar NOT NULL, "caption" varchar(255) NOT NULL DEFAULT (''), "uploaded_by_id" varchar NOT NULL, "uploaded_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_media_file" ON "installation_media" ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_media_installation_uploaded_at" ON "installation_media" ("installation_id", "uploaded_at") `);
        await queryRunner.query(`CREATE TABLE "installation_reports" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "submitted_by_id" varchar NOT NULL, "charger_serial_number" varchar(50) NOT NULL, "charger_model" varchar(100) NOT NULL, "installation_successful" boolean NOT NULL, "demo_given" boolean NOT NULL DEFAULT (0), "customer_signature_file_id" varchar, "issues_encountered" text NOT NULL DEFAULT (''), "general_notes" text NOT NULL DEFAULT (''), "submitted_at" datetime NOT NULL, CONSTRAINT "REL_65a6db35193571a660bd0e015a" UNIQUE ("installation_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_reports_installation" ON "installation_reports" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_reports_signature" ON "installation_reports" ("customer_signature_file_id") `);
        await queryRunner.query(`DROP INDEX "ix_closure_packs_lead"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_installation"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_file"`);
        await queryRunner.query(`CREATE TABLE "temporary_closure_packs" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "installation_id" varchar NOT NULL, "file_id" varchar NOT NULL, "generated_by_id" varchar NOT NULL, "generated_at" datetime NOT NULL, "shared_at" datetime, CONSTRAINT "REL_4ca46a19912196cd2814f69926" UNIQUE ("installation_id"), CONSTRAINT "FK_15ec521f9c0a5e55f6caa34ec2c" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4ca46a19912196cd2814f699269" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_6cb8e33790ea7a0eb0b2ea281f3" FOREIGN KEY ("file_id") REFERENCES "stored_files" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_8b93d37d11ab6f0a5e614716a26" FOREIGN KEY ("generated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_closure_packs"("id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at") SELECT "id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at" FROM "closure_packs"`);
        await queryRunner.query(`DROP TABLE "closure_packs"`);
        await queryRunner.query(`ALTER TABLE "temporary_closure_packs" RENAME TO "closure_packs"`);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_lead" ON "closure_packs" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_installation" ON "closure_packs" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_file" ON "closure_packs" ("file_id") `);
        await queryRunner.query(`DROP INDEX "uq_installation_media_file"`);
        await queryRunner.query(`DROP INDEX "ix_installation_media_installation_uploaded_at"`);
        await queryRunner.query(`CREATE TABLE "temporary_installation_media" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "media_type" varchar(20) NOT NULL, "file_id" varchar NOT NULL, "caption" varchar(255) NOT NULL DEFAULT (''), "uploaded_by_id" varchar NOT NULL, "uploaded_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_1774fff9162261a5ac66d14d783" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_3c1720d32322f687be0d0bb1e2c" FOREIGN KEY ("file_id") REFERENCES "stored_files" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_155b1d256253d59ba72c7480063" FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_installation_media"("id", "installation_id", "media_type", "file_id", "caption", "uploaded_by_id", "uploaded_at") SELECT "id", "installation_id", "media_type", "file_id", "caption", "uploaded_by_id", "uploaded_at" FROM "installation_media"`);
        await queryRunner.query(`DROP TABLE "installation_media"`);
        await queryRunner.query(`ALTER TABLE "temporary_installation_media" RENAME TO "installation_media"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_media_file" ON "installation_media" ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_media_installation_uploaded_at" ON "installation_media" ("installation_id", "uploaded_at") `);
        await queryRunner.query(`DROP INDEX "uq_installation_reports_installation"`);
        await queryRunner.query(`DROP INDEX "ix_installation_reports_signature"`);
        await queryRunner.query(`CREATE TABLE "temporary_installation_reports" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "submitted_by_id" varchar NOT NULL, "charger_serial_number" varchar(50) NOT NULL, "charger_model" varchar(100) NOT NULL, "installation_successful" boolean NOT NULL, "demo_given" boolean NOT NULL DEFAULT (0), "customer_signature_file_id" varchar, "issues_encountered" text NOT NULL DEFAULT (''), "general_notes" text NOT NULL DEFAULT (''), "submitted_at" datetime NOT NULL, CONSTRAINT "REL_65a6db35193571a660bd0e015a" UNIQUE ("installation_id"), CONSTRAINT "FK_65a6db35193571a660bd0e015ae" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_b5c10be8b902ab252f236cec62e" FOREIGN KEY ("submitted_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_44ff597d9ef8942ba1606290259" FOREIGN KEY ("customer_signature_file_id") REFERENCES "stored_files" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_installation_reports"("id", "installation_id", "submitted_by_id", "charger_serial_number", "charger_model", "installation_successful", "demo_given", "customer_signature_file_id", "issues_encountered", "general_notes", "submitted_at") SELECT "id", "installation_id", "submitted_by_id", "charger_serial_number", "charger_model", "installation_successful", "demo_given", "customer_signature_file_id", "issues_encountered", "general_notes", "submitted_at" FROM "installation_reports"`);
        await queryRunner.query(`DROP TABLE "installation_reports"`);
        await queryRunner.query(`ALTER TABLE "temporary_installation_reports" RENAME TO "installation_reports"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_reports_installation" ON "installation_reports" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_reports_signature" ON "installation_reports" ("customer_signature_file_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_installation_reports_signature"`);
        await queryRunner.query(`DROP INDEX "uq_installation_reports_installation"`);
        await queryRunner.query(`ALTER TABLE "installation_reports" RENAME TO "temporary_installation_reports"`);
        await queryRunner.query(`CREATE TABLE "installation_reports" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "submitted_by_id" varchar NOT NULL, "charger_serial_number" varchar(50) NOT NULL, "charger_model" varchar(100) NOT NULL, "installation_successful" boolean NOT NULL, "demo_given" boolean NOT NULL DEFAULT (0), "customer_signature_file_id" varchar, "issues_encountered" text NOT NULL DEFAULT (''), "general_notes" text NOT NULL DEFAULT (''), "submitted_at" datetime NOT NULL, CONSTRAINT "REL_65a6db35193571a660bd0e015a" UNIQUE ("installation_id"))`);
        await queryRunner.query(`INSERT INTO "installation_reports"("id", "installation_id", "submitted_by_id", "charger_serial_number", "charger_model", "installation_successful", "demo_given", "customer_signature_file_id", "issues_encountered", "general_notes", "submitted_at") SELECT "id", "installation_id", "submitted_by_id", "charger_serial_number", "charger_model", "installation_successful", "demo_given", "customer_signature_file_id", "issues_encountered", "general_notes", "submitted_at" FROM "temporary_installation_reports"`);
        await queryRunner.query(`DROP TABLE "temporary_installation_reports"`);
        await queryRunner.query(`CREATE INDEX "ix_installation_reports_signature" ON "installation_reports" ("customer_signature_file_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_reports_installation" ON "installation_reports" ("installation_id") `);
        await queryRunner.query(`DROP INDEX "ix_installation_media_installation_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "uq_installation_media_file"`);
        await queryRunner.query(`ALTER TABLE "installation_media" RENAME TO "temporary_installation_media"`);
        await queryRunner.query(`CREATE TABLE "installation_media" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "media_type" varchar(20) NOT NULL, "file_id" varchar NOT NULL, "caption" varchar(255) NOT NULL DEFAULT (''), "uploaded_by_id" varchar NOT NULL, "uploaded_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "installation_media"("id", "installation_id", "media_type", "file_id", "caption", "uploaded_by_id", "uploaded_at") SELECT "id", "installation_id", "media_type", "file_id", "caption", "uploaded_by_id", "uploaded_at" FROM "temporary_installation_media"`);
        await queryRunner.query(`DROP TABLE "temporary_installation_media"`);
        await queryRunner.query(`CREATE INDEX "ix_installation_media_installation_uploaded_at" ON "installation_media" ("installation_id", "uploaded_at") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_media_file" ON "installation_media" ("file_id") `);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_file"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_installation"`);
        await queryRunner.query(`DROP INDEX "ix_closure_packs_lead"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" RENAME TO "temporary_closure_packs"`);
        await queryRunner.query(`CREATE TABLE "closure_packs" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "installation_id" varchar NOT NULL, "file_id" varchar NOT NULL, "generated_by_id" varchar NOT NULL, "generated_at" datetime NOT NULL, "shared_at" datetime, CONSTRAINT "REL_4ca46a19912196cd2814f69926" UNIQUE ("installation_id"))`);
        await queryRunner.query(`INSERT INTO "closure_packs"("id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at") SELECT "id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at" FROM "temporary_closure_packs"`);
        await queryRunner.query(`DROP TABLE "temporary_closure_packs"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_file" ON "closure_packs" ("file_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_installation" ON "closure_packs" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_lead" ON "closure_packs" ("lead_id") `);
        await queryRunner.query(`DROP INDEX "ix_installation_reports_signature"`);
        await queryRunner.query(`DROP INDEX "uq_installation_reports_installation"`);
        await queryRunner.query(`DROP TABLE "installation_reports"`);
        await queryRunner.query(`DROP INDEX "ix_installation_media_installation_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "uq_installation_media_file"`);
        await queryRunner.query(`DROP TABLE "installation_media"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_file"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_installation"`);
        await queryRunner.query(`DROP INDEX "ix_closure_packs_lead"`);
        await queryRunner.query(`DROP TABLE "closure_packs"`);
    }

}
