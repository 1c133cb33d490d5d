import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-jwt';
import { ExpiringCache } from '../../common/expiring-cache.js';
import { AppException } from '../../common/problem.js';
import type { AppConfig } from '../../config/config.js';
import { InjectConfig } from '../../config/app-config.module.js';
import { type AccountStatus, CredentialCache } from '../../users/credential-cache.service.js';
import type { Role } from '../../common/auth/roles.js';
import type { Actor } from '../../common/auth/actor.js';
import type { HttpRequest } from '../../common/http/http-exchange.js';

/** The passport name of {@link JwtStrategy}. */
export const JWT_STRATEGY = 'jwt';

/** Claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** The account's `tokenVersion` when the token was issued; absent in tokens issued before versions existed (read as 0). */
  ver?: number;
  /** Issued at, seconds since the epoch (RFC 7519 §4.1.6), set by jsonwebtoken. */
  iat?: number;
  /** Expiry, seconds since the epoch (RFC 7519 §4.1.4). */
  exp?: number;
}

const BEARER = /^Bearer\s+(\S+)$/i;

/** The token of an `Authorization: Bearer …` header, or null. */
export function bearerToken(req: HttpRequest): string | null {
  const match = req.headers.authorization?.match(BEARER);
  return match ? match[1] : null;
}

/** For a lookup that must not load anything. */
const NOT_REMEMBERED = (): Promise<null> => Promise.resolve(null);

/**
 * Bearer access tokens (DESIGN §2), on passport-jwt: HS256 signature and `exp` are checked by
 * passport-jwt (jsonwebtoken), then the account by {@link validate}. A token whose signature
 * checked out is remembered for `AUTH_CACHE_TTL_MS` (the HMAC and JSON decoding were ~2 % of a
 * list request's CPU, issue #6), so a client sending the same token again skips passport-jwt's
 * verification; its `exp` is still checked on every request. Fails with a 401 `UNAUTHENTICATED`
 * problem as the challenge, or errors with one for an inactive account or an outdated token.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, JWT_STRATEGY) {
  private readonly verifiedTokens: ExpiringCache<string, AccessTokenClaims>;

  constructor(
    @InjectConfig() config: AppConfig,
    private readonly credentials: CredentialCache,
  ) {
    super({
      jwtFromRequest: bearerToken,
      // A KeyObject: given a string or Buffer, jsonwebtoken first tries to parse it as a PEM public
      // key on every verify and catches the failure (~16 % of the CPU per request, bench/README.md).
      secretOrKey: createSecretKey(Buffer.from(config.jwtSecret)) as unknown as Buffer,
      algorithms: ['HS256'],
      passReqToCallback: true,
    });
    // Real time, as jsonwebtoken's own expiry check uses.
    this.verifiedTokens = new ExpiringCache(config.authCacheTtlMs);
  }

  /**
   * The actor of a bearer token this process verified within `AUTH_CACHE_TTL_MS`, or null when the
   * token is not remembered (passport-jwt must verify it). The guard calls this before passport:
   * a client sends the same token with every request, and passport's per-request strategy copy
   * and request decorations cost more than the whole remembered check (bench/README.md).
   * @throws 401 UNAUTHENTICATED when the remembered token has expired, or as {@link actorFor}
   */
  async rememberedActor(req: HttpRequest): Promise<Actor | null> {
    const token = bearerToken(req);
    const claims = token ? await this.verifiedTokens.get(token, NOT_REMEMBERED) : null;
    if (!claims) return null;
    checkUnexpired(claims);
    return this.actorFor(claims);
  }

  /**
   * {@link rememberedActor} answered from memory alone, without a promise: the actor when the token
   * and its account are both cached, undefined when anything must be loaded (then the guard awaits
   * {@link rememberedActor}). A client's requests after its first with a token take this path.
   * @throws 401 UNAUTHENTICATED as {@link rememberedActor} does
   */
  cachedActor(req: HttpRequest): Actor | undefined {
    const token = bearerToken(req);
    const claims = token ? this.verifiedTokens.peek(token) : undefined;
    if (!claims) return undefined;
    const version = claims.ver ?? 0;
    const account = this.credentials.cachedAccount(claims.sub, version);
    if (!account) return undefined;
    checkUnexpired(claims);
    return actorOfAccount(account, version);
  }

  /** Passport's entry point (`this` is passport's per-request copy of the strategy). */
  override authenticate(req: HttpRequest, options?: unknown): void {
    if (!bearerToken(req)) {
      this.fail(new AppException(401, 'UNAUTHENTICATED', 'Send a bearer access token or an X-API-Key header'), 401);
      return;
    }
    this.rememberedActor(req).then(
      (actor) => (actor ? this.success(actor) : super.authenticate(req as Parameters<Strategy['authenticate']>[0], options)),
      // An expired remembered token or an inactive account: the guard throws the same 401 either way.
      (error: Error) => this.error(error),
    );
  }

  /** Called by passport-jwt with a token whose signature and expiry it checked; remembers the token. */
  async validate(req: HttpRequest, claims: AccessTokenClaims): Promise<Actor> {
    await this.verifiedTokens.get(bearerToken(req) as string, () => Promise.resolve(claims));
    return this.actorFor(claims);
  }

  /**
   * The actor of verified claims: the account's role and status come from the database through
   * {@link CredentialCache} (≤ `AUTH_CACHE_TTL_MS` old), never from the claims.
   * @throws 401 UNAUTHENTICATED when the account is gone or inactive, or the token's `ver` is not the account's
   */
  private async actorFor(claims: AccessTokenClaims): Promise<Actor> {
    const version = claims.ver ?? 0;
    return actorOfAccount(await this.credentials.account(claims.sub, version), version);
  }
}

/** @throws 401 UNAUTHENTICATED when a remembered token's `exp` (seconds, RFC 7519 §4.1.4) has passed */
function checkUnexpired(claims: AccessTokenClaims): void {
  if (claims.exp !== undefined && claims.exp * 1000 <= Date.now()) throw invalidToken();
}

/**
 * The actor of a token of credentials version `version` whose account is `account`.
 * @throws 401 UNAUTHENTICATED when the account is gone or inactive, or `version` is not the account's
 */
function actorOfAccount(account: AccountStatus | null, version: number): Actor {
  if (!account?.isActive) throw new AppException(401, 'UNAUTHENTICATED', 'The account is inactive or gone');
  if (account.tokenVersion !== version) {
    throw new AppException(401, 'UNAUTHENTICATED', 'The access token was issued before the account’s password changed or its sessions were ended; sign in again');
  }
  return { userId: account.id, role: account.role, apiKeyId: null };
}

/** 401 for a token passport-jwt refused (bad signature, malformed, expired). */
export function invalidToken(): AppException {
  return new AppException(401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
}
