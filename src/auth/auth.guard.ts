import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { AppException } from '../common/problem.js';
import { CredentialCache } from '../users/credential-cache.js';
import type { Role } from '../users/entities/user.entity.js';
import type { Actor } from './actor.js';
import { AUTH_METADATA, type AuthOptions } from './authenticated.decorator.js';
import { sha256Hex } from './tokens.js';

/** Claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
}

/**
 * The global guard (DESIGN §1): denies every route that does not declare its callers with
 * `@Authenticated()`, authenticates a bearer access token or an `X-API-Key`, and checks the role.
 * 401 `UNAUTHENTICATED` without valid credentials; 403 `FORBIDDEN_ROLE` for a role the route does not allow.
 * The account or key is checked on every request, through {@link CredentialCache} (≤ `AUTH_CACHE_TTL_MS`).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly credentials: CredentialCache,
  ) {}

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
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(match[1]);
    } catch {
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
