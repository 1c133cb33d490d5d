import { createHash, randomBytes } from 'node:crypto';

/** Hex SHA-256 of a high-entropy secret (API keys, refresh tokens); DESIGN §2. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** 32 random bytes, base64url (43 characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}
