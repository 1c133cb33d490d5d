import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { IsNull, type Repository } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { AppException } from '../common/problem.js';
import { type UserResponseDto, toUserResponse } from '../users/dto/user.dto.js';
import { User } from '../users/entities/user.entity.js';
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
  ) {}

  /** @throws 401 AUTH_INVALID_CREDENTIALS for an unknown email, a wrong password or an inactive account. */
  async login(dto: LoginDto): Promise<TokenPairDto> {
    const user = await this.users.findOne({ where: { email: dto.email.trim().toLowerCase() } });
    if (!user) throw invalidCredentials();
    const ok = await verify(user.passwordHash, dto.password).catch(() => false);
    if (!ok || !user.isActive) throw invalidCredentials();
    return this.issue(user, randomUUID());
  }

  /**
   * Exchanges a refresh token for a new pair. The swap is a compare-and-set on `rotated_at`, so of
   * two concurrent uses exactly one wins; the loser and any later reuse revoke the whole family.
   * @throws 401 AUTH_INVALID_REFRESH_TOKEN
   */
  async refresh(token: string): Promise<TokenPairDto> {
    const row = await this.find(token);
    if (!row || row.revokedAt || row.expiresAt.getTime() < Date.now()) throw invalidRefresh();
    if (row.rotatedAt) {
      await this.revokeFamily(row.familyId);
      throw new AppException(401, 'AUTH_REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session of this login is revoked');
    }
    const swapped = await this.refreshTokens.update({ id: row.id, rotatedAt: IsNull(), revokedAt: IsNull() }, { rotatedAt: new Date() });
    if (swapped.affected !== 1) {
      await this.revokeFamily(row.familyId);
      throw invalidRefresh();
    }
    const user = await this.users.findOne({ where: { id: row.userId } });
    if (!user?.isActive) throw invalidRefresh();
    return this.issue(user, row.familyId);
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

  private async issue(user: User, familyId: string): Promise<TokenPairDto> {
    const secret = randomSecret();
    const row = await this.refreshTokens.save(
      this.refreshTokens.create({
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

  private async find(token: string): Promise<RefreshToken | null> {
    const [id, secret] = token.split('.');
    if (!id || !secret || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    const row = await this.refreshTokens.findOne({ where: { id } });
    return row && row.tokenHash === sha256Hex(secret) ? row : null;
  }

  private async revokeFamily(familyId: string): Promise<void> {
    await this.refreshTokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
