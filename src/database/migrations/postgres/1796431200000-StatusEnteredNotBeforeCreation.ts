import { MigrationInterface, QueryRunner } from "typeorm";
import { statusEnteredNotBeforeCreation } from "../status-entered-not-before-creation.js";

/** Data only: a status entry dated before its lead's creation becomes the creation time ({@link statusEnteredNotBeforeCreation}). */
export class StatusEnteredNotBeforeCreation1796431200000 implements MigrationInterface {
    name = 'StatusEnteredNotBeforeCreation1796431200000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await statusEnteredNotBeforeCreation(queryRunner);
    }

    public async down(): Promise<void> {
        // The earlier entry times are not kept: nothing to restore.
    }

}
