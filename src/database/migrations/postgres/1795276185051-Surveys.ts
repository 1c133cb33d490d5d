import { MigrationInterface, QueryRunner } from "typeorm";

export class Surveys1795276185051 implements MigrationInterface {
    name = 'Surveys1795276185051'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "surveys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" character varying(20) NOT NULL, "lead_id" uuid NOT NULL, "scheduled_date" character varying(10) NOT NULL, "scheduled_time_slot" character varying(5) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'scheduled', "closing_reason" character varying(500), "created_by_id" uuid NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_1b5e3d4aaeb2321ffa98498c971" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_surveys_survey_id" ON "surveys"  ("survey_id") `);
        await queryRunner.query(`CREATE INDEX "ix_surveys_lead" ON "surveys"  ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_surveys_status" ON "surveys"  ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_surveys_created_by" ON "surveys"  ("created_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_surveys_schedule" ON "surveys"  ("scheduled_date", "scheduled_time_slot", "id") `);
        await queryRunner.query(`CREATE TABLE "survey_media" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "media_type" character varying(20) NOT NULL, "file_id" uuid NOT NULL, "caption" character varying(255) NOT NULL DEFAULT '', "uploaded_by_id" uuid NOT NULL, "uploaded_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ad17eeda5ccb03a0a425b2a341f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_media_file" ON "survey_media"  ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_survey_media_survey_uploaded_at" ON "survey_media"  ("survey_id", "uploaded_at") `);
        await queryRunner.query(`CREATE TABLE "team_members" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "is_lead" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_ca3eae89dcf20c9fd95bf7460aa" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_team_members_user" ON "team_members"  ("user_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_members_team_user" ON "team_members"  ("team_id", "user_id") `);
        await queryRunner.query(`CREATE TABLE "teams" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "city" character varying(100) NOT NULL, "state" character varying(100) NOT NULL, "is_active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_7e5523774a38b08a6236d322403" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_teams_name" ON "teams"  ("name") `);
        await queryRunner.query(`CREATE INDEX "ix_teams_city" ON "teams"  ("city") `);
        await queryRunner.query(`CREATE TABLE "survey_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "team_id" uuid NOT NULL, "assigned_by_id" uuid NOT NULL, "is_primary" boolean NOT NULL DEFAULT true, "assigned_at" TIMESTAMP NOT NULL DEFAULT now(), "status" character varying(20) NOT NULL DEFAULT 'assigned', "responded_by_id" uuid, "responded_at" TIMESTAMP, CONSTRAINT "PK_2334ca0becf9efd5a64dd864a2a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_survey_assignments_team" ON "survey_assignments"  ("team_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_survey_assignments_survey" ON "survey_assignments"  ("survey_id", "status") `);
        await queryRunner.query(`CREATE TABLE "survey_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "survey_id" uuid NOT NULL, "submitted_by_id" uuid NOT NULL, "parking_type" character varying(20) NOT NULL, "supply_phase" character varying(10) NOT NULL, "sanctioned_load_kw" numeric(5,2) NOT NULL, "earthing_available" boolean NOT NULL, "meter_to_charger_distance_m" numeric(4,1) NOT NULL, "cable_length_m" numeric(4,1) NOT NULL, "civil_work_required" boolean NOT NULL, "recommended_charger_model" character varying(100) NOT NULL, "feasible" boolean NOT NULL, "notes" text NOT NULL DEFAULT '', "submitted_at" TIMESTAMP NOT NULL, CONSTRAINT "REL_b156ba3728c8aa8db87dadbf74" UNIQUE ("survey_id"), CONSTRAINT "PK_ecc8b2cd84b0b25038c205b1b2f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_survey_reports_survey" ON "survey_reports"  ("survey_id") `);
        await queryRunner.query(`CREATE TABLE "team_bookings" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "team_id" uuid NOT NULL, "date" character varying(10) NOT NULL, "time_slot" character varying(5) NOT NULL, "survey_id" uuid, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_eb17e413556fbbe37724a269621" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_survey" ON "team_bookings"  ("survey_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_slot" ON "team_bookings"  ("team_id", "date", "time_slot") `);
        await queryRunner.query(`CREATE TABLE "id_sequences" ("name" character varying(40) NOT NULL, "value" integer NOT NULL, CONSTRAINT "PK_aacb652df580644f28d4234ce13" PRIMARY KEY ("name"))`);
        await queryRunner.query(`ALTER TABLE "surveys" ADD CONSTRAINT "FK_162c9f3ede19b6606397ce1cf8c" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "surveys" ADD CONSTRAINT "FK_ed63005b2c83de54855639c4f38" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_media" ADD CONSTRAINT "FK_aafa12b43ef0778849bbb6baf7a" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_media" ADD CONSTRAINT "FK_dabccbfb029dc53e2fbaf1f2654" FOREIGN KEY ("file_id") REFERENCES "stored_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_media" ADD CONSTRAINT "FK_35b1c3cea271deb9241f050344d" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_members" ADD CONSTRAINT "FK_fdad7d5768277e60c40e01cdcea" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_members" ADD CONSTRAINT "FK_c2bf4967c8c2a6b845dadfbf3d4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" ADD CONSTRAINT "FK_4b94ad4b79dc54392a512693751" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" ADD CONSTRAINT "FK_c5ec01bba2e0a7c1cb35ebffb3b" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" ADD CONSTRAINT "FK_d8e15d36056f2411c0256f79ebd" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" ADD CONSTRAINT "FK_f79f1786093b8df57228e154699" FOREIGN KEY ("responded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_reports" ADD CONSTRAINT "FK_b156ba3728c8aa8db87dadbf748" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "survey_reports" ADD CONSTRAINT "FK_e60062da600a2f254b482503b1b" FOREIGN KEY ("submitted_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_bookings" ADD CONSTRAINT "FK_59b90247a4d7e47b584b95a9ef2" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_bookings" ADD CONSTRAINT "FK_adaaad1ee055e3c33a9d8bf3410" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "team_bookings" DROP CONSTRAINT "FK_adaaad1ee055e3c33a9d8bf3410"`);
        await queryRunner.query(`ALTER TABLE "team_bookings" DROP CONSTRAINT "FK_59b90247a4d7e47b584b95a9ef2"`);
        await queryRunner.query(`ALTER TABLE "survey_reports" DROP CONSTRAINT "FK_e60062da600a2f254b482503b1b"`);
        await queryRunner.query(`ALTER TABLE "survey_reports" DROP CONSTRAINT "FK_b156ba3728c8aa8db87dadbf748"`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" DROP CONSTRAINT "FK_f79f1786093b8df57228e154699"`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" DROP CONSTRAINT "FK_d8e15d36056f2411c0256f79ebd"`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" DROP CONSTRAINT "FK_c5ec01bba2e0a7c1cb35ebffb3b"`);
        await queryRunner.query(`ALTER TABLE "survey_assignments" DROP CONSTRAINT "FK_4b94ad4b79dc54392a512693751"`);
        await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "FK_c2bf4967c8c2a6b845dadfbf3d4"`);
        await queryRunner.query(`ALTER TABLE "team_members" DROP CONSTRAINT "FK_fdad7d5768277e60c40e01cdcea"`);
        await queryRunner.query(`ALTER TABLE "survey_media" DROP CONSTRAINT "FK_35b1c3cea271deb9241f050344d"`);
        await queryRunner.query(`ALTER TABLE "survey_media" DROP CONSTRAINT "FK_dabccbfb029dc53e2fbaf1f2654"`);
        await queryRunner.query(`ALTER TABLE "survey_media" DROP CONSTRAINT "FK_aafa12b43ef0778849bbb6baf7a"`);
        await queryRunner.query(`ALTER TABLE "surveys" DROP CONSTRAINT "FK_ed63005b2c83de54855639c4f38"`);
        await queryRunner.query(`ALTER TABLE "surveys" DROP CONSTRAINT "FK_162c9f3ede19b6606397ce1cf8c"`);
        await queryRunner.query(`DROP TABLE "id_sequences"`);
        await queryRunner.query(`DROP INDEX "public"."uq_team_bookings_slot"`);
        await queryRunner.query(`DROP INDEX "public"."uq_team_bookings_survey"`);
        await queryRunner.query(`DROP TABLE "team_bookings"`);
        await queryRunner.query(`DROP INDEX "public"."uq_survey_reports_survey"`);
        await queryRunner.query(`DROP TABLE "survey_reports"`);
        await queryRunner.query(`DROP INDEX "public"."ix_survey_assignments_survey"`);
        await queryRunner.query(`DROP INDEX "public"."ix_survey_assignments_team"`);
        await queryRunner.query(`DROP TABLE "survey_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."ix_teams_city"`);
        await queryRunner.query(`DROP INDEX "public"."uq_teams_name"`);
        await queryRunner.query(`DROP TABLE "teams"`);
        await queryRunner.query(`DROP INDEX "public"."uq_team_members_team_user"`);
        await queryRunner.query(`DROP INDEX "public"."ix_team_members_user"`);
        await queryRunner.query(`DROP TABLE "team_members"`);
        await queryRunner.query(`DROP INDEX "public"."ix_survey_media_survey_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "public"."uq_survey_media_file"`);
        await queryRunner.query(`DROP TABLE "survey_media"`);
        await queryRunner.query(`DROP INDEX "public"."ix_surveys_schedule"`);
        await queryRunner.query(`DROP INDEX "public"."ix_surveys_created_by"`);
        await queryRunner.query(`DROP INDEX "public"."ix_surveys_status"`);
        await queryRunner.query(`DROP INDEX "public"."ix_surveys_lead"`);
        await queryRunner.query(`DROP INDEX "public"."uq_surveys_survey_id"`);
        await queryRunner.query(`DROP TABLE "surveys"`);
    }

}
