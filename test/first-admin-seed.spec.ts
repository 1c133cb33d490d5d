import request from 'supertest';
import { DataSource, Repository } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { FirstAdminSeedService } from '../src/users/first-admin-seed.service.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The first admin, created on start when no admin exists (README "On first start"). */
describe('the first admin seed', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  /** Runs a replica's seed with a generated password for `email`, as if it had found no admin; returns what it printed. */
  async function seedAsAnotherReplica(email: string): Promise<string> {
    const seed = new FirstAdminSeedService({ ...t.config, adminEmail: email, adminPassword: undefined }, t.app.get(DataSource));
    // Its "is there an admin?" read ran before the other replica's admin was committed.
    const exists = vi.spyOn(Repository.prototype, 'exists').mockResolvedValueOnce(false);
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => printed.push(String(chunk)) > 0);
    onTestFinished(() => {
      exists.mockRestore();
      write.mockRestore();
    });
    await seed.onApplicationBootstrap();
    write.mockRestore();
    return printed.join('');
  }

  it('prints a generated password only when its own insert created the admin, and that password signs in', async () => {
    const output = await seedAsAnotherReplica('ops-admin@chargeops.local');
    const [, password] = /Created the first admin: ops-admin@chargeops\.local \/ (\S+)/.exec(output) ?? [];
    expect(password).toBeDefined();
    await request(t.server).post('/api/v1/auth/login').send({ email: 'ops-admin@chargeops.local', password }).expect(200);
  });

  it('two replicas starting at once: the one whose insert was ignored prints nothing (its password would not work)', async () => {
    // The test app's own start created admin@test.chargeops.dev; this replica tries the same address.
    expect(await seedAsAnotherReplica(t.config.adminEmail as string)).not.toContain('Created the first admin');
  });
});
