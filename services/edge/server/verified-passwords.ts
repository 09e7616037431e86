import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { verifyPassword, type PasswordHash } from '../registry/password-hash.ts';

/** Checks a charger's HTTP Basic password against its stored hash. */
export type PasswordCheck = (chargerId: string, password: string, stored: PasswordHash) => Promise<boolean>;

interface Remembered {
  /** The stored hash the password was verified against: a changed registration no longer matches. */
  readonly stored: PasswordHash;
  readonly digest: Buffer;
}

/**
 * scrypt costs about 50 ms of CPU per check, so a reconnection storm of Basic chargers would take minutes
 * of CPU. A password that passed scrypt is remembered per charger as an HMAC under a key that exists only
 * in this process's memory, bound to the exact stored hash it matched: a re-registration (new salt and
 * hash) or a new password misses and goes through scrypt again; a wrong password always does, so
 * guessing stays as slow as before. Anyone who can read this memory can read passwords as they arrive,
 * so the digest adds no exposure. One entry per charger id.
 */
export function rememberingVerifiedPasswords(): PasswordCheck {
  const key = randomBytes(32);
  const remembered = new Map<string, Remembered>();
  const digestOf = (password: string): Buffer => createHmac('sha256', key).update(password, 'utf8').digest();

  return async (chargerId, password, stored) => {
    const digest = digestOf(password);
    const known = remembered.get(chargerId);
    if (known !== undefined && sameStoredHash(known.stored, stored) && timingSafeEqual(known.digest, digest)) return true;
    const verified = await verifyPassword(password, stored);
    if (verified) remembered.set(chargerId, { stored, digest });
    return verified;
  };
}

function sameStoredHash(a: PasswordHash, b: PasswordHash): boolean {
  return (
    a.algorithm === b.algorithm &&
    a.saltBase64url === b.saltBase64url &&
    a.hashBase64url === b.hashBase64url &&
    a.cost === b.cost &&
    a.blockSize === b.blockSize &&
    a.parallelization === b.parallelization
  );
}
