import { priceSession } from '../../../services/pricing/price-session.ts';
import { initialTrackerState, trackSessions, type TrackerInput } from '../../../services/projectors/tracking/session-tracker.ts';
import { pricedSession } from '../../../services/projectors/tracking/settled-usage.ts';
import { usageOf } from '../../../services/projectors/tracking/tracked-session.ts';
import { settings } from './projection-run.ts';

export interface StepPricing {
  /** Session id and the input that changed it. */
  readonly at: string;
  /** As the projectors price it: the settled usage kept in the tracked session, extended by the rest. */
  readonly inSteps: string;
  /** The whole usage priced at once, from the session's readings. */
  readonly whole: string;
}

/** Every change of every tracked session, priced both ways, as the JSON a Session or CDR would carry. */
export function pricedBothWays(inputs: readonly TrackerInput[]): StepPricing[] {
  const comparisons: StepPricing[] = [];
  let state = initialTrackerState;
  for (const [index, input] of inputs.entries()) {
    const step = trackSessions(state, input, settings);
    state = step.state;
    if (step.outcome !== 'changed') continue;
    const { session } = step;
    const whole = priceSession({ tariff: session.binding.tariff, timeZone: session.binding.timeZone, sessionStart: session.startedAt, segments: usageOf(session) });
    comparisons.push({ at: `${session.id} after input ${index}`, inSteps: JSON.stringify(pricedSession(session)), whole: JSON.stringify(whole) });
  }
  return comparisons;
}

/** The comparisons that disagree: none, when pricing in steps is exact. */
export function disagreements(comparisons: readonly StepPricing[]): StepPricing[] {
  return comparisons.filter((comparison) => comparison.inSteps !== comparison.whole);
}
