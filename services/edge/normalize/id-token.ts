import type { JsonObject } from '../protocol/frame.ts';
import type { OcppVersion } from '../protocol/versions.ts';
import type { IdToken } from './domain-events.ts';
import { presentedToken, type IdToken201 } from './parts-201.ts';

/** The id token a (validated) call presents for authorization, or null when it presents none. */
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
  return presentedToken(payload['idToken'] as IdToken201 | undefined);
}
