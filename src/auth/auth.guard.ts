import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { ExpiringCache } from '../common/expiring-cache.js';
import { AppException } from '../common/problem.js';
import type { AppConfig } from '../config/config.js';
import { InjectConfig } from '../config/config.module.js';
import { CredentialCache } from '../users/credential-cache.js';
import type { Role } from '../users/entities/user.entity.js';
import type { Actor } from './actor.js';
import { AUTH_METADATA, type AuthOptions } from './authenticated.decorator.js';
import { sha256Hex } from './tokens.js';

/** Claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
  /** Expiry, seconds since the epoch (RFC 7519 §4.1.4). */
  exp?: number;
}

/**
 * The global guard (DESIGN §1): denies every route that does not declare its callers with
 * `@Authenticated()`, authenticates a bearer access token or an `X-API-Key`, and checks the role.
 * 401 `UNAUTHENTICATED` without valid credentials; 403 `FORBIDDEN_ROLE` for a role the route does not allow.
 * The account or key is checked on every request, through {@link CredentialCache} (≤ `AUTH_CACHE_TTL_MS`).
 * A token whose signature checked out is remembered for as long (a client sends the same token
 * with every request; the HMAC and JSON decoding were ~2 % of a list request's CPU, issue #6), and
 * its `exp` is still checked on every request.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifiedTokens: ExpiringCache<string, AccessTokenClaims>;

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly credentials: CredentialCache,
    @InjectConfig() config: AppConfig,
  ) {
    // Real time, as jsonwebtoken's own expiry check uses.
    this.verifiedTokens = new ExpiringCache(config.authCacheTtlMs);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const options = this.reflector.getAllAndOverride<AuthOptions | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (!options) throw new AppException(403, 'ROUTE_NOT_DECLARED', 'This route declares no allowed callers');
    if (options.public) return true;

    const request = context.switchToHttp().getRequest<Request & { actor?: Actor }>();
    const actor = await this.authenticate(request);
    if (options.roles && !options.roles.includes(actor.role)) {
      throw new AppException(403, 'FORBIDDEN_ROLE', `Role ${actor.role} may not call this route`);
    }
    request.actor = actor;
    return true;
  }

  private async authenticate(request: Request): Promise<Actor> {
    const apiKey = request.header('x-api-key');
    if (apiKey) return this.authenticateApiKey(apiKey);
    const authorization = request.header('authorization');
    const match = authorization?.match(/^Bearer\s+(\S+)$/i);
    if (!match) throw new AppException(401, 'UNAUTHENTICATED', 'Send a bearer access token or an X-API-Key header');
    const token = match[1];
    const claims = await this.verifiedTokens.get(token, () => this.jwt.verifyAsync<AccessTokenClaims>(token)).catch(() => null);
    if (!claims || (claims.exp !== undefined && claims.exp * 1000 <= Date.now())) {
      throw new AppException(401, 'UNAUTHENTICATED', 'The access token is invalid or expired');
    }
    const user = await this.credentials.account(claims.sub);
    if (!user?.isActive) throw new AppException(401, 'UNAUTHENTICATED', 'The account is inactive or gone');
    return { userId: user.id, role: user.role, apiKeyId: null };
  }

  private async authenticateApiKey(key: string): Promise<Actor> {
    const found = await this.credentials.apiKey(sha256Hex(key));
    if (!found || !found.oemIsActive || found.oemRole !== 'oem') {
      throw new AppException(401, 'UNAUTHENTICATED', 'The API key is invalid or revoked');
    }
    await this.credentials.recordUse(found);
    return { userId: found.oemId, role: 'oem', apiKeyId: found.id };
  }
}
