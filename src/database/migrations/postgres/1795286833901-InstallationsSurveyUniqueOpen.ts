import { MigrationInterface, QueryRunner } from "typeorm";

export class InstallationsSurveyUniqueOpen1795286833901 implements MigrationInterface {
    name = 'InstallationsSurveyUniqueOpen1795286833901'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."uq_installations_survey"`);
        await queryRunner.query(`ALTER TABLE "installations" DROP CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0"`);
        await queryRunner.query(`ALTER TABLE "installations" DROP CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey_open" ON "installations"  ("survey_id") WHERE "status" <> 'cancelled'`);
        await queryRunner.query(`ALTER TABLE "installations" ADD CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "installations" DROP CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0"`);
        await queryRunner.query(`DROP INDEX "public"."uq_installations_survey_open"`);
        await queryRunner.query(`ALTER TABLE "installations" ADD CONSTRAINT "REL_ae21d1c0f4a5a11e2e0f786b2b" UNIQUE ("survey_id")`);
        await queryRunner.query(`ALTER TABLE "installations" ADD CONSTRAINT "FK_ae21d1c0f4a5a11e2e0f786b2b0" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_installations_survey" ON "installations" USING btree ("survey_id") `);
    }

}
