import { randomBytes } from 'node:crypto';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { LeadSource, type SourceType } from '../leads/entities/lead-source.entity.js';
import { DEFAULT_API_SOURCE } from '../leads/lead-sources.service.js';
import { User } from '../users/entities/user.entity.js';
import { hashPassword } from '../users/users.service.js';

/** Reference data seeded on first start (DESIGN §4, seed 003 "reference data seeded on install"). */
export const DEFAULT_LEAD_SOURCES: { name: string; sourceType: SourceType }[] = [
  { name: DEFAULT_API_SOURCE, sourceType: 'api' },
  { name: 'OEM portal', sourceType: 'portal' },
  { name: 'Central Ops manual entry', sourceType: 'manual' },
];

const DEFAULT_ADMIN_EMAIL = 'admin@chargeops.local';

/**
 * Idempotent start-up seeding: the default lead sources, and the first admin from
 * `ADMIN_EMAIL`/`ADMIN_PASSWORD` (or a generated password, printed once) when no admin exists.
 */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.seedLeadSources();
    await this.seedAdmin();
  }

  private async seedLeadSources(): Promise<void> {
    const repo = this.dataSource.getRepository(LeadSource);
    for (const source of DEFAULT_LEAD_SOURCES) {
      await repo.createQueryBuilder().insert().values({ ...source, oemId: null }).orIgnore().execute();
    }
  }

  private async seedAdmin(): Promise<void> {
    const users = this.dataSource.getRepository(User);
    if (await users.exists({ where: { role: 'admin' } })) return;
    const email = this.config.adminEmail ?? DEFAULT_ADMIN_EMAIL;
    const generated = this.config.adminPassword === undefined;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    const inserted = await users
      .createQueryBuilder()
      .insert()
      .values({ email, passwordHash: await hashPassword(password), fullName: 'Administrator', phone: null, role: 'admin', isActive: true, createdAt: new Date() })
      .orIgnore()
      .execute();
    if (!inserted.identifiers.length || !inserted.identifiers[0]) return;
    if (generated) {
      // Printed once on purpose: the operator needs it to sign in; it is never stored in clear.
      process.stdout.write(`\nCreated the first admin: ${email} / ${password}\nChange it with POST /api/v1/auth/password.\n\n`);
    } else {
      // The address is personal data: the log names the account by its id.
      this.logger.log({ userId: inserted.identifiers[0].id as string }, 'Created the first admin from ADMIN_EMAIL');
    }
  }
}
