import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { InjectRepository } from '@nestjs/typeorm';
import type { Request } from 'express';
import type { Repository } from 'typeorm';
import { AppException } from '../common/problem.js';
import { ApiKey } from '../users/entities/api-key.entity.js';
import { type Role, User } from '../users/entities/user.entity.js';
import type { Actor } from './actor.js';
import { AUTH_METADATA, type AuthOptions } from './authenticated.decorator.js';
import { sha256Hex } from './tokens.js';

/** Claims of an access token. */
export interface AccessTokenClaims {
  sub: string;
  role: Role;
}

/** lastUsedAt is refreshed at most this often per key, so ingestion bursts do not write per request. */
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * The global guard (DESIGN §1): denies every route that does not declare its callers with
 * `@Authenticated()`, authenticates a bearer access token or an `X-API-Key`, and checks the role.
 * 401 `UNAUTHENTICATED` without valid credentials; 403 `FORBIDDEN_ROLE` for a role the route does not allow.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(ApiKey) private readonly apiKeys: Repository<ApiKey>,
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
    const user = await this.users.findOne({ where: { id: claims.sub }, select: { id: true, role: true, isActive: true } });
    if (!user?.isActive) throw new AppException(401, 'UNAUTHENTICATED', 'The account is inactive or gone');
    return { userId: user.id, role: user.role, apiKeyId: null };
  }

  private async authenticateApiKey(key: string): Promise<Actor> {
    // One statement: findOne() with `relations` would add a SELECT DISTINCT pre-query for the id (bench/README.md).
    const found = await this.apiKeys
      .createQueryBuilder('key')
      .innerJoin('key.oem', 'oem')
      .addSelect(['oem.id', 'oem.role', 'oem.isActive'])
      .where('key.keyHash = :keyHash AND key.revokedAt IS NULL', { keyHash: sha256Hex(key) })
      .getOne();
    if (!found || !found.oem.isActive || found.oem.role !== 'oem') {
      throw new AppException(401, 'UNAUTHENTICATED', 'The API key is invalid or revoked');
    }
    const now = Date.now();
    if (!found.lastUsedAt || now - found.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      // Awaited, so the key list shows the use as soon as the request answers (and no write is left
      // running at shutdown); best effort: a failed bookkeeping write must not fail the request.
      await this.apiKeys.update({ id: found.id }, { lastUsedAt: new Date(now) }).catch(() => undefined);
    }
    return { userId: found.oemId, role: 'oem', apiKeyId: found.id };
  }
}
