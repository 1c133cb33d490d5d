import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

/** Builds the OpenAPI 3 document from the controllers' decorators and the swagger CLI plugin's metadata. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('ChargeOps API')
    .setDescription(
      'Operations backend for home EV-charger installations: OEMs push leads, Central Ops works them. ' +
        'Errors are RFC 9457 problem+json with a stable `code`. Lists use keyset pagination (`limit`, `cursor`).',
    )
    .setVersion('1.0.0')
    .setContact('ChargeOps', 'https://chargeops.dev', 'api@chargeops.dev')
    .setLicense('Proprietary', 'https://chargeops.dev/terms')
    .addServer('/', 'This server')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Access token from POST /api/v1/auth/login' }, 'bearer')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'OEM API key' }, 'apiKey')
    .build();
  return SwaggerModule.createDocument(app, config, {
    operationIdFactory: (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
}
