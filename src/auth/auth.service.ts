import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import { verify } from '@node-rs/argon2';
import { type EntityManager, IsNull, MoreThan, type Repository } from 'typeorm';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/app-config.module.js';
import { AppException, ValidationProblem } from '../common/problem.js';
import { TransactionRunner } from '../common/persistence/transaction-runner.service.js';
import { findForUpdate } from '../common/persistence/dialect.js';
import { CredentialCache } from '../users/credential-cache.service.js';
import type { AuditActor } from '../users/audit/audit-actor.js';
import { AuditLogService } from '../users/audit/audit-log.service.js';
import { type UserResponseDto, toUserResponse } from '../users/dto/user.dto.js';
import { User } from '../users/entities/user.entity.js';
import { hashPassword } from '../users/users.service.js';
import type { Actor } from '../common/auth/actor.js';
import type { ChangePasswordDto, LoginDto, TokenPairDto } from './dto/auth.dto.js';
import { RefreshToken } from '../users/entities/refresh-token.entity.js';
import { endSessions } from '../users/sessions.js';
import type { AccessTokenClaims } from './strategies/jwt.strategy.js';
import { accountSubject, addressSubject, LoginThrottler } from './throttling/login-throttler.service.js';
import { randomSecret, sha256Hex } from '../common/auth/tokens.js';
import { isUuid } from '../common/uuid.js';

const invalidCredentials = () => new AppException(401, 'AUTH_INVALID_CREDENTIALS', 'Email or password is wrong');
const currentPasswordWrong = () => new AppException(403, 'AUTH_CURRENT_PASSWORD_WRONG', 'The current password is wrong');
const invalidRefresh = () => new AppException(401, 'AUTH_INVALID_REFRESH_TOKEN', 'The refresh token is invalid, expired or revoked');

/**
 * Login, rotating refresh tokens, logout and the password change (DESIGN §2). A refresh token is
 * `<id>.<secret>`; only the SHA-256 of the secret is stored. Presenting an already-rotated token
 * revokes its family, unless its rotation's answer looks lost (see {@link undeliveredSuccessor}). Sign-ins, refreshes and password changes are throttled per account and per
 * client address ({@link LoginThrottler}) before any password is verified.
 */
@Injectable()
export class AuthService {
  constructor(
    @InjectConfig() private readonly config: AppConfig,
    private readonly jwt: JwtService,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly transactions: TransactionRunner,
    private readonly throttler: LoginThrottler,
    private readonly audit: AuditLogService,
    private readonly credentials: CredentialCache,
  ) {}

  /**
   * Signs in, charged to the client address and to the e-mail address as typed (known or not).
   * The password is verified outside any transaction (it is slow); the refresh token is then
   * issued in one that locks the account's row ({@link lockAccount}) and refuses the sign-in when a
   * password change, reset or deactivation committed meanwhile: its revocation could not reach a
   * token inserted after it. A change that starts after the lock waits for this commit, and then
   * revokes the new token too ({@link endSessions} writes the account's row first).
   * @param clientAddress `req.ip` (TRUST_PROXY decides whether X-Forwarded-For is believed)
   * @throws 401 AUTH_INVALID_CREDENTIALS for an unknown email, a wrong password or an inactive account
   *   (also when the password or the account changed while it was being verified);
   *   429 AUTH_THROTTLED (the same for every email) while the account or the address is locked out
   */
  async login(dto: LoginDto, clientAddress?: string): Promise<TokenPairDto> {
    const email = dto.email.trim().toLowerCase();
    return this.throttler.attempt([addressSubject(clientAddress, 'sign-in'), accountSubject(email)], async () => {
      const user = await this.users.findOne({ where: { email } });
      // Verify against a dummy hash for unknown emails so the response time does not reveal which exist.
      const ok = await verify(user?.passwordHash ?? (await this.dummyHash()), dto.password).catch(() => false);
      if (!user || !ok || !user.isActive) throw invalidCredentials();
      return this.transactions.run(async (em) => {
        const current = await this.lockAccount(em, user.id);
        if (!current?.isActive || current.tokenVersion !== user.tokenVersion || current.passwordHash !== user.passwordHash) throw invalidCredentials();
        return this.issue(current, randomUUID(), em.getRepository(RefreshToken));
      });
    });
  }

