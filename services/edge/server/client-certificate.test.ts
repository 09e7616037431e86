import type { PeerCertificate } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { certificateIdentities } from './client-certificate.ts';

const certificate = (subject: Record<string, string | string[]>, subjectaltname?: string): PeerCertificate =>
  ({ subject, subjectaltname }) as unknown as PeerCertificate;

describe('certificateIdentities', () => {
  it.each([
    // given a certificate's subject and SAN; then the identities it vouches for
    [{ CN: 'CP-3' }, undefined, ['CP-3']],
    [{ CN: 'CP-3', O: 'Acme' }, 'DNS:cp-3.acme.example, IP Address:10.0.0.1', ['CP-3', 'cp-3.acme.example']],
    [{ O: 'Acme' }, 'URI:urn:charger:CP-9', ['urn:charger:CP-9']],
    [{ CN: ['CP-A', 'CP-B'] }, undefined, ['CP-A', 'CP-B']],
    [{ O: 'Acme' }, 'email:ops@acme.example', []],
  ])('subject %j with SAN %j vouches for %j', (subject, san, expected) => {
    expect(certificateIdentities(certificate(subject, san))).toEqual(expected);
  });
});
