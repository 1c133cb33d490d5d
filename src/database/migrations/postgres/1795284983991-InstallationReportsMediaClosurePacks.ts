import { MigrationInterface, QueryRunner } from "typeorm";

export class InstallationReportsMediaClosurePacks1795284983991 implements MigrationInterface {
    name = 'InstallationReportsMediaClosurePacks1795284983991'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "closure_packs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "installation_id" uuid NOT NULL, "file_id" uuid NOT NULL, "generated_by_id" uuid NOT NULL, "generated_at" TIMESTAMP NOT NULL, "shared_at" TIMESTAMP, CONSTRAINT "REL_4ca46a19912196cd2814f69926" UNIQUE ("installation_id"), CONSTRAINT "PK_09d6463afe7cd62dac7a6e5712c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_lead" ON "closure_packs"  ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_installation" ON "closure_packs"  ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_file" ON "closure_packs"  ("file_id") `);
        await queryRunner.query(`CREATE TABLE "installation_media" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "installation_id" uuid NOT NULL, "media_type" character varying(20) NOT NULL, "file_id" uuid NOT NULL, "caption" character varying(255) NOT NULL DEFAULT '', "uploaded_by_id" uuid NOT NULL, "uploaded_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_f032d90f9287ea4c665ee62eeb7" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_media_file" ON "installation_media"  ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_media_installation_uploaded_at" ON "installation_media"  ("installation_id", "uploaded_at") `);
        await queryRunner.query(`CREATE TABLE "installation_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "installation_id" uuid NOT NULL, "submitted_by_id" uuid NOT NULL, "charger_serial_number" character varying(50) NOT NULL, "charger_model" character varying(100) NOT NULL, "installation_successful" boolean NOT NULL, "demo_given" boolean NOT NULL DEFAULT false, "customer_signature_file_id" uuid, "issues_encountered" text NOT NULL DEFAULT '', "general_notes" text NOT NULL DEFAULT '', "submitted_at" TIMESTAMP NOT NULL, CONSTRAINT "REL_65a6db35193571a660bd0e015a" UNIQUE ("installation_id"), CONSTRAINT "PK_86e3e06d561905f2408c4dc942e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installation_reports_installation" ON "installation_reports"  ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_reports_signature" ON "installation_reports"  ("customer_signature_file_id") `);
        await queryRunner.query(`ALTER TABLE "closure_packs" ADD CONSTRAINT "FK_15ec521f9c0a5e55f6caa34ec2c" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "closure_packs" ADD CONSTRAINT "FK_4ca46a19912196cd2814f699269" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "closure_packs" ADD CONSTRAINT "FK_6cb8e33790ea7a0eb0b2ea281f3" FOREIGN KEY ("file_id") REFERENCES "stored_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "closure_packs" ADD CONSTRAINT "FK_8b93d37d11ab6f0a5e614716a26" FOREIGN KEY ("generated_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_media" ADD CONSTRAINT "FK_1774fff9162261a5ac66d14d783" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_media" ADD CONSTRAINT "FK_3c1720d32322f687be0d0bb1e2c" FOREIGN KEY ("file_id") REFERENCES "stored_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_media" ADD CONSTRAINT "FK_155b1d256253d59ba72c7480063" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_reports" ADD CONSTRAINT "FK_65a6db35193571a660bd0e015ae" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_reports" ADD CONSTRAINT "FK_b5c10be8b902ab252f236cec62e" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_reports" ADD CONSTRAINT "FK_44ff597d9ef8942ba1606290259" FOREIGN KEY ("customer_signature_file_id") REFERENCES "stored_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "installation_reports" DROP CONSTRAINT "FK_44ff597d9ef8942ba1606290259"`);
        await queryRunner.query(`ALTER TABLE "installation_reports" DROP CONSTRAINT "FK_b5c10be8b902ab252f236cec62e"`);
        await queryRunner.query(`ALTER TABLE "installation_reports" DROP CONSTRAINT "FK_65a6db35193571a660bd0e015ae"`);
        await queryRunner.query(`ALTER TABLE "installation_media" DROP CONSTRAINT "FK_155b1d256253d59ba72c7480063"`);
        await queryRunner.query(`ALTER TABLE "installation_media" DROP CONSTRAINT "FK_3c1720d32322f687be0d0bb1e2c"`);
        await queryRunner.query(`ALTER TABLE "installation_media" DROP CONSTRAINT "FK_1774fff9162261a5ac66d14d783"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" DROP CONSTRAINT "FK_8b93d37d11ab6f0a5e614716a26"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" DROP CONSTRAINT "FK_6cb8e33790ea7a0eb0b2ea281f3"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" DROP CONSTRAINT "FK_4ca46a19912196cd2814f699269"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" DROP CONSTRAINT "FK_15ec521f9c0a5e55f6caa34ec2c"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installation_reports_signature"`);
        await queryRunner.query(`DROP INDEX "public"."uq_installation_reports_installation"`);
        await queryRunner.query(`DROP TABLE "installation_reports"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installation_media_installation_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "public"."uq_installation_media_file"`);
        await queryRunner.query(`DROP TABLE "installation_media"`);
        await queryRunner.query(`DROP INDEX "public"."uq_closure_packs_file"`);
        await queryRunner.query(`DROP INDEX "public"."uq_closure_packs_installation"`);
        await queryRunner.query(`DROP INDEX "public"."ix_closure_packs_lead"`);
        await queryRunner.query(`DROP TABLE "closure_packs"`);
    }

}
