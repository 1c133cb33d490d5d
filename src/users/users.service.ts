import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { hash } from '@node-rs/argon2';
import { IsNull, type Repository } from 'typeorm';
import { AppException, NotFoundProblem } from '../common/problem.js';
import { decodeCursor, encodeCursor, type Page, type PageQueryDto } from '../common/pagination.js';
import { isUniqueViolation, TransactionRunner } from '../database/transactions.js';
import { RefreshToken } from '../auth/entities/refresh-token.entity.js';
import { randomSecret, sha256Hex } from '../auth/tokens.js';
import { CredentialCache } from './credential-cache.js';
import { type ApiKeyResponseDto, type CreatedApiKeyDto, toApiKeyResponse } from './dto/api-key.dto.js';
import { type CreateUserDto, type UpdateUserDto, type UserResponseDto, toUserResponse } from './dto/user.dto.js';
import { ApiKey } from './entities/api-key.entity.js';
import { type Role, User } from './entities/user.entity.js';

/** argon2id with the library's defaults (OWASP: m=19 MiB, t=2, p=1). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

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
  ) {}

  /** @throws 409 USER_EMAIL_TAKEN */
  async create(dto: CreateUserDto): Promise<UserResponseDto> {
    const now = new Date();
    const user = this.users.create({
      email: dto.email.trim().toLowerCase(),
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
      return toUserResponse(await this.users.save(user));
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppException(409, 'USER_EMAIL_TAKEN', `A user with email ${user.email} already exists`);
      throw error;
    }
  }

  /** Newest first, keyset-paged. */
  async list(filter: UserFilter, page: PageQueryDto): Promise<Page<UserResponseDto>> {
    const qb = this.users.createQueryBuilder('u').orderBy('u.createdAt', 'DESC').addOrderBy('u.id', 'DESC');
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.email) qb.andWhere('u.email = :email', { email: filter.email.trim().toLowerCase() });
    const total = page.withTotal ? await qb.getCount() : undefined;
    if (page.cursor) {
      const after = decodeCursor(page.cursor);
      qb.andWhere('(u.createdAt < :c OR (u.createdAt = :c AND u.id < :i))', { c: after.createdAt, i: after.id });
    }
    const rows = await qb.take(page.limit + 1).getMany();
    const more = rows.length > page.limit;
    const data = rows.slice(0, page.limit);
    return { data: data.map(toUserResponse), nextCursor: more ? encodeCursor(data[data.length - 1]) : null, ...(total !== undefined && { total }) };
  }

  /** @throws 404 USER_NOT_FOUND */
  async get(id: string): Promise<UserResponseDto> {
    return toUserResponse(await this.find(id));
  }

  /** @throws 404 USER_NOT_FOUND */
  async update(id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const user = await this.find(id);
    if (dto.fullName !== undefined) user.fullName = dto.fullName.trim();
    if (dto.phone !== undefined) user.phone = dto.phone;
    if (dto.isActive !== undefined) user.isActive = dto.isActive;
    if (dto.password !== undefined) user.passwordHash = await hashPassword(dto.password);
    // Millisecond precision on both databases (SQLite's CURRENT_TIMESTAMP has whole seconds).
    user.updatedAt = new Date();
    const saved = await this.tx.run(async (em) => {
      const row = await em.getRepository(User).save(user);
      // A new password ends every session signed in with the old one.
      if (dto.password !== undefined) await em.getRepository(RefreshToken).update({ userId: id, revokedAt: IsNull() }, { revokedAt: new Date() });
      return row;
    });
    // After the commit: the guard's next read of this account (and of an OEM's keys) sees the change.
    this.credentials.forgetAccount(id);
    return toUserResponse(saved);
  }

  /**
   * Issues an API key for an OEM user: 32 random bytes, stored as SHA-256, returned once.
   * @throws 404 USER_NOT_FOUND; 409 API_KEY_OEM_ONLY when the user is not an OEM
   */
  async createApiKey(oemId: string, name: string): Promise<CreatedApiKeyDto> {
    const oem = await this.find(oemId);
    if (oem.role !== 'oem') throw new AppException(409, 'API_KEY_OEM_ONLY', 'API keys can only be issued to users with role oem');
    const key = randomSecret();
    const row = await this.apiKeys.save(
      // createdAt set here for millisecond precision (SQLite's default has whole seconds), so lists order keys reliably.
      this.apiKeys.create({ oemId, name: name.trim(), prefix: key.slice(0, 8), keyHash: sha256Hex(key), lastUsedAt: null, revokedAt: null, createdAt: new Date() }),
    );
    return { ...toApiKeyResponse(row), key };
  }

  /** @throws 404 USER_NOT_FOUND */
  async listApiKeys(oemId: string): Promise<ApiKeyResponseDto[]> {
    await this.find(oemId);
    const rows = await this.apiKeys.find({ where: { oemId }, order: { createdAt: 'DESC' } });
    return rows.map(toApiKeyResponse);
  }

  /** Revokes a key; revoking twice is harmless. @throws 404 API_KEY_NOT_FOUND */
  async revokeApiKey(oemId: string, keyId: string): Promise<void> {
    const row = await this.apiKeys.findOne({ where: { id: keyId, oemId } });
    if (!row) throw new NotFoundProblem('API key', keyId);
    if (!row.revokedAt) await this.apiKeys.update({ id: row.id }, { revokedAt: new Date() });
    this.credentials.forgetApiKey(row.id);
  }

  private async find(id: string): Promise<User> {
    const user = await this.users.findOne({ where: { id } });
    if (!user) throw new NotFoundProblem('User', id);
    return user;
  }
}
