import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;
const KEY_BYTES = 32;

/** A fresh device secret: 24 random bytes, base64url (32 characters). Shown once, stored only hashed. */
export function newDeviceSecret(): string {
  return crypto.randomBytes(24).toString('base64url');
}

/** Hashes a secret with scrypt and a random salt. */
export async function hashSecret(
  secret: string,
  salt = crypto.randomBytes(16).toString('base64url'),
): Promise<{ salt: string; hash: string }> {
  const key = await scrypt(secret, salt, KEY_BYTES);
  return { salt, hash: key.toString('base64url') };
}

/** True when `secret` hashes to the stored hash (constant-time comparison). */
export async function verifySecret(secret: string, salt: string, hash: string): Promise<boolean> {
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(secret, salt, expected.length || KEY_BYTES);
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}
