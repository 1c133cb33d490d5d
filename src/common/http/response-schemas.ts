import type { OpenAPIObject } from '@nestjs/swagger';

/** A JSON Schema object as the OpenAPI document holds it (3.0 dialect: `nullable`, `$ref` into components). */
type Schema = Record<string, unknown>;

/** The JSON response schemas of one operation, by status code (`"200"`, `"201"`). */
export type ResponseSchemas = Record<string, Schema>;

/**
 * The JSON response schemas of every operation of `document`, keyed `"<METHOD> <path>"` with the
 * path in the router's form (`/api/v1/leads/:id`), each self-contained (components inlined) for a
 * compiled serializer (Fastify's fast-json-stringify): the spec the decorators produce is the one
 * source of truth for what a response holds (issue #13). Only 2xx answers with an
 * `application/json` schema; downloads and problem answers are written otherwise.
 */
export function responseSchemasOf(document: OpenAPIObject): Map<string, ResponseSchemas> {
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const byRoute = new Map<string, ResponseSchemas>();
  for (const [path, item] of Object.entries(document.paths)) {
    const routePath = path.replace(/\{([^}]+)\}/g, ':$1');
    for (const [method, operation] of Object.entries(item as Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>)) {
      const schemas: ResponseSchemas = {};
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        const schema = response.content?.['application/json']?.schema;
        if (/^2\d\d$/.test(status) && schema) schemas[status] = serializable(schema, components, new Set());
      }
      if (Object.keys(schemas).length) byRoute.set(`${method.toUpperCase()} ${routePath}`, schemas);
    }
  }
  return byRoute;
}

/**
 * `schema` with every `$ref` replaced by the component it names, and what a serializer needs that
 * a spec leaves implicit: an object schema without `properties` (a free-form map, e.g. an event's
 * `data`) keeps every member (`additionalProperties: true`), where fast-json-stringify would
 * otherwise write `{}`.
 * @throws Error for a `$ref` that does not name a component, or a component that contains itself
 */
function serializable(schema: Schema, components: Record<string, Schema>, resolving: Set<string>): Schema {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = components[name];
    if (!target) throw new Error(`The spec's ${schema.$ref} names no component`);
    if (resolving.has(name)) throw new Error(`The component ${name} contains itself; a serializer cannot inline it`);
    resolving.add(name);
    const { $ref: _ref, ...siblings } = schema;
    const resolved = { ...serializable(target, components, resolving), ...siblings };
    resolving.delete(name);
    return resolved;
  }
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && value && typeof value === 'object') {
      out.properties = Object.fromEntries(Object.entries(value as Record<string, Schema>).map(([name, sub]) => [name, serializable(sub, components, resolving)]));
    } else if ((key === 'items' || key === 'additionalProperties') && value && typeof value === 'object') {
      out[key] = serializable(value as Schema, components, resolving);
    } else if ((key === 'allOf' || key === 'oneOf' || key === 'anyOf') && Array.isArray(value)) {
      out[key] = (value as Schema[]).map((sub) => serializable(sub, components, resolving));
    } else {
      out[key] = value;
    }
  }
  if (out.type === 'object' && out.properties === undefined && out.additionalProperties === undefined) out.additionalProperties = true;
  return out;
}
