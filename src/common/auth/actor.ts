import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Role } from './roles.js';

/** Who is calling: a signed-in user, or an OEM through one of its API keys (then `role` is `oem`). */
export interface Actor {
  userId: string;
  role: Role;
  /** Set when the call was authenticated with `X-API-Key`. */
  apiKeyId: string | null;
}

/** Injects the authenticated {@link Actor}; only valid on routes guarded by `@Authenticated()`. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<{ actor?: Actor }>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without @Authenticated()');
  return actor;
});
