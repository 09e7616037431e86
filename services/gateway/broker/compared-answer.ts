import { isDeepStrictEqual } from 'node:util';
import type { JsonObject } from '../../edge/protocol/frame.ts';

/** An answer reduced to what two CSMSs can be compared on. */
export type ComparedAnswer = { readonly kind: 'result'; readonly payload: JsonObject } | { readonly kind: 'error'; readonly errorCode: string };

/**
 * Fields two correct CSMSs answer differently by design (their clocks, their own transaction numbering):
 * counting them would bury the differences that matter for a migration.
 */
const expectedToDiffer: Readonly<Record<string, readonly string[]>> = {
  BootNotification: ['currentTime'],
  Heartbeat: ['currentTime'],
  StartTransaction: ['transactionId'],
};

/** Returns null when the observer answered like the primary, else both answers as compared. */
export function answerDifference(action: string, primary: ComparedAnswer, observer: ComparedAnswer): { primary: ComparedAnswer; observer: ComparedAnswer } | null {
  const comparable = (answer: ComparedAnswer): ComparedAnswer => {
    if (answer.kind === 'error') return answer;
    const payload = { ...answer.payload };
    for (const field of expectedToDiffer[action] ?? []) delete payload[field];
    return { kind: 'result', payload };
  };
  const [left, right] = [comparable(primary), comparable(observer)];
  return isDeepStrictEqual(left, right) ? null : { primary: left, observer: right };
}
