import { createReadStream } from 'node:fs';
import { Injectable } from '@nestjs/common';
import { parse } from 'csv-parse';
import { PINCODE_PATTERN } from '../common/validators.js';
import { TransactionRunner } from '../database/transactions.js';
import { Pincode } from './entities/pincode.entity.js';

/** What an import did; `inserted + updated` equals the valid rows read. */
export interface PincodeImportReport {
  rowsRead: number;
  inserted: number;
  updated: number;
  skipped: { line: number; reason: string }[];
  totalInDirectory: number;
  durationMs: number;
}

const BATCH = 500;

function coordinate(raw: string | undefined, min: number, max: number): number | null {
  if (!raw) return null;
  const value = Number(raw);
  return Number.isFinite(value) && value >= min && value <= max ? value : null;
}

/**
 * Loads `india-pincodes.csv` (columns `pincode,district,state_code,state,latitude,longitude,offices`,
 * shared/data/README.md) into the `pincodes` table. Idempotent: rows are upserted by pincode, in
 * one transaction, so a failed import leaves the previous directory intact.
 */
@Injectable()
export class PincodeImporter {
  constructor(private readonly tx: TransactionRunner) {}

  /** @throws Error when the file is missing or its header is not the expected one */
  async importFile(path: string): Promise<PincodeImportReport> {
    const started = Date.now();
    const report: PincodeImportReport = { rowsRead: 0, inserted: 0, updated: 0, skipped: [], totalInDirectory: 0, durationMs: 0 };
    const parser = createReadStream(path).pipe(parse({ columns: true, skip_empty_lines: true, trim: true }));
    await this.tx.run(async (em) => {
      const repo = em.getRepository(Pincode);
      const before = await repo.count();
      let batch: Partial<Pincode>[] = [];
      let line = 1;
      for await (const record of parser as AsyncIterable<Record<string, string>>) {
        line += 1;
        report.rowsRead += 1;
        if (report.rowsRead === 1 && !('pincode' in record && 'state_code' in record && 'district' in record)) {
          throw new Error(`${path} does not have the header pincode,district,state_code,state,latitude,longitude,offices`);
        }
        const reason = !PINCODE_PATTERN.test(record.pincode ?? '')
          ? 'pincode is not 6 digits'
          : !/^IN-[A-Z]{2}$/.test(record.state_code ?? '')
            ? 'state_code is not an ISO 3166-2:IN code'
            : !record.district || !record.state
              ? 'district or state is empty'
              : null;
        if (reason) {
          report.skipped.push({ line, reason });
          continue;
        }
        batch.push({
          pincode: record.pincode,
          district: record.district.slice(0, 100),
          stateCode: record.state_code,
          state: record.state.slice(0, 100),
          latitude: coordinate(record.latitude, -90, 90),
          longitude: coordinate(record.longitude, -180, 180),
          offices: Number.parseInt(record.offices ?? '0', 10) || 0,
        });
        if (batch.length === BATCH) {
          await repo.upsert(batch, ['pincode']);
          batch = [];
        }
      }
      if (batch.length) await repo.upsert(batch, ['pincode']);
      report.totalInDirectory = await repo.count();
      report.inserted = report.totalInDirectory - before;
      report.updated = report.rowsRead - report.skipped.length - report.inserted;
    });
    report.durationMs = Date.now() - started;
    return report;
  }
}
