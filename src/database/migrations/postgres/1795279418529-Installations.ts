import { MigrationInterface, QueryRunner } from "typeorm";

export class Installations1795279418529 implements MigrationInterface {
    name = 'Installations1795279418529'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "installations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "installation_id" character varying(20) NOT NULL, "survey_id" uuid NOT NULL, "lead_id" uuid NOT NULL, "scheduled_date" character varying(10) NOT NULL, "scheduled_time_slot" character varying(5) NOT NULL, "status" character varying(20) NOT NULL DEFAULT 'planned', "material_ready" boolean NOT NULL DEFAULT false, "customer_confirmed" boolean NOT NULL DEFAULT false, "demo_completed" boolean NOT NULL DEFAULT false, "closing_reason" character varying(500), "created_by_id" uuid NOT NULL, "version" integer NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"), CONSTRAINT "PK_21c7fb94d81eca7a66e64bd2b7f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations"  ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey" ON "installations"  ("survey_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations"  ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations"  ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations"  ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations"  ("created_by_id") `);
        await queryRunner.query(`CREATE TABLE "installation_assignments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "installation_id" uuid NOT NULL, "team_id" uuid NOT NULL, "assigned_by_id" uuid NOT NULL, "is_primary" boolean NOT NULL DEFAULT true, "assigned_at" TIMESTAMP NOT NULL DEFAULT now(), "status" character varying(20) NOT NULL DEFAULT 'assigned', "responded_by_id" uuid, "responded_at" TIMESTAMP, CONSTRAINT "PK_c8600fe457a08130e5248590e06" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_team" ON "installation_assignments"  ("team_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_installation" ON "installation_assignments"  ("installation_id", "status") `);
        await queryRunner.query(`ALTER TABLE "team_bookings" ADD "installation_id" uuid`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_installation" ON "team_bookings"  ("installation_id") `);
        await queryRunner.query(`ALTER TABLE "installations" ADD CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installations" ADD CONSTRAINT "FK_c304b644524f0306e7708361de1" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installations" ADD CONSTRAINT "FK_6e5140f3554557ef189ccbab5b1" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" ADD CONSTRAINT "FK_0693b07b3dff5de9f489f704ef6" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" ADD CONSTRAINT "FK_bbdbd314dcfa3721982160b5d2b" FOREIGN KEY ("team_id") REFERENCES "teams"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" ADD CONSTRAINT "FK_ac5a93c88386708ac5142c9ee07" FOREIGN KEY ("assigned_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" ADD CONSTRAINT "FK_643f0bd25fb294e6a12a6b301bd" FOREIGN KEY ("responded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "team_bookings" ADD CONSTRAINT "FK_3af8d144dbb9f2010e91a9f1adc" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "team_bookings" DROP CONSTRAINT "FK_3af8d144dbb9f2010e91a9f1adc"`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" DROP CONSTRAINT "FK_643f0bd25fb294e6a12a6b301bd"`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" DROP CONSTRAINT "FK_ac5a93c88386708ac5142c9ee07"`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" DROP CONSTRAINT "FK_bbdbd314dcfa3721982160b5d2b"`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" DROP CONSTRAINT "FK_0693b07b3dff5de9f489f704ef6"`);
        await queryRunner.query(`ALTER TABLE "installations" DROP CONSTRAINT "FK_6e5140f3554557ef189ccbab5b1"`);
        await queryRunner.query(`ALTER TABLE "installations" DROP CONSTRAINT "FK_c304b644524f0306e7708361de1"`);
        await queryRunner.query(`ALTER TABLE "installations" DROP CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0"`);
        await queryRunner.query(`DROP INDEX "public"."uq_team_bookings_installation"`);
        await queryRunner.query(`ALTER TABLE "team_bookings" DROP COLUMN "installation_id"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installation_assignments_installation"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installation_assignments_team"`);
        await queryRunner.query(`DROP TABLE "installation_assignments"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "public"."ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "public"."uq_installations_survey"`);
        await queryRunner.query(`DROP INDEX "public"."uq_installations_installation_id"`);
        await queryRunner.query(`DROP TABLE "installations"`);
    }

}
