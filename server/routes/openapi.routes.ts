import { Router } from 'express';
import { OpenApiDocumentSchema } from '../../core/contracts/index.js';
import { defineEndpoint, mountEndpoint, type Endpoint } from '../http/endpoint.js';
import { buildOpenApiDocument } from '../openapi/openapi-document.js';

export const openApiEndpoints = {
  document: defineEndpoint({
    method: 'get',
    path: '/api/openapi.json',
    operationId: 'getOpenApi',
    tag: 'system',
    summary: 'This API described as OpenAPI 3.1',
    response: OpenApiDocumentSchema,
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
