import type { JsonObject } from '../../edge/protocol/frame.ts';
import type { RpcError } from '../../edge/protocol/rpc-error.ts';
import type { OcppVersion } from '../../edge/protocol/versions.ts';
import type { FrameDirection, FrameMessageType } from '../../edge/server/edge-records.ts';
import type { Upstream } from '../routing/route.ts';
import type { OutgoingCall } from './outgoing-call.ts';

/** An upstream's answer to one CALL the gateway sent it. */
export type UpstreamOutcome =
  | { readonly kind: 'result'; readonly payload: JsonObject }
  | { readonly kind: 'error'; readonly errorCode: string; readonly errorDescription: string; readonly errorDetails: JsonObject };

/** What the gateway sends back for a CALL an upstream made. */
export type UpstreamCallAnswer = { readonly kind: 'result'; readonly payload: JsonObject } | { readonly kind: 'error'; readonly error: RpcError };

/** Frames on a link that match nothing the gateway is waiting for; recorded, never forwarded. */
export type LinkAnomaly = 'late_answer' | 'unknown_answer' | 'unreadable_frame';

/** A frame on the link exactly as it crossed the wire (out: to the upstream), for the raw frame log. */
export interface LinkFrame {
  readonly direction: FrameDirection;
  readonly text: string;
  readonly messageType: FrameMessageType;
  /** The link's own id (out CALLs) or the upstream's (its CALLs); null when unreadable. */
  readonly messageId: string | null;
  /** For answers: the action of the CALL answered, when known. */
  readonly action: string | null;
  /** A live copy of a charger CALL, or the answer to one: that call, which decides how it is logged (see OutgoingCall). */
  readonly relayedFor: OutgoingCall | null;
}

export interface UpstreamLinkEvents {
  /** A CALL from the upstream (upstream's own message id is handled by the link). */
  onCall(action: string, payload: JsonObject): Promise<UpstreamCallAnswer>;
  onAnomaly(kind: LinkAnomaly, messageId: string | null): void;
  onOpen(): void;
  onDown(reason: string): void;
  onFrame(frame: LinkFrame): void;
}

/**
 * One WebSocket from the gateway to one upstream for one charger. Message ids on it are the link's own:
 * ids never cross from one side to the other, so two upstreams using the same id cannot collide.
 */
export interface UpstreamLink {
  /**
   * Sends a CALL once the link is open (waiting at most the upstream's connect timeout) and resolves with
   * its answer. Rejects with a retriable SwitchyardError: 'gateway.upstream-unreachable' (not open in
   * time or closed while waiting), 'gateway.upstream-timeout' (no answer within the call timeout).
   */
  call(call: OutgoingCall): Promise<UpstreamOutcome>;
  readonly isOpen: boolean;
  /** Stops for good: no reconnect; calls in flight are rejected. */
  close(): void;
}

export interface UpstreamLinkRequest {
  readonly chargerId: string;
  readonly version: OcppVersion;
  readonly upstream: Upstream;
}

/** The port the gateway opens links through. */
export type OpenUpstreamLink = (request: UpstreamLinkRequest, events: UpstreamLinkEvents) => UpstreamLink;
