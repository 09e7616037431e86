import type { OcppVersion } from '../protocol/versions.ts';
import type { SecurityProfile } from '../registry/charger-registration.ts';
import type { RefusalCode } from './handshake-refusal.ts';

export type FrameDirection = 'in' | 'out';
export type FrameMessageType = 'call' | 'callResult' | 'callError' | 'unparseable';

/**
 * What the edge concluded about a frame: the raw log keeps bad frames too, with the verdict, so an
 * operator can see exactly what a misbehaving charger sent.
 */
export interface FrameVerdict {
  readonly status: 'valid' | 'invalid' | 'notValidated';
  readonly errorCode: string | null;
  readonly errorDescription: string | null;
}

/** One WebSocket message, in or out, exactly as it crossed the wire (switchyard.ocpp.frames). */
export interface OcppFrameRecord {
  readonly chargerId: string;
  readonly connectionId: string;
  readonly direction: FrameDirection;
  readonly version: OcppVersion;
  readonly messageType: FrameMessageType;
  readonly messageId: string | null;
  readonly action: string | null;
  readonly text: string;
  /** Epoch ms when the frame was received (in) or written to the socket (out). */
  readonly at: number;
  readonly verdict: FrameVerdict;
  readonly quirksApplied: readonly string[];
  /**
   * null: the charger's own socket. Else the gateway's link to this upstream CSMS: out = sent to it,
   * in = received from it, message ids are the link's own.
   */
  readonly upstream: string | null;
  /** A frame answering the charger's CALL through the gateway: that CALL's live copies on upstream links. */
  readonly relayedAs: readonly FrameRelay[];
}

/** A charger CALL's copy on a gateway link, under that link's own message id. */
export interface FrameRelay {
  readonly upstream: string;
  readonly role: 'primary' | 'observer';
  readonly messageId: string;
}

export type ClosedBy = 'charger' | 'server' | 'replaced' | 'keepalive_timeout' | 'error';

/** A connection's life, on switchyard.ocpp.events in the charger's order (see schemas/ocpp). */
export type ConnectionEvent =
  | {
      readonly type: 'ConnectionRejected';
      /** The id the attempt claimed: the raw path segment when it is not a valid id. */
      readonly chargerId: string;
      readonly at: number;
      readonly remoteAddress: string;
      readonly httpStatus: number;
      readonly reason: RefusalCode;
      readonly detail: string;
      readonly offeredSubprotocols: readonly string[];
      readonly securityProfile: SecurityProfile | null;
    }
  | {
      readonly type: 'ChargerAuthenticated';
      readonly chargerId: string;
      readonly connectionId: string;
      readonly at: number;
      readonly remoteAddress: string;
      readonly securityProfile: SecurityProfile;
      readonly certificateSubject: string | null;
    }
  | {
      readonly type: 'ChargerConnected';
      readonly chargerId: string;
      readonly connectionId: string;
      readonly at: number;
      readonly remoteAddress: string;
      readonly version: OcppVersion;
      /** 0 also for an unregistered charger let in without credentials. */
      readonly securityProfile: SecurityProfile;
    }
  | {
      readonly type: 'ConnectionReplaced';
      readonly chargerId: string;
      /** The new connection, through which the event is recorded. */
      readonly connectionId: string;
      readonly at: number;
      readonly replacedConnectionId: string;
      readonly remoteAddress: string;
    }
  | {
      readonly type: 'ChargerDisconnected';
      readonly chargerId: string;
      readonly connectionId: string;
      readonly at: number;
      readonly remoteAddress: string;
      readonly closeCode: number | null;
      readonly closeReason: string | null;
      readonly closedBy: ClosedBy;
      readonly connectedMs: number;
    };
