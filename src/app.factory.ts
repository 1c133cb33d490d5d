import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { DestinationStream } from 'pino';
import { mountConsole } from './admin-console.js';
import { AppModule } from './app.module.js';
import { bodyProgressGuard, HardenedFastifyAdapter } from './common/http-server.js';
import { jsonBodyParser } from './common/json-limits.js';
import { createHttpLogger, createLogger, enterRequestContext, PinoNestLogger } from './common/logger.js';
import { AppException } from './common/problem.js';
import { ProblemDetailsFilter } from './common/problem.filter.js';
import { responseSchemasOf } from './common/http/response-schemas.js';
import { securityHeaders, setSecurityHeaders } from './common/http/security-headers.js';
import { createValidationPipe } from './common/validation.js';
import { WellFormedTextPipe } from './common/well-formed-text.pipe.js';
import type { AppConfig } from './config/config.js';
import { buildOpenApiDocument } from './openapi.js';

/** Base path of every API route (DESIGN §6). */
export const API_PREFIX = 'api/v1';

/** Controller paths served outside {@link API_PREFIX}: for operators' tools, not API clients (issue #18). */
export const NON_API_PATHS = ['metrics'];

/** What a caller may change about the application besides its configuration. */
export interface CreateAppOptions {
  /** Where log lines go (stdout by default); tests read them back. */
  logDestination?: DestinationStream;
}

/**
 * Creates the configured HTTP application (not yet listening) on Fastify (issue #13): JSON logs
 * with request ids, helmet, CORS from config, bounded JSON bodies (size, nesting depth, progress),
 * multipart and other bodies left unread for the handlers that stream them, the global text and
 * validation pipes and problem+json filter, Swagger UI at `/docs` and the spec at `/openapi.json`,
 * and the console at `/admin` once built (issue 17).
 * Used by `main.ts`, the e2e tests and the spec export. Call {@link readyApp} (or `listen`) before
 * handing `getHttpServer()` to a client.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestFastifyApplication> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  const adapter = new HardenedFastifyAdapter({ timeoutMs, bodyLimitBytes: config.jsonBodyLimitBytes, trustProxy: config.trustProxy });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  const httpLogger = createHttpLogger(logger);
  const progress = bodyProgressGuard(timeoutMs);
  // helmet's default CSP with `upgrade-insecure-requests` makes browsers fetch Swagger UI's assets
  // (and the console's) over https even when the page came over plain HTTP: a blank page on any
  // host but localhost. Nothing here is served over both, so the directive only breaks things.
  // blob: images and frames: the console previews a lead's photos and PDFs from bytes it fetched
  // with the access token (a plain <img src> could not send it); blob: URLs are same-origin only.
  const security = securityHeaders({
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:'], frameSrc: ["'self'", 'blob:'] } },
  });
  // Headers go on Fastify's reply, never on reply.raw (see setSecurityHeaders).
  fastify.addHook('onRequest', (request, reply, done) => {
    setSecurityHeaders(reply, security);
    httpLogger(request.raw, reply.raw, () => progress(request.raw, reply.raw, done, reply), reply);
  });
  // A body arrives on the socket's own async context: the request's log context is entered again
  // once it is parsed, right before guards, pipes and the handler run.
  fastify.addHook('preHandler', (request, _reply, done) => enterRequestContext(request.raw, done));
  const parseJson = jsonBodyParser(config.jsonMaxDepth, config.jsonBodyLimitBytes);
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: config.jsonBodyLimitBytes }, (request, body, done) => {
    try {
      done(null, parseJson(request.headers, body as Buffer));
    } catch (error) {
      done(error as Error);
    }
  });
  // Uploads stream the Node request through busboy themselves (UploadReceiver): a multipart body is
  // left unread for them. Any other type is refused: a form-encoded or text body (curl -d's default)
  // reached the handler as no body at all, and a PATCH answered 200 having changed nothing.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser('*', (request, _payload, done) => {
    const type = request.headers['content-type'];
    if (type !== undefined && /^multipart\/form-data\s*(;|$)/i.test(type)) return done(null);
    done(new AppException(415, 'UNSUPPORTED_MEDIA_TYPE', 'The body must be application/json (multipart/form-data for uploads)'));
  });
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id', 'Content-Disposition', 'Retry-After', 'Allow'] });
  }
  app.setGlobalPrefix(API_PREFIX, { exclude: NON_API_PATHS });
  app.useGlobalPipes(new WellFormedTextPipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  mountDocs(app);
  await mountConsole(app);
  // Every JSON answer is written by a serializer compiled from its schema in the committed spec
  // (Fastify's fast-json-stringify): no JSON.stringify walking each body, and nothing the spec does
  // not list. The committed spec, not the one built now: under the tests' compiler (SWC) the
  // swagger plugin does not run, and CI fails when the committed one drifts from the build's.
  const schemas = responseSchemasOf(committedSpec());
  fastify.addHook('onRoute', (route) => {
    const method = Array.isArray(route.method) ? route.method[0] : route.method;
    const response = schemas.get(`${String(method).toUpperCase()} ${route.url}`);
    if (response) route.schema = { ...route.schema, response };
  });
  return app;
}

/**
 * Initialises `app` and waits until Fastify has loaded its routes and plugins, so its
 * `getHttpServer()` can serve a client that does not go through `listen` (supertest).
 */
export async function readyApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return app;
}

function mountDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', useGlobalPrefix: false });
}

/** The spec committed with the typed client (`libs/api-client/openapi.json`, `npm run openapi:generate`). */
function committedSpec(): OpenAPIObject {
  const path = createRequire(import.meta.url).resolve('@chargeops/api-client/openapi.json');
  return JSON.parse(readFileSync(path, 'utf8')) as OpenAPIObject;
}
