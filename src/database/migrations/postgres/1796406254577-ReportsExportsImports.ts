import { MigrationInterface, QueryRunner } from "typeorm";
import { seedClosingReasonsAndBackfill } from "../closing-reasons-seed.js";

export class ReportsExportsImports1796406254577 implements MigrationInterface {
    name = 'ReportsExportsImports1796406254577'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "closing_reasons" ("id" SERIAL NOT NULL, "code" character varying(40) NOT NULL, "label" character varying(200) NOT NULL, "applies_to_cancelled" boolean NOT NULL DEFAULT true, "applies_to_on_hold" boolean NOT NULL DEFAULT true, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ec78865013ff026a23e831c62ed" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closing_reasons_code" ON "closing_reasons"  ("code") `);
        await queryRunner.query(`CREATE TABLE "lead_imports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "oem_id" uuid, "created_by_id" uuid, "source_id" integer, "file_name" character varying(255) NOT NULL, "status" character varying(20) NOT NULL, "rows_total" integer NOT NULL DEFAULT '0', "rows_processed" integer NOT NULL DEFAULT '0', "rows_created" integer NOT NULL DEFAULT '0', "rows_replayed" integer NOT NULL DEFAULT '0', "rows_duplicate" integer NOT NULL DEFAULT '0', "rows_rejected" integer NOT NULL DEFAULT '0', "errors" text NOT NULL, "failure" character varying(500), "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), "finished_at" TIMESTAMP, CONSTRAINT "PK_3a02aee77d4f7ce4422b215096e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_lead_imports_created_at_id" ON "lead_imports"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_imports_oem_created_at_id" ON "lead_imports"  ("oem_id", "created_at", "id") `);
        await queryRunner.query(`CREATE TABLE "lead_tags" ("lead_id" uuid NOT NULL, "tag" character varying(40) NOT NULL, CONSTRAINT "PK_04610b7610580c14b82d5ace71f" PRIMARY KEY ("lead_id", "tag"))`);
        await queryRunner.query(`CREATE INDEX "ix_lead_tags_tag_lead" ON "lead_tags"  ("tag", "lead_id") `);
        await queryRunner.query(`ALTER TABLE "leads" ADD "closing_reason_code" character varying(40)`);
        await queryRunner.query(`ALTER TABLE "leads" ADD "status_entered_at" TIMESTAMP`);
        await queryRunner.query(`CREATE INDEX "ix_leads_status_entered_at" ON "leads"  ("status", "status_entered_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem_updated_at_id" ON "leads"  ("oem_id", "updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_updated_at_id" ON "leads"  ("updated_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_events_status_changes" ON "lead_events"  ("lead_id", "to_status", "created_at") WHERE type = 'status_changed'`);
        await queryRunner.query(`ALTER TABLE "lead_imports" ADD CONSTRAINT "FK_4001c2f6b818a534fbcf2985323" FOREIGN KEY ("oem_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_imports" ADD CONSTRAINT "FK_03542ac275cb8674a28e5d15595" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_tags" ADD CONSTRAINT "FK_e3a0fa8f9aeec2dfc06df1fb5cb" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await seedClosingReasonsAndBackfill(queryRunner);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "lead_tags" DROP CONSTRAINT "FK_e3a0fa8f9aeec2dfc06df1fb5cb"`);
        await queryRunner.query(`ALTER TABLE "lead_imports" DROP CONSTRAINT "FK_03542ac275cb8674a28e5d15595"`);
        await queryRunner.query(`ALTER TABLE "lead_imports" DROP CONSTRAINT "FK_4001c2f6b818a534fbcf2985323"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_events_status_changes"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_updated_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_oem_updated_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_status_entered_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "status_entered_at"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP COLUMN "closing_reason_code"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_tags_tag_lead"`);
        await queryRunner.query(`DROP TABLE "lead_tags"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_imports_oem_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_imports_created_at_id"`);
        await queryRunner.query(`DROP TABLE "lead_imports"`);
        await queryRunner.query(`DROP INDEX "public"."uq_closing_reasons_code"`);
        await queryRunner.query(`DROP TABLE "closing_reasons"`);
    }

}
