import { isDeepStrictEqual } from 'node:util';

/** The JSON paths (from `root`) where two decoded values differ; arrays of unequal length differ as a whole. */
export function differingPaths(expected: unknown, actual: unknown, root = '$'): string[] {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
    return keys.flatMap((key) => differingPaths(expected[key], actual[key], `${root}.${key}`));
  }
  if (Array.isArray(expected) && Array.isArray(actual) && expected.length === actual.length) {
    return expected.flatMap((item, index) => differingPaths(item, actual[index], `${root}[${index}]`));
  }
  return isDeepStrictEqual(expected, actual) ? [] : [root];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
