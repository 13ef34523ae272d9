import type { Request, Response, Router } from 'express';
import { z } from 'zod';
import { apiErrors, type ErrorCode } from '../errors.js';

type AnyObject = z.ZodObject<z.ZodRawShape>;

/**
 * One API endpoint described once: its route, what it accepts (zod schemas for the query and path parameters) and
 * what it answers. The router validates requests with these schemas and the OpenAPI document is generated from them,
 * so the two cannot drift apart.
 */
export interface Endpoint<Q extends AnyObject = AnyObject, P extends AnyObject = AnyObject> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** Express-style path, e.g. `/api/buildings/:id`. */
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  query: Q;
  params: P;
  /** Schema of the 200 answer. */
  response: z.ZodType;
  /** Schema of the JSON request body, when the endpoint takes one (documented in OpenAPI; parse it with parseBody). */
  body?: z.ZodType;
  /** Media types of the body when it is not JSON (a file upload as text); default application/json. */
  bodyMediaTypes?: readonly string[];
  /** Error codes this endpoint answers besides GT_ERR_INTERNAL (documented in OpenAPI). */
  errors: readonly ErrorCode[];
}

/** What a handler receives: the parsed query and path parameters. */
export interface EndpointInput<E extends Endpoint> {
  query: z.output<E['query']>;
  params: z.output<E['params']>;
}

const EMPTY = z.strictObject({});

/** Defines an endpoint; `query` and `params` default to "none allowed". */
export function defineEndpoint<Q extends AnyObject = typeof EMPTY, P extends AnyObject = typeof EMPTY>(
  spec: Omit<Endpoint<Q, P>, 'query' | 'params' | 'errors'> & { query?: Q; params?: P; errors?: readonly ErrorCode[] },
): Endpoint<Q, P> {
  return {
    ...spec,
    query: spec.query ?? (EMPTY as unknown as Q),
    params: spec.params ?? (EMPTY as unknown as P),
    errors: spec.errors ?? [],
  };
}

/**
 * Parses request input with a schema, turning zod issues into one 400 message that names each bad parameter.
 * Messages written in the schemas start with the parameter's name and are used as they are.
 */
export function parseInput<S extends AnyObject>(schema: S, input: unknown, where: 'query' | 'path'): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const known = Object.keys(schema.shape);
      const list = issue.keys.map((k) => `"${k}"`).join(', ');
      return `unknown ${where} parameter ${list}${known.length ? ` (known: ${known.join(', ')})` : ''}`;
    }
    const name = String(issue.path[0] ?? '');
    if (name !== '' && issue.message.startsWith(name)) return issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) return `${where} parameter ${name} is required`;
    return `${where} parameter ${name}: ${issue.message}`;
  });
  throw apiErrors.badRequest([...new Set(messages)].join('; '));
}

/** Mounts an endpoint on a router: validates input, runs `handler`, answers its result as JSON (200). */
export function mountEndpoint<E extends Endpoint>(
  router: Router,
  endpoint: E,
  handler: (input: EndpointInput<E>, req: Request) => Promise<unknown>,
): void {
  router[endpoint.method](endpoint.path, async (req: Request, res: Response) => {
    const query = parseInput(endpoint.query, req.query, 'query');
    const params = parseInput(endpoint.params, req.params, 'path');
    const body = await handler({ query, params } as EndpointInput<E>, req);
    res.json(body);
  });
}
