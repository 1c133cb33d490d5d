import { MigrationInterface, QueryRunner } from "typeorm";

export class JobLeases1796417197469 implements MigrationInterface {
    name = 'JobLeases1796417197469'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_leases" ("name" character varying(60) NOT NULL, "holder" character varying(120) NOT NULL, "expires_at" TIMESTAMP NOT NULL, CONSTRAINT "PK_a5aaa7b6169ce751dd85a6f0beb" PRIMARY KEY ("name"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "job_leases"`);
    }

}
