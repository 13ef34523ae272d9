import type { Request } from 'express';
import type { z } from 'zod';
import { ApiError, apiErrors } from '../errors.js';
import { findBadText } from '../http/input-guard.js';

/** Parses a JSON request body with a schema; zod issues become one 400 message naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
  assertCleanBody(req.body);
  const parsed = schema.safeParse(req.body ?? {});
  if (parsed.success) return parsed.data;
  const messages = parsed.error.issues.map((issue) => {
    const name = issue.path.join('.');
    if (issue.code === 'unrecognized_keys')
      return `unknown body field(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`;
    if (name !== '' && issue.message.startsWith(name)) return issue.message;
    if (issue.code === 'invalid_type' && issue.input === undefined) return `body field ${name} is required`;
    return `body field ${name === '' ? '(body)' : name}: ${issue.message}`;
  });
  throw apiErrors.badRequest([...new Set(messages)].join('; '));
}

/** Refuses a body holding a NUL byte or a lone UTF-16 surrogate (neither can be stored) with GT_ERR_BAD_TEXT. */
export function assertCleanBody(body: unknown): void {
  const found = findBadText(body, '');
  if (found !== null)
    throw new ApiError(
      'GT_ERR_BAD_TEXT',
      `${found === '' ? 'the body' : `body field ${found}`} holds a NUL byte or invalid Unicode (a lone UTF-16 surrogate)`,
    );
}
