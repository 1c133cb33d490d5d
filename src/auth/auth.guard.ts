import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import passport from 'passport';
import { AppException } from '../common/problem.js';
import type { Actor } from '../common/auth/actor.js';
import { AUTH_METADATA, type AuthOptions } from '../common/auth/authenticated.decorator.js';
import { type HttpReply, type HttpRequest, httpReplyOf, httpRequestOf, rawRequestOf } from '../common/http/http-exchange.js';
import { API_KEY_STRATEGY, ApiKeyStrategy } from './strategies/api-key.strategy.js';
import { invalidToken, JWT_STRATEGY, JwtStrategy } from './strategies/jwt.strategy.js';

/** Stateless API: nothing goes in a session. */
const NO_SESSION = { session: false } as const;

/**
 * The global guard (DESIGN §1): denies every route that does not declare its callers with
 * `@Authenticated()`, authenticates the caller through passport — {@link ApiKeyStrategy} when an
 * `X-API-Key` header is sent, else {@link JwtStrategy} — and checks the role.
 * 401 `UNAUTHENTICATED` without valid credentials; 403 `FORBIDDEN_ROLE` for a role the route does not allow.
 *
 * One thin guard instead of `AuthGuard('jwt')` per route: the route's metadata picks nothing but
 * the roles, and this guard calls `passport.authenticate` directly, without the mixin's option
 * merging. It uses its own passport instance holding this application's strategies, so two
 * applications in one process (tests, the CLI) never authenticate through each other's.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly passport = new passport.Passport();

  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtStrategy,
    private readonly apiKey: ApiKeyStrategy,
  ) {
    this.passport.use(JWT_STRATEGY, jwt);
    this.passport.use(API_KEY_STRATEGY, apiKey);
  }

  /**
   * True when the caller may call the route; synchronously when its bearer token and account, or
   * its API key, are in memory (JwtStrategy.cachedActor, ApiKeyStrategy.cachedActor). Nest then
   * awaits nothing for the guard, and each promise saved is one that Node 20's AsyncLocalStorage
   * hooks do not run for (issue #13, bench/README.md).
   * @throws 403 ROUTE_NOT_DECLARED, 401 UNAUTHENTICATED, 403 FORBIDDEN_ROLE (see the class)
   */
  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const options = this.reflector.getAllAndOverride<AuthOptions | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]);
    if (!options) throw new AppException(403, 'ROUTE_NOT_DECLARED', 'This route declares no allowed callers');
    if (options.public) return true;

    const request = httpRequestOf<{ actor?: Actor }>(context);
    const usesKey = Boolean(request.headers['x-api-key']);
    const cached = usesKey ? this.apiKey.cachedActor(request) : this.jwt.cachedActor(request);
    return cached ? admit(options, request, cached) : this.authenticated(options, request, usesKey, context);
  }

  /** The guard's answer once the caller is authenticated, loading what the cache lacks. */
  private async authenticated(options: AuthOptions, request: HttpRequest & { actor?: Actor }, usesKey: boolean, context: ExecutionContext): Promise<boolean> {
    // A bearer token verified moments ago skips passport's machinery (JwtStrategy.rememberedActor).
    const actor = (!usesKey && (await this.jwt.rememberedActor(request))) || (await this.authenticate(usesKey ? API_KEY_STRATEGY : JWT_STRATEGY, request, httpReplyOf(context)));
    return admit(options, request, actor);
  }

  /**
   * Runs one strategy. A strategy's error (an AppException from its `validate`) is thrown as it
   * is; a failure throws its challenge when that is a problem, else 401 for an invalid token.
   */
  private authenticate(strategy: string, request: HttpRequest, response: HttpReply): Promise<Actor> {
    return new Promise<Actor>((resolve, reject) => {
      const authenticate = this.passport.authenticate(strategy, NO_SESSION, (error: unknown, actor: Actor | false | null, challenge: unknown) => {
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else if (actor) resolve(actor);
        else reject(challenge instanceof AppException ? challenge : invalidToken());
      }) as (req: HttpRequest, res: HttpReply, next: (error?: unknown) => void) => void;
      // `next` is only called by passport for an unknown strategy (an error) or a strategy's pass().
      authenticate(request, response, (error?: unknown) => reject(error instanceof Error ? error : invalidToken()));
    });
  }
}

/**
 * Checks the actor's role against the route's and leaves the actor on the request (and on the Node
 * request, which the log context reads: common/logger.ts).
 * @throws 403 FORBIDDEN_ROLE for a role the route does not allow
 */
function admit(options: AuthOptions, request: HttpRequest & { actor?: Actor }, actor: Actor): true {
  if (options.roles && !options.roles.includes(actor.role)) {
    throw new AppException(403, 'FORBIDDEN_ROLE', `Role ${actor.role} may not call this route`);
  }
  request.actor = actor;
  (rawRequestOf(request) as { actor?: Actor }).actor = actor;
  return true;
}
