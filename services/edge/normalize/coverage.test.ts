import { describe, expect, it } from 'vitest';
import { deciders16 } from '../csms/deciders-16.ts';
import { deciders201 } from '../csms/deciders-201.ts';
import { normalizers16 } from './normalize-16.ts';
import { normalizers201 } from './normalize-201.ts';

/** SignCertificate is answered NotSupported, so there is no exchange to turn into events. */
const answeredWithError = new Set(['SignCertificate']);

describe('normalizer coverage', () => {
  it.each([
    { version: 'ocpp1.6', deciders: deciders16, normalizers: normalizers16 },
    { version: 'ocpp2.0.1', deciders: deciders201, normalizers: normalizers201 },
  ])('given every $version action the CSMS answers then each has a normalizer', ({ deciders, normalizers }) => {
    const answered = Object.keys(deciders).filter((action) => !answeredWithError.has(action));
    expect(answered.filter((action) => !Object.hasOwn(normalizers, action))).toEqual([]);
  });
});
