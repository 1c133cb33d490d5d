import { DataSource, QueryFailedError } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../src/common/auth/actor.js';
import { keysetPageOf } from '../src/common/pagination.js';
import { dialectOf, placeholder } from '../src/common/persistence/dialect.js';
import { arrayRowsOf, entitiesOf, preparedQuery, rawRowsOf } from '../src/common/persistence/query-templates.js';
import type { LeadFilterDto } from '../src/leads/dto/lead.dto.js';
import { isoTimestamp } from '../src/leads/lead-rows.js';
import { LeadsRepository } from '../src/leads/leads.repository.js';
import { isUniqueViolation } from '../src/common/persistence/transaction-runner.service.js';
import { LeadSource } from '../src/leads/entities/lead-source.entity.js';
import { Lead } from '../src/leads/entities/lead.entity.js';
import type { TestUser } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

// rawRowsOf() keeps a query's SQL text per shape and binds the values per call: a second call of
// the same shape must see its own values, and a call of another shape must not get the first's SQL.
describe('query templates (SQL built once per query shape)', () => {
  let t: TestApp;
  let oem: TestUser;
  let leads: { id: string; customerName: string }[];
  const ids = (rows: Record<string, unknown>[]) => rows.map((row) => row.lead_id).sort();

  beforeAll(async () => {
    t = await startTestApp();
    oem = await t.factory.user('oem');
    leads = await Promise.all(['Asha Rao', 'Bilal Khan', 'Chitra Iyer'].map((customerName) => t.factory.lead(oem, { customerName })));
  });
  afterAll(() => t.close());

  const query = () => t.app.get(DataSource).getRepository(Lead).createQueryBuilder('lead').select('lead.id').where('lead.oemId = :oemId', { oemId: oem.user.id });

  it('binds each call its own values and arrays, and builds another shape anew', async () => {
    const em = t.app.get(DataSource).manager;
    const [asha, bilal, chitra] = leads;
    const one = await rawRowsOf(em, 'test-leads', query().andWhere('lead.customerName = :name', { name: asha.customerName }));
    const other = await rawRowsOf(em, 'test-leads', query().andWhere('lead.customerName = :name', { name: bilal.customerName }));
    expect(ids(one)).toEqual([asha.id]);
    expect(ids(other)).toEqual([bilal.id]);

    const two = await rawRowsOf(em, 'test-leads', query().andWhere('lead.id IN (:...ids)', { ids: [asha.id, chitra.id] }));
    const three = await rawRowsOf(em, 'test-leads', query().andWhere('lead.id IN (:...ids)', { ids: [asha.id, bilal.id, chitra.id] }));
    expect(ids(two)).toEqual([asha.id, chitra.id].sort());
    expect(ids(three)).toEqual(leads.map((lead) => lead.id).sort());

    // Same name, another WHERE tree and a LIMIT: not the cached text of the calls above.
    const limited = await rawRowsOf(em, 'test-leads', query().andWhere('lead.customerName <> :name', { name: asha.customerName }).orderBy('lead.customerName', 'ASC').limit(1));
    expect(ids(limited)).toEqual([bilal.id]);
    expect(ids(await rawRowsOf(em, 'test-leads', query()))).toEqual(leads.map((lead) => lead.id).sort());
  });

  it('builds its own SQL for a shape that differs from a cached one only by a join', async () => {
    const ds = t.app.get(DataSource);
    const em = ds.manager;
    const all = leads.map((lead) => lead.id).sort();
    // The statement log, which every path of a statement writes (em.query, or the driver called directly).
    const sent = vi.spyOn(ds.logger, 'logQuery');
    try {
      expect(ids(await rawRowsOf(em, 'test-joins', query()))).toEqual(all);
      // Same name, selections and WHERE: only the join tells them apart, and it filters out every lead.
      const joined = query().innerJoin(LeadSource, 'source', 'source.id = lead.sourceId AND source.name = :sourceName', { sourceName: 'no such source' });
      expect(await rawRowsOf(em, 'test-joins', joined)).toEqual([]);
      // The same join with another condition is another shape again.
      const otherCondition = query().innerJoin(LeadSource, 'source', 'source.id = lead.sourceId AND source.name <> :sourceName', { sourceName: 'no such source' });
      expect(ids(await rawRowsOf(em, 'test-joins', otherCondition))).toEqual(all);
      const [plain, withJoin, withOtherCondition] = sent.mock.calls.map(([sql]) => sql).filter((sql) => /FROM ["`]leads["`] ["`]lead["`]/.test(sql));
      expect(plain).not.toMatch(/JOIN/);
      expect(withJoin).toMatch(/INNER JOIN/);
      expect(withOtherCondition).toMatch(/<>/);
      expect(new Set([plain, withJoin, withOtherCondition]).size).toBe(3);
    } finally {
      sent.mockRestore();
    }
  });

  it('runs a prepared statement again with other values, and fails as TypeORM does (a unique violation is one)', async () => {
    const ds = t.app.get(DataSource);
    const [asha, bilal] = leads;
    const sql = ds.options.type === 'postgres' ? 'SELECT "id" FROM "leads" WHERE "id" = $1' : 'SELECT "id" FROM "leads" WHERE "id" = ?';
    expect(await preparedQuery(ds.manager, sql, [asha.id])).toEqual([{ id: asha.id }]);
    expect(await preparedQuery(ds.manager, sql, [bilal.id])).toEqual([{ id: bilal.id }]);
    const insert = ds.options.type === 'postgres' ? 'INSERT INTO "id_sequences" ("name", "value") VALUES ($1, $2)' : 'INSERT INTO "id_sequences" ("name", "value") VALUES (?, ?)';
    await preparedQuery(ds.manager, insert, ['query-templates-test', 1]);
    const failure = await preparedQuery(ds.manager, insert, ['query-templates-test', 2]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect(isUniqueViolation(failure)).toBe(true);
  });

  it("reads a transaction's own uncommitted write inside it and nothing once it rolls back; a write with RETURNING answers its rows", async () => {
    const ds = t.app.get(DataSource);
    const at = (n: number) => placeholder(dialectOf(ds), n);
    const select = `SELECT "name", "value" FROM "id_sequences" WHERE "name" = ${at(1)}`;
    const insert = `INSERT INTO "id_sequences" ("name", "value") VALUES (${at(1)}, ${at(2)})`;
    const rolledBack = new Error('roll back');
    const outcome = await ds
      .transaction(async (em) => {
        await preparedQuery(em, insert, ['query-templates-uncommitted', 3]);
        expect((await preparedQuery<{ value: unknown }>(em, select, ['query-templates-uncommitted'])).map((row) => Number(row.value))).toEqual([3]);
        expect((await entitiesOf<Lead>(em, 'test-in-transaction', query().andWhere('lead.customerName = :name', { name: leads[0].customerName }))).map((lead) => lead.id)).toEqual([leads[0].id]);
        throw rolledBack;
      })
      .catch((error: unknown) => error);
    expect(outcome).toBe(rolledBack);
    expect(await preparedQuery(ds.manager, select, ['query-templates-uncommitted'])).toEqual([]);
    // MariaDB's INSERT … RETURNING answers through mysql2's own result shape; the app uses it on PostgreSQL and SQLite.
    if (ds.options.type !== 'mariadb') {
      const returned = await preparedQuery<{ name: string; value: unknown }>(ds.manager, `${insert} RETURNING "name", "value"`, ['query-templates-returning', 5]);
      expect(returned.map((row) => [row.name, Number(row.value)])).toEqual([['query-templates-returning', 5]]);
      expect((await preparedQuery<{ value: unknown }>(ds.manager, select, ['query-templates-returning'])).map((row) => Number(row.value))).toEqual([5]);
    }
    // A statement the database refuses is logged as TypeORM logs it, and rejects with its error.
    const logged = vi.spyOn(ds.logger, 'logQueryError');
    try {
      const failure = await preparedQuery(ds.manager, `SELECT "no_such_column" FROM "id_sequences" WHERE "name" = ${at(1)}`, ['x']).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(QueryFailedError);
      expect(logged).toHaveBeenCalledTimes(1);
    } finally {
      logged.mockRestore();
    }
  });

  it('reads rows as arrays and entities, in a transaction or not, and fails as TypeORM does, as a rejection', async () => {
    const ds = t.app.get(DataSource);
    const [asha] = leads;
    const byName = () => query().andWhere('lead.customerName = :name', { name: asha.customerName });
    for (const run of [<T>(work: (em: typeof ds.manager) => Promise<T>) => work(ds.manager), <T>(work: (em: typeof ds.manager) => Promise<T>) => ds.transaction(work)]) {
      await run(async (em) => {
        expect(await arrayRowsOf(em, 'test-arrays', byName(), { prepared: true })).toEqual({ columns: ['lead_id'], rows: [[asha.id]] });
        expect((await entitiesOf<Lead>(em, 'test-entities', byName())).map((lead) => lead.id)).toEqual([asha.id]);
      });
      const broken = () => query().andWhere('lead.no_such_column = :value', { value: 1 });
      const reads: ((em: typeof ds.manager) => Promise<unknown>)[] = [(em) => arrayRowsOf(em, 'test-broken', broken()), (em) => entitiesOf(em, 'test-broken', broken()), (em) => rawRowsOf(em, 'test-broken', broken())];
      for (const read of reads) {
        const failure = await run<unknown>((em) => read(em)).catch((error: unknown) => error);
        expect(failure).toBeInstanceOf(QueryFailedError);
      }
    }
    // A builder that differs from its named shape is refused by a rejection, not a throw at the call.
    const calls = [arrayRowsOf, entitiesOf, rawRowsOf].map((read) => read(ds.manager, 'test-arrays-shape', byName(), { shape: 'one' }));
    await Promise.all(calls);
    const mismatched = [arrayRowsOf, entitiesOf, rawRowsOf].map((read) => read(ds.manager, 'test-arrays-shape', query(), { shape: 'one' }));
    for (const pending of mismatched) await expect(pending).rejects.toThrow(/another shape/);
  });

  it('a shape the caller names is built once and bound per call; a builder that differs from it throws', async () => {
    const em = t.app.get(DataSource).manager;
    const [asha, bilal] = leads;
    const byName = (name: string) => query().andWhere('lead.customerName = :name', { name });
    expect(ids(await rawRowsOf(em, 'test-named', byName(asha.customerName), { shape: 'by-name' }))).toEqual([asha.id]);
    expect(ids(await rawRowsOf(em, 'test-named', byName(bilal.customerName), { shape: 'by-name', prepared: true }))).toEqual([bilal.id]);
    // Claiming the same shape for another WHERE tree would run the first query's SQL: refused.
    const other = query().andWhere('lead.customerName <> :name', { name: asha.customerName });
    await expect(rawRowsOf(em, 'test-named', other, { shape: 'by-name' })).rejects.toThrow(/another shape/);
  });

  it('binds a parameter used twice, leaves casts alone, and still expands spread arrays', async () => {
    const em = t.app.get(DataSource).manager;
    const [asha, bilal, chitra] = leads;
    const twice = (name: string) => query().andWhere('(lead.customerName = :name OR lead.customerPhone = :name)', { name });
    for (const lead of [asha, bilal]) expect(ids(await rawRowsOf(em, 'test-binding', twice(lead.customerName)))).toEqual([lead.id]);
    // PostgreSQL's `::text` looks like a parameter named `text` that no call binds.
    const cast = t.app.get(DataSource).options.type === 'postgres' ? '::text' : '';
    const withCast = (name: string) => query().andWhere(`lead.customerName = :name${cast}`, { name });
    for (const lead of [chitra, asha]) expect(ids(await rawRowsOf(em, 'test-binding', withCast(lead.customerName)))).toEqual([lead.id]);
    const spread = (names: string[]) => query().andWhere('lead.customerName IN (:...names)', { names });
    expect(ids(await rawRowsOf(em, 'test-binding', spread([asha.customerName])))).toEqual([asha.id]);
    expect(ids(await rawRowsOf(em, 'test-binding', spread([bilal.customerName, chitra.customerName])))).toEqual([bilal.id, chitra.id].sort());
  });

  it('a query of a known shape runs with the parameters given; parameters its builder does not hold throw', async () => {
    const em = t.app.get(DataSource).manager;
    const [asha, bilal] = leads;
    const byName = (name: string) => () => query().andWhere('lead.customerName = :name', { name });
    for (const lead of [asha, bilal]) {
      const parameters = { oemId: oem.user.id, name: lead.customerName };
      expect(ids(await rawRowsOf(em, 'test-known', { shape: 'by-name', parameters, build: byName(lead.customerName) }, { prepared: true }))).toEqual([lead.id]);
      // The same shape hydrated as entities of the builder's main alias, though no builder ran.
      const entities = await entitiesOf<Lead>(em, 'test-known', { shape: 'by-name', parameters, build: byName(lead.customerName) });
      expect(entities).toHaveLength(1);
      expect(entities[0]).toBeInstanceOf(Lead);
      expect(entities[0].id).toBe(lead.id);
    }
    // A caller whose parameters miss one the query holds would bind the wrong values: refused.
    await expect(rawRowsOf(em, 'test-known', { shape: 'by-name', parameters: { name: asha.customerName }, build: byName(asha.customerName) })).rejects.toThrow(/other parameters/);
  });

  it('in production, a query of a known shape is built once and later calls bind their own values', async () => {
    // The module reads NODE_ENV when loaded: a fresh copy of it, loaded as production loads it.
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    try {
      const production = await import('../src/common/persistence/query-templates.js');
      const em = t.app.get(DataSource).manager;
      const built = vi.fn((name: string) => query().andWhere('lead.customerName = :name', { name }));
      for (const lead of leads) {
        const parameters = { oemId: oem.user.id, name: lead.customerName };
        const rows = await production.rawRowsOf(em, 'test-production', { shape: 'by-name', parameters, build: () => built(lead.customerName) }, { prepared: true });
        expect(ids(rows)).toEqual([lead.id]);
      }
      expect(built).toHaveBeenCalledTimes(1);
      const [entity] = await production.entitiesOf<Lead>(em, 'test-production', { shape: 'by-name', parameters: { oemId: oem.user.id, name: leads[1].customerName }, build: () => built('') });
      expect(entity).toBeInstanceOf(Lead);
      expect(entity.id).toBe(leads[1].id);
      expect(built).toHaveBeenCalledTimes(1);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
  it("pages the lead list as a shaped query: one shape per set of filters, whatever their values, built once in production", async () => {
    const repository = t.app.get(LeadsRepository);
    const staff: Actor = { userId: oem.user.id, role: 'central_ops', apiKeyId: null } as Actor;
    const now = new Date();
    const filters = (filter: Partial<LeadFilterDto>) => repository.filteredSource(staff, filter as LeadFilterDto, now);
    const byOem = await filters({ oemId: oem.user.id });
    const byOtherOem = await filters({ oemId: '6f1c1a52-5f0e-4b8e-9f43-3d7c2a0b9e11' });
    const byOemAndQ = await filters({ oemId: oem.user.id, q: 'Asha' });
    expect(byOtherOem.shape).toBe(byOem.shape);
    expect(byOtherOem.parameters).toEqual({ oemId: '6f1c1a52-5f0e-4b8e-9f43-3d7c2a0b9e11' });
    expect(byOemAndQ.shape).not.toBe(byOem.shape);
    // The parameters given are the ones the builder holds.
    expect(byOemAndQ.build().getParameters()).toEqual(byOemAndQ.parameters);

    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    try {
      const production = await import('../src/common/persistence/query-templates.js');
      const em = t.app.get(DataSource).manager;
      const build = vi.spyOn(byOem, 'build');
      type Row = { lead_id: string; lead_created_at: string };
      const order = { alias: 'lead', time: 'createdAt', direction: 'DESC' as const, timeOf: (row: Row) => isoTimestamp(row.lead_created_at), idOf: (row: Row) => row.lead_id, boundTime: true };
      const seen: string[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 3; page += 1) {
        const result = await keysetPageOf(byOem, { limit: 1, cursor }, order, (rows) => rows, (shaped) => production.rawRowsOf<Row>(em, 'test-lead-list', shaped));
        seen.push(...result.data.map((row) => row.lead_id));
        cursor = result.nextCursor ?? undefined;
        expect(Boolean(cursor), `page ${page + 1}`).toBe(page < 2);
      }
      expect(seen.slice().sort()).toEqual(leads.map((lead) => lead.id).sort());
      // Two shapes (the first page, and a page after a cursor), each built once for three pages.
      expect(build).toHaveBeenCalledTimes(2);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});
