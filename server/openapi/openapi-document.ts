import { z } from 'zod';
import {
  BuildingSchema,
  CitySchema,
  CrewSchema,
  GridSchema,
  NetworkLinkSchema,
  NetworkNodeSchema,
  NetworkSchema,
  PersonSchema,
  SensorSchema,
} from '../../core/model/index.js';
import type { Endpoint } from '../http/endpoint.js';
import { ERROR_CATALOGUE, type ErrorCode } from '../errors.js';

/** The JSON body of every error, as a schema (documented once, referenced by every error response). */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.enum(Object.keys(ERROR_CATALOGUE) as [ErrorCode, ...ErrorCode[]]).describe('Stable error code'),
    message: z.string().describe('What went wrong, for people'),
  }),
});

/** Model schemas published as named components (referenced wherever they appear). */
const MODEL_COMPONENTS: readonly [string, z.ZodType][] = [
  ['City', CitySchema],
  ['Building', BuildingSchema],
  ['Network', NetworkSchema],
  ['NetworkNode', NetworkNodeSchema],
  ['NetworkLink', NetworkLinkSchema],
  ['Sensor', SensorSchema],
  ['Grid', GridSchema],
  ['Crew', CrewSchema],
  ['Person', PersonSchema],
  ['Error', ErrorBodySchema],
];

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function withoutDialect(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

function parameters(endpoint: Endpoint): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [where, object] of [
    ['path', endpoint.params],
    ['query', endpoint.query],
  ] as const) {
    for (const [name, field] of Object.entries(object.shape) as [string, z.ZodType][]) {
      const schema = withoutDialect(
        z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>,
      );
      const { description, ...rest } = schema;
      out.push({
        name,
        in: where,
        required: where === 'path' || !field.isOptional(),
        ...(description === undefined ? {} : { description }),
        schema: rest,
      });
    }
  }
  return out;
}

function errorResponses(codes: readonly ErrorCode[]): Record<string, unknown> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of [...codes, 'GT_ERR_INTERNAL' as const]) {
    const status = ERROR_CATALOGUE[code].status;
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, unknown> = {};
  for (const [status, list] of [...byStatus].sort((a, b) => a[0] - b[0])) {
    out[String(status)] = {
      description: list.map((c) => `${c}: ${ERROR_CATALOGUE[c].description}`).join('; '),
      content: { 'application/json': { schema: ref('Error') } },
    };
  }
  return out;
}

/**
 * The OpenAPI 3.1 document of `endpoints`, generated from their zod schemas: request parameters from the query and
 * path schemas (as accepted), responses from the response schemas (as answered), model types as named components.
 */
export function buildOpenApiDocument(
  endpoints: readonly Endpoint[],
  info: { version: string },
): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of MODEL_COMPONENTS) registry.add(schema, { id });
  const responseIds = new Map<Endpoint, string>();
  for (const endpoint of endpoints) {
    const known = registry.get(endpoint.response)?.id;
    const id = known ?? `${endpoint.operationId[0]!.toUpperCase()}${endpoint.operationId.slice(1)}Response`;
    if (known === undefined) registry.add(endpoint.response, { id });
    responseIds.set(endpoint, id);
  }
  const generated = z.toJSONSchema(registry, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Record<string, unknown>> };
  const schemas = Object.fromEntries(Object.entries(generated.schemas).map(([id, s]) => [id, withoutDialect(s)]));

  const paths: Record<string, Record<string, unknown>> = {};
  for (const endpoint of endpoints) {
    const path = endpoint.path.replace(/:([A-Za-z0-9_]+)/gu, '{$1}');
    paths[path] ??= {};
    paths[path][endpoint.method] = {
      operationId: endpoint.operationId,
      summary: endpoint.summary,
      tags: [endpoint.tag],
      parameters: parameters(endpoint),
      ...(endpoint.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: Object.fromEntries(
                (endpoint.bodyMediaTypes ?? ['application/json']).map((type) => [
                  type,
                  {
                    schema: withoutDialect(
                      z.toJSONSchema(endpoint.body!, { io: 'input', unrepresentable: 'any' }) as Record<
                        string,
                        unknown
                      >,
                    ),
                  },
                ]),
              ),
            },
          }),
      responses: {
        200: {
          description: endpoint.summary,
          content: { 'application/json': { schema: ref(responseIds.get(endpoint)!) } },
        },
        ...errorResponses(endpoint.errors),
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'GridTwin API',
      version: info.version,
      description:
        'A 3D digital twin of a city district: buildings, underground networks, sensors and management grids. ' +
        'Lists answer {items, total}; errors answer {error: {code, message}}.',
      license: { name: 'MIT', identifier: 'MIT' },
    },
    servers: [{ url: '/' }],
    paths,
    components: { schemas },
  };
}
