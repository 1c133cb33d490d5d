import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';

/** The Fastify route-config flag {@link VersionEtag} sets. */
const VERSION_ETAG = 'versionEtag';

/**
 * Method decorator: the route answers a single resource that carries an optimistic-lock `version`
 * with `ETag: W/"<version>"` (DESIGN §6), so clients can send it back as `If-Match`.
 *
 * A route-config flag, not a Nest interceptor: {@link withVersionEtag} gives only the flagged routes
 * a Fastify `preSerialization` hook. A route with no interceptor skips Nest's RxJS pipeline, which a
 * profile of `GET /leads/{id}` showed as a measurable share of its CPU (issue #13, bench/README.md).
 *
 * Such an ETag validates the resource's own columns, not the answer: a lead shows its survey's and
 * installation's status and its SLA, a survey or installation its lead's phone and address, none of
 * which move the version. So an `If-None-Match` naming it is never answered 304
 * ({@link answersFromVersion}); a 304 there kept a technician's phone showing the old address.
 */
export function VersionEtag(): MethodDecorator {
  return RouteConfig({ [VERSION_ETAG]: true }) as MethodDecorator;
}

/** True when the request's route sends a version ETag ({@link VersionEtag}): one that validates no answer for `If-None-Match`. */
export function answersFromVersion(request: FastifyRequest): boolean {
  return (request.routeOptions.config as unknown as Record<string, unknown> | undefined)?.[VERSION_ETAG] === true;
}

/**
 * For Fastify's `onRoute` hook: adds {@link setVersionEtag} to the route's `preSerialization` hooks
 * when it was declared with {@link VersionEtag}; other routes are left as they are.
 */
export function withVersionEtag(route: RouteOptions): void {
  if ((route.config as Record<string, unknown> | undefined)?.[VERSION_ETAG] !== true) return;
  const hooks = route.preSerialization ? [route.preSerialization].flat() : [];
  route.preSerialization = [...hooks, setVersionEtag] as RouteOptions['preSerialization'];
}

/**
 * `preSerialization` hook: a 2xx body with a numeric `version` gets its weak ETag. Problem bodies
 * (4xx/5xx) never do, whatever they hold.
 */
function setVersionEtag(_request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  const version = (payload as { version?: unknown } | null)?.version;
  if (reply.statusCode < 300 && typeof version === 'number') void reply.header('ETag', `W/"${version}"`);
  done(null, payload);
}
