import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiSecurity } from '@nestjs/swagger';
import { ApiProblem } from '../problem-responses.decorator.js';
import type { Role } from './roles.js';

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
 * API keys are documented only where the `oem` role is allowed; a public route declares
 * `security: []` (OpenAPI 3.0 §4.7.10: no credentials needed), so clients do not send any.
 */
export function Authenticated(options: AuthOptions = {}): MethodDecorator & ClassDecorator {
  const decorators: (MethodDecorator & ClassDecorator)[] = [SetMetadata(AUTH_METADATA, options)];
  if (options.public) {
    // Method decorator only: a public class is not a thing here.
    decorators.push(ApiOperation({ security: [] }) as MethodDecorator & ClassDecorator);
  } else {
    decorators.push(ApiBearerAuth('bearer'), ApiProblem(401, 'Missing or invalid credentials'));
    if (!options.roles || options.roles.includes('oem')) decorators.push(ApiSecurity('apiKey'));
    if (options.roles) decorators.push(ApiProblem(403, `Allowed roles: ${options.roles.join(', ')}`));
  }
  return applyDecorators(...decorators);
}
