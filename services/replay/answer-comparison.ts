import { differingPaths } from './json-paths.ts';

/** An OCPP-J answer reduced to what a comparison looks at. */
export type Answer =
  | { readonly kind: 'result'; readonly payload: unknown }
  | { readonly kind: 'error'; readonly code: string; readonly description: string };

export type Verdict = 'match' | 'payload-differs' | 'kind-differs' | 'no-answer' | 'unrecorded';

export const verdicts: readonly Verdict[] = ['match', 'payload-differs', 'kind-differs', 'no-answer', 'unrecorded'];

export interface Comparison {
  readonly verdict: Verdict;
  /** JSON paths where the payloads differ (payload-differs only). */
  readonly differingPaths: readonly string[];
}

/** What one replayed CALL got back, next to what the recorded CSMS answered. */
export interface CallOutcome {
  readonly chargerId: string;
  /** Position of the CALL among the charger's replayed CALLs. */
  readonly sequence: number;
  readonly action: string;
  readonly originalMessageId: string;
  readonly recorded: Answer | null;
  readonly actual: Answer | null;
  readonly verdict: Verdict;
  readonly differingPaths: readonly string[];
}

export function compareAnswers(recorded: Answer | null, actual: Answer | null): Comparison {
  if (recorded === null) return { verdict: 'unrecorded', differingPaths: [] };
  if (actual === null) return { verdict: 'no-answer', differingPaths: [] };
  if (recorded.kind !== actual.kind) return { verdict: 'kind-differs', differingPaths: [] };
  if (recorded.kind === 'error' && actual.kind === 'error') {
    return recorded.code === actual.code ? { verdict: 'match', differingPaths: [] } : { verdict: 'kind-differs', differingPaths: [] };
  }
  if (recorded.kind === 'result' && actual.kind === 'result') {
    const paths = differingPaths(recorded.payload, actual.payload, '$');
    return { verdict: paths.length === 0 ? 'match' : 'payload-differs', differingPaths: paths };
  }
  return { verdict: 'kind-differs', differingPaths: [] };
}

export interface ActionSummary {
  readonly action: string;
  readonly sent: number;
  readonly counts: Readonly<Record<Verdict, number>>;
  /** Every path that differed at least once, with how often. */
  readonly differingPaths: Readonly<Record<string, number>>;
}

export function summarizeByAction(outcomes: readonly CallOutcome[]): ActionSummary[] {
  const byAction = new Map<string, CallOutcome[]>();
  for (const outcome of outcomes) byAction.set(outcome.action, [...(byAction.get(outcome.action) ?? []), outcome]);
  return [...byAction.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([action, group]) => {
      const counts = Object.fromEntries(verdicts.map((verdict) => [verdict, 0])) as Record<Verdict, number>;
      const paths: Record<string, number> = {};
      for (const outcome of group) {
        counts[outcome.verdict] += 1;
        for (const path of outcome.differingPaths) paths[path] = (paths[path] ?? 0) + 1;
      }
      return { action, sent: group.length, counts, differingPaths: paths };
    });
}
