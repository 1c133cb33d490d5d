import { MigrationInterface, QueryRunner } from "typeorm";

export class LoginThrottlesTokenVersion1796396444250 implements MigrationInterface {
    name = 'LoginThrottlesTokenVersion1796396444250'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "login_throttles" ("key" character varying(300) NOT NULL, "failures" integer NOT NULL, "window_started_at" bigint NOT NULL, "locked_until" bigint, "lockouts" integer NOT NULL DEFAULT '0', CONSTRAINT "PK_366650e3560115bd25315ca53d0" PRIMARY KEY ("key"))`);
        await queryRunner.query(`ALTER TABLE "users" ADD "token_version" integer NOT NULL DEFAULT '0'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "token_version"`);
        await queryRunner.query(`DROP TABLE "login_throttles"`);
    }

}
