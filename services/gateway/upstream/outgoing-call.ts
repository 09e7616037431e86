import type { JsonObject } from '../../edge/protocol/frame.ts';
import { messageTypeIds } from '../../edge/protocol/versions.ts';
import type { LinkFrame } from './upstream-link.ts';

/**
 * How a call's copies on the links are logged. 'withChargerAnswer': a live copy of a charger CALL whose
 * own frame is on the log; the copies sent before the charger is answered are listed on its answer frame
 * (relayedAs) instead of being recorded again. 'ownFrames': every frame on the link is its own record
 * (catch-up replays, calls forwarded after a local answer, copies sent after the charger was answered).
 */
export type CopyLogging = 'withChargerAnswer' | 'ownFrames';

/** A copy of the call sent on one upstream's link, under that link's own message id. */
export interface LinkCopy {
  readonly upstream: string;
  readonly messageId: string;
}

/** A frame on an upstream's link, and when it crossed it. */
export interface UpstreamFrame {
  readonly upstream: string;
  readonly frame: LinkFrame;
  /** When it crossed the link. */
  readonly at: number;
}

/** Whether the charger's answer frame, the one listing the copies, reached the log. */
type AnswerDelivery = 'pending' | 'written' | 'lost';

/**
 * One charger CALL on its way to one or more upstream links. Only the message id differs between the
 * copies, so the payload is serialized once however many upstreams get it.
 */
export class OutgoingCall {
  private payloadJson: string | undefined;
  private readonly copies: LinkCopy[] = [];
  private answered = false;
  private delivery: AnswerDelivery = 'pending';
  private kept: UpstreamFrame[] = [];

  constructor(
    readonly action: string,
    readonly payload: JsonObject,
    private readonly logging: CopyLogging,
  ) {}

  /** The CALL frame with a link's own message id: the same text as serializeCall. */
  frameText(messageId: string): string {
    this.payloadJson ??= JSON.stringify(this.payload);
    return `[${messageTypeIds.call},${JSON.stringify(messageId)},${JSON.stringify(this.action)},${this.payloadJson}]`;
  }

  /** A link sent this call under its own id. True when the copy is logged with the charger's answer. */
  sentOn(upstream: string, messageId: string): boolean {
    if (this.logging === 'ownFrames' || this.answered) return false;
    this.copies.push({ upstream, messageId });
    return true;
  }

  /** The copies the charger's answer frame lists; any copy sent from now on is logged on its own. */
  answerCharger(): readonly LinkCopy[] {
    this.answered = true;
    return this.copies;
  }

  /**
   * A frame of a copy `sentOn` listed (the copy itself, or an upstream's answer to it): true when the
   * charger's answer frame accounts for it, so it is not recorded again. Until that frame is written
   * the frame is kept, for `answerLost`.
   */
  coversFrame(relayed: UpstreamFrame): boolean {
    switch (this.delivery) {
      case 'pending':
        this.kept.push(relayed);
        return true;
      case 'written':
        return true;
      case 'lost':
        return false;
      default: {
        const unknown: never = this.delivery;
        throw new Error(`unknown answer delivery ${String(unknown)}`);
      }
    }
  }

  /** The charger's answer frame, listing the copies, is on its way to the log. */
  answerWritten(): void {
    this.delivery = 'written';
    this.kept = [];
  }

  /**
   * The charger's socket closed before its answer: no frame lists the copies, so the frames kept so far
   * are returned to be recorded on their own, like every later one.
   */
  answerLost(): readonly UpstreamFrame[] {
    this.delivery = 'lost';
    const kept = this.kept;
    this.kept = [];
    return kept;
  }
}
