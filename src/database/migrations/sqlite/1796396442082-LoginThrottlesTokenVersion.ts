import { MigrationInterface, QueryRunner } from "typeorm";

export class LoginThrottlesTokenVersion1796396442082 implements MigrationInterface {
    name = 'LoginThrottlesTokenVersion1796396442082'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "login_throttles" ("key" varchar(300) PRIMARY KEY NOT NULL, "failures" integer NOT NULL, "window_started_at" bigint NOT NULL, "locked_until" bigint, "lockouts" integer NOT NULL DEFAULT (0))`);
        await queryRunner.query(`DROP INDEX "ix_users_role"`);
        await queryRunner.query(`DROP INDEX "uq_users_email"`);
        await queryRunner.query(`CREATE TABLE "temporary_users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "password_hash" varchar(255) NOT NULL, "full_name" varchar(200) NOT NULL, "phone" varchar(16), "role" varchar(20) NOT NULL, "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')), "token_version" integer NOT NULL DEFAULT (0))`);
        await queryRunner.query(`INSERT INTO "temporary_users"("id", "email", "password_hash", "full_name", "phone", "role", "is_active", "created_at", "updated_at") SELECT "id", "email", "password_hash", "full_name", "phone", "role", "is_active", "created_at", "updated_at" FROM "users"`);
        await queryRunner.query(`DROP TABLE "users"`);
        await queryRunner.query(`ALTER TABLE "temporary_users" RENAME TO "users"`);
        await queryRunner.query(`CREATE INDEX "ix_users_role" ON "users" ("role") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_users_email"`);
        await queryRunner.query(`DROP INDEX "ix_users_role"`);
        await queryRunner.query(`ALTER TABLE "users" RENAME TO "temporary_users"`);
        await queryRunner.query(`CREATE TABLE "users" ("id" varchar PRIMARY KEY NOT NULL, "email" varchar(254) NOT NULL, "password_hash" varchar(255) NOT NULL, "full_name" varchar(200) NOT NULL, "phone" varchar(16), "role" varchar(20) NOT NULL, "is_active" boolean NOT NULL DEFAULT (1), "created_at" datetime NOT NULL DEFAULT (datetime('now')), "updated_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "users"("id", "email", "password_hash", "full_name", "phone", "role", "is_active", "created_at", "updated_at") SELECT "id", "email", "password_hash", "full_name", "phone", "role", "is_active", "created_at", "updated_at" FROM "temporary_users"`);
        await queryRunner.query(`DROP TABLE "temporary_users"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_users_email" ON "users" ("email") `);
        await queryRunner.query(`CREATE INDEX "ix_users_role" ON "users" ("role") `);
        await queryRunner.query(`DROP TABLE "login_throttles"`);
    }

}
