import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { TestingModule } from '@nestjs/testing';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CliError } from '../src/cli/cli-io.js';
import { ExportLeadsCommand, ImportLeadsCommand, LeadConversionReportCommand, LeadsStatsCommand } from '../src/cli/lead-commands.js';
import { LeadExportService } from '../src/leads/export/lead-export.service.js';
import { LeadImport } from '../src/leads/imports/lead-import.entity.js';
import { LeadImportWriter } from '../src/leads/imports/lead-import-writer.js';
import type { LeadSummaryDto } from '../src/leads/reports/lead-reports.dto.js';
import type { TestUser } from './support/factory.js';
import { cliModule, outputSink } from './support/cli.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The cells of the table line that starts with `label` (columns are separated by two or more spaces). */
const tableRow = (text: string, label: string) =>
  text
    .split('\n')
    .find((l) => l.startsWith(`${label} `))
    ?.split(/\s{2,}/)
    .map((c) => c.trim());

/**
 * The issue-14 lead commands (`leads-stats`, `lead-conversion-report`, `export-leads`,
 * `import-leads`) as the CLI builds them, on a test app's fresh database with a hand-built set of
 * leads whose answers are known: OEM A has 3 leads (one contacted, one cancelled as not
 * reachable), OEM B has 1.
 */
