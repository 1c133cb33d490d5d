import { MigrationInterface, QueryRunner } from "typeorm";

export class Documents1795275350687 implements MigrationInterface {
    name = 'Documents1795275350687'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stored_files" ("id" varchar PRIMARY KEY NOT NULL, "storage_key" varchar(200) NOT NULL, "original_name" varchar(255) NOT NULL, "content_type" varchar(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" varchar(64) NOT NULL, "uploaded_by_id" varchar NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stored_files_storage_key" ON "stored_files" ("storage_key") `);
        await queryRunner.query(`CREATE INDEX "ix_stored_files_uploaded_by" ON "stored_files" ("uploaded_by_id") `);
        await queryRunner.query(`CREATE TABLE "lead_documents" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "document_type" varchar(30) NOT NULL, "file_id" varchar NOT NULL, "uploaded_by_id" varchar NOT NULL, "uploaded_at" datetime NOT NULL DEFAULT (datetime('now')), "notes" text NOT NULL DEFAULT (''))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lead_documents_file" ON "lead_documents" ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_uploaded_by" ON "lead_documents" ("uploaded_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_type" ON "lead_documents" ("lead_id", "document_type") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_uploaded_at" ON "lead_documents" ("lead_id", "uploaded_at") `);
        await queryRunner.query(`DROP INDEX "uq_stored_files_storage_key"`);
        await queryRunner.query(`DROP INDEX "ix_stored_files_uploaded_by"`);
        await queryRunner.query(`CREATE TABLE "temporary_stored_files" ("id" varchar PRIMARY KEY NOT NULL, "storage_key" varchar(200) NOT NULL, "original_name" varchar(255) NOT NULL, "content_type" varchar(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" varchar(64) NOT NULL, "uploaded_by_id" varchar NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')), CONSTRAINT "FK_aa2d3ee25c799163ed356b026fc" FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_stored_files"("id", "storage_key", "original_name", "content_type", "size_bytes", "sha256", "uploaded_by_id", "created_at") SELECT "id", "storage_key", "original_name", "content_type", "size_bytes", "sha256", "uploaded_by_id", "created_at" FROM "stored_files"`);
        await queryRunner.query(`DROP TABLE "stored_files"`);
        await queryRunner.query(`ALTER TABLE "temporary_stored_files" RENAME TO "stored_files"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stored_files_storage_key" ON "stored_files" ("storage_key") `);
        await queryRunner.query(`CREATE INDEX "ix_stored_files_uploaded_by" ON "stored_files" ("uploaded_by_id") `);
        await queryRunner.query(`DROP INDEX "uq_lead_documents_file"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_lead_type"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_lead_uploaded_at"`);
        await queryRunner.query(`CREATE TABLE "temporary_lead_documents" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "document_type" varchar(30) NOT NULL, "file_id" varchar NOT NULL, "uploaded_by_id" varchar NOT NULL, "uploaded_at" datetime NOT NULL DEFAULT (datetime('now')), "notes" text NOT NULL DEFAULT (''), CONSTRAINT "FK_b19d3f84832d5a4bebf4336ecfb" FOREIGN KEY ("lead_id") REFERENCES "leads" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_b8a01586085a03f64adfefec93c" FOREIGN KEY ("file_id") REFERENCES "stored_files" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION, CONSTRAINT "FK_4623ad1028a6c11e579866e709c" FOREIGN KEY ("uploaded_by_id") REFERENCES "users" ("id") ON DELETE RESTRICT ON UPDATE NO ACTION)`);
        await queryRunner.query(`INSERT INTO "temporary_lead_documents"("id", "lead_id", "document_type", "file_id", "uploaded_by_id", "uploaded_at", "notes") SELECT "id", "lead_id", "document_type", "file_id", "uploaded_by_id", "uploaded_at", "notes" FROM "lead_documents"`);
        await queryRunner.query(`DROP TABLE "lead_documents"`);
        await queryRunner.query(`ALTER TABLE "temporary_lead_documents" RENAME TO "lead_documents"`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lead_documents_file" ON "lead_documents" ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_uploaded_by" ON "lead_documents" ("uploaded_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_type" ON "lead_documents" ("lead_id", "document_type") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_uploaded_at" ON "lead_documents" ("lead_id", "uploaded_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "ix_lead_documents_lead_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_lead_type"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "uq_lead_documents_file"`);
        await queryRunner.query(`ALTER TABLE "lead_documents" RENAME TO "temporary_lead_documents"`);
        await queryRunner.query(`CREATE TABLE "lead_documents" ("id" varchar PRIMARY KEY NOT NULL, "lead_id" varchar NOT NULL, "document_type" varchar(30) NOT NULL, "file_id" varchar NOT NULL, "uploaded_by_id" varchar NOT NULL, "uploaded_at" datetime NOT NULL DEFAULT (datetime('now')), "notes" text NOT NULL DEFAULT (''))`);
        await queryRunner.query(`INSERT INTO "lead_documents"("id", "lead_id", "document_type", "file_id", "uploaded_by_id", "uploaded_at", "notes") SELECT "id", "lead_id", "document_type", "file_id", "uploaded_by_id", "uploaded_at", "notes" FROM "temporary_lead_documents"`);
        await queryRunner.query(`DROP TABLE "temporary_lead_documents"`);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_uploaded_at" ON "lead_documents" ("lead_id", "uploaded_at") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_type" ON "lead_documents" ("lead_id", "document_type") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_uploaded_by" ON "lead_documents" ("uploaded_by_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lead_documents_file" ON "lead_documents" ("file_id") `);
        await queryRunner.query(`DROP INDEX "ix_stored_files_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "uq_stored_files_storage_key"`);
        await queryRunner.query(`ALTER TABLE "stored_files" RENAME TO "temporary_stored_files"`);
        await queryRunner.query(`CREATE TABLE "stored_files" ("id" varchar PRIMARY KEY NOT NULL, "storage_key" varchar(200) NOT NULL, "original_name" varchar(255) NOT NULL, "content_type" varchar(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" varchar(64) NOT NULL, "uploaded_by_id" varchar NOT NULL, "created_at" datetime NOT NULL DEFAULT (datetime('now')))`);
        await queryRunner.query(`INSERT INTO "stored_files"("id", "storage_key", "original_name", "content_type", "size_bytes", "sha256", "uploaded_by_id", "created_at") SELECT "id", "storage_key", "original_name", "content_type", "size_bytes", "sha256", "uploaded_by_id", "created_at" FROM "temporary_stored_files"`);
        await queryRunner.query(`DROP TABLE "temporary_stored_files"`);
        await queryRunner.query(`CREATE INDEX "ix_stored_files_uploaded_by" ON "stored_files" ("uploaded_by_id") `);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stored_files_storage_key" ON "stored_files" ("storage_key") `);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_lead_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_lead_type"`);
        await queryRunner.query(`DROP INDEX "ix_lead_documents_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "uq_lead_documents_file"`);
        await queryRunner.query(`DROP TABLE "lead_documents"`);
        await queryRunner.query(`DROP INDEX "ix_stored_files_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "uq_stored_files_storage_key"`);
        await queryRunner.query(`DROP TABLE "stored_files"`);
    }

}
