import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { CacheInvalidation } from '../common/cache-invalidation.service.js';
import { Clock } from '../common/clock.service.js';
import { ExpiringCache } from '../common/expiring-cache.js';
import { ApiKey } from './entities/api-key.entity.js';
import { User } from './entities/user.entity.js';
import type { Role } from '../common/auth/roles.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';

/** What the auth guard checks of a bearer token's account. */
export interface AccountStatus {
  id: string;
  role: Role;
  isActive: boolean;
  /** The account's credentials version; access tokens of another `ver` are refused (src/users/sessions.ts). */
  tokenVersion: number;
}

/** An unrevoked API key with its OEM's status, as the auth guard checks it. */
export interface ApiKeyCredential {
  id: string;
  oemId: string;
  oemRole: Role;
  oemIsActive: boolean;
  /** When the key was last recorded as used (see {@link CredentialCache.recordUse}). */
  lastUsedAt: Date | null;
}

/** `lastUsedAt` is written at most this often per key, so an ingestion burst does not write per request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The auth guard's reads of accounts and API keys (DESIGN §1–2), kept for `AUTH_CACHE_TTL_MS`
 * (≤ 5 s; 0 reads on every request). {@link UsersService} forgets an account (and an OEM's keys)
 * after every update and a key after its revocation, and `AuthService` an account after a
 * password change, so in this process a deactivation, a password change or a revocation applies
 * to the very next request; another replica applies it once its entry expires, or at once when
 * REDIS_URL is set (CacheInvalidation). Unknown accounts and keys are not kept, so a new key works at once and guessed keys
 * fill nothing.
 */
/** The topic replicas drop accounts and keys on (see CacheInvalidation). */
const INVALIDATION_TOPIC = 'credentials';

@Injectable()
export class CredentialCache {
  private readonly accounts: ExpiringCache<string, AccountStatus>;
  private readonly apiKeys: ExpiringCache<string, ApiKeyCredential>;

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly clock: Clock,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    private readonly invalidation: CacheInvalidation,
    private readonly tx: TransactionRunner,
  ) {
    this.accounts = new ExpiringCache(config.authCacheTtlMs, () => clock.now());
    this.apiKeys = new ExpiringCache(config.authCacheTtlMs, () => clock.now());
    invalidation.on(INVALIDATION_TOPIC, (message) => {
      const [kind, id] = message.split(':', 2);
      if (kind === 'account') this.dropAccount(id);
      else if (kind === 'api-key') this.dropApiKey(id);
    });
  }

  /**
   * The account a token names, or null when it does not exist. A token of a newer `tokenVersion`
   * than the remembered one was issued after a credentials change made elsewhere (a password
   * change through another replica): the account is read again, so that token works at once.
   */
  async account(userId: string, tokenVersion = 0): Promise<AccountStatus | null> {
    const load = () => this.users.findOne({ where: { id: userId }, select: { id: true, role: true, isActive: true, tokenVersion: true } });
    const found = await this.accounts.get(userId, load);
    if (!found || found.tokenVersion >= tokenVersion) return found;
    this.accounts.delete(userId);
    return this.accounts.get(userId, load);
  }

  /**
   * The account as {@link account} would answer it from the cache, without a promise; undefined
   * when that would read the database (not cached, expired, or a token newer than the entry).
   */
  cachedAccount(userId: string, tokenVersion = 0): AccountStatus | undefined {
    const found = this.accounts.peek(userId);
    return found && found.tokenVersion >= tokenVersion ? found : undefined;
  }

  /** The key {@link apiKey} would answer from the cache, without a promise; undefined when that would read the database. */
  cachedApiKey(keyHash: string): ApiKeyCredential | undefined {
    return this.apiKeys.peek(keyHash);
  }

  /** The unrevoked key with this SHA-256 (hex) and its OEM, or null. */
  apiKey(keyHash: string): Promise<ApiKeyCredential | null> {
    return this.apiKeys.get(keyHash, async () => {
      // One statement: findOne() with `relations` would add a SELECT DISTINCT pre-query for the id (bench/README.md).
      const found = await this.keys
        .createQueryBuilder('key')
        .innerJoin('key.oem', 'oem')
        .addSelect(['oem.id', 'oem.role', 'oem.isActive'])
        .where('key.keyHash = :keyHash AND key.revokedAt IS NULL', { keyHash })
        .getOne();
      return found && { id: found.id, oemId: found.oemId, oemRole: found.oem.role, oemIsActive: found.oem.isActive, lastUsedAt: found.lastUsedAt };
    });
  }

  /**
   * Records that `key` is being used now, writing `lastUsedAt` only when the recorded use is older
   * than {@link LAST_USED_RESOLUTION_MS}. Best effort: a failed bookkeeping write does not fail the request.
   */
  async recordUse(key: ApiKeyCredential): Promise<void> {
    if (this.usedRecently(key)) return;
    const now = new Date(this.clock.now());
    // Set before the write, so the requests that arrive meanwhile do not write too.
    key.lastUsedAt = now;
    // Awaited, so the key list shows the use as soon as the request answers (and no write is left
    // running at shutdown). Through the runner: on SQLite's one connection a statement sent beside
    // its queue joins a request's open transaction, and is undone with it.
    await this.tx
      .runSingleWrite((em) => ({ write: em.createQueryBuilder().update(ApiKey).set({ lastUsedAt: now }).where({ id: key.id }), result: () => undefined }))
      .catch(() => undefined);
  }

  /** True when `key`'s recorded use is recent enough that {@link recordUse} would write nothing. */
  usedRecently(key: ApiKeyCredential): boolean {
    return key.lastUsedAt !== null && this.clock.now() - key.lastUsedAt.getTime() <= LAST_USED_RESOLUTION_MS;
  }

  /** Forgets the account and, for an OEM, its keys, here and (with REDIS_URL) in every replica: the next request reads them again. */
  forgetAccount(userId: string): void {
    this.dropAccount(userId);
    this.invalidation.publish(INVALIDATION_TOPIC, `account:${userId}`);
  }

  /** Forgets one API key (after its revocation), here and (with REDIS_URL) in every replica. */
  forgetApiKey(keyId: string): void {
    this.dropApiKey(keyId);
    this.invalidation.publish(INVALIDATION_TOPIC, `api-key:${keyId}`);
  }

  private dropAccount(userId: string): void {
    this.accounts.delete(userId);
    this.apiKeys.deleteWhere((key) => key.oemId === userId);
  }

  private dropApiKey(keyId: string): void {
    this.apiKeys.deleteWhere((key) => key.id === keyId);
  }
}
