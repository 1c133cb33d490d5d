import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LeadSource, type SourceType } from './entities/lead-source.entity.js';
import { DEFAULT_API_SOURCE } from './lead-sources.service.js';

/** Reference data seeded on first start (DESIGN §4, seed 003 "reference data seeded on install"). */
export const DEFAULT_LEAD_SOURCES: { name: string; sourceType: SourceType }[] = [
  { name: DEFAULT_API_SOURCE, sourceType: 'api' },
  { name: 'OEM portal', sourceType: 'portal' },
  { name: 'Central Ops manual entry', sourceType: 'manual' },
];

/**
 * Seeds the shared default lead sources on every start of the server, idempotently (a source that
 * exists is left as it is). Runs before the first admin's seed (src/users/first-admin-seed.service.ts)
 * as the single seeder did: Nest bootstraps deeper modules first, and LeadsModule lies deeper than
 * UsersModule in the app's imports. The two seeds do not depend on each other.
 */
@Injectable()
export class LeadSourceSeedService implements OnApplicationBootstrap {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationBootstrap(): Promise<void> {
    const repo = this.dataSource.getRepository(LeadSource);
    for (const source of DEFAULT_LEAD_SOURCES) {
      await repo.createQueryBuilder().insert().values({ ...source, oemId: null }).orIgnore().execute();
    }
  }
}
