import { deleteValueAt } from '../json-pointer.ts';
import type { QuirkRule } from '../quirk-rule.ts';

/**
 * Properties the message does not define, e.g. an Authorize carrying "connectorId" (evcc-io/evcc#14579).
 * Dropping them loses nothing the CSMS could have used; the raw frame still has them.
 */
export const dropUndefinedProperties: QuirkRule = {
  name: 'drop-undefined-properties',
  trigger: 'invalid',
  repair: (input) => {
    const extras = input.violations.filter((violation) => violation.keyword === 'additionalProperties');
    for (const violation of extras) deleteValueAt(input.payload, violation.path);
    return extras.length > 0;
  },
};
