import request from 'supertest';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/common/auth/actor.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import type { LeadImport } from '../src/leads/imports/lead-import.entity.js';
import { IMPORT_STALE_AFTER_MS, LeadImportRecovery, LeadImportsService } from '../src/leads/imports/lead-imports.service.js';
import { UsersService } from '../src/users/users.service.js';
import { stopClock } from './support/clock.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const IMPORTS = '/api/v1/lead-imports';
const MINUTE = 60_000;
/** Three batches of the import's 250 rows. */
const ROWS = 750;

/** An import file of `count` valid leads in Pune (externalRef `<ref>-<i>`), each row naming `oemOf(i)` in an oemId column when given. */
function leadsCsv(count: number, ref: string, oemOf?: (i: number) => string): string {
  const lines = [`${oemOf ? 'oemId,' : ''}externalRef,customerName,customerPhone,addressLine1,city,state,pincode`];
  for (let i = 1; i <= count; i++) lines.push(`${oemOf ? `${oemOf(i)},` : ''}${ref}-${i},${ref} Customer ${i},+9198${String(i).padStart(8, '0')},${i} FC Road,Pune,Maharashtra,411001`);
  return `${lines.join('\r\n')}\r\n`;
}

describe('a bulk import while it runs: other processes, heartbeats, and who may still import', () => {
  let t: TestApp;
  let ops: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    ops = await t.factory.user('central_ops');
  });
  afterAll(() => t.close());

  /** Starts an import as `actor` through the service (as POST /lead-imports does after reading the upload); `onProgress` runs after each saved batch. */
  const start = (actor: Actor, csv: string, options: { oemId?: string; onProgress?: (state: LeadImport) => Promise<void> } = {}) =>
    t.app.get(LeadImportsService).start(actor, Buffer.from(csv, 'utf8'), { fileName: 'leads.csv', ...options });
  const shown = async (as: TestUser, id: string) => (await request(t.server).get(`${IMPORTS}/${id}`).set('Authorization', as.auth).expect(200)).body;
  const leadsOf = (oem: TestUser) => t.app.get(DataSource).getRepository(Lead).countBy({ oemId: oem.user.id });

  it('an import another process is running survives every start-up recovery while its batches keep beating, however long it runs, and completes', async () => {
    const oem = await t.factory.user('oem');
    const clock = stopClock(t.app);
    const recovery = t.app.get(LeadImportRecovery);
    const seen: string[] = [];
    let batches = 0;
    const started = await start(oem.actor, leadsCsv(ROWS, 'LIVE'), {
      onProgress: async () => {
        // Each batch takes 9 minutes (27 in all, well past the 10 without a heartbeat), and after
        // each another worker or replica starts and runs its recovery.
        clock.advanceTo(++batches * 9 * MINUTE);
        expect(await recovery.recover()).toBe(0);
        seen.push((await shown(oem, started.id)).status);
      },
    });
    const done = await started.done;
    expect(seen).toEqual(['running', 'running', 'running']);
    expect(done).toMatchObject({ status: 'completed', rowsProcessed: ROWS, rowsCreated: ROWS, failure: null });
    expect(await shown(oem, started.id)).toMatchObject({ status: 'completed', rowsCreated: ROWS, failure: null });
  });

  it('a run whose import recovery failed (no heartbeat for 10 minutes) stops at its next batch, and the import stays failed with its counters', async () => {
    const oem = await t.factory.user('oem');
    const clock = stopClock(t.app);
    const recovery = t.app.get(LeadImportRecovery);
    const started = await start(oem.actor, leadsCsv(ROWS, 'STALE'), {
      onProgress: async (state) => {
        if (state.rowsProcessed !== 250) return;
        // The first batch's heartbeat just under 10 minutes old: not yet; past them: failed.
        clock.advanceTo(IMPORT_STALE_AFTER_MS - 1);
        expect(await recovery.recover()).toBe(0);
        clock.advanceTo(IMPORT_STALE_AFTER_MS + 1);
        expect(await recovery.recover()).toBe(1);
      },
    });
    const done = await started.done;
    expect(done).toMatchObject({ status: 'failed', rowsProcessed: 250, rowsCreated: 250 });
    expect(done.failure).toMatch(/^interrupted: its server process stopped \(no progress for 10 minutes\); import the file again/);
    expect(await shown(oem, started.id)).toMatchObject({ status: 'failed', rowsProcessed: 250, failure: done.failure });
    // No batch was written after it failed.
    expect(await leadsOf(oem)).toBe(250);
  });

  it('stops as failed when the API key it was uploaded with is revoked, before its next batch', async () => {
    const oem = await t.factory.user('oem');
    const key = await t.app.get(UsersService).createApiKey(oem.user.id, 'import');
    const started = await start({ userId: oem.user.id, role: 'oem', apiKeyId: key.id }, leadsCsv(ROWS, 'KEY'), {
      onProgress: async (state) => {
        if (state.rowsProcessed === 250) await t.app.get(UsersService).revokeApiKey(oem.user.id, key.id);
      },
    });
    const done = await started.done;
    expect(done).toMatchObject({ status: 'failed', rowsProcessed: 250, rowsCreated: 250, failure: `stopped after 250 rows: the API key it was uploaded with (${key.id}) was revoked` });
    expect(await leadsOf(oem)).toBe(250);
  });

  it('stops as failed when the OEM that uploaded it is deactivated (the CLI imports as the OEM too)', async () => {
    const oem = await t.factory.user('oem');
    const started = await start(oem.actor, leadsCsv(ROWS, 'SELF'), {
      onProgress: async (state) => {
        if (state.rowsProcessed === 250) await t.factory.deactivate(oem);
      },
    });
    expect(await started.done).toMatchObject({ status: 'failed', rowsProcessed: 250, failure: `stopped after 250 rows: OEM ${oem.user.id} was deactivated` });
    expect(await leadsOf(oem)).toBe(250);
  });

  it('a Central Ops import stops as failed when its OEM, or the Central Ops account, is deactivated', async () => {
    const [oem, other] = [await t.factory.user('oem'), await t.factory.user('oem')];
    const forOem = await start(ops.actor, leadsCsv(ROWS, 'OPS-OEM'), {
      oemId: oem.user.id,
      onProgress: async (state) => {
        if (state.rowsProcessed === 250) await t.factory.deactivate(oem);
      },
    });
    expect(await forOem.done).toMatchObject({ status: 'failed', rowsProcessed: 250, failure: `stopped after 250 rows: OEM ${oem.user.id} was deactivated` });
    expect(await leadsOf(oem)).toBe(250);

    const agent = await t.factory.user('central_ops');
    const byAgent = await start(agent.actor, leadsCsv(ROWS, 'OPS-AGENT'), {
      oemId: other.user.id,
      onProgress: async (state) => {
        if (state.rowsProcessed === 500) await t.factory.deactivate(agent);
      },
    });
    expect(await byAgent.done).toMatchObject({ status: 'failed', rowsProcessed: 500, failure: `stopped after 500 rows: the account that started it (${agent.user.id}) was deactivated` });
    expect(await leadsOf(other)).toBe(500);
  });

  it('a Central Ops import naming the OEM per row refuses, from the next batch on, the rows of an OEM deactivated meanwhile', async () => {
    const [kept, dropped] = [await t.factory.user('oem'), await t.factory.user('oem')];
    const started = await start(ops.actor, leadsCsv(ROWS, 'PER-ROW', (i) => (i % 2 ? dropped.user.id : kept.user.id)), {
      onProgress: async (state) => {
        if (state.rowsProcessed === 250) await t.factory.deactivate(dropped);
      },
    });
    const done = await started.done;
    // Rows 1–250: 125 of each OEM created; rows 251–750: the 250 of the deactivated OEM refused.
    expect(done).toMatchObject({ status: 'completed', rowsProcessed: ROWS, rowsCreated: 500, rowsRejected: 250 });
    expect(done.errors.every((e) => e.row > 250 && e.row % 2 === 1 && e.field === 'oemId')).toBe(true);
    expect([await leadsOf(kept), await leadsOf(dropped)]).toEqual([375, 125]);
  });
});
