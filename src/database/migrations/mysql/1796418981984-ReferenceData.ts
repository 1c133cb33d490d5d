import type { MigrationInterface, QueryRunner } from 'typeorm';
import { seedClosingReasonsAndBackfill } from '../closing-reasons-seed.js';
import { backfillFunnelFirstEntries } from '../funnel-first-entries-backfill.js';

/**
 * Hand-written: the data steps the SQLite and PostgreSQL sets run inside their ReportsExportsImports
 * and FunnelFirstEntries migrations (the closing reasons a new installation starts with, and the
 * backfills, which find nothing to date on a new database). MariaDB's set starts at the current
 * schema, so they run once after it. The shared SQL reads the same here: sessions use ANSI_QUOTES.
 */
export class ReferenceData1796418981984 implements MigrationInterface {
  name = 'ReferenceData1796418981984';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await seedClosingReasonsAndBackfill(queryRunner);
    await backfillFunnelFirstEntries(queryRunner);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DELETE FROM "closing_reasons"');
  }
}
