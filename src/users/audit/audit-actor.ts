import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor } from '../../common/auth/actor.js';

/** The {@link Actor} of a request that changes something audited, with the request's id for the log. */
export interface AuditActor extends Actor {
  /** The request's `X-Request-Id` (see common/logger.ts); absent or null outside a request. */
  requestId?: string | null;
}

/**
 * Injects the authenticated {@link Actor} with the request id, for services that record an
 * audit event. Only valid on routes guarded by `@Authenticated()`.
 */
export const CurrentAuditActor = createParamDecorator((_: unknown, ctx: ExecutionContext): AuditActor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor; id?: unknown }>();
  if (!req.actor) throw new Error('CurrentAuditActor used on a route without @Authenticated()');
  return { ...req.actor, requestId: typeof req.id === 'string' ? req.id : null };
});
