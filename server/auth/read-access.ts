import type { Request } from 'express';
import type { User } from '../../core/model/index.js';
import { ApiError } from '../errors.js';
import { currentUser } from './auth-middleware.js';

/**
 * Who may read live and personal data (readings, alerts, KPIs, ingest stats, the live stream, phones): a logged-in
 * user always; an anonymous caller only when the server runs in public read-only mode, and then without personal data
 * (see public-redaction.ts). The app decides the mode from `PUBLIC_READ` (core/config/config.ts).
 */
export interface ReadPolicy {
  publicRead: boolean;
}

/** A logged-in reader, or an anonymous one in public read-only mode (who gets redacted answers). */
export type Reader = { kind: 'user'; user: User } | { kind: 'public' };

/** The policy when none is given: nothing is readable without a login. */
export const LOGIN_REQUIRED: ReadPolicy = { publicRead: false };

/** The reader of a request; 401 for an anonymous caller when public read is off. */
export function readerOf(req: Request, policy: ReadPolicy, what: string): Reader {
  const user = currentUser(req);
  if (user !== null) return { kind: 'user', user };
  if (policy.publicRead) return { kind: 'public' };
  throw new ApiError(
    'GT_ERR_UNAUTHENTICATED',
    `${what} needs a login on this server (PUBLIC_READ is off): send Authorization: Bearer <token> from POST /api/auth/login`,
  );
}