  /**
   * Changes the caller's own password (issue 11 item 4) and ends every session of the account:
   * older access tokens are refused, every refresh token is revoked. The caller gets a fresh pair
   * (a new login) so it stays signed in. Guesses of the current password are throttled like sign-ins.
   * The current password is verified outside the transaction (it is slow); the account's row is
   * then read locked in it, and a password set meanwhile (an admin's reset, another session's
   * change) makes the one typed no longer the current one: 403, and the newer password stays.
   * Records `user.password_changed` (by the person, never the password) in the same transaction.
   * @throws 403 AUTH_SESSION_REQUIRED for an API key (a password belongs to a person's session);
   *   400 VALIDATION_FAILED when `newPassword` equals `currentPassword`; 403 AUTH_CURRENT_PASSWORD_WRONG
   *   (also when the password was changed while the current one was being verified); 401
   *   UNAUTHENTICATED when the account was deactivated meanwhile; 429 AUTH_THROTTLED
   */
  async changePassword(actor: AuditActor, dto: ChangePasswordDto, clientAddress?: string): Promise<TokenPairDto> {
    if (actor.apiKeyId) throw new AppException(403, 'AUTH_SESSION_REQUIRED', 'A password is changed with a signed-in session (bearer token), not with an API key');
    if (dto.newPassword === dto.currentPassword) {
      throw new ValidationProblem([{ field: 'newPassword', message: 'newPassword must differ from currentPassword' }]);
    }
    const user = await this.users.findOneOrFail({ where: { id: actor.userId } });
    const pair = await this.throttler.attempt([addressSubject(clientAddress, 'sign-in'), accountSubject(user.email)], async () => {
      const ok = await verify(user.passwordHash, dto.currentPassword).catch(() => false);
      if (!ok) throw currentPasswordWrong();
      const passwordHash = await hashPassword(dto.newPassword);
      return this.transactions.run(async (em) => {
        const current = await this.lockAccount(em, user.id);
        if (!current?.isActive) throw new AppException(401, 'UNAUTHENTICATED', 'The account is deactivated');
        if (current.passwordHash !== user.passwordHash) throw currentPasswordWrong();
        const tokenVersion = await endSessions(em, user.id, { passwordHash, updatedAt: new Date() });
        await this.audit.record(em, actor, { action: 'user.password_changed', entityType: 'user', entityId: user.id });
        return this.issue({ ...current, tokenVersion }, randomUUID(), em.getRepository(RefreshToken));
      });
    });
    // After the commit: this replica refuses the old access tokens from the next request on.
    this.credentials.forgetAccount(user.id);
    return pair;
  }

  /**
   * Exchanges a refresh token for a new pair. The swap is a compare-and-set on `rotated_at`; a
   * reuse revokes the whole family, except the retry of a rotation whose answer was lost, which gets
   * a fresh pair while the undelivered one is revoked ({@link undeliveredSuccessor}).
   * The account's row is locked first ({@link lockAccount}), so a concurrent refresh, logout or
   * end of sessions waits for this commit and its revocation reaches the token issued here (on
   * PostgreSQL, READ COMMITTED, an UPDATE does not see rows inserted by a transaction still open).
   * Revocations are returned, not thrown, so they commit. Failed refreshes are throttled per
   * client address, apart from sign-ins.
   * @throws 401 AUTH_INVALID_REFRESH_TOKEN, AUTH_REFRESH_TOKEN_REUSED; 429 AUTH_THROTTLED
   */
  refresh(token: string, clientAddress?: string): Promise<TokenPairDto> {
    return this.throttler.attempt([addressSubject(clientAddress, 'refresh')], () => this.rotate(token));
  }

  private async rotate(token: string): Promise<TokenPairDto> {
    const outcome = await this.transactions.run(async (em): Promise<TokenPairDto | AppException> => {
      const tokens = em.getRepository(RefreshToken);
      const found = await this.find(token, tokens);
      if (!found) return invalidRefresh();
      // Lock order: the account, then its tokens (as endSessions, login and logout).
      const user = await this.lockAccount(em, found.userId);
      // Read again under the lock (a locking read sees the latest commit, on MariaDB too): a
      // revocation or a rotation committed while the lock was awaited counts.
      const row = await findForUpdate(em, RefreshToken, { id: found.id });
      if (!row || row.revokedAt || row.expiresAt.getTime() < Date.now()) return invalidRefresh();
      if (row.rotatedAt) {
        const successor = await this.undeliveredSuccessor(row, tokens);
        if (successor && user?.isActive) {
          // The answer to the rotation was lost (a phone in a basement): its pair is replaced, not the login revoked.
          await tokens.update({ id: successor.id }, { revokedAt: new Date() });
          return this.issue(user, row.familyId, tokens);
        }
        await this.revokeFamily(row.familyId, tokens);
        return new AppException(401, 'AUTH_REFRESH_TOKEN_REUSED', 'This refresh token was already used; every session of this login is revoked');
      }
      const swapped = await tokens.update({ id: row.id, rotatedAt: IsNull(), revokedAt: IsNull() }, { rotatedAt: new Date() });
      if (swapped.affected !== 1) {
        await this.revokeFamily(row.familyId, tokens);
        return invalidRefresh();
      }
      // An unrevoked token was issued after the account's last end of sessions: its current version applies.
      if (!user?.isActive) return invalidRefresh();
      return this.issue(user, row.familyId, tokens);
    });
    if (outcome instanceof AppException) throw outcome;
    return outcome;
  }

