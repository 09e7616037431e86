/**
 * The OCPP versions this edge speaks, as one table: adding 'ocpp2.1' is one more row (subprotocol,
 * message types, error-code dialect, schema set), not another branch in every function.
 */
export type OcppVersion = 'ocpp1.6' | 'ocpp2.0.1';

export const messageTypeIds = { call: 2, callResult: 3, callError: 4 } as const;
export type MessageTypeId = (typeof messageTypeIds)[keyof typeof messageTypeIds];

export interface VersionProfile {
  readonly version: OcppVersion;
  /** The WebSocket subprotocol token (RFC 6455 Sec-WebSocket-Protocol) chargers offer. */
  readonly subprotocol: string;
  readonly messageTypes: readonly MessageTypeId[];
  /**
   * OCPP-J 1.6 (4.1.3): a message with an unknown type number SHALL be ignored; 2.0.1 answers it with
   * CALLERROR MessageTypeNotSupported.
   */
  readonly unknownMessageType: 'ignore' | 'reject';
}

const profiles: Readonly<Record<OcppVersion, VersionProfile>> = {
  'ocpp2.0.1': {
    version: 'ocpp2.0.1',
    subprotocol: 'ocpp2.0.1',
    messageTypes: [messageTypeIds.call, messageTypeIds.callResult, messageTypeIds.callError],
    unknownMessageType: 'reject',
  },
  'ocpp1.6': {
    version: 'ocpp1.6',
    subprotocol: 'ocpp1.6',
    messageTypes: [messageTypeIds.call, messageTypeIds.callResult, messageTypeIds.callError],
    unknownMessageType: 'ignore',
  },
};

/** Server preference: when a charger offers several versions, the newest one we speak wins. */
export const supportedVersions: readonly OcppVersion[] = ['ocpp2.0.1', 'ocpp1.6'];

export function versionProfile(version: OcppVersion): VersionProfile {
  return profiles[version];
}

/**
 * Picks the subprotocol by the server's preference, not the order the charger listed them in.
 * Tokens are matched case-sensitively, as RFC 6455 subprotocol names are.
 */
export function negotiateSubprotocol(offered: readonly string[]): OcppVersion | undefined {
  const offeredTokens = new Set(offered.map((token) => token.trim()));
  return supportedVersions.find((version) => offeredTokens.has(profiles[version].subprotocol));
}
