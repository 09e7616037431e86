import type { QuirkRule } from './quirk-rule.ts';
import { dropUndefinedProperties } from './rules/drop-undefined-properties.ts';
import { energyKwhLabelledWh } from './rules/energy-kwh-labelled-wh.ts';
import { missingTimestampAsReceiveTime } from './rules/missing-timestamp.ts';
import { numberAsString } from './rules/number-as-string.ts';
import { numericStringAsNumber } from './rules/numeric-string-as-number.ts';
import { singleObjectAsArray } from './rules/single-object-as-array.ts';
import { timestampCompactOffset } from './rules/timestamp-compact-offset.ts';
import { timestampWithoutZoneAsUtc } from './rules/timestamp-without-zone.ts';
import { truncateOverlongStrings } from './rules/truncate-overlong-strings.ts';
import { unknownErrorCodeAsOtherError } from './rules/unknown-error-code.ts';

/**
 * Every rule, in the order they are tried: shape repairs first (an object where an array belongs
 * hides the violations inside it), then value repairs, dropping properties last.
 */
export const quirkRules: readonly QuirkRule[] = [
  singleObjectAsArray,
  numericStringAsNumber,
  numberAsString,
  timestampWithoutZoneAsUtc,
  timestampCompactOffset,
  missingTimestampAsReceiveTime,
  unknownErrorCodeAsOtherError,
  truncateOverlongStrings,
  dropUndefinedProperties,
  energyKwhLabelledWh,
];

export type QuirkRuleName = string;

export function isQuirkRuleName(name: string): boolean {
  return quirkRules.some((rule) => rule.name === name);
}
