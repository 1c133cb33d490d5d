import { MigrationInterface, QueryRunner } from "typeorm";

export class Documents1795275352455 implements MigrationInterface {
    name = 'Documents1795275352455'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "stored_files" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "storage_key" character varying(200) NOT NULL, "original_name" character varying(255) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" bigint NOT NULL, "sha256" character varying(64) NOT NULL, "uploaded_by_id" uuid NOT NULL, "created_at" TIMESTAMP NOT NULL DEFAULT now(), CONSTRAINT "PK_5d5be862bf53851c1794b4adf4e" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_stored_files_storage_key" ON "stored_files"  ("storage_key") `);
        await queryRunner.query(`CREATE INDEX "ix_stored_files_uploaded_by" ON "stored_files"  ("uploaded_by_id") `);
        await queryRunner.query(`CREATE TABLE "lead_documents" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "lead_id" uuid NOT NULL, "document_type" character varying(30) NOT NULL, "file_id" uuid NOT NULL, "uploaded_by_id" uuid NOT NULL, "uploaded_at" TIMESTAMP NOT NULL DEFAULT now(), "notes" text NOT NULL DEFAULT '', CONSTRAINT "PK_e31534e983c690c655b8a70ec6a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "uq_lead_documents_file" ON "lead_documents"  ("file_id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_uploaded_by" ON "lead_documents"  ("uploaded_by_id") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_type" ON "lead_documents"  ("lead_id", "document_type") `);
        await queryRunner.query(`CREATE INDEX "ix_lead_documents_lead_uploaded_at" ON "lead_documents"  ("lead_id", "uploaded_at") `);
        await queryRunner.query(`ALTER TABLE "stored_files" ADD CONSTRAINT "FK_aa2d3ee25c799163ed356b026fc" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_documents" ADD CONSTRAINT "FK_b19d3f84832d5a4bebf4336ecfb" FOREIGN KEY ("lead_id") REFERENCES "leads"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_documents" ADD CONSTRAINT "FK_b8a01586085a03f64adfefec93c" FOREIGN KEY ("file_id") REFERENCES "stored_files"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
        await queryRunner.query(`ALTER TABLE "lead_documents" ADD CONSTRAINT "FK_4623ad1028a6c11e579866e709c" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "lead_documents" DROP CONSTRAINT "FK_4623ad1028a6c11e579866e709c"`);
        await queryRunner.query(`ALTER TABLE "lead_documents" DROP CONSTRAINT "FK_b8a01586085a03f64adfefec93c"`);
        await queryRunner.query(`ALTER TABLE "lead_documents" DROP CONSTRAINT "FK_b19d3f84832d5a4bebf4336ecfb"`);
        await queryRunner.query(`ALTER TABLE "stored_files" DROP CONSTRAINT "FK_aa2d3ee25c799163ed356b026fc"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_documents_lead_uploaded_at"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_documents_lead_type"`);
        await queryRunner.query(`DROP INDEX "public"."ix_lead_documents_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "public"."uq_lead_documents_file"`);
        await queryRunner.query(`DROP TABLE "lead_documents"`);
        await queryRunner.query(`DROP INDEX "public"."ix_stored_files_uploaded_by"`);
        await queryRunner.query(`DROP INDEX "public"."uq_stored_files_storage_key"`);
        await queryRunner.query(`DROP TABLE "stored_files"`);
    }

}
