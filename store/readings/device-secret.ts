import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;
const KEY_BYTES = 32;
/** Prefix of the current format in the `hash` column; hashes without a `$` are the scrypt ones of earlier releases. */
const HMAC_PREFIX = 'hmac-sha256$';

/** A fresh device secret: 24 random bytes, base64url (32 characters). Shown once, stored only hashed. */
export function newDeviceSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}

function hmac(secret: string, salt: string): Buffer {
  return crypto.createHmac('sha256', salt).update(secret).digest();
}

/**
 * Hashes a device secret: HMAC-SHA256 keyed with a random salt, stored as `hmac-sha256$<digest base64url>` beside
 * the salt. A device secret is 192 random bits, so a fast hash is as safe as a slow one: nothing guesses 2^192, and
 * a slow KDF (scrypt, kept for people's passwords) only made provisioning 2,000 sensors take minutes
 * (docs/adr/0009-device-secrets-fast-salted-hash.md). Async so callers need not know which hash is used.
 */
export async function hashSecret(
  secret: string,
  salt = crypto.randomBytes(16).toString('base64url'),
): Promise<{ salt: string; hash: string }> {
  return { salt, hash: HMAC_PREFIX + hmac(secret, salt).toString('base64url') };
}

/**
 * True when `secret` hashes to the stored hash (constant-time comparison). Reads both formats: `hmac-sha256$...`
 * and the bare scrypt key (Node's default cost) that earlier releases stored, so provisioned devices keep working.
 */
export async function verifySecret(secret: string, salt: string, hash: string): Promise<boolean> {
  if (hash.startsWith(HMAC_PREFIX))
    return sameBytes(Buffer.from(hash.slice(HMAC_PREFIX.length), 'base64url'), hmac(secret, salt));
  if (hash.includes('$')) return false; // a format this release does not know never matches
  const expected = Buffer.from(hash, 'base64url');
  return sameBytes(expected, await scrypt(secret, salt, expected.length || KEY_BYTES));
}

function sameBytes(expected: Buffer, actual: Buffer): boolean {
  return expected.length === actual.length && expected.length > 0 && crypto.timingSafeEqual(expected, actual);
}
