import { Router } from 'express';
import { z } from 'zod';
import { defineEndpoint, mountEndpoint, type Endpoint } from '../http/endpoint.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';

export const openApiEndpoints = {
  document: defineEndpoint({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    tag: 'system',
    summary: 'This API described as OpenAPI 3.1',
    response: z.record(z.string(), z.unknown()),
  }),
};

/** `/api/openapi.json`: built on first request from `endpoints` and kept. */
export function openApiRoutes(endpoints: () => readonly Endpoint[], version: string): Router {
  const router = Router();
  let document: Record<string, unknown> | undefined;
  mountEndpoint(
    router,
    openApiEndpoints.document,
    async () => (document ??= buildOpenApiDocument(endpoints(), { version })),
  );
  return router;
}
