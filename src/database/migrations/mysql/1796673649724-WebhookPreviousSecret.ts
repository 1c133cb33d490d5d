import { MigrationInterface, QueryRunner } from "typeorm";

export class WebhookPreviousSecret1796673649724 implements MigrationInterface {
    name = 'WebhookPreviousSecret1796673649724'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`webhook_subscriptions\` ADD \`previous_secret\` varchar(100) NULL`);
        await queryRunner.query(`ALTER TABLE \`webhook_subscriptions\` ADD \`previous_secret_expires_at\` datetime(6) NULL`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE \`webhook_subscriptions\` DROP COLUMN \`previous_secret_expires_at\``);
        await queryRunner.query(`ALTER TABLE \`webhook_subscriptions\` DROP COLUMN \`previous_secret\``);
    }

}
