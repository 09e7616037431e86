import { createHash, randomBytes } from 'node:crypto';

/** 32 random bytes as base64url: 43 printable characters, within the spec's 64. */
export function newCredentialsToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Tokens partners present to us are kept only as this hash. */
export function hashCredentialsToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
