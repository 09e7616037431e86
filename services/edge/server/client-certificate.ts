import type { PeerCertificate, TLSSocket } from 'node:tls';

/**
 * Identities a client certificate vouches for (security profile 3): its subject CN and its SAN DNS /
 * URI entries. The charger id must be one of them, so a certificate issued to one charger cannot be
 * used to impersonate another.
 */
export function certificateIdentities(certificate: PeerCertificate): string[] {
  const identities: string[] = [];
  const commonName = certificate.subject?.CN;
  if (typeof commonName === 'string') identities.push(commonName);
  else if (Array.isArray(commonName)) identities.push(...(commonName as string[]));
  for (const entry of (certificate.subjectaltname ?? '').split(',')) {
    const [kind, value] = entry.trim().split(/:(.*)/s);
    if ((kind === 'DNS' || kind === 'URI') && value !== undefined && value !== '') identities.push(value);
  }
  return identities;
}

export type ClientCertificateCheck =
  | { readonly ok: true; readonly subject: string }
  | { readonly ok: false; readonly reason: string };

/** expectedIdentity: the charger id, or the identity the operator registered for its certificate. */
export function checkClientCertificate(socket: TLSSocket, expectedIdentity: string): ClientCertificateCheck {
  const certificate = socket.getPeerCertificate();
  if (certificate === null || Object.keys(certificate).length === 0) {
    return { ok: false, reason: 'security profile 3 requires a client certificate' };
  }
  if (!socket.authorized) {
    return { ok: false, reason: `client certificate not trusted: ${String(socket.authorizationError)}` };
  }
  if (!certificateIdentities(certificate).includes(expectedIdentity)) {
    return { ok: false, reason: `client certificate is not issued to ${expectedIdentity}` };
  }
  return { ok: true, subject: Object.entries(certificate.subject).map(([name, value]) => `${name}=${String(value)}`).join(', ') };
}
