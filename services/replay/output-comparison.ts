import { differingPaths } from './json-paths.ts';

export type OutputVerdict = 'identical' | 'differs' | 'only-live' | 'only-rebuilt';

export const outputVerdicts: readonly OutputVerdict[] = ['identical', 'differs', 'only-live', 'only-rebuilt'];

/** One output record (a key's value in the live topic or in the rebuild) as the comparison sees it. */
export interface ComparableOutput {
  readonly key: string;
  /** The value's wire bytes in base64: byte equality is the goal, the decoded value explains a difference. */
  readonly bytes: string;
  /** The anomalies header, or null when the record has none. */
  readonly flags: string | null;
  /** The decoded value with its `object_json` parsed, so a difference points inside the OCPI object. */
  readonly value: unknown;
}

export interface OutputOutcome {
  readonly key: string;
  readonly verdict: OutputVerdict;
  /** JSON paths of the decoded value (and `headers.flags`) that differ; `differs` only. */
  readonly differingPaths: readonly string[];
}

/** Marks a byte difference that decodes to equal values (another schema id, say). */
export const encodingOnlyPath = '$ (encoding only)';

/** Every key of either side, in key order, with how the rebuilt value compares with the live one. */
export function compareOutputs(live: ReadonlyMap<string, ComparableOutput>, rebuilt: ReadonlyMap<string, ComparableOutput>): OutputOutcome[] {
  const keys = [...new Set([...live.keys(), ...rebuilt.keys()])].sort();
  return keys.map((key) => {
    const before = live.get(key);
    const after = rebuilt.get(key);
    if (before === undefined) return { key, verdict: 'only-rebuilt', differingPaths: [] };
    if (after === undefined) return { key, verdict: 'only-live', differingPaths: [] };
    if (before.bytes === after.bytes && before.flags === after.flags) return { key, verdict: 'identical', differingPaths: [] };
    const paths = [...differingPaths(before.value, after.value), ...(before.flags === after.flags ? [] : ['headers.flags'])];
    return { key, verdict: 'differs', differingPaths: paths.length === 0 ? [encodingOnlyPath] : paths };
  });
}

/** A decoded output value with its OCPI object (the `payload.object_json` text) parsed in place. */
export function withParsedObject(value: unknown): unknown {
  if (!isRecord(value) || !isRecord(value['payload'])) return value;
  const objectJson = value['payload']['object_json'];
  if (typeof objectJson !== 'string') return value;
  return { ...value, payload: { ...value['payload'], object_json: JSON.parse(objectJson) as unknown } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface ComparisonSummary {
  readonly counts: Readonly<Record<OutputVerdict, number>>;
  /** Every path that differed at least once, with how often. */
  readonly differingPaths: Readonly<Record<string, number>>;
}

export function summarizeOutcomes(outcomes: readonly OutputOutcome[]): ComparisonSummary {
  const counts = Object.fromEntries(outputVerdicts.map((verdict) => [verdict, 0])) as Record<OutputVerdict, number>;
  const paths: Record<string, number> = {};
  for (const outcome of outcomes) {
    counts[outcome.verdict] += 1;
    for (const path of outcome.differingPaths) paths[path] = (paths[path] ?? 0) + 1;
  }
  return { counts, differingPaths: paths };
}

export interface SwapPlan {
  /** Keys whose rebuilt record is appended to the live topic, in this order. */
  readonly append: readonly string[];
  /** Differences left as they are, with why. */
  readonly kept: readonly { readonly key: string; readonly reason: string }[];
}

/**
 * What `--swap` appends so the live topic reads as the rebuild: for a compacted topic (latest per key) the
 * rebuilt value of every key that differs or is missing; for an immutable one (once per key) only the
 * missing keys, since a differing record can be corrected only by a new record (a credit CDR), never by
 * an edit. Keys the live topic changed after the rebuild pinned it are newer than the rebuild: kept.
 * Keys only the live topic has are kept too: a rebuild from --from, or after retention dropped inputs,
 * lacks them by construction.
 */
export function planSwap(outcomes: readonly OutputOutcome[], outputKind: 'latest-per-key' | 'once-per-key', changedSincePin: ReadonlySet<string>): SwapPlan {
  const append: string[] = [];
  const kept: { key: string; reason: string }[] = [];
  for (const { key, verdict } of outcomes) {
    if (verdict === 'identical' || verdict === 'only-live') continue;
    if (changedSincePin.has(key)) kept.push({ key, reason: 'the live topic changed this key after the rebuild started' });
    else if (verdict === 'differs' && outputKind === 'once-per-key') kept.push({ key, reason: 'immutable record: correct it with a new record, not an edit' });
    else append.push(key);
  }
  return { append, kept };
}
