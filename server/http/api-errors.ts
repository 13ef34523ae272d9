import { randomBytes } from 'node:crypto';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { requestIdOf } from './request-log.js';
import { ApiError, apiErrors } from '../errors.js';

/** Answers 404 JSON for any /api path no route took. */
export const apiNotFound: RequestHandler = (req, _res, next) => {
  next(apiErrors.routeNotFound(req.method, req.originalUrl.split('?')[0] ?? req.originalUrl));
};

/**
 * Errors body-parser and Express raise for a client's mistake carry a 4xx `status` (http-errors) or are URIErrors
 * from decoding a path; map them to the catalogue so a bad gzip body or charset is a 4xx, never a 500.
 */
function fromBodyParser(err: unknown): ApiError | null {
  const { type, status } = err as { type?: unknown; status?: unknown };
  const message = err instanceof Error ? err.message : String(err);
  if (type === 'entity.parse.failed')
    return new ApiError('GT_ERR_BAD_JSON', `the request body is not valid JSON: ${message}`);
  if (type === 'entity.too.large' || status === 413)
    return new ApiError('GT_ERR_PAYLOAD_TOO_LARGE', 'the request body is too large');
  if (type === 'encoding.unsupported' || type === 'charset.unsupported' || status === 415)
    return new ApiError('GT_ERR_UNSUPPORTED_ENCODING', `the request body cannot be read: ${message}`);
  if (err instanceof URIError) return new ApiError('GT_ERR_BAD_TEXT', `the path has a malformed %-escape: ${message}`);
  if (typeof status === 'number' && status >= 400 && status < 500)
    return new ApiError('GT_ERR_BAD_REQUEST', `the request body cannot be read: ${message}`);
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
      logError(
        `[${reference}] ${req.method} ${req.originalUrl.split('?')[0]} failed (request ${requestIdOf(req)})`,
        err,
      );
      apiError = apiErrors.internal(reference);
    }
    const retryAfter = (apiError as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    if (typeof retryAfter === 'number') res.set('Retry-After', String(Math.max(1, retryAfter)));
    res.status(apiError.status).json(apiError.toBody());
  };
}
