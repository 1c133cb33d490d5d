import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import type { Actor } from '../../common/auth/actor.js';
import { TransactionRunner } from '../../common/persistence/transaction-runner.service.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import type { CreateLeadDto } from '../dto/lead.dto.js';
import type { Lead } from '../entities/lead.entity.js';
import { newLead, type PreparedCreation } from '../lead-creation.js';
import { duplicateKey, LeadsRepository, receivedKey } from '../leads.repository.js';
import { duplicateLead, LeadsService } from '../leads.service.js';

/** A row of an import file that passed `POST /leads`'s validation and creation checks. */
export interface ReadyRow {
  /** 1-based, the header not counted. */
  rowNumber: number;
  dto: CreateLeadDto;
  prepared: PreparedCreation;
}

/** What became of a ready row: a new lead, a replay of one received before, or the error `POST /leads` would answer. */
export type RowOutcome = { rowNumber: number; created: boolean } | { rowNumber: number; error: unknown };

/**
 * Writes a batch of import rows as `POST /leads` would write them one by one (DESIGN §4 and §7:
 * replays of an externalRef, the duplicate check, auto-assignment, the `created`/`assigned`/
 * `duplicate_flagged` entries), in one transaction of a few statements: the leads already received
 * and the open duplicates read for the whole batch, then one INSERT of the leads and one of their
 * timeline entries. A row that repeats an externalRef or a phone and pincode of an earlier row of
 * the batch starts a new transaction, so it sees that row as a lead; a row whose externalRef came
 * with another payload before, and a batch the database refuses (an ingestion of the same
 * externalRef committed meanwhile, a source deleted meanwhile), go through `LeadsService.create`
 * row by row, each its own transaction.
 */
@Injectable()
export class LeadImportWriter {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly repository: LeadsRepository,
    private readonly leads: LeadsService,
    private readonly tx: TransactionRunner,
  ) {}

  /** The outcome of each row of `rows` of the import `importId`, in no particular order. Rethrows errors that are not a row's fault (the database down). */
  async write(actor: Actor, rows: ReadyRow[], importId: string): Promise<RowOutcome[]> {
    const outcomes: RowOutcome[] = [];
    let run: ReadyRow[] = [];
    const refs = new Set<string>();
    const people = new Set<string>();
    for (const row of rows) {
      const ref = row.dto.externalRef ? receivedKey(row.prepared.oemId, row.dto.externalRef) : null;
      const person = this.personKey(row);
      if ((ref && refs.has(ref)) || (person && people.has(person))) {
        outcomes.push(...(await this.writeRun(actor, run, importId)));
        run = [];
        refs.clear();
        people.clear();
      }
      run.push(row);
      if (ref) refs.add(ref);
      if (person) people.add(person);
    }
    outcomes.push(...(await this.writeRun(actor, run, importId)));
    return outcomes;
  }

  /** The duplicate check's key of a row, or null when the check is off. */
  private personKey(row: ReadyRow): string | null {
    return this.config.leadDuplicateCheck === 'off' ? null : duplicateKey({ oemId: row.prepared.oemId, customerPhone: row.dto.customerPhone, pincode: row.dto.pincode });
  }

  /** Rows with no externalRef nor person in common, in one transaction. */
  private async writeRun(actor: Actor, rows: ReadyRow[], importId: string): Promise<RowOutcome[]> {
    if (!rows.length) return [];
    let oneByOne: ReadyRow[] = [];
    let outcomes: RowOutcome[];
    try {
      outcomes = await this.tx.run(async (em) => {
        const done: RowOutcome[] = [];
        oneByOne = [];
        const withRef = rows.flatMap((r) => (r.dto.externalRef ? [{ oemId: r.prepared.oemId, externalRef: r.dto.externalRef }] : []));
        const received = await this.repository.receivedAmong(em, withRef);
        const check = this.config.leadDuplicateCheck;
        const duplicates = check === 'off' ? new Map<string, string>() : await this.repository.openDuplicatesAmong(em, rows.map((r) => ({ oemId: r.prepared.oemId, customerPhone: r.dto.customerPhone, pincode: r.dto.pincode })));
        const loads = this.config.leadAutoAssign ? await this.repository.assigneeLoads(em) : [];
        const now = new Date();
        const fresh: Lead[] = [];
        for (const row of rows) {
          const existing = row.dto.externalRef ? received.get(receivedKey(row.prepared.oemId, row.dto.externalRef)) : undefined;
          if (existing) {
            // The same payload again is a replay; another one is decided as POST /leads decides it.
            if (existing.ingestHash === row.prepared.ingestHash) done.push({ rowNumber: row.rowNumber, created: false });
            else oneByOne.push(row);
            continue;
          }
          const duplicateOf = duplicates.get(this.personKey(row) as string) ?? null;
          if (duplicateOf && check === 'reject') {
            done.push({ rowNumber: row.rowNumber, error: duplicateLead(duplicateOf) });
            continue;
          }
          fresh.push(newLead(row.dto, row.prepared, takeAssignee(loads), duplicateOf, now));
          done.push({ rowNumber: row.rowNumber, created: true });
        }
        await this.repository.insertLeads(em, actor, fresh, importId);
        return done;
      });
    } catch (error) {
      if (!(error instanceof QueryFailedError)) throw error;
      outcomes = [];
      oneByOne = rows;
    }
    for (const row of oneByOne) {
      try {
        outcomes.push({ rowNumber: row.rowNumber, created: (await this.leads.create(actor, row.dto)).created });
      } catch (error) {
        outcomes.push({ rowNumber: row.rowNumber, error });
      }
    }
    return outcomes;
  }
}

/** DESIGN §7 auto-assignment over a batch: the user with the fewest open leads (ties: the earlier, older account), counted up as leads are given. */
function takeAssignee(loads: Array<{ id: string; open: number }>): { id: string } | null {
  let best: { id: string; open: number } | null = null;
  for (const load of loads) if (!best || load.open < best.open) best = load;
  if (best) best.open++;
  return best;
}
