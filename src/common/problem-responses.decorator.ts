import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath, type HeadersObject } from '@nestjs/swagger';
import { ProblemDetailsDto } from './problem.dto.js';

/** Error statuses the API documents; every one is answered as problem+json by ProblemDetailsFilter. */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 410 | 412 | 413 | 415 | 416 | 422 | 428 | 429 | 503;

const DEFAULT_DESCRIPTIONS: Record<ProblemStatus, string> = {
  400: 'Invalid input; `errors` names each field',
  401: 'Missing or invalid credentials',
  403: 'The caller’s role may not use this route',
  404: 'Not found, or not visible to the caller',
  409: 'Conflicts with the current state of the resource',
  410: 'Gone for good (e.g. a file the retention policy deleted)',
  412: 'If-Match is stale',
  413: 'The upload is too large',
  415: 'The file type is not allowed here',
  416: 'The requested range is outside the file',
  422: 'Well-formed but unusable content (e.g. an image that does not decode); `errors` or `file` names it',
  428: 'If-Match is required',
  429: 'Too many requests; try again later',
  503: 'Temporarily unavailable',
};

/**
 * Documents one error response as `application/problem+json` with the {@link ProblemDetailsDto}
 * schema (DESIGN §6), with the response `headers` it carries, if any (e.g. `Retry-After` on 429).
 * Usable on a handler or a controller.
 * Not named `Api…Response`: the swagger plugin takes such names for a success response and would
 * then drop the response type it infers from the handler.
 */
export function ApiProblem(status: ProblemStatus, description: string = DEFAULT_DESCRIPTIONS[status], headers?: HeadersObject): MethodDecorator & ClassDecorator {
  return applyDecorators(
    // The $ref below only resolves if the schema is registered somewhere.
    ApiExtraModels(ProblemDetailsDto),
    ApiResponse({
      status,
      description,
      content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      ...(headers ? { headers } : {}),
    }),
  );
}

/**
 * Documents several problem+json error responses with their default descriptions, e.g.
 * `@ApiProblemResponses(400, 404, 409)`; use {@link ApiProblem} for a specific wording.
 */
export function ApiProblemResponses(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...statuses.map((status) => ApiProblem(status)));
}
