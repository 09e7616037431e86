import type { OcppEvent } from '../../../services/core/events/generated-types.ts';
import type { OutputTopic, ProjectedRecord, Projection } from '../../../services/projectors/runtime/projection.ts';
import type { TrackerInput } from '../../../services/projectors/tracking/session-tracker.ts';
import type { TrackerSettings } from '../../../services/projectors/tracking/session-tracker.ts';
import type { ViewSettings } from '../../../services/projectors/tracking/session-views.ts';
import { depotTariff, locationRecord } from './charger-script.ts';

export const settings: TrackerSettings & ViewSettings = {
  ownParty: { country_code: 'NL', party_id: 'SWY' },
  timeZone: 'UTC',
  defaultCurrency: 'EUR',
  finishedSessionsKept: 8,
};

/** Location LOC-1 (UTC) with EVSE CP-1-1 priced by depotTariff. */
export const depotReference: readonly TrackerInput[] = [
  { kind: 'tariff', key: 'NL/SWY/AC-STANDARD', record: depotTariff },
  { kind: 'location', key: 'NL/SWY/LOC-1', record: locationRecord({ id: 'LOC-1', evseUids: ['CP-1-1'], tariffIds: ['AC-STANDARD'], timeZone: 'UTC' }) },
];

export const charger = (event: OcppEvent): TrackerInput => ({ kind: 'charger-event', event });

export interface RunResult<S, T extends OutputTopic> {
  readonly state: S;
  readonly outputs: readonly ProjectedRecord<T>[];
  /** Outputs of the last input only. */
  readonly lastOutputs: readonly ProjectedRecord<T>[];
  readonly rejected: readonly string[];
}

/** Feeds the inputs one by one, as the consumer adapter does, and collects what came out. */
export function run<S, T extends OutputTopic>(projection: Projection<S, T>, inputs: readonly TrackerInput[], from?: S): RunResult<S, T> {
  let state = from ?? projection.initialState;
  const outputs: ProjectedRecord<T>[] = [];
  const rejected: string[] = [];
  let lastOutputs: readonly ProjectedRecord<T>[] = [];
  for (const input of inputs) {
    const step = projection.evolve(state, input);
    state = step.state;
    outputs.push(...step.outputs);
    lastOutputs = step.outputs;
    if (step.rejected !== null) rejected.push(step.rejected);
  }
  return { state, outputs, lastOutputs, rejected };
}
