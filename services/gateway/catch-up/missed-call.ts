import type { JsonObject } from '../../edge/protocol/frame.ts';
import { parseFrame } from '../../edge/protocol/frame.ts';
import { supportedVersions, type OcppVersion } from '../../edge/protocol/versions.ts';
import type { CallMark } from './mirror-state.ts';

/** The parts of a recorded frame (switchyard.ocpp.frames) that say whether an observer missed it. */
export interface RecordedFrame {
  readonly upstream: string | null;
  readonly direction: 'IN' | 'OUT';
  readonly messageType: string;
  readonly protocol: string;
  readonly text: string;
  readonly receivedAt: number;
}

/** A charger CALL read back from the log, to be re-sent to an observer with the observer link's own id. */
export interface MissedCall extends CallMark {
  readonly action: string;
  readonly payload: JsonObject;
}

/** The recorded text is the frame as the socket limits let it in; no second limit applies on the way back. */
const noFrameLimit = { maxFrameBytes: Number.MAX_SAFE_INTEGER };

/**
 * A charger CALL the gateway handled, received at or after `since`: the calls observers get copies of.
 * Frames the edge refused before any CSMS saw them (unknown action, malformed) are not, and neither are
 * answers or the gateway's own frames with upstreams.
 */
export function missedCallOf(frame: RecordedFrame, since: number): MissedCall | null {
  if (frame.upstream !== null || frame.direction !== 'IN' || frame.messageType !== 'CALL' || frame.receivedAt < since) return null;
  const version = supportedVersions.find((supported): supported is OcppVersion => supported === frame.protocol);
  if (version === undefined) return null;
  const parsed = parseFrame(frame.text, version, noFrameLimit);
  if (parsed.kind !== 'call') return null;
  return { messageId: parsed.messageId, receivedAt: frame.receivedAt, action: parsed.action, payload: parsed.payload };
}