  /**
   * The token that `row`'s rotation issued, when it looks never delivered: `row` is the login's
   * latest rotation, made within `JWT_REFRESH_REUSE_GRACE_SECONDS`, and its successor is neither
   * used nor revoked. A thief replaying an older token, or one replayed after the client has
   * refreshed with the successor, finds none (RFC 9700 §4.14: reuse of a rotated token revokes).
   * @returns the live successor, or null
   */
  private async undeliveredSuccessor(row: RefreshToken, tokens: Repository<RefreshToken>): Promise<RefreshToken | null> {
    const rotatedAt = row.rotatedAt as Date;
    if (Date.now() - rotatedAt.getTime() > this.config.refreshReuseGraceSeconds * 1000) return null;
    if (await tokens.exists({ where: { familyId: row.familyId, rotatedAt: MoreThan(rotatedAt) } })) return null;
    const live = await tokens.find({ where: { familyId: row.familyId, rotatedAt: IsNull(), revokedAt: IsNull() } });
    return live.length === 1 ? live[0] : null;
  }

  private dummy?: Promise<string>;

  private dummyHash(): Promise<string> {
    this.dummy ??= hashPassword(randomUUID());
    return this.dummy;
  }

  /**
   * Revokes the family of the given refresh token if it belongs to the caller; idempotent. In one
   * transaction that locks the account's row first, so a refresh of the same login running now
   * either commits before the revocation (which then reaches the token it issued) or finds its
   * token revoked.
   */
  async logout(actor: Actor, token: string): Promise<void> {
    await this.transactions.run(async (em) => {
      const tokens = em.getRepository(RefreshToken);
      const row = await this.find(token, tokens);
      if (!row || row.userId !== actor.userId) return;
      await this.lockAccount(em, row.userId);
      await this.revokeFamily(row.familyId, tokens);
    });
  }

  /** The caller's own account. */
  async me(actor: Actor): Promise<UserResponseDto> {
    const user = await this.users.findOneOrFail({ where: { id: actor.userId } });
    return toUserResponse(user);
  }

  /**
   * Signs a short-lived access token for `user` carrying its `tokenVersion` as `ver` (absent: 0, a
   * new account's); also used by test factories.
   */
  accessToken(user: Pick<User, 'id' | 'role'> & { tokenVersion?: number }): Promise<string> {
    const claims: AccessTokenClaims = { sub: user.id, role: user.role, ver: user.tokenVersion ?? 0 };
    return this.jwt.signAsync(claims, { expiresIn: this.config.accessTokenTtlSeconds });
  }

  private async issue(user: Pick<User, 'id' | 'role' | 'tokenVersion'>, familyId: string, tokens: Repository<RefreshToken>): Promise<TokenPairDto> {
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

  /**
   * The account's row, read locked in `em`'s transaction (FOR UPDATE on PostgreSQL and MariaDB;
   * SQLite runs one transaction at a time): every path that issues or revokes refresh tokens
   * takes this lock before touching them, so none inserts a token that a concurrent end of
   * sessions ({@link endSessions}, which writes this row first) would miss, and the lock order
   * (account, then tokens) is the same everywhere.
   */
  private lockAccount(em: EntityManager, userId: string): Promise<User | null> {
    return findForUpdate(em, User, { id: userId });
  }

  private async find(token: string, tokens: Repository<RefreshToken>): Promise<RefreshToken | null> {
    const [id, secret] = token.split('.');
    if (!id || !secret || !isUuid(id)) return null;
    const row = await tokens.findOne({ where: { id } });
    return row && row.tokenHash === sha256Hex(secret) ? row : null;
  }

  private async revokeFamily(familyId: string, tokens: Repository<RefreshToken>): Promise<void> {
    await tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
