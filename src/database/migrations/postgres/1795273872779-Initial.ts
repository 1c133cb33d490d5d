import { MigrationInterface, QueryRunner } from "typeorm";

export class Initial1795273872779 implements MigrationInterface {
    name = 'Initial1795273872779'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "password_hash" character varying(255) NOT NULL, "full_name" character varying(200) NOT NULL, "phone" character varying(16), "role" character varying(20) NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users"  ("email") `);
        await queryRunner.query(`CREATE INDEX "ix_users_role" ON "users"  ("role") `);
        await queryRunner.query(`CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "family_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP NOT NULL, "rotated_at" TIMESTAMP, "revoked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens"  ("user_id") `);
        await queryRunner.query(`CREATE INDEX "ix_refresh_tokens_family" ON "refresh_tokens"  ("family_id") `);
        await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "oem_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(8) NOT NULL, "key_hash" character varying(64) NOT NULL, "last_used_at" TIMESTAMP, "revoked_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_api_keys_oem" ON "api_keys"  ("oem_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys"  ("key_hash") `);
        await queryRunner.query(`CREATE TABLE "lead_sources" ("id" SERIAL NOT NULL, "name" character varying(100) NOT NULL, "oem_id" uuid, "source_type" character varying(20) NOT NULL, CONSTRAINT "PK_bc885a4409ec70ee5a810dbbd6f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lead_sources_name" ON "lead_sources"  ("name") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_sources_oem" ON "lead_sources"  ("oem_id") `);
        await queryRunner.query(`CREATE TABLE "leads" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "oem_id" uuid NOT NULL, "external_ref" character varying(100), "customer_name" character varying(200) NOT NULL, "customer_phone" character varying(16) NOT NULL, "customer_email" character varying(254), "address_line1" character varying(255) NOT NULL, "address_line2" character varying(255) NOT NULL DEFAULT '', "city" character varying(100) NOT NULL, "state" character varying(100) NOT NULL, "pincode" character varying(10) NOT NULL, "latitude" numeric(9,6), "longitude" numeric(9,6), "source_id" integer NOT NULL, "status" character varying(30) NOT NULL DEFAULT 'new', "status_before_hold" character varying(30), "closing_reason" character varying(500), "charger_model" character varying(100), "assigned_to_id" uuid, "intro_call_completed" boolean NOT NULL DEFAULT false, "possible_duplicate_of_id" uuid, "ingest_hash" character varying(64), "version" integer NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_cd102ed7a9a4ca7d4d8bfeba406" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_leads_oem" ON "leads"  ("oem_id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_city" ON "leads"  ("city") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_state" ON "leads"  ("state") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_status" ON "leads"  ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_assigned_to" ON "leads"  ("assigned_to_id") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_created_at" ON "leads"  ("created_at") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_phone_pincode" ON "leads"  ("customer_phone", "pincode") `);
        await queryRunner.query(`CREATE INDEX "ix_leads_created_at_id" ON "leads"  ("created_at", "id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_leads_oem_external_ref" ON "leads"  ("oem_id", "external_ref") `);
        await queryRunner.query(`CREATE TABLE "lead_events" ("id" SERIAL NOT NULL, "lead_id" uuid NOT NULL, "type" character varying(40) NOT NULL, "from_status" character varying(30), "to_status" character varying(30), "actor_user_id" uuid, "actor_api_key_id" uuid, "data" text, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_38013d55900c219b7bb52f90122" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_lead_events_lead_id" ON "lead_events"  ("lead_id", "id") `);
        await queryRunner.query(`CREATE TABLE "pincodes" ("pincode" character varying(6) NOT NULL, "district" character varying(100) NOT NULL, "state_code" character varying(6) NOT NULL, "state" character varying(100) NOT NULL, "latitude" numeric(9,6), "longitude" numeric(9,6), "offices" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_aac93bcfe7827ed3364ee54101e" PRIMARY KEY ("pincode"))`);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_56c52caecc0aa78d8b19650f8c4" FOREIGN KEY ("oem_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_sources" ADD CONSTRAINT "FK_60d1bd07caef5d4118e14283751" FOREIGN KEY ("oem_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_901de3be0e893464dce1b14ec9c" FOREIGN KEY ("oem_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_3841680163f11774ec3dbff1941" FOREIGN KEY ("source_id") REFERENCES "lead_sources"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_c4b8fc50cc732d8a6edff3a6d80" FOREIGN KEY ("assigned_to_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "leads" ADD CONSTRAINT "FK_3e0a1ac459c99afd4cb4a220e6b" FOREIGN KEY ("possible_duplicate_of_id") REFERENCES "leads"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_events" ADD CONSTRAINT "FK_5f01589188405d4107fff0362fe" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_events" ADD CONSTRAINT "FK_51d6a5b4ec40126fdd35397ed4b" FOREIGN KEY ("actor_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_events" ADD CONSTRAINT "FK_51f79319c0790d6b3383db40a60" FOREIGN KEY ("actor_api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "lead_events" DROP CONSTRAINT "FK_51f79319c0790d6b3383db40a60"`);
        await queryRunner.query(`ALTER TABLE "lead_events" DROP CONSTRAINT "FK_51d6a5b4ec40126fdd35397ed4b"`);
        await queryRunner.query(`ALTER TABLE "lead_events" DROP CONSTRAINT "FK_5f01589188405d4107fff0362fe"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_3e0a1ac459c99afd4cb4a220e6b"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_c4b8fc50cc732d8a6edff3a6d80"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_3841680163f11774ec3dbff1941"`);
        await queryRunner.query(`ALTER TABLE "leads" DROP CONSTRAINT "FK_901de3be0e893464dce1b14ec9c"`);
        await queryRunner.query(`ALTER TABLE "lead_sources" DROP CONSTRAINT "FK_60d1bd07caef5d4118e14283751"`);
        await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_56c52caecc0aa78d8b19650f8c4"`);
        await queryRunner.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
        await queryRunner.query(`DROP TABLE "pincodes"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_events_lead_id"`);
        await queryRunner.query(`DROP TABLE "lead_events"`);
        await queryRunner.query(`DROP INDEX "public"."uq_leads_oem_external_ref"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_created_at_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_phone_pincode"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_created_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_assigned_to"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_status"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_state"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_city"`);
        await queryRunner.query(`DROP INDEX "public"."ix_leads_oem"`);
        await queryRunner.query(`DROP TABLE "leads"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_sources_oem"`);
        await queryRunner.query(`DROP INDEX "public"."uq_lead_sources_name"`);
        await queryRunner.query(`DROP TABLE "lead_sources"`);
        await queryRunner.query(`DROP INDEX "public"."uq_api_keys_key_hash"`);
        await queryRunner.query(`DROP INDEX "public"."ix_api_keys_oem"`);
        await queryRunner.query(`DROP TABLE "api_keys"`);
        await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_family"`);
        await queryRunner.query(`DROP INDEX "public"."ix_refresh_tokens_user"`);
        await queryRunner.query(`DROP TABLE "refresh_tokens"`);
        await queryRunner.query(`DROP INDEX "public"."ix_users_role"`);
        await queryRunner.query(`DROP INDEX "public"."uq_users_email"`);
        await queryRunner.query(`DROP TABLE "users"`);
    }

}
