import { MigrationInterface, QueryRunner } from "typeorm";

export class ClosurePackHashes1796406526458 implements MigrationInterface {
    name = 'ClosurePackHashes1796406526458'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "closure_packs" ADD "zip_sha256" character varying(64)`);
        // Packs generated before this migration: their ZIP's hash is on their stored file.
        await queryRunner.query(`UPDATE "closure_packs" SET "zip_sha256" = (SELECT "sha256" FROM "stored_files" WHERE "stored_files"."id" = "closure_packs"."file_id")`);
        await queryRunner.query(`ALTER TABLE "closure_packs" ALTER COLUMN "zip_sha256" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "closure_packs" ADD "manifest_sha256" character varying(64)`);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_zip_sha256" ON "closure_packs"  ("zip_sha256") `);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_manifest_sha256" ON "closure_packs"  ("manifest_sha256") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_closure_packs_manifest_sha256"`);
        await queryRunner.query(`DROP INDEX "public"."ix_closure_packs_zip_sha256"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" DROP COLUMN "manifest_sha256"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" DROP COLUMN "zip_sha256"`);
    }

}
