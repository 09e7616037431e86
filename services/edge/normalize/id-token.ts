import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { IdToken } from './domain-events.ts';

/**
 * The id token a (validated) call presents for authorization, or null when it presents none.
 * A 2.0.1 'NoAuthorization' token is no token: there is nothing to look up.
 */
export function idTokenOfCall(version: OcppVersion, action: string, payload: JsonObject): IdToken | null {
  switch (version) {
    case 'ocpp1.6':
      return idTagOf16(action, payload);
    case 'ocpp2.0.1':
      return idTokenOf201(action, payload);
    default: {
      const unreachable: never = version;
      return unreachable;
    }
  }
}

function idTagOf16(action: string, payload: JsonObject): IdToken | null {
  if (action !== 'Authorize' && action !== 'StartTransaction' && action !== 'StopTransaction') return null;
  const idTag = payload['idTag'];
  return typeof idTag === 'string' ? { value: idTag, type: null } : null;
}

function idTokenOf201(action: string, payload: JsonObject): IdToken | null {
  if (action !== 'Authorize' && action !== 'TransactionEvent') return null;
  const idToken = payload['idToken'] as { idToken: string; type: string } | undefined;
  if (idToken === undefined || idToken.type === 'NoAuthorization') return null;
  return { value: idToken.idToken, type: idToken.type };
}
