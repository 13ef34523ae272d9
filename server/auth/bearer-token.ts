import { createHash, randomBytes } from 'node:crypto';

/** How long a login lasts by default: 12 hours. */
export const DEFAULT_TOKEN_TTL_MS = 12 * 3600 * 1000;

/** A new bearer token: 32 random bytes as base64url (only its hash is stored). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * The stored form of a token: SHA-256, hex. A fast hash suffices here, unlike for passwords: tokens carry 256 random
 * bits, so there is nothing to guess.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerTokenOf(header: string | undefined): string | null {
  if (header === undefined) return null;
  const match = /^Bearer\s+([A-Za-z0-9_\-.~+/=]+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}
