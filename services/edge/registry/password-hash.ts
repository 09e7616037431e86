import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * A charger password (security profiles 1 and 2) as stored: a salted scrypt hash, never the secret.
 * The cost parameters travel with the hash so they can be raised later without breaking old ones.
 */
export interface PasswordHash {
  readonly algorithm: 'scrypt';
  readonly saltBase64url: string;
  readonly hashBase64url: string;
  readonly cost: number;
  readonly blockSize: number;
  readonly parallelization: number;
}

const defaults = { cost: 16384, blockSize: 8, parallelization: 1 } as const;
const saltBytes = 16;
const keyBytes = 32;

function derive(password: string, salt: Buffer, params: Pick<PasswordHash, 'cost' | 'blockSize' | 'parallelization'>): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password,
      salt,
      keyBytes,
      { N: params.cost, r: params.blockSize, p: params.parallelization, maxmem: 64 * 1024 * 1024 },
      (error, key) => {
        if (error) reject(error);
        else resolve(key);
      },
    );
  });
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, defaults);
  return { algorithm: 'scrypt', saltBase64url: salt.toString('base64url'), hashBase64url: key.toString('base64url'), ...defaults };
}

export async function verifyPassword(password: string, stored: PasswordHash): Promise<boolean> {
  if (stored.algorithm !== 'scrypt') return false;
  const expected = Buffer.from(stored.hashBase64url, 'base64url');
  const key = await derive(password, Buffer.from(stored.saltBase64url, 'base64url'), stored);
  return key.length === expected.length && timingSafeEqual(key, expected);
}