describe('cli lead commands', () => {
  let t: TestApp;
  let cli: TestingModule;
  let oemA: TestUser;
  let oemB: TestUser;
  let ops: TestUser;
  const out = outputSink();
  const dir = mkdtempSync(join(tmpdir(), 'cli-leads-'));
  const place = { pincode: '411001', city: 'Pune', state: 'Maharashtra' };

  beforeAll(async () => {
    t = await startTestApp();
    await t.factory.loadPincodes();
    [oemA, oemB, ops] = await Promise.all([t.factory.user('oem', { fullName: 'Alpha Motors' }), t.factory.user('oem', { fullName: 'Beta Cars' }), t.factory.user('central_ops')]);
    const a1 = await t.factory.lead(oemA, { ...place, externalRef: 'A-1', customerName: 'अनीता शर्मा', customerPhone: '+919822200001' });
    const a2 = await t.factory.lead(oemA, { ...place, externalRef: 'A-2', customerName: 'Ravi Kumar', customerPhone: '+919822200002' });
    await t.factory.lead(oemA, { ...place, externalRef: 'A-3', customerName: 'Meena Iyer', customerPhone: '+919822200003' });
    await t.factory.lead(oemB, { ...place, externalRef: 'B-1', customerName: 'Other OEM', customerPhone: '+919822200004' });
    await t.factory.moveLead(ops, a1.id, 'contacted');
    await t.factory.moveLead(ops, a2.id, 'cancelled');
    cli = await cliModule(t.config, out);
  });
  afterAll(async () => {
    await cli?.close();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => vi.restoreAllMocks());

  it('leads-stats prints the totals, statuses and OEMs as tables; --oem by e-mail narrows them; --json is the summary', async () => {
    const stats = cli.get(LeadsStatsCommand);
    await stats.run([], {});
    const all = out.take();
    expect(all).toMatch(/^Leads: 4 {3}conversion \(closed \/ total\): 0\.0 % {3}overdue: \d+\n/);
    expect(tableRow(all, 'new')).toEqual(['new', '2']);
    expect(tableRow(all, 'contacted')).toEqual(['contacted', '1']);
    expect(tableRow(all, 'cancelled')).toEqual(['cancelled', '1']);
    expect(tableRow(all, 'Alpha Motors')).toEqual(['Alpha Motors', '3']);
    expect(tableRow(all, 'Beta Cars')).toEqual(['Beta Cars', '1']);
    expect(tableRow(all, 'Maharashtra')).toEqual(['Maharashtra', '4']);

    await stats.run([], { oem: oemA.user.email, json: true });
    const summary = JSON.parse(out.take()) as LeadSummaryDto;
    expect(summary).toMatchObject({ total: 3, byStatus: { new: 1, contacted: 1, cancelled: 1, closed: 0 }, conversionRate: 0 });
    expect(summary.byOem).toEqual([{ oemId: oemA.user.id, name: 'Alpha Motors', count: 3 }]);

    await expect(stats.run([], { oem: 'nobody@example.in' })).rejects.toThrow(new CliError('--oem: no OEM account nobody@example.in'));
    await expect(stats.run([], { from: '4 May' })).rejects.toThrow(/--from must be a date \(YYYY-MM-DD\), got "4 May"/);
  });

  it('lead-conversion-report prints the funnel per OEM: reached, conversion from the previous stage, cancelled', async () => {
    const report = cli.get(LeadConversionReportCommand);
    await report.run([], { days: 30, groupBy: 'oem' });
    const text = out.take();
    expect(text.split('\n')[0]).toBe('Leads created in the last 30 days, by oem');
    const alpha = text.slice(text.indexOf('Alpha Motors:'), text.indexOf('Beta Cars:'));
    expect(alpha.split('\n')[0]).toBe('Alpha Motors: 3 leads, 1 cancelled, 0 on hold');
    expect(tableRow(alpha, 'new')?.slice(0, 3)).toEqual(['new', '3', '–']);
    expect(tableRow(alpha, 'contacted')?.slice(0, 3)).toEqual(['contacted', '1', '33.3 %']);
    expect(tableRow(alpha, 'documents_received')?.slice(0, 3)).toEqual(['documents_received', '0', '0.0 %']);
    expect(text).toContain('Beta Cars: 1 leads, 0 cancelled, 0 on hold');

    await report.run([], { days: 30, json: true });
    const funnel = JSON.parse(out.take());
    expect(funnel.groups).toHaveLength(1);
    expect(funnel.groups[0]).toMatchObject({ leads: 4, cancelled: 1, onHold: 0 });
    expect(() => report.parseGroupBy('week')).toThrow(/--group-by must be one of none, oem, state, month/);
  });

  it('export-leads writes the CSV of the chosen statuses to --out FILE, or to stdout; --format other than csv is refused', async () => {
    const exporter = cli.get(ExportLeadsCommand);
    const file = join(dir, 'new-leads.csv');
    await exporter.run([], { status: ['new'], format: 'csv', out: file });
    const rows = parse(readFileSync(file, 'utf8'), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.externalRef).sort()).toEqual(['A-3', 'B-1']);
    expect(rows.every((r) => r.status === 'new' && /^\+91\d{10}$/.test(r.customerPhone))).toBe(true);

    await exporter.run([], { oem: oemA.user.id });
    const stdout = parse(out.take(), { columns: true }) as Array<Record<string, string>>;
    expect(stdout.map((r) => r.customerName).sort()).toEqual(['Meena Iyer', 'Ravi Kumar', 'अनीता शर्मा']);
    await expect(exporter.run([], { format: 'xlsx' })).rejects.toThrow('--format must be csv, got "xlsx"');
  });

  it('export-leads names a --out it cannot write, as a CliError (one line, exit 1), and leaves no partial file', async () => {
    const exporter = cli.get(ExportLeadsCommand);
    await expect(exporter.run([], { out: '/no/such/dir/x.csv' })).rejects.toThrow(new CliError('cannot write /no/such/dir/x.csv: no such directory'));
    await expect(exporter.run([], { out: dir })).rejects.toThrow(new CliError(`cannot write ${dir}: it is a directory`));
    // A disk that fills up while writing; the device itself stays.
    await expect(exporter.run([], { out: '/dev/full' })).rejects.toThrow(new CliError('cannot write /dev/full: no space left on the device'));
    expect(existsSync('/dev/full')).toBe(true);

    // The database failing half-way is not the file's fault: its error as it is, and the partial file removed.
    const file = join(dir, 'half.csv');
    vi.spyOn(cli.get(LeadExportService, { strict: false }), 'export').mockReturnValueOnce({
      fileName: 'leads.csv',
      stream: Readable.from((async function* () {
        yield Buffer.from('id,externalRef\r\n');
        throw new Error('connection to the database lost');
      })()),
    });
    await expect(exporter.run([], { out: file })).rejects.toThrow(/^connection to the database lost$/);
    expect(existsSync(file)).toBe(false);
  });

  it('import-leads imports a file for an OEM and prints the counts; the same file again replays; a missing file is named', async () => {
    const importer = cli.get(ImportLeadsCommand);
    const file = join(dir, 'import.csv');
    const header = 'externalRef,customerName,customerPhone,addressLine1,city,state,pincode';
    const rows = [
      'IMP-1,Kavita Joshi,+919833300001,"12, FC Road",Pune,Maharashtra,411001',
      'IMP-2,கார்த்திக் ராஜா,+919833300002,4 Baner Road,Pune,IN-MH,411001',
      'IMP-3,Bad Pincode,+919833300003,5 MG Road,Pune,Maharashtra,999999',
    ];
    writeFileSync(file, `${header}\r\n${rows.join('\r\n')}\r\n`);
    await importer.run([file], { oem: oemB.user.email });
    const first = out.take();
    expect(first).toMatch(new RegExp(`^Imported ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(import [0-9a-f-]{36}\\): completed\\n`));
    expect(first).toContain('  rows                3\n  created             2\n  replayed            0\n  duplicate           0\n  rejected            1\n');
    expect(first).toMatch(/ {2}row 3: pincode VALIDATION_FAILED: pincode 999999 is not in the India Post directory\n/);

    await importer.run([file], { oem: oemB.user.id });
    expect(out.take()).toContain('  created             0\n  replayed            2\n');
    const listed = parse(await (async () => {
      await cli.get(ExportLeadsCommand).run([], { oem: oemB.user.id });
      return out.take();
    })(), { columns: true }) as Array<Record<string, string>>;
    expect(listed.map((r) => r.customerName).sort()).toEqual(['Kavita Joshi', 'Other OEM', 'கார்த்திக் ராஜா']);

    await expect(importer.run([join(dir, 'missing.csv')], { oem: oemB.user.email })).rejects.toThrow(`import-leads: file not found: ${join(dir, 'missing.csv')}`);
    await expect(importer.run([file], {})).rejects.toThrow('import-leads: --oem <id|email> is required');
  });

  it('import-leads fails (CliError, so exit 1) when the import stops, and prints the counts as the import ended: failed, 250 of 300 rows', async () => {
    const file = join(dir, 'import-stops.csv');
    const rows = Array.from({ length: 300 }, (_, i) => `STOP-${i},Stop Row ${i},+9198444${String(i).padStart(5, '0')},1 FC Road,Pune,Maharashtra,411001`);
    writeFileSync(file, `externalRef,customerName,customerPhone,addressLine1,city,state,pincode\n${rows.join('\n')}\n`);
    // The second batch of 250 rows meets a database that refuses to write.
    const writer = cli.get(LeadImportWriter, { strict: false });
    const write = LeadImportWriter.prototype.write;
    vi.spyOn(writer, 'write')
      .mockImplementationOnce((...args) => write.apply(writer, args))
      .mockRejectedValueOnce(new Error('database or disk is full (injected)'));

    const failure = cli.get(ImportLeadsCommand).run([file], { oem: oemB.user.email });
    await expect(failure).rejects.toThrow(CliError);
    await expect(failure).rejects.toThrow(/^import-leads: import [0-9a-f-]{36} failed after 250 of 300 rows \(an unexpected error stopped the import\)/);
    const text = out.take();
    expect(text).toMatch(/^Import of .*import-stops\.csv \(import [0-9a-f-]{36}\) failed: an unexpected error stopped the import\n/);
    expect(text).toContain('  rows              300\n  created           250\n');
    const id = /\(import ([0-9a-f-]{36})\)/.exec(text)![1];
    expect(await cli.get(DataSource).getRepository(LeadImport).findOneByOrFail({ id })).toMatchObject({ status: 'failed', rowsProcessed: 250, rowsCreated: 250 });
  });
});
