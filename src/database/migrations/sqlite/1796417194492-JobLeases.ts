import { MigrationInterface, QueryRunner } from "typeorm";

export class JobLeases1796417194492 implements MigrationInterface {
    name = 'JobLeases1796417194492'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "job_leases" ("name" varchar(60) PRIMARY KEY NOT NULL, "holder" varchar(120) NOT NULL, "expires_at" datetime NOT NULL)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "job_leases"`);
    }

}
