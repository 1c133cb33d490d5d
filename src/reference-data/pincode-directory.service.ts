import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { CacheInvalidation } from '../common/cache-invalidation.service.js';
import { Clock } from '../common/clock.service.js';
import { ExpiringCache } from '../common/expiring-cache.js';
import { Pincode } from './entities/pincode.entity.js';
import { STATE_CODE_ANY_CASE } from './state-codes.js';

/** A pincode check's outcome; `directoryLoaded` is false until `cli import-pincodes` has run. */
export type PincodeCheck =
  | { directoryLoaded: false }
  | { directoryLoaded: true; entry: Pincode | null };

/** The topic replicas drop their snapshot on (see CacheInvalidation). */
const INVALIDATION_TOPIC = 'pincodes';

/**
 * Looks up India Post PIN codes (DESIGN §8) to validate leads and fill their coordinates.
 * The whole directory (~19,000 rows, a few MB) is kept in memory as one snapshot, read again after
 * `REFERENCE_CACHE_TTL_SECONDS`: every lead checks its pincode, and with a cache per entry most
 * of them missed (a pincode seen once a minute costs a query). The directory changes only by
 * `import-pincodes`, which upserts and never deletes, so a pincode missing from the snapshot is
 * always asked again (perhaps imported since), and a re-imported entry is seen at once in the
 * importing process ({@link forgetEntries}) and within that time elsewhere.
 */
@Injectable()
export class PincodeDirectory {
  /** ISO code → state name, as found in the directory; codes never change name, so hits are kept (at most 36). */
  private readonly stateNames = new Map<string, string>();
  private readonly snapshot: ExpiringCache<'all', ReadonlyMap<string, Pincode>>;
  /** False with `REFERENCE_CACHE_TTL_SECONDS=0`: each check then reads its one entry, not the whole directory. */
  private readonly snapshotKept: boolean;

  constructor(
    @InjectConfig() config: AppConfig,
    clock: Clock,
    @InjectRepository(Pincode) private readonly pincodes: Repository<Pincode>,
    private readonly invalidation: CacheInvalidation,
  ) {
    // The snapshot is read on the pool, whoever asks: concurrent requests share one read.
    this.snapshot = new ExpiringCache(config.referenceCacheTtlSeconds * 1000, () => clock.now(), 1, { shareLoads: true });
    this.snapshotKept = config.referenceCacheTtlSeconds > 0;
    invalidation.on(INVALIDATION_TOPIC, () => this.snapshot.clear());
  }

  /**
   * The directory's entry for `pincode`: from the snapshot, else (imported since, or no pincode) by
   * primary key in `em` (the caller's transaction) or the pool, plus an existence probe of the whole
   * directory when it is unknown and the snapshot is empty.
   */
  async check(pincode: string, em?: EntityManager): Promise<PincodeCheck> {
    const directory = this.snapshotKept ? await this.snapshot.get('all', () => this.readSnapshot()) : null;
    const known = directory?.get(pincode);
    if (known) return { directoryLoaded: true, entry: known };
    const repo = em ? em.getRepository(Pincode) : this.pincodes;
    const entry = await repo.findOne({ where: { pincode } });
    if (entry) return { directoryLoaded: true, entry };
    // The directory only grows (import-pincodes upserts): a snapshot with entries shows it is loaded.
    if (directory?.size) return { directoryLoaded: true, entry: null };
    const any = await repo.createQueryBuilder('p').select('p.pincode').limit(1).getRawOne();
    return any ? { directoryLoaded: true, entry: null } : { directoryLoaded: false };
  }

  private async readSnapshot(): Promise<ReadonlyMap<string, Pincode>> {
    return new Map((await this.pincodes.find()).map((entry) => [entry.pincode, entry]));
  }

  /** Resolves "IN-MH" to "Maharashtra" when the directory knows the code; otherwise returns the input. */
  async stateName(stateOrCode: string): Promise<string> {
    if (!STATE_CODE_ANY_CASE.test(stateOrCode)) return stateOrCode;
    const code = stateOrCode.toUpperCase();
    const known = this.stateNames.get(code);
    if (known) return known;
    // Not cached when missing: the directory may be imported later.
    const row = await this.pincodes.findOne({ where: { stateCode: code }, select: { state: true, pincode: true } });
    if (row) this.stateNames.set(code, row.state);
    return row?.state ?? stateOrCode;
  }

  /** Forgets the snapshot, here and (with REDIS_URL) in every replica; called after an import changed the directory. */
  forgetEntries(): void {
    this.snapshot.clear();
    this.invalidation.publish(INVALIDATION_TOPIC, 'all');
  }
}

/** True when `given` names the entry's state, by ISO code or by name (case-insensitive). */
export function sameState(given: string, entry: Pick<Pincode, 'state' | 'stateCode'>): boolean {
  const g = given.trim().toLowerCase();
  return g === entry.state.toLowerCase() || g === entry.stateCode.toLowerCase();
}
