import { MigrationInterface, QueryRunner } from "typeorm";

export class Installations1795279416814 implements MigrationInterface {
    name = 'Installations1795279416814'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey" ON "installations" ("survey_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE TABLE "installation_assignments" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "team_id" varchar NOT NULL, "assigned_by_id" varchar NOT NULL, "is_primary" boolean NOT NULL DEFAULT (1), "assigned_at" datetime NOT NULL DEFAULT (datetime('now')), "status" varchar(20) NOT NULL DEFAULT ('assigned'), "responded_by_id" varchar, "responded_at" datetime)`);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_team" ON "installation_assignments" ("team_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_installation" ON "installation_assignments" ("installation_id", "status") `);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_slot"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_survey"`);
        await queryRunner.query(`CREATE TABLE "temporary_team_bookings" ("id" varchar PRIMARY KEY NOT NULL, "team_id" varchar NOT NULL, "date" varchar(10) NOT NULL, "time_slot" varchar(5) NOT NULL, "survey_id" varchar, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "installation_id" varchar, CONSTRAINT "FK_adaaad1ee055e3c33a9d8bf3410" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_59b90247a4d7e47b584b95a9ef2" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_team_bookings"("id", "team_id", "date", "time_slot", "survey_id", "created_at") SELECT "id", "team_id", "date", "time_slot", "survey_id", "created_at" FROM "team_bookings"`);
        await queryRunner.query(`DROP TABLE "team_bookings"`);
        await queryRunner.query(`ALTER TABLE "temporary_team_bookings" RENAME TO "team_bookings"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_slot" ON "team_bookings" ("team_id", "date", "time_slot") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_survey" ON "team_bookings" ("survey_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_installation" ON "team_bookings" ("installation_id") `);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP INDEX "uq_installations_survey"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`CREATE TABLE "temporary_installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"), CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_c304b644524f0306e7708361de1" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_6e5140f3554557ef189ccbab5b1" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "installations"`);
        await queryRunner.query(`DROP TABLE "installations"`);
        await queryRunner.query(`ALTER TABLE "temporary_installations" RENAME TO "installations"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey" ON "installations" ("survey_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`DROP INDEX "ix_installation_assignments_team"`);
        await queryRunner.query(`DROP INDEX "ix_installation_assignments_installation"`);
        await queryRunner.query(`CREATE TABLE "temporary_installation_assignments" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "team_id" varchar NOT NULL, "assigned_by_id" varchar NOT NULL, "is_primary" boolean NOT NULL DEFAULT (1), "assigned_at" datetime NOT NULL DEFAULT (datetime('now')), "status" varchar(20) NOT NULL DEFAULT ('assigned'), "responded_by_id" varchar, "responded_at" datetime, CONSTRAINT "FK_0693b07b3dff5de9f489f704ef6" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_bbdbd314dcfa3721982160b5d2b" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_ac5a93c88386708ac5142c9ee07" FOREIGN KEY ("assigned_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_643f0bd25fb294e6a12a6b301bd" FOREIGN KEY ("responded_by_id") REFERENCES "users" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_installation_assignments"("id", "installation_id", "team_id", "assigned_by_id", "is_primary", "assigned_at", "status", "responded_by_id", "responded_at") SELECT "id", "installation_id", "team_id", "assigned_by_id", "is_primary", "assigned_at", "status", "responded_by_id", "responded_at" FROM "installation_assignments"`);
        await queryRunner.query(`DROP TABLE "installation_assignments"`);
        await queryRunner.query(`ALTER TABLE "temporary_installation_assignments" RENAME TO "installation_assignments"`);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_team" ON "installation_assignments" ("team_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_installation" ON "installation_assignments" ("installation_id", "status") `);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_slot"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_survey"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_installation"`);
        await queryRunner.query(`CREATE TABLE "temporary_team_bookings" ("id" varchar PRIMARY KEY NOT NULL, "team_id" varchar NOT NULL, "date" varchar(10) NOT NULL, "time_slot" varchar(5) NOT NULL, "survey_id" varchar, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "installation_id" varchar, CONSTRAINT "FK_adaaad1ee055e3c33a9d8bf3410" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_59b90247a4d7e47b584b95a9ef2" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_3af8d144dbb9f2010e91a9f1adc" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_team_bookings"("id", "team_id", "date", "time_slot", "survey_id", "created_at", "installation_id") SELECT "id", "team_id", "date", "time_slot", "survey_id", "created_at", "installation_id" FROM "team_bookings"`);
        await queryRunner.query(`DROP TABLE "team_bookings"`);
        await queryRunner.query(`ALTER TABLE "temporary_team_bookings" RENAME TO "team_bookings"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_slot" ON "team_bookings" ("team_id", "date", "time_slot") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_survey" ON "team_bookings" ("survey_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_installation" ON "team_bookings" ("installation_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_team_bookings_installation"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_survey"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_slot"`);
        await queryRunner.query(`ALTER TABLE "team_bookings" RENAME TO "temporary_team_bookings"`);
        await queryRunner.query(`CREATE TABLE "team_bookings" ("id" varchar PRIMARY KEY NOT NULL, "team_id" varchar NOT NULL, "date" varchar(10) NOT NULL, "time_slot" varchar(5) NOT NULL, "survey_id" varchar, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "installation_id" varchar, CONSTRAINT "FK_adaaad1ee055e3c33a9d8bf3410" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_59b90247a4d7e47b584b95a9ef2" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "team_bookings"("id", "team_id", "date", "time_slot", "survey_id", "created_at", "installation_id") SELECT "id", "team_id", "date", "time_slot", "survey_id", "created_at", "installation_id" FROM "temporary_team_bookings"`);
        await queryRunner.query(`DROP TABLE "temporary_team_bookings"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_installation" ON "team_bookings" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_survey" ON "team_bookings" ("survey_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_slot" ON "team_bookings" ("team_id", "date", "time_slot") `);
        await queryRunner.query(`DROP INDEX "ix_installation_assignments_installation"`);
        await queryRunner.query(`DROP INDEX "ix_installation_assignments_team"`);
        await queryRunner.query(`ALTER TABLE "installation_assignments" RENAME TO "temporary_installation_assignments"`);
        await queryRunner.query(`CREATE TABLE "installation_assignments" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar NOT NULL, "team_id" varchar NOT NULL, "assigned_by_id" varchar NOT NULL, "is_primary" boolean NOT NULL DEFAULT (1), "assigned_at" datetime NOT NULL DEFAULT (datetime('now')), "status" varchar(20) NOT NULL DEFAULT ('assigned'), "responded_by_id" varchar, "responded_at" datetime)`);
        await queryRunner.query(`INSERT INTO "installation_assignments"("id", "installation_id", "team_id", "assigned_by_id", "is_primary", "assigned_at", "status", "responded_by_id", "responded_at") SELECT "id", "installation_id", "team_id", "assigned_by_id", "is_primary", "assigned_at", "status", "responded_by_id", "responded_at" FROM "temporary_installation_assignments"`);
        await queryRunner.query(`DROP TABLE "temporary_installation_assignments"`);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_installation" ON "installation_assignments" ("installation_id", "status") `);
        await queryRunner.query(`CREATE INDEX "ix_installation_assignments_team" ON "installation_assignments" ("team_id", "status") `);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "uq_installations_survey"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`ALTER TABLE "installations" RENAME TO "temporary_installations"`);
        await queryRunner.query(`CREATE TABLE "installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"))`);
        await queryRunner.query(`INSERT INTO "installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "temporary_installations"`);
        await queryRunner.query(`DROP TABLE "temporary_installations"`);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey" ON "installations" ("survey_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_installation"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_survey"`);
        await queryRunner.query(`DROP INDEX "uq_team_bookings_slot"`);
        await queryRunner.query(`ALTER TABLE "team_bookings" RENAME TO "temporary_team_bookings"`);
        await queryRunner.query(`CREATE TABLE "team_bookings" ("id" varchar PRIMARY KEY NOT NULL, "team_id" varchar NOT NULL, "date" varchar(10) NOT NULL, "time_slot" varchar(5) NOT NULL, "survey_id" varchar, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_adaaad1ee055e3c33a9d8bf3410" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_59b90247a4d7e47b584b95a9ef2" FOREIGN KEY ("team_id") REFERENCES "teams" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "team_bookings"("id", "team_id", "date", "time_slot", "survey_id", "created_at") SELECT "id", "team_id", "date", "time_slot", "survey_id", "created_at" FROM "temporary_team_bookings"`);
        await queryRunner.query(`DROP TABLE "temporary_team_bookings"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_survey" ON "team_bookings" ("survey_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_team_bookings_slot" ON "team_bookings" ("team_id", "date", "time_slot") `);
        await queryRunner.query(`DROP INDEX "ix_installation_assignments_installation"`);
        await queryRunner.query(`DROP INDEX "ix_installation_assignments_team"`);
        await queryRunner.query(`DROP TABLE "installation_assignments"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "uq_installations_survey"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP TABLE "installations"`);
    }

}
