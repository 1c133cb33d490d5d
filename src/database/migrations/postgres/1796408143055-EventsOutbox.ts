import { MigrationInterface, QueryRunner } from "typeorm";

export class EventsOutbox1796408143055 implements MigrationInterface {
    name = 'EventsOutbox1796408143055'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox_cursors" ("name" character varying(40) NOT NULL, "last_event_id" integer NOT NULL DEFAULT '0', "pending_max_id" integer, "pending_xmax" character varying(30), "pending_since" TIMESTAMP, CONSTRAINT "PK_82b0def6c9a3fbb9876609e88ac" PRIMARY KEY ("name"))`);
        await queryRunner.query(`CREATE TABLE "outbox_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel" character varying(10) NOT NULL, "subscription_id" uuid, "lead_id" uuid, "event_id" integer, "seq" bigint NOT NULL DEFAULT '0', "dedupe_key" character varying(200) NOT NULL, "event_type" character varying(60) NOT NULL, "payload" text NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP NOT NULL, "claimed_until" TIMESTAMP, "claim_token" character varying(36), "last_attempt_at" TIMESTAMP, "last_response_code" integer, "last_error" character varying(500), "delivered_at" TIMESTAMP, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_553a2a80e9203a20e34f9771f34" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_outbox_deliveries_dedupe" ON "outbox_deliveries"  ("dedupe_key") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_deliveries_subscription" ON "outbox_deliveries"  ("subscription_id", "created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "ix_outbox_deliveries_order" ON "outbox_deliveries"  ("subscription_id", "lead_id", "seq") WHERE status = 'pending'`);
        await queryRunner.query(`CREATE INDEX "ix_outbox_deliveries_due" ON "outbox_deliveries"  ("status", "next_attempt_at") `);
        await queryRunner.query(`CREATE TABLE "webhook_subscriptions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "oem_id" uuid NOT NULL, "url" character varying(2000) NOT NULL, "events" text NOT NULL, "description" character varying(500), "is_active" boolean NOT NULL DEFAULT true, "disabled_reason" character varying(20), "secret" character varying(100) NOT NULL, "failing_since" TIMESTAMP, "created_at" TIMESTAMP NOT NULL DEFAULT now(), "updated_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_bf631ae77d39849d599817fb6f4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_webhook_subscriptions_oem" ON "webhook_subscriptions"  ("oem_id") `);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD CONSTRAINT "FK_894e546e2ea2d122a3e0dba2d43" FOREIGN KEY ("oem_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP CONSTRAINT "FK_894e546e2ea2d122a3e0dba2d43"`);
        await queryRunner.query(`DROP INDEX "public"."ix_webhook_subscriptions_oem"`);
        await queryRunner.query(`DROP TABLE "webhook_subscriptions"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_deliveries_due"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_deliveries_order"`);
        await queryRunner.query(`DROP INDEX "public"."ix_outbox_deliveries_subscription"`);
        await queryRunner.query(`DROP INDEX "public"."uq_outbox_deliveries_dedupe"`);
        await queryRunner.query(`DROP TABLE "outbox_deliveries"`);
        await queryRunner.query(`DROP TABLE "outbox_cursors"`);
    }

}
