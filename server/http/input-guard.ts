import type { RequestHandler } from 'express';
import { ApiError } from '../errors.js';

/**
 * Text no route may receive: NUL (PostgreSQL text cannot hold it) and lone UTF-16 surrogates (they have no UTF-8
 * form, so the database driver or JSON encoder fails on them). Both used to reach SQL and come back as 500s.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Nesting deeper than this in a JSON body is refused rather than walked (no route takes more than a few levels). */
const MAX_DEPTH = 64;

function badText(where: string): ApiError {
  return new ApiError('GT_ERR_BAD_TEXT', `${where} holds a NUL byte or invalid Unicode (a lone UTF-16 surrogate)`);
}

/** The first place in a parsed value (query object or JSON body) holding bad text, or null. */
export function findBadText(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return BAD_TEXT.test(value) ? path : null;
  if (value === null || typeof value !== 'object') return null;
  if (depth > MAX_DEPTH) return path;
  for (const [key, child] of Object.entries(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (BAD_TEXT.test(key)) return childPath;
    const found = findBadText(child, childPath, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * Checks the path and query of every /api request before any route sees them: each %-escape must decode to UTF-8
 * (a malformed one like `%FF` made Express's param decoder throw), and no segment or query value may hold bad text.
 */
export const guardPathAndQuery: RequestHandler = (req, _res, next) => {
  const rawPath = req.originalUrl.split('?')[0] ?? '';
  for (const segment of rawPath.split('/')) {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      next(new ApiError('GT_ERR_BAD_TEXT', `the path segment "${segment.slice(0, 80)}" has a malformed %-escape`));
      return;
    }
    if (BAD_TEXT.test(decoded)) {
      next(badText(`the path segment "${segment.slice(0, 80)}"`));
      return;
    }
  }
  const rawQuery = req.originalUrl.includes('?') ? req.originalUrl.slice(req.originalUrl.indexOf('?') + 1) : '';
  for (const pair of rawQuery.split('&')) {
    try {
      decodeURIComponent(pair.replace(/\+/g, ' '));
    } catch {
      next(new ApiError('GT_ERR_BAD_TEXT', `the query part "${pair.slice(0, 80)}" has a malformed %-escape`));
      return;
    }
  }
  const inQuery = findBadText(req.query, '');
  if (inQuery !== null) {
    next(badText(`query parameter ${inQuery}`));
    return;
  }
  next();
};
