import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ApiError, apiErrors } from '../errors.js';

/** Answers 404 JSON for any /api path no route took. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(apiErrors.routeNotFound(req.method, req.originalUrl.split('?')[0] ?? req.originalUrl));
};

/** Errors body-parser raises carry a `type`; map the ones a client causes. */
function fromBodyParser(err: unknown): ApiError | null {
  const type = (err as { type?: unknown }).type;
  if (type === 'entity.parse.failed')
    return new ApiError('GT_ERR_BAD_JSON', `the request body is not valid JSON: ${(err as Error).message}`);
  if (type === 'entity.too.large') return new ApiError('GT_ERR_PAYLOAD_TOO_LARGE', 'the request body is too large');
  return null;
}

/**
 * Turns any error under /api into the catalogue's JSON shape. Errors meant for clients (ApiError) go out as they are;
 * anything else is logged with a reference and answered as a 500 that carries the reference but no stack or detail.
 */
export function apiErrorHandler(logError: (message: string, error: unknown) => void): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    let apiError = err instanceof ApiError ? err : fromBodyParser(err);
    if (apiError === null) {
      const reference = randomBytes(4).toString('hex');
      logError(`[${reference}] ${req.method} ${req.originalUrl} failed`, err);
      apiError = apiErrors.internal(reference);
    }
    res.status(apiError.status).json(apiError.toBody());
  };
}
