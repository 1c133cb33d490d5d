import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { Brackets, type EntityManager, IsNull, type Repository } from 'typeorm';
import { AppException, NotFoundProblem, ValidationProblem } from '../common/problem.js';
import { keysetPage, type Page, type PageQueryDto } from '../common/pagination.js';
import { dialectOf, findForUpdate, isServerDatabase, lowerCase } from '../common/persistence/dialect.js';
import { isUniqueViolation, TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { endSessions } from './sessions.js';
import { randomSecret, sha256Hex } from '../common/auth/tokens.js';
import type { AuditActor } from './audit/audit-actor.js';
import { AuditLogService, changedFields } from './audit/audit-log.service.js';
import { CredentialCache } from './credential-cache.service.js';
import { type ApiKeyResponseDto, type CreatedApiKeyDto, toApiKeyResponse } from './dto/api-key.dto.js';
import { type OemSummaryDto, toOemSummary } from './dto/oem.dto.js';
import { type TechnicianSummaryDto, toTechnicianSummary } from './dto/technician.dto.js';
import { type CreateUserDto, type UpdateUserDto, type UserResponseDto, toUserResponse } from './dto/user.dto.js';
import { ApiKey } from './entities/api-key.entity.js';
import type { Role } from '../common/auth/roles.js';
import { User } from './entities/user.entity.js';

/** argon2id with the library's defaults (OWASP: m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

/** The active admin accounts, their rows locked (FOR UPDATE, in id order) on PostgreSQL and MariaDB. */
function lockActiveAdmins(em: EntityManager): Promise<User[]> {
  return em.getRepository(User).find({ where: { role: 'admin', isActive: true }, order: { id: 'ASC' }, ...(isServerDatabase(em) && { lock: { mode: 'pessimistic_write' as const } }) });
}

/** At most this many technicians answer `GET /technicians`; the picker asks the user to type more. */
export const TECHNICIAN_PICKER_LIMIT = 50;

/** Filters for `GET /users`. */
export interface UserFilter {
  role?: Role;
  email?: string;
}

/** Admin user management and OEM API keys (DESIGN §1: admin only). */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiKey) private readonly apiKeys: Repository<ApiKey>,
    private readonly tx: TransactionRunner,
    private readonly credentials: CredentialCache,
    private readonly audit: AuditLogService,
  ) {}

  private readonly credentialResetHooks: ((em: EntityManager, email: string) => Promise<void>)[] = [];

  /**
   * Registers work run in the transaction of an admin's password reset or a reactivation, with the
   * account's e-mail address: auth/ (a layer above) clears the account's sign-in lock-out there, so
   * the new password signs in at once.
   */
  onCredentialsReset(hook: (em: EntityManager, email: string) => Promise<void>): void {
    this.credentialResetHooks.push(hook);
  }

  /**
   * Creates a user and records `user.created` in the same transaction; `actor` null is the system.
   * @throws 400 naming email (over 254 characters once lower-cased); 409 USER_EMAIL_TAKEN
   */
  async create(dto: CreateUserDto, actor: AuditActor | null = null): Promise<UserResponseDto> {
    const email = dto.email.trim().toLowerCase();
    // Lower-casing may lengthen it ("İ" becomes "i" and a combining dot): the column holds 254.
    if (email.length > 254) throw new ValidationProblem([{ field: 'email', message: 'email must be at most 254 characters once lower-cased' }]);
    const now = new Date();
    const user = this.users.create({
      email,
      passwordHash: await hashPassword(dto.password),
      fullName: dto.fullName.trim(),
      phone: dto.phone ?? null,
      role: dto.role,
      isActive: true,
      // Both set here: SQLite's default for updated_at has whole seconds and would precede createdAt.
      createdAt: now,
      updatedAt: now,
    });
    try {
      const saved = await this.tx.run(async (em) => {
        const row = await em.getRepository(User).save(user);
        const after = { email: row.email, fullName: row.fullName, phone: row.phone, role: row.role, isActive: row.isActive };
        await this.audit.record(em, actor, { action: 'user.created', entityType: 'user', entityId: row.id, after });
        return row;
      });
      return toUserResponse(saved);
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(409, 'USER_EMAIL_TAKEN', `A user with email ${user.email} already exists`);
      throw error;
    }
  }

  /** Newest first, keyset-paged. */
  async list(filter: UserFilter, page: PageQueryDto): Promise<Page<UserResponseDto>> {
    const qb = this.users.createQueryBuilder('u');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.email) qb.andWhere('u.email = :email', { email: filter.email.trim().toLowerCase() });
    return keysetPage(qb, page, { alias: 'u', time: 'createdAt', direction: 'DESC', timeOf: (user) => user.createdAt }, (users) => users.map(toUserResponse));
  }

  /**
   * The active OEM accounts, ordered by name (then id): the OEM picker of the console. Unpaged:
   * one account per OEM organisation (DESIGN §1), so the list stays short.
   */
  async listOems(): Promise<OemSummaryDto[]> {
    const rows = await this.users.find({ select: { id: true, fullName: true }, where: { role: 'oem', isActive: true }, order: { fullName: 'ASC', id: 'ASC' } });
    return rows.map(toOemSummary);
  }

  /**
   * The active field technicians ordered by name (then id), at most {@link TECHNICIAN_PICKER_LIMIT}:
   * the team member picker. `q` matches a substring of the name or e-mail, any case (`%` and `_`
   * literally). A scan, not an index: technicians are a few hundred at most.
   */
  async listTechnicians(q?: string): Promise<TechnicianSummaryDto[]> {
    const qb = this.users
      .createQueryBuilder('u')
      .select(['u.id', 'u.fullName', 'u.email'])
      .where('u.role = :role AND u.isActive = :active', { role: 'field_technician', active: true });
    if (q) {
      // `!` escapes LIKE's wildcards the same way on SQLite, PostgreSQL and MariaDB.
      const pattern = `%${q.toLowerCase().replace(/[!%_]/g, '!$&')}%`;
      const dialect = dialectOf(this.users.manager);
      qb.andWhere(new Brackets((w) => w.where(`${lowerCase(dialect, 'u.fullName', q)} LIKE :pattern ESCAPE '!'`).orWhere(`${lowerCase(dialect, 'u.email', q)} LIKE :pattern ESCAPE '!'`)), { pattern });
    }
    const rows = await qb.orderBy('u.fullName', 'ASC').addOrderBy('u.id', 'ASC').limit(TECHNICIAN_PICKER_LIMIT).getMany();
    return rows.map(toTechnicianSummary);
  }

  /** @throws 404 USER_NOT_FOUND */
  async get(id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.find(id));
  }

  /**
   * Changes a user; each kind of change is recorded in the same transaction (see {@link recordUpdate}).
   * A new password or a deactivation ends the account's sessions ({@link endSessions}): its access
   * tokens are refused at once here, within AUTH_CACHE_TTL_MS on other replicas. A new password or a
   * reactivation also lifts a sign-in lock-out ({@link onCredentialsReset}). Only the columns
   * the request names are written, on the row read locked in the transaction: a concurrent change
   * of another column (a deactivation, a password) is never written back with its old value.
   * @throws 404 USER_NOT_FOUND; 409 USER_LAST_ADMIN when the deactivation would leave no active admin
   *         (nobody could then manage users or keys; only `reset-admin-password` on the host could)
   */
  async update(id: string, dto: UpdateUserDto, actor: AuditActor | null = null): Promise<UserResponseDto> {
    if (!(await this.users.existsBy({ id }))) throw new NotFoundProblem('User', id); // before the password is hashed
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    const saved = await this.tx.run(async (em) => {
      const users = em.getRepository(User);
      // The active admins first, locked in one order: two admins deactivating each other at once cannot both win.
      const admins = dto.isActive === false ? await lockActiveAdmins(em) : [];
      const user = await findForUpdate(em, User, { id });
      if (!user) throw new NotFoundProblem('User', id);
      if (dto.isActive === false && user.isActive && user.role === 'admin' && admins.every((admin) => admin.id === id)) {
        throw new AppException(409, 'USER_LAST_ADMIN', 'This is the last active admin; make another admin first');
      }
      const before = { fullName: user.fullName, phone: user.phone, isActive: user.isActive };
      const changes: Partial<Pick<User, 'fullName' | 'phone' | 'isActive' | 'passwordHash' | 'updatedAt'>> = {
        ...(dto.fullName !== undefined && { fullName: dto.fullName.trim() }),
        ...(dto.phone !== undefined && { phone: dto.phone }),
        ...(dto.isActive !== undefined && { isActive: dto.isActive }),
        ...(passwordHash !== undefined && { passwordHash }),
        // Millisecond precision on both databases (SQLite's CURRENT_TIMESTAMP has whole seconds).
        updatedAt: new Date(),
      };
      Object.assign(user, changes);
      // A new password or a deactivation ends every session: refresh tokens and, by their version, access tokens.
      if (dto.password !== undefined || dto.isActive === false) user.tokenVersion = await endSessions(em, id, changes);
      else await users.update({ id }, changes);
      await this.recordUpdate(em, actor, before, user, dto.password !== undefined);
      if (dto.password !== undefined || (dto.isActive === true && !before.isActive)) {
        for (const hook of this.credentialResetHooks) await hook(em, user.email);
      }
      return user;
    });
    // After the commit: the guard's next read of this account (and of an OEM's keys) sees the change.
    this.credentials.forgetAccount(id);
    return toUserResponse(saved);
  }

  /**
   * Issues an API key for an OEM user: 32 random bytes, stored as SHA-256, returned once. Records
   * `api_key.issued` (OEM, name and the public prefix; never the key or its hash) in the same transaction.
   * @throws 404 USER_NOT_FOUND; 409 API_KEY_OEM_ONLY when the user is not an OEM
   */
  async createApiKey(oemId: string, name: string, actor: AuditActor | null = null): Promise<CreatedApiKeyDto> {
    const oem = await this.find(oemId);
    if (oem.role !== 'oem') throw new AppException(409, 'API_KEY_OEM_ONLY', 'API keys can only be issued to users with role oem');
    const key = randomSecret();
    const row = await this.tx.run(async (em) => {
      const keys = em.getRepository(ApiKey);
      const saved = await keys.save(
        // createdAt set here for millisecond precision (SQLite's default has whole seconds), so lists order keys reliably.
        keys.create({ oemId, name: name.trim(), prefix: key.slice(0, 8), keyHash: sha256Hex(key), lastUsedAt: null, revokedAt: null, createdAt: new Date() }),
      );
      const after = { oemId, name: saved.name, prefix: saved.prefix };
      await this.audit.record(em, actor, { action: 'api_key.issued', entityType: 'api_key', entityId: saved.id, after });
      return saved;
    });
    return { ...toApiKeyResponse(row), key };
  }

  /** @throws 404 USER_NOT_FOUND */
  async listApiKeys(oemId: string): Promise<ApiKeyResponseDto[]> {
    await this.find(oemId);
    const rows = await this.apiKeys.find({ where: { oemId }, order: { createdAt: 'DESC' } });
    return rows.map(toApiKeyResponse);
  }

  /**
   * Revokes a key and records `api_key.revoked` in the same transaction; revoking twice is harmless
   * and records nothing more.
   * @throws 404 API_KEY_NOT_FOUND
   */
  async revokeApiKey(oemId: string, keyId: string, actor: AuditActor | null = null): Promise<void> {
    await this.tx.run(async (em) => {
      const keys = em.getRepository(ApiKey);
      const row = await keys.findOne({ where: { id: keyId, oemId } });
      if (!row) throw new NotFoundProblem('API key', keyId);
      if (row.revokedAt) return;
      const revokedAt = new Date();
      // Guarded by revoked_at IS NULL: of two concurrent revocations only one changes the row and records it.
      const result = await keys.update({ id: row.id, revokedAt: IsNull() }, { revokedAt });
      if (!result.affected) return;
      await this.audit.record(em, actor, { action: 'api_key.revoked', entityType: 'api_key', entityId: row.id, before: { revokedAt: null }, after: { revokedAt: revokedAt.toISOString() } });
    });
    this.credentials.forgetApiKey(keyId);
  }

  /**
   * The audit events of one `update`: `user.updated` (fullName, phone), `user.deactivated` or
   * `user.reactivated` (isActive), `user.password_reset` (no values at all: never the password or
   * its hash); one event per kind that actually changed, none for a no-op.
   */
  private async recordUpdate(em: EntityManager, actor: AuditActor | null, before: Pick<User, 'fullName' | 'phone' | 'isActive'>, user: User, passwordSet: boolean): Promise<void> {
    const profile = changedFields({ fullName: before.fullName, phone: before.phone }, { fullName: user.fullName, phone: user.phone });
    if (profile) await this.audit.record(em, actor, { action: 'user.updated', entityType: 'user', entityId: user.id, ...profile });
    if (before.isActive !== user.isActive) {
      const action = user.isActive ? 'user.reactivated' : 'user.deactivated';
      await this.audit.record(em, actor, { action, entityType: 'user', entityId: user.id, before: { isActive: before.isActive }, after: { isActive: user.isActive } });
    }
    if (passwordSet) await this.audit.record(em, actor, { action: 'user.password_reset', entityType: 'user', entityId: user.id });
  }

  private async find(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFoundProblem('User', id);
    return user;
  }
}
