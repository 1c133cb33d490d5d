import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module.js';
import { bodyProgressGuard, HardenedExpressAdapter } from './common/http-server.js';
import { jsonBodyVerifier } from './common/json-limits.js';
import { createHttpLogger, createLogger, PinoNestLogger } from './common/logger.js';
import { ProblemDetailsFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import { WellFormedTextPipe } from './common/well-formed-text.pipe.js';
import type { AppConfig } from './config/config.js';
import { buildOpenApiDocument } from './openapi.js';

/** Base path of every API route (DESIGN §6). */
export const API_PREFIX = 'api/v1';

/** What a caller may change about the application besides its configuration. */
export interface CreateAppOptions {
  /** Where log lines go (stdout by default); tests read them back. */
  logDestination?: DestinationStream;
}

/**
 * Creates the configured HTTP application (not yet listening): JSON logs with request ids,
 * helmet, CORS from config, bounded JSON bodies (size, nesting depth, progress), the global text
 * and validation pipes and problem+json filter, Swagger UI at `/docs` and the spec at
 * `/openapi.json`. Used by `main.ts`, the e2e tests and the spec export.
 */
export async function createApp(config: AppConfig, options: CreateAppOptions = {}): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel, options.logDestination);
  const timeoutMs = config.requestTimeoutSeconds * 1000;
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), new HardenedExpressAdapter(timeoutMs), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  // No weak ETag hashed from every JSON body (~1 % of a list request's CPU, bench/README.md): the
  // routes whose ETag means something set it themselves (a version, a file's SHA-256), and Express
  // still answers a matching If-None-Match on those with 304.
  app.set('etag', false);
  app.use(createHttpLogger(logger));
  app.use(bodyProgressGuard(timeoutMs));
  // helmet's default CSP with `upgrade-insecure-requests` makes browsers fetch Swagger UI's assets
  // (and the console's) over https even when the page came over plain HTTP: a blank page on any
  // host but localhost. Nothing here is served over both, so the directive only breaks things.
  app.use(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } }));
  // Nest's option type leaves out body-parser's `verify` (it uses it for rawBody) but passes it on.
  const jsonOptions = { limit: config.jsonBodyLimitBytes, verify: jsonBodyVerifier(config.jsonMaxDepth) };
  app.useBodyParser('json', jsonOptions as { limit: number });
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id', 'Content-Disposition', 'Retry-After', 'Allow'] });
  }
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(new WellFormedTextPipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  mountDocs(app);
  return app;
}

function mountDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', useGlobalPrefix: false });
}
