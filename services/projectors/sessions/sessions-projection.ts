import { trackSessions, initialTrackerState, type TrackerSettings, type TrackerState } from '../tracking/session-tracker.ts';
import type { ViewSettings } from '../tracking/session-views.ts';
import type { SessionRecord } from '../../core/events/generated-types.ts';
import type { ProjectedRecord, Projection } from '../runtime/projection.ts';
import { partyKey } from '../tracking/reference-data.ts';
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
          const { session, cause } = step;
          let record: SessionRecord | undefined;
          // Rendered on first read: a replay keeps only each session's last output, so it never renders the rest.
          const output: ProjectedRecord<'switchyard.sessions'> = {
            key: partyKey(session.binding.owner, session.id),
            flags: session.anomalies,
            get value() {
              record ??= sessionRecordOf(session, cause, settings);
              return record;
            },
          };
          return { state: step.state, outputs: [output], rejected: null };
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
