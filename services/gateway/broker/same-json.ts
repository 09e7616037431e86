import type { JsonObject } from '../../edge/protocol/frame.ts';

/**
 * Equality of parsed JSON values (objects, arrays, strings, numbers, booleans, null), key order aside.
 * Every observer answer is compared with the primary's: this walks the two values once, where
 * util.isDeepStrictEqual checks prototypes, symbols and descriptors JSON cannot have.
 */
export function sameJson(left: unknown, right: unknown): boolean {
  if (left === right) return true;
  if (typeof left !== 'object' || typeof right !== 'object' || left === null || right === null) return false;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || left.length !== right.length) return false;
    return left.every((item, index) => sameJson(item, right[index]));
  }
  return sameJsonFields(left as JsonObject, right as JsonObject, []);
}

/** sameJson for two objects, fields named in `ignored` left out on both sides. */
export function sameJsonFields(left: JsonObject, right: JsonObject, ignored: readonly string[]): boolean {
  let unmatched = 0;
  for (const key of Object.keys(left)) {
    if (ignored.includes(key)) continue;
    if (!Object.hasOwn(right, key) || !sameJson(left[key], right[key])) return false;
    unmatched += 1;
  }
  for (const key of Object.keys(right)) {
    if (!ignored.includes(key)) unmatched -= 1;
  }
  return unmatched === 0;
}
