import { applyDecorators } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import { ApiHeader, ApiResponse } from '@nestjs/swagger';
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
 * On a GET pass `{ conditionalGet: true }`: it documents `If-None-Match` and the 304 that follows.
 */
export function VersionEtag(options: VersionEtagOptions = {}): MethodDecorator {
  const flag = RouteConfig({ [VERSION_ETAG]: true }) as MethodDecorator;
  if (!options.conditionalGet) return flag;
  return applyDecorators(
    flag,
    // Lower-case, as ApiDownloadRequestHeaders names it: the header parameters of the spec are all lower-case.
    ApiHeader({ name: 'if-none-match', required: false, description: 'The ETag of the last read (`W/"<version>"`); 304 with no body while it is current' }),
    ApiResponse({
      status: 304,
      description: 'If-None-Match names the current version: not modified, no body',
      headers: { ETag: { description: 'The current version, `W/"<version>"`', schema: { type: 'string' } } },
    }),
  );
}

/** What {@link VersionEtag} documents besides the `ETag` itself. */
export interface VersionEtagOptions {
  /**
   * The route is a GET: the HTTP server answers 304 without a body when the request's
   * `If-None-Match` names the ETag (`notModified` in common/http-server.ts, for every GET and HEAD
   * that sets one), so the spec lists the `If-None-Match` header and the 304. Not for writes, which
   * the server never answers 304.
   */
  conditionalGet?: boolean;
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
