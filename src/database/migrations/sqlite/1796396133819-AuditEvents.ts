import { MigrationInterface, QueryRunner } from "typeorm";

export class AuditEvents1796396133819 implements MigrationInterface {
    name = 'AuditEvents1796396133819'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "audit_events" ("id" varchar PRIMARY KEY NOT NULL, "occurred_at" datetime NOT NULL, "actor_id" varchar, "actor_role" varchar(20), "api_key_id" varchar, "action" varchar(40) NOT NULL, "entity_type" varchar(20) NOT NULL, "entity_id" varchar(64) NOT NULL, "before" text, "after" text, "request_id" varchar(128))`);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_entity" ON "audit_events" ("entity_id", "entity_type", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_actor" ON "audit_events" ("actor_id", "occurred_at") `);
        await queryRunner.query(`CREATE INDEX "ix_audit_events_occurred" ON "audit_events" ("occurred_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_audit_events_occurred"`);
        await queryRunner.query(`DROP INDEX "ix_audit_events_actor"`);
        await queryRunner.query(`DROP INDEX "ix_audit_events_entity"`);
        await queryRunner.query(`DROP TABLE "audit_events"`);
    }

}
