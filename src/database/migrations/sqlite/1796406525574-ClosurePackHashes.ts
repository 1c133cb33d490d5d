import { MigrationInterface, QueryRunner } from "typeorm";

export class ClosurePackHashes1796406525574 implements MigrationInterface {
    name = 'ClosurePackHashes1796406525574'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "uq_closure_packs_file"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_installation"`);
        await queryRunner.query(`DROP INDEX "ix_closure_packs_lead"`);
        await queryRunner.query(`CREATE TABLE "temporary_closure_packs" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "installation_id" varchar NOT NULL, "file_id" varchar NOT NULL, "generated_by_id" varchar NOT NULL, "generated_at" datetime NOT NULL, "shared_at" datetime, "zip_sha256" varchar(64) NOT NULL, "manifest_sha256" varchar(64), CONSTRAINT "REL_4ca46a19912196cd2814f69926" UNIQUE ("installation_id"), CONSTRAINT "FK_8b93d37d11ab6f0a5e614716a26" FOREIGN KEY ("generated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_6cb8e33790ea7a0eb0b2ea281f3" FOREIGN KEY ("file_id") REFERENCES "stored_files" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4ca46a19912196cd2814f699269" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_15ec521f9c0a5e55f6caa34ec2c" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_closure_packs"("id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at", "zip_sha256") SELECT "id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at", (SELECT "sha256" FROM "stored_files" WHERE "stored_files"."id" = "closure_packs"."file_id") FROM "closure_packs"`);
        await queryRunner.query(`DROP TABLE "closure_packs"`);
        await queryRunner.query(`ALTER TABLE "temporary_closure_packs" RENAME TO "closure_packs"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_file" ON "closure_packs" ("file_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_installation" ON "closure_packs" ("installation_id") `);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_lead" ON "closure_packs" ("lead_id") `);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_zip_sha256" ON "closure_packs" ("zip_sha256") `);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_manifest_sha256" ON "closure_packs" ("manifest_sha256") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_closure_packs_manifest_sha256"`);
        await queryRunner.query(`DROP INDEX "ix_closure_packs_zip_sha256"`);
        await queryRunner.query(`DROP INDEX "ix_closure_packs_lead"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_installation"`);
        await queryRunner.query(`DROP INDEX "uq_closure_packs_file"`);
        await queryRunner.query(`ALTER TABLE "closure_packs" RENAME TO "temporary_closure_packs"`);
        await queryRunner.query(`CREATE TABLE "closure_packs" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "installation_id" varchar NOT NULL, "file_id" varchar NOT NULL, "generated_by_id" varchar NOT NULL, "generated_at" datetime NOT NULL, "shared_at" datetime, CONSTRAINT "REL_4ca46a19912196cd2814f69926" UNIQUE ("installation_id"), CONSTRAINT "FK_8b93d37d11ab6f0a5e614716a26" FOREIGN KEY ("generated_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_6cb8e33790ea7a0eb0b2ea281f3" FOREIGN KEY ("file_id") REFERENCES "stored_files" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4ca46a19912196cd2814f699269" FOREIGN KEY ("installation_id") REFERENCES "installations" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_15ec521f9c0a5e55f6caa34ec2c" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "closure_packs"("id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at") SELECT "id", "lead_id", "installation_id", "file_id", "generated_by_id", "generated_at", "shared_at" FROM "temporary_closure_packs"`);
        await queryRunner.query(`DROP TABLE "temporary_closure_packs"`);
        await queryRunner.query(`CREATE INDEX "ix_closure_packs_lead" ON "closure_packs" ("lead_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_installation" ON "closure_packs" ("installation_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_closure_packs_file" ON "closure_packs" ("file_id") `);
    }

}
