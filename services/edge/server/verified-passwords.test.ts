import { describe, expect, it } from 'vitest';
import { hashPassword } from '../registry/password-hash.ts';
import { rememberingVerifiedPasswords } from './verified-passwords.ts';

describe('remembering verified passwords', () => {
  it('accepts a remembered password again, refuses a wrong one and forgets it when the registration changes', async () => {
    const check = rememberingVerifiedPasswords();
    const original = await hashPassword('first-password-0123');
    expect(await check('CP-1', 'first-password-0123', original)).toBe(true);
    expect(await check('CP-1', 'first-password-0123', original)).toBe(true);
    expect(await check('CP-1', 'wrong-password-0123', original)).toBe(false);
    // Another charger never benefits from CP-1's verification.
    expect(await check('CP-2', 'first-password-0123', await hashPassword('second-password-012'))).toBe(false);

    const replaced = await hashPassword('second-password-012');
    expect(await check('CP-1', 'first-password-0123', replaced)).toBe(false);
    expect(await check('CP-1', 'second-password-012', replaced)).toBe(true);
    // Re-registered with the old password again: a fresh salt, so only scrypt can say yes.
    expect(await check('CP-1', 'second-password-012', await hashPassword('first-password-0123'))).toBe(false);
  });

});
