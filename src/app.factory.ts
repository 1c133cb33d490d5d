import 'reflect-metadata';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { AppModule } from './app.module.js';
import { createHttpLogger, createLogger, PinoNestLogger } from './common/logger.js';
import { ProblemDetailsFilter } from './common/problem.filter.js';
import { createValidationPipe } from './common/validation.js';
import type { AppConfig } from './config/config.js';
import { buildOpenApiDocument } from './openapi.js';

/** Base path of every API route (DESIGN §6). */
export const API_PREFIX = 'api/v1';

/**
 * Creates the configured HTTP application (not yet listening): JSON logs with request ids,
 * helmet, CORS from config, the global validation pipe and problem+json filter, Swagger UI at
 * `/docs` and the spec at `/openapi.json`. Used by `main.ts`, the e2e tests and the spec export.
 */
export async function createApp(config: AppConfig): Promise<NestExpressApplication> {
  const logger = createLogger(config.logLevel);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    logger: new PinoNestLogger(logger),
    bodyParser: false,
  });
  app.set('trust proxy', config.trustProxy);
  // No weak ETag hashed from every JSON body (~1 % of a list request's CPU, bench/README.md): the
  // routes whose ETag means something set it themselves (a version, a file's SHA-256), and Express
  // still answers a matching If-None-Match on those with 304.
  app.set('etag', false);
  app.use(createHttpLogger(logger));
  app.use(helmet());
  app.useBodyParser('json', { limit: '1mb' });
  if (config.corsOrigins.length) {
    app.enableCors({ origin: config.corsOrigins.includes('*') ? true : config.corsOrigins, exposedHeaders: ['ETag', 'X-Request-Id', 'Content-Disposition'] });
  }
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  mountDocs(app);
  return app;
}

function mountDocs(app: INestApplication): void {
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', useGlobalPrefix: false });
}
