import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookPreviousSecret1796673638073 implements MigrationInterface {
    name = 'WebhookPreviousSecret1796673638073'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_webhook_subscriptions_oem"`);
        await queryRunner.query(`CREATE TABLE "temporary_webhook_subscriptions" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "url" varchar(2000) NOT NULL, "events" text NOT NULL, "description" varchar(500), "is_active" boolean NOT NULL DEFAULT (1), "disabled_reason" varchar(20), "secret" varchar(100) NOT NULL, "failing_since" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "previous_secret" varchar(100), "previous_secret_expires_at" datetime, CONSTRAINT "FK_894e546e2ea2d122a3e0dba2d43" FOREIGN KEY ("oem_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_webhook_subscriptions"("id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at") SELECT "id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at" FROM "webhook_subscriptions"`);
        await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
        await queryRunner.query(`ALTER TABLE "temporary_webhook_subscriptions" RENAME TO "webhook_subscriptions"`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_oem" ON "webhook_subscriptions" ("oem_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_webhook_subscriptions_oem"`);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" RENAME TO "temporary_webhook_subscriptions"`);
        await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" varchar PRIMARY KEY NOT NULL, "oem_id" varchar NOT NULL, "url" varchar(2000) NOT NULL, "events" text NOT NULL, "description" varchar(500), "is_active" boolean NOT NULL DEFAULT (1), "disabled_reason" varchar(20), "secret" varchar(100) NOT NULL, "failing_since" datetime, "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_894e546e2ea2d122a3e0dba2d43" FOREIGN KEY ("oem_id") REFERENCES "users" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "webhook_subscriptions"("id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at") SELECT "id", "oem_id", "url", "events", "description", "is_active", "disabled_reason", "secret", "failing_since", "created_at", "updated_at" FROM "temporary_webhook_subscriptions"`);
        await queryRunner.query(`DROP TABLE "temporary_webhook_subscriptions"`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_oem" ON "webhook_subscriptions" ("oem_id") `);
    }

}
