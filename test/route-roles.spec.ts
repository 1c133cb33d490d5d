import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PREFIX, NON_API_PATHS } from '../src/app.factory.js';
import { AUTH_METADATA, type AuthOptions } from '../src/common/auth/authenticated.decorator.js';
import { ROLES, type Role } from '../src/common/auth/roles.js';
import type { HardenedFastifyAdapter } from '../src/common/http-server.js';
import { expectProblem } from './support/factory.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/**
 * The role × route matrix (DESIGN §1). Every route of the app is read from Nest's metadata with
 * the callers it declares, compared with the committed snapshot (a diff there is a permission
 * change, reviewed as one), and then called as every kind of caller.
 *
 * After an intended change: `UPDATE_ROUTE_SNAPSHOT=1 npx vitest run test/route-roles.spec.ts`.
 */

/** `public`, `any authenticated`, a comma-separated role list, or `undeclared` (denied by the guard). */
type Access = string;

interface RouteEntry {
  method: string;
  path: string;
  access: Access;
}

const SNAPSHOT_FILE = fileURLToPath(new URL('./route-roles.snapshot.json', import.meta.url));
const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

function describeAccess(options: AuthOptions | undefined): Access {
  if (!options) return 'undeclared';
  if (options.public) return 'public';
  if (!options.roles) return 'any authenticated';
  return ROLES.filter((role) => options.roles?.includes(role)).join(',');
}

function joinPath(...parts: string[]): string {
  const path = `/${parts.join('/')}`.replace(/\/+/g, '/');
  return path.length > 1 ? path.replace(/\/$/, '') : path;
}

const asArray = (value: string | string[] | undefined): string[] => (value === undefined ? ['/'] : Array.isArray(value) ? value : [value]);

/** Every controller route from Nest's metadata, with the callers its `@Authenticated()` declares. */
function routesFromMetadata(t: TestApp): RouteEntry[] {
  const discovery = new DiscoveryService(t.app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const controllers = new Set(discovery.getControllers().map((wrapper) => wrapper.metatype as (new (...args: never[]) => unknown) | null));
  const routes: RouteEntry[] = [];
  for (const controller of controllers) {
    if (!controller) continue;
    const prefixes = asArray(Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined);
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name] as (...args: unknown[]) => unknown;
      const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (method === undefined) continue;
      const access = describeAccess(reflector.getAllAndOverride<AuthOptions | undefined>(AUTH_METADATA, [handler, controller]));
      for (const prefix of prefixes) {
        for (const path of asArray(Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined)) {
          routes.push({ method: RequestMethod[method], path: NON_API_PATHS.includes(prefix) ? joinPath(prefix, path) : joinPath(API_PREFIX, prefix, path), access });
        }
      }
    }
  }
  return routes.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** The API routes (and the non-API controller routes) the HTTP server actually serves (a cross-check that the metadata walk missed none). */
function routesFromServer(t: TestApp): string[] {
  return (t.app.getHttpAdapter() as HardenedFastifyAdapter)
    .registeredRoutes()
    .filter((route) => !route.startsWith('HEAD ') && [API_PREFIX, ...NON_API_PATHS].some((root) => `${route.split(' ')[1]}/`.startsWith(`/${root}/`)))
    .sort();
}

function formatSnapshot(routes: RouteEntry[]): string {
  return `[\n${routes.map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n]\n`;
}

/** Who calls: each role with a bearer token, the OEM also with its API key, and nobody. */
type CallerName = Role | 'oem (API key)' | 'anonymous';
const CALLERS: CallerName[] = ['admin', 'central_ops', 'oem', 'oem (API key)', 'field_technician', 'anonymous'];

function roleOf(caller: CallerName): Role | null {
  if (caller === 'anonymous') return null;
  return caller === 'oem (API key)' ? 'oem' : caller;
}

function allows(access: Access, caller: CallerName): boolean {
  if (access === 'public') return true;
  const role = roleOf(caller);
  if (!role) return false;
  return access === 'any authenticated' || access.split(',').includes(role);
}

// The routes are read at collection time so that each one is its own test.
const t = await startTestApp();
const ROUTES = routesFromMetadata(t);

describe('role × route matrix', () => {
  const headers = new Map<CallerName, Record<string, string>>();

  beforeAll(async () => {
    headers.set('anonymous', {});
    for (const role of ROLES) headers.set(role, { Authorization: (await t.factory.user(role)).auth });
    headers.set('oem (API key)', { 'X-API-Key': await t.factory.apiKey(await t.factory.user('oem')) });
  });
  afterAll(() => t.close());

  it('finds every route Express serves, each declaring its callers', () => {
    expect(ROUTES.length).toBeGreaterThan(0);
    expect(ROUTES.map((r) => `${r.method} ${r.path}`).sort()).toEqual(routesFromServer(t));
    expect(ROUTES.filter((r) => r.access === 'undeclared')).toEqual([]);
    expect(new Set(ROUTES.map((r) => `${r.method} ${r.path}`)).size).toBe(ROUTES.length);
  });

  it('matches the committed snapshot (a diff is a permission change: review it, then UPDATE_ROUTE_SNAPSHOT=1)', () => {
    const current = formatSnapshot(ROUTES);
    if (process.env.UPDATE_ROUTE_SNAPSHOT === '1') writeFileSync(SNAPSHOT_FILE, current);
    expect(existsSync(SNAPSHOT_FILE), `${SNAPSHOT_FILE} is missing; create it with UPDATE_ROUTE_SNAPSHOT=1`).toBe(true);
    const committed = JSON.parse(readFileSync(SNAPSHOT_FILE, 'utf8')) as RouteEntry[];
    expect(ROUTES).toEqual(committed);
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path} (${r.access})`, r] as const))('%s answers every caller as declared', async (_, route) => {
    const url = route.path.replace(/:\w+/g, DUMMY_ID);
    for (const caller of CALLERS) {
      const agent = request(t.server);
      const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
      let call = agent[method](url).set(headers.get(caller) ?? {});
      if (['POST', 'PUT', 'PATCH'].includes(route.method)) call = call.send({});
      const res = await call;
      const what = `${route.method} ${url} as ${caller} → ${res.status} ${JSON.stringify(res.body)}`;
      expect(res.body?.code, what).not.toBe('ROUTE_NOT_DECLARED');
      expect(res.status, `${what}: dummy input must not crash the server`).toBeLessThan(500);
      if (allows(route.access, caller)) {
        expect([401, 403], what).not.toContain(res.status);
      } else if (caller === 'anonymous') {
        expectProblem(res, 401, 'UNAUTHENTICATED');
      } else {
        expectProblem(res, 403, 'FORBIDDEN_ROLE');
      }
    }
  });
});
