import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { parseChargerId } from '../protocol/charger-id.ts';
import { negotiateSubprotocol, supportedVersions, type OcppVersion } from '../protocol/versions.ts';
import type { ChargerRegistration, SecurityProfile } from '../registry/charger-registration.ts';
import { parseBasicAuthorization } from './basic-credentials.ts';
import { checkClientCertificate } from './client-certificate.ts';
import type { HandshakeRefusal, RefusalCode } from './handshake-refusal.ts';
import type { PasswordCheck } from './verified-passwords.ts';

export interface HandshakePolicy {
  readonly lookup: (chargerId: string) => ChargerRegistration | undefined;
  /** Lets chargers nobody registered connect without credentials (commissioning, test benches). */
  readonly acceptUnknownChargers: boolean;
}

export interface HandshakeFacts {
  /** The charger id claimed (the raw path segment when it is not a valid id); null off the OCPP path. */
  readonly claimedId: string | null;
  readonly offeredSubprotocols: readonly string[];
}

export type HandshakeDecision = HandshakeFacts &
  (
    | {
        readonly accepted: true;
        readonly chargerId: string;
        readonly version: OcppVersion;
        /** null: an unregistered charger let in because unknown chargers are accepted. */
        readonly securityProfile: SecurityProfile | null;
        readonly certificateSubject: string | null;
      }
    | { readonly accepted: false; readonly securityProfile: SecurityProfile | null; readonly refusal: HandshakeRefusal }
  );

const ocppPath = /^\/ocpp\/([^/?#]+)$/;

/**
 * Decides an upgrade request before any WebSocket exists, so a refused charger gets an HTTP status and a
 * reason it (and its operator) can read, instead of a socket that opens and closes.
 */
export async function decideHandshake(
  request: IncomingMessage,
  policy: HandshakePolicy,
  checkPassword: PasswordCheck,
): Promise<HandshakeDecision> {
  const offeredSubprotocols = (request.headers['sec-websocket-protocol'] ?? '')
    .split(',')
    .map((token) => token.trim())
    .filter((token) => token !== '');
  const path = (request.url ?? '').split('?')[0] ?? '';
  const segment = ocppPath.exec(path)?.[1];
  const refuse = (status: HandshakeRefusal['status'], code: RefusalCode, reason: string, profile: SecurityProfile | null = null): HandshakeDecision => ({
    accepted: false,
    claimedId: segment ?? null,
    offeredSubprotocols,
    securityProfile: profile,
    refusal: { status, code, reason },
  });

  if (segment === undefined) return refuse(404, 'not_ocpp_endpoint', 'not an OCPP endpoint: connect to /ocpp/{chargerId}');
  const parsedId = parseChargerId(segment);
  if (!parsedId.ok) return refuse(400, 'invalid_charger_id', `invalid charger id: ${parsedId.reason}`);
  const chargerId = parsedId.id;
  const registration = policy.lookup(chargerId);
  const registeredProfile = registration?.securityProfile ?? null;

  const version = negotiateSubprotocol(offeredSubprotocols);
  if (version === undefined) {
    const offered = offeredSubprotocols.length === 0 ? 'none' : offeredSubprotocols.join(', ');
    return refuse(
      400,
      'no_supported_subprotocol',
      `no supported OCPP subprotocol offered (offered: ${offered}; supported: ${supportedVersions.join(', ')})`,
      registeredProfile,
    );
  }
  const accept = (securityProfile: SecurityProfile | null, certificateSubject: string | null = null): HandshakeDecision => ({
    accepted: true,
    claimedId: chargerId,
    offeredSubprotocols,
    chargerId,
    version,
    securityProfile,
    certificateSubject,
  });

  if (registration === undefined) {
    if (policy.acceptUnknownChargers) return accept(null);
    return refuse(404, 'unknown_charger', `unknown charger ${chargerId}: register it first`);
  }
  const profile = registration.securityProfile;
  if (!registration.allowed) return refuse(403, 'not_allowed', `charger ${chargerId} is suspended`, profile);

  const tlsSocket = isTls(request) ? (request.socket as TLSSocket) : null;
  switch (profile) {
    case 0:
      return accept(profile);
    case 1:
      return checkCredentials(request, registration, chargerId, checkPassword, refuse, () => accept(profile));
    case 2:
    case 3: {
      if (tlsSocket === null) {
        return refuse(403, 'tls_required', `charger ${chargerId} uses security profile ${profile}, which requires TLS (wss://)`, profile);
      }
      if (profile === 2) return checkCredentials(request, registration, chargerId, checkPassword, refuse, () => accept(profile));
      const check = checkClientCertificate(tlsSocket, registration.certificateIdentity ?? chargerId);
      if (!check.ok) return refuse(401, 'bad_certificate', check.reason, profile);
      return accept(profile, check.subject);
    }
    default: {
      const unreachable: never = profile;
      throw new Error(`unknown security profile ${String(unreachable)}`);
    }
  }
}

async function checkCredentials(
  request: IncomingMessage,
  registration: ChargerRegistration,
  chargerId: string,
  checkPassword: PasswordCheck,
  refuse: (status: HandshakeRefusal['status'], code: RefusalCode, reason: string, profile: SecurityProfile) => HandshakeDecision,
  accept: () => HandshakeDecision,
): Promise<HandshakeDecision> {
  const profile = registration.securityProfile;
  const credentials = parseBasicAuthorization(request.headers.authorization);
  if (credentials === null) return refuse(401, 'missing_credentials', 'HTTP Basic credentials required', profile);
  if (credentials.username !== chargerId) {
    return refuse(401, 'bad_password', 'HTTP Basic user name must be the charger id', profile);
  }
  if (registration.password === null || !(await checkPassword(chargerId, credentials.password, registration.password))) {
    return refuse(401, 'bad_password', 'wrong password', profile);
  }
  return accept();
}

function isTls(request: IncomingMessage): boolean {
  return 'encrypted' in request.socket && (request.socket as TLSSocket).encrypted === true;
}
