import { MigrationInterface, QueryRunner } from "typeorm";

export class InstallationsSurveyUniqueOpen1795286831437 implements MigrationInterface {
    name = 'InstallationsSurveyUniqueOpen1795286831437'

    // Hand-edited: TypeORM's SQLite generator kept the old one-to-one UNIQUE ("REL_…") on survey_id
    // in every table rebuild; the partial unique index below replaces it (one open installation per survey).
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_installations_survey"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`CREATE TABLE "temporary_installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_6e5140f3554557ef189ccbab5b1" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_c304b644524f0306e7708361de1" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "installations"`);
        await queryRunner.query(`DROP TABLE "installations"`);
        await queryRunner.query(`ALTER TABLE "temporary_installations" RENAME TO "installations"`);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`CREATE TABLE "temporary_installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "temporary_installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "installations"`);
        await queryRunner.query(`DROP TABLE "installations"`);
        await queryRunner.query(`ALTER TABLE "temporary_installations" RENAME TO "installations"`);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`CREATE TABLE "temporary_installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "temporary_installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "installations"`);
        await queryRunner.query(`DROP TABLE "installations"`);
        await queryRunner.query(`ALTER TABLE "temporary_installations" RENAME TO "installations"`);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey_open" ON "installations" ("survey_id") WHERE "status" <> 'cancelled'`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP INDEX "uq_installations_survey_open"`);
        await queryRunner.query(`CREATE TABLE "temporary_installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_c304b644524f0306e7708361de1" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_6e5140f3554557ef189ccbab5b1" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "installations"`);
        await queryRunner.query(`DROP TABLE "installations"`);
        await queryRunner.query(`ALTER TABLE "temporary_installations" RENAME TO "installations"`);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey_open" ON "installations" ("survey_id") WHERE "status" <> 'cancelled'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_installations_survey_open"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`ALTER TABLE "installations" RENAME TO "temporary_installations"`);
        await queryRunner.query(`CREATE TABLE "installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"))`);
        await queryRunner.query(`INSERT INTO "installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "temporary_installations"`);
        await queryRunner.query(`DROP TABLE "temporary_installations"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey_open" ON "installations" ("survey_id") WHERE "status" <> 'cancelled'`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`DROP INDEX "uq_installations_survey_open"`);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`ALTER TABLE "installations" RENAME TO "temporary_installations"`);
        await queryRunner.query(`CREATE TABLE "installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"))`);
        await queryRunner.query(`INSERT INTO "installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "temporary_installations"`);
        await queryRunner.query(`DROP TABLE "temporary_installations"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`ALTER TABLE "installations" RENAME TO "temporary_installations"`);
        await queryRunner.query(`CREATE TABLE "installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"), CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "temporary_installations"`);
        await queryRunner.query(`DROP TABLE "temporary_installations"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`DROP INDEX "uq_installations_installation_id"`);
        await queryRunner.query(`DROP INDEX "ix_installations_lead"`);
        await queryRunner.query(`DROP INDEX "ix_installations_scheduled_date"`);
        await queryRunner.query(`DROP INDEX "ix_installations_status"`);
        await queryRunner.query(`DROP INDEX "ix_installations_created_by"`);
        await queryRunner.query(`ALTER TABLE "installations" RENAME TO "temporary_installations"`);
        await queryRunner.query(`CREATE TABLE "installations" ("id" varchar PRIMARY KEY NOT NULL, "installation_id" varchar(20) NOT NULL, "survey_id" varchar NOT NULL, "lead_id" varchar NOT NULL, "scheduled_date" varchar(10) NOT NULL, "scheduled_time_slot" varchar(5) NOT NULL, "status" varchar(20) NOT NULL DEFAULT ('planned'), "material_ready" boolean NOT NULL DEFAULT (0), "customer_confirmed" boolean NOT NULL DEFAULT (0), "demo_completed" boolean NOT NULL DEFAULT (0), "closing_reason" varchar(500), "created_by_id" varchar NOT NULL, "version" integer NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id"), CONSTRAINT "FK_6e5140f3554557ef189ccbab5b1" FOREIGN KEY ("created_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_c304b644524f0306e7708361de1" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "installations"("id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at") SELECT "id", "installation_id", "survey_id", "lead_id", "scheduled_date", "scheduled_time_slot", "status", "material_ready", "customer_confirmed", "demo_completed", "closing_reason", "created_by_id", "version", "created_at", "updated_at" FROM "temporary_installations"`);
        await queryRunner.query(`DROP TABLE "temporary_installations"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_installation_id" ON "installations" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_lead" ON "installations" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_scheduled_date" ON "installations" ("scheduled_date") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_status" ON "installations" ("status") `);
        await queryRunner.query(`CREATE INDEX "ix_installations_created_by" ON "installations" ("created_by_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey" ON "installations" ("survey_id") `);
    }

}
