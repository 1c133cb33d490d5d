import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, type OpenAPIObject, type OperationObject, type ParameterObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { PROBLEM_CODES } from './problem-catalogue.js';

/** Every tag a controller uses, in the order Swagger UI lists them. */
const TAGS: [name: string, description: string][] = [
  ['auth', 'Sign-in, token refresh and logout; the current account'],
  ['users', 'Accounts of every role and their OEM API keys (admin only)'],
  ['lead-sources', 'Where leads come from: OEM APIs, portals, manual entry'],
  ['leads', 'Customer leads: intake, filters, corrections, the status workflow and the timeline'],
  ['reports', 'Lead summary and funnel with stage times and SLAs'],
  ['lead-imports', 'Bulk lead imports from CSV files'],
  ['closing-reasons', 'Why leads are cancelled or put on hold (reference data)'],
  ['tags', 'Free-form labels on leads'],
  ['documents', 'Customer documents on leads: upload (type sniffed from the bytes), list, download with Range, delete'],
  ['teams', 'Field teams, their members and their slot calendar'],
  ['surveys', 'Site surveys: scheduling without double-booking, team assignments, the lifecycle and the report'],
  ['installations', 'Installations planned from approved surveys: the primary team booking, assignments and the lead move to installation_scheduled'],
  ['webhooks', 'Signed webhooks to OEMs (Standard Webhooks): subscriptions, secrets, deliveries and retries'],
  ['health', 'Liveness and readiness for load balancers and orchestrators'],
];

/**
 * Builds the OpenAPI 3 document from the controllers' decorators and the swagger CLI plugin's
 * metadata, in the canonical form of {@link normalizeDocument}: `/openapi.json` and the committed
 * `libs/api-client/openapi.json` are the same bytes apart from indentation.
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
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
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'OEM API key' }, 'apiKey');
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const document = SwaggerModule.createDocument(app, builder.build(), {
    operationIdFactory: (controllerKey: string, methodKey: string) => `${controllerKey.replace(/Controller$/, '')}_${methodKey}`,
  });
  withProblemCodes(document);
  withItemLengthsOnItems(document);
  return normalizeDocument(document);
}

/** The members of a path item that hold an operation. */
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * Moves `minLength`/`maxLength` of a repeatable query parameter (an array) to its items, where
 * `@Length(…, { each: true })` applies them (`?tag=…`: 1–40 characters each). @nestjs/swagger moves
 * only `format`, `minimum`, `maximum` and `pattern` there for a query parameter; on the array the
 * string lengths mean nothing to a validator (JSON Schema applies them to strings only).
 */
function withItemLengthsOnItems(document: OpenAPIObject): void {
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      for (const parameter of (item[method] as OperationObject | undefined)?.parameters ?? []) {
        const schema = (parameter as ParameterObject).schema as SchemaObject | undefined;
        const items = schema?.items as SchemaObject | undefined;
        if (!schema || schema.type !== 'array' || !items || '$ref' in items) continue;
        for (const key of ['minLength', 'maxLength'] as const) {
          if (schema[key] === undefined) continue;
          items[key] = schema[key];
          delete schema[key];
        }
      }
    }
  }
}

/**
 * Lists every problem code as the enum of `ProblemDetailsDto.code`. Set here rather than with
 * `@ApiProperty` on the DTO: the DTO lives in common/, which may not import the feature modules
 * whose errors files hold the codes (see src/problem-catalogue.ts).
 */
function withProblemCodes(document: OpenAPIObject): void {
  const schema = document.components?.schemas?.ProblemDetailsDto as SchemaObject | undefined;
  const code = schema?.properties?.code as SchemaObject | undefined;
  // Absent when the sources run without the swagger plugin's metadata (vitest's SWC transform).
  if (code) code.enum = [...PROBLEM_CODES];
}

/**
 * Puts a document in a canonical form so its diffs show API changes, not reordering: object keys
 * and `required` lists sorted, empty summaries dropped (the plugin writes handler comments to
 * `description`). Other arrays keep their order (enums, parameters, tags, security alternatives).
 */
export function normalizeDocument<T extends object>(document: T): T {
  const sorted = canonical(document) as Record<string, unknown>;
  // Top-level members in the order the specification lists them, for a reader opening the file.
  const head = Object.fromEntries(ROOT_ORDER.filter((key) => key in sorted).map((key) => [key, sorted[key]]));
  return { ...head, ...sorted } as T;
}

const ROOT_ORDER = ['openapi', 'info', 'servers', 'tags', 'security', 'paths', 'components'];

function canonical(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => canonical(item));
    return key === 'required' && items.every((item) => typeof item === 'string') ? items.sort() : items;
  }
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[name];
    if (child === undefined || (name === 'summary' && child === '')) continue;
    out[name] = canonical(child, name);
  }
  return out;
}
