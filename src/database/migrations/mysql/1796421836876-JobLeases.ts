import { MigrationInterface, QueryRunner } from "typeorm";

export class JobLeases1796421836876 implements MigrationInterface {
    name = 'JobLeases1796421836876'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE \`job_leases\` (\`name\` varchar(60) NOT NULL, \`holder\` varchar(120) NOT NULL, \`expires_at\` datetime(6) NOT NULL, PRIMARY KEY (\`name\`)) ENGINE=InnoDB`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE \`job_leases\``);
    }

}
