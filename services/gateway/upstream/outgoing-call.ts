import type { JsonObject } from '../../edge/protocol/frame.ts';
import { messageTypeIds } from '../../edge/protocol/versions.ts';

/**
 * One charger CALL on its way to one or more upstream links. Only the message id differs between the
 * copies, so the payload is serialized once however many upstreams get it.
 */
export class OutgoingCall {
  private payloadJson: string | undefined;

  constructor(
    readonly action: string,
    readonly payload: JsonObject,
  ) {}

  /** The CALL frame with a link's own message id: the same text as serializeCall. */
  frameText(messageId: string): string {
    this.payloadJson ??= JSON.stringify(this.payload);
    return `[${messageTypeIds.call},${JSON.stringify(messageId)},${JSON.stringify(this.action)},${this.payloadJson}]`;
  }
}
