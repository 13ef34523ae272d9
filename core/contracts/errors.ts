import { z } from 'zod';

/**
 * The JSON body of every error answer. The server documents `code` as the enum of its error catalogue
 * (server/errors.ts); clients read it as a string so that a new code never breaks them.
 */
export const ErrorBodySchema = z.object({
  error: z.object({
    code: z.string().describe('Stable error code'),
    message: z.string().describe('What went wrong, for people'),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;
