import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiSecurity, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { ProblemDetailsDto } from '../common/problem.dto.js';
import type { Role } from '../users/entities/user.entity.js';

export const AUTH_METADATA = 'chargeops:auth';

/** What a route declares about its callers; read by the global {@link AuthGuard}. */
export interface AuthOptions {
  /** Roles allowed; omitted means any authenticated caller. */
  roles?: Role[];
  /** Open to anyone (login, health). */
  public?: boolean;
}

/**
 * Declares a route's callers and documents the matching OpenAPI security in one place
 * (STYLE.md, after immich's `@Authenticated`). Routes without it are denied by the global guard.
 * API keys are documented only where the `oem` role is allowed.
 */
export function Authenticated(options: AuthOptions = {}): MethodDecorator & ClassDecorator {
  const decorators: (MethodDecorator & ClassDecorator)[] = [SetMetadata(AUTH_METADATA, options)];
  if (!options.public) {
    decorators.push(ApiBearerAuth('bearer'), ApiUnauthorizedResponse({ description: 'Missing or invalid credentials', type: ProblemDetailsDto }));
    if (!options.roles || options.roles.includes('oem')) decorators.push(ApiSecurity('apiKey'));
    if (options.roles) decorators.push(ApiForbiddenResponse({ description: `Allowed roles: ${options.roles.join(', ')}`, type: ProblemDetailsDto }));
  }
  return applyDecorators(...decorators);
}
