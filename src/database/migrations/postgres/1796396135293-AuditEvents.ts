import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditEvents1796396135293 implements MigrationInterface {
    name = 'AuditEvents1796396135293'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP NOT NULL, "actor_id" uuid, "actor_role" character varying(20), "api_key_id" uuid, "action" character varying(40) NOT NULL, "entity_type" character varying(20) NOT NULL, "entity_id" character varying(64) NOT NULL, "before" text, "after" text, "request_id" character varying(128), CONSTRAINT "PK_910f64d901a5c3e9878f0d4a407" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_entity" ON "audit_events"  ("entity_id", "entity_type", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_actor" ON "audit_events"  ("actor_id", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_occurred" ON "audit_events"  ("occurred_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_audit_events_occurred"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_events_actor"`);
        await queryRunner.query(`DROP INDEX "public"."ix_audit_events_entity"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
