import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookPreviousSecret1796673641624 implements MigrationInterface {
    name = 'WebhookPreviousSecret1796673641624'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "previous_secret" character varying(100)`);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" ADD "previous_secret_expires_at" TIMESTAMP`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "previous_secret_expires_at"`);
        await queryRunner.query(`ALTER TABLE "webhook_subscriptions" DROP COLUMN "previous_secret"`);
    }

}
