import type { Request } from 'express';
import type { z } from 'zod';
import { apiErrors } from '../errors.js';

/** Parses a JSON request body with a schema; zod issues become one 400 message naming each bad field. */
export function parseBody<S extends z.ZodType>(schema: S, req: Request): z.output<S> {
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
