import { isJsonObject } from '../../protocol/frame.ts';
import { parentPointer, valueAt } from '../json-pointer.ts';
import type { QuirkRule } from '../quirk-rule.ts';

/**
 * A required timestamp left out: MicroOcpp-based chargers sent StartTransaction without one
 * (matth-x/MicroOcpp#88). The receive time is the closest safe value; the event names this rule,
 * so consumers know the time is the edge's, not the charger's.
 */
export const missingTimestampAsReceiveTime: QuirkRule = {
  name: 'missing-timestamp-as-receive-time',
  trigger: 'invalid',
  repair: (input) => {
    let changed = false;
    for (const violation of input.violations) {
      if (violation.keyword !== 'required' || violation.params['missingProperty'] !== 'timestamp') continue;
      const holder = valueAt(input.payload, parentPointer(violation.path));
      if (!isJsonObject(holder)) continue;
      holder['timestamp'] = new Date(input.receivedAt).toISOString();
      changed = true;
    }
    return changed;
  },
};
