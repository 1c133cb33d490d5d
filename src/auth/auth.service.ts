import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { IsNull, type Repository } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { AppException } from '../common/problem.js';
import { TransactionRunner } from '../database/transactions.js';
import { type UserResponseDto, toUserResponse } from '../users/dto/user.dto.js';
import { User } from '../users/entities/user.entity.js';
import { hashPassword } from '../users/users.service.js';
import type { Actor } from './actor.js';
import type { AccessTokenClaims } from './auth.guard.js';
import type { LoginDto, TokenPairDto } from './dto/auth.dto.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { randomSecret, sha256Hex } from './tokens.js';

const invalidCredentials = () => new AppException(401, 'AUTH_INVALID_CREDENTIALS', 'Email or password is wrong');
const invalidRefresh = () => new AppException(401, 'AUTH_INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or revoked');

/**
 * Login, rotating refresh tokens and logout (DESIGN §2). A refresh token is `<id>.<secret>`; only
 * the SHA-256 of the secret is stored. Presenting an already-rotated token revokes its family.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly jwt: JwtService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    private readonly transactions: TransactionRunner,
  ) {}

  /** @throws 401 AUTH_INVALID_CREDENTIALS for an unknown email, a wrong password or an inactive account. */
  async login(dto: LoginDto): Promise<TokenPairDto> {
    const user = await this.users.findOne({ where: { email: dto.email.trim().toLowerCase() } });
    // Verify against a dummy hash for unknown emails so the response time does not reveal which exist.
    const ok = await verify(user?.passwordHash ?? (await this.dummyHash()), dto.password).catch(() => false);
    if (!user) throw invalidCredentials();
    if (!ok || !user.isActive) throw invalidCredentials();
    return this.issue(user, randomUUID());
  }

  /**
   * Exchanges a refresh token for a new pair. The swap is a compare-and-set on `rotated_at`, so of
   * two concurrent uses exactly one wins; the loser and any later reuse revoke the whole family.
   * Swap and new token commit together: on PostgreSQL the loser's swap waits for the winner's
   * commit, so its revocation also reaches the token the winner was just given (on SQLite the
   * transactions run one after the other). Revocations are returned, not thrown, so they commit.
   * @throws 401 AUTH_INVALID_REFRESH_TOKEN, AUTH_REFRESH_TOKEN_REUSED
   */
  async refresh(token: string): Promise<TokenPairDto> {
    const outcome = await this.transactions.run(async (em): Promise<TokenPairDto | AppException> => {
      const tokens = em.getRepository(RefreshToken);
      const row = await this.find(token, tokens);
      if (!row || row.revokedAt || row.expiresAt.getTime() < Date.now()) return invalidRefresh();
      if (row.rotatedAt) {
        await this.revokeFamily(row.familyId, tokens);
        return new AppException(401, 'AUTH_REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session of this login is revoked');
      }
      const swapped = await tokens.update({ id: row.id, rotatedAt: IsNull(), revokedAt: IsNull() }, { rotatedAt: new Date() });
      if (swapped.affected !== 1) {
        await this.revokeFamily(row.familyId, tokens);
        return invalidRefresh();
      }
      const user = await em.getRepository(User).findOne({ where: { id: row.userId } });
      if (!user?.isActive) return invalidRefresh();
      return this.issue(user, row.familyId, tokens);
    });
    if (outcome instanceof AppException) throw outcome;
    return outcome;
  }

  private dummy?: Promise<string>;

  private dummyHash(): Promise<string> {
    this.dummy ??= hashPassword(randomUUID());
    return this.dummy;
  }

  /** Revokes the family of the given refresh token if it belongs to the caller; idempotent. */
  async logout(actor: Actor, token: string): Promise<void> {
    const row = await this.find(token);
    if (row && row.userId === actor.userId) await this.revokeFamily(row.familyId);
  }

  /** The caller's own account. */
  async me(actor: Actor): Promise<UserResponseDto> {
    const user = await this.users.findOneOrFail({ where: { id: actor.userId } });
    return toUserResponse(user);
  }

  /** Signs a short-lived access token for `user`; also used by test factories. */
  accessToken(user: Pick<User, 'id' | 'role'>): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role };
    return this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  private async issue(user: User, familyId: string, tokens = this.refreshTokens): Promise<TokenPairDto> {
    const secret = randomSecret();
    const row = await tokens.save(
      tokens.create({
        userId: user.id,
        familyId,
        tokenHash: sha256Hex(secret),
        expiresAt: new Date(Date.now() + this.config.refreshTokenTtlSeconds * 1000),
        rotatedAt: null,
        revokedAt: null,
      }),
    );
    return { accessToken: await this.accessToken(user), refreshToken: `${row.id}.${secret}`, expiresIn: this.config.accessTokenTtlSeconds, tokenType: 'Bearer' };
  }

  private async find(token: string, tokens = this.refreshTokens): Promise<RefreshToken | null> {
    const [id, secret] = token.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const row = await tokens.findOne({ where: { id } });
    return row && row.tokenHash === sha256Hex(secret) ? row : null;
  }

  private async revokeFamily(familyId: string, tokens = this.refreshTokens): Promise<void> {
    await tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
