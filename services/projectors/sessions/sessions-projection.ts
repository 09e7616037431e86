import { trackSessions, initialTrackerState, type TrackerSettings, type TrackerState } from '../tracking/session-tracker.ts';
import type { ViewSettings } from '../tracking/session-views.ts';
import type { Projection } from '../runtime/projection.ts';
import { sessionRecordOf } from './session-record.ts';

export type SessionsSettings = TrackerSettings & ViewSettings;

/** Every change of a tracked session becomes its OCPI Session, keyed country_code/party_id/id. */
export function sessionsProjection(settings: SessionsSettings): Projection<TrackerState, 'switchyard.sessions'> {
  return {
    name: 'sessions',
    outputTopic: 'switchyard.sessions',
    outputKind: 'latest-per-key',
    initialState: initialTrackerState,
    evolve(state, input) {
      const step = trackSessions(state, input, settings);
      switch (step.outcome) {
        case 'changed': {
          const record = sessionRecordOf(step.session, step.cause, settings);
          return { state: step.state, outputs: [{ key: record.envelope.key, value: record, flags: step.session.anomalies }], rejected: null };
        }
        case 'unchanged':
          return { state: step.state, outputs: [], rejected: null };
        case 'rejected':
          return { state: step.state, outputs: [], rejected: step.reason };
        default: {
          const unknown: never = step;
          throw new TypeError(`unknown tracker step ${JSON.stringify(unknown)}`);
        }
      }
    },
  };
}
