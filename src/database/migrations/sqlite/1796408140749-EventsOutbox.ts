import { MigrationInterface, QueryRunner } from "typeorm";

export class EventsOutbox1796408140749 implements MigrationInterface {
    name = 'EventsOutbox1796408140749'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_cursors" ("name" varchar(40) PRIMARY KEY NOT NULL, "last_event_id" integer NOT NULL DEFAULT (0), "pending_max_id" integer, "pending_xmax" varchar(30), "pending_since" datetime)`);
        await queryRunner.query(`CREATE TABLE "outbox_deliveries" ("id" varchar PRIMARY KEY NOT NULL, "channel" varchar(10) NOT NULL, "subscription_id" varchar, "lead_id" varchar, "event_id" integer, "seq" bigint NOT NULL DEFAULT (0), "dedupe_key" varchar(200) NOT NULL, "event_type" varchar(60) NOT NULL, "payload" text NOT NULL, "status" varchar(10) NOT NULL DEFAULT ('pending'), "attempts" integer NOT NULL DEFAULT (0), "next_attempt_at" datetime NOT NULL, "claimed_until" datetime, "claim_token" varchar(36), "last_attempt_at" datetime, "last_response_code" integer, "last_error" varchar(500), "delivered_at" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_deliveries_dedupe" ON "outbox_deliveries" ("dedupe_key") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_deliveries_subscription" ON "outbox_deliveries" ("subscription_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_deliveries_order" ON "outbox_deliveries" ("subscription_id", "lead_id", "seq") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_deliveries_due" ON "outbox_deliveries" ("status", "next_attempt_at") `);
        await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "url" varchar(2000) NOT NULL, "events" text NOT NULL, "description" varchar(500), "is_active" boolean NOT NULL DEFAULT (1), "disabled_reason" varchar(20), "secret" varchar(100) NOT NULL, "failing_since" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_oem" ON "webhook_subscriptions" ("oem_id") `);
        await queryRunner.query(`DROP INDEX "ix_webhook_subscriptions_oem"`);
        await queryRunner.query(`CREATE TABLE "temporary_webhook_subscriptions" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "url" varchar(2000) NOT NULL, "events" text NOT NULL, "description" varchar(500), "is_active" boolean NOT NULL DEFAULT (1), "disabled_reason" varchar(20), "secret" varchar(100) NOT NULL, "failing_since" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_894e546e2ea2d122a3e0dba2d43" FOREIGN KEY ("oem_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_webhook_subscriptions"("id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at") SELECT "id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at" FROM "webhook_subscriptions"`);
        await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
        await queryRunner.query(`ALTER TABLE "temporary_webhook_subscriptions" RENAME TO "webhook_subscriptions"`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_oem" ON "webhook_subscriptions" ("oem_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_webhook_subscriptions_oem"`);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" RENAME TO "temporary_webhook_subscriptions"`);
        await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "url" varchar(2000) NOT NULL, "events" text NOT NULL, "description" varchar(500), "is_active" boolean NOT NULL DEFAULT (1), "disabled_reason" varchar(20), "secret" varchar(100) NOT NULL, "failing_since" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "webhook_subscriptions"("id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at") SELECT "id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at" FROM "temporary_webhook_subscriptions"`);
        await queryRunner.query(`DROP TABLE "temporary_webhook_subscriptions"`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_oem" ON "webhook_subscriptions" ("oem_id") `);
        await queryRunner.query(`DROP INDEX "ix_webhook_subscriptions_oem"`);
        await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
        await queryRunner.query(`DROP INDEX "ix_outbox_deliveries_due"`);
        await queryRunner.query(`DROP INDEX "ix_outbox_deliveries_order"`);
        await queryRunner.query(`DROP INDEX "ix_outbox_deliveries_subscription"`);
        await queryRunner.query(`DROP INDEX "uq_outbox_deliveries_dedupe"`);
        await queryRunner.query(`DROP TABLE "outbox_deliveries"`);
        await queryRunner.query(`DROP TABLE "outbox_cursors"`);
    }

}
