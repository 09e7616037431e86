import type { JsonObject } from '../../edge/protocol/frame.ts';
import { sameJsonFields } from './same-json.ts';

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

const noFields: readonly string[] = [];

function sameAnswer(primary: ComparedAnswer, observer: ComparedAnswer, ignored: readonly string[]): boolean {
  if (primary.kind === 'error' || observer.kind === 'error') {
    return primary.kind === 'error' && observer.kind === 'error' && primary.errorCode === observer.errorCode;
  }
  return sameJsonFields(primary.payload, observer.payload, ignored);
}

/** Returns null when the observer answered like the primary, else both answers as compared. */
export function answerDifference(action: string, primary: ComparedAnswer, observer: ComparedAnswer): { primary: ComparedAnswer; observer: ComparedAnswer } | null {
  const ignored = expectedToDiffer[action] ?? noFields;
  // Every observer answer is compared; copies without the ignored fields are made only for a difference.
  if (sameAnswer(primary, observer, ignored)) return null;
  const comparable = (answer: ComparedAnswer): ComparedAnswer => {
    if (answer.kind === 'error') return answer;
    const payload = { ...answer.payload };
    for (const field of ignored) delete payload[field];
    return { kind: 'result', payload };
  };
  return { primary: comparable(primary), observer: comparable(observer) };
}
