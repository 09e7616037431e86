import type { CdrRecord, OcppEvent } from '../../core/events/generated-types.ts';
import type { ProjectedRecord, Projection, ProjectionStep } from '../runtime/projection.ts';
import { cdrIdOf } from '../tracking/derived-ids.ts';
import { partyKey } from '../tracking/reference-data.ts';
import { initialTrackerState, trackSessions, type TrackerSettings, type TrackerState } from '../tracking/session-tracker.ts';
import { outputEnvelope, type ViewSettings } from '../tracking/session-views.ts';
import { ShardedMap } from '../tracking/sharded-map.ts';
import type { TrackedSession } from '../tracking/tracked-session.ts';
import { billingContentOf, cdrObjectOf, cdrPayloadOf, creditCdrOf, type CdrObject } from './cdr-object.ts';

export type CdrsSettings = TrackerSettings & ViewSettings;

interface IssuedCdr {
  readonly revision: number;
  readonly cdr: CdrObject;
  readonly billingContent: string;
}

export interface CdrsState {
  readonly tracker: TrackerState;
  /** The CDR in force per session id (the last one issued and not credited). */
  readonly issued: ShardedMap<IssuedCdr>;
}

type CdrStep = ProjectionStep<CdrsState, 'switchyard.cdrs'>;

/**
 * One immutable CDR per completed session. When a later event changes what the session bills (a late
 * meter reading, a corrected stop), the CDR in force is credited (credit: true, credit_reference_id) and a
 * new CDR is issued under the next revision id; CDRs are never edited. INVALID sessions are not billed.
 */
export function cdrsProjection(settings: CdrsSettings): Projection<CdrsState, 'switchyard.cdrs'> {
  return {
    name: 'cdrs',
    outputTopic: 'switchyard.cdrs',
    outputKind: 'once-per-key',
    initialState: { tracker: initialTrackerState, issued: ShardedMap.empty() },
    evolve(state, input): CdrStep {
      const step = trackSessions(state.tracker, input, settings);
      const next: CdrsState = { ...state, tracker: step.state };
      switch (step.outcome) {
        case 'changed':
          return step.session.status === 'COMPLETED' ? issue(next, step.session, step.cause, settings) : { state: next, outputs: [], rejected: null };
        case 'unchanged':
          return { state: next, outputs: [], rejected: null };
        case 'rejected':
          return { state: next, outputs: [], rejected: step.reason };
        default: {
          const unknown: never = step;
          throw new TypeError(`unknown tracker step ${JSON.stringify(unknown)}`);
        }
      }
    },
  };
}

function issue(state: CdrsState, session: TrackedSession, cause: OcppEvent, settings: CdrsSettings): CdrStep {
  const inForce = state.issued.get(session.id);
  const revision = inForce === undefined ? 0 : inForce.revision + 1;
  const cdr = cdrObjectOf(session, cdrIdOf(session.id, revision), settings);
  const billingContent = billingContentOf(cdr);
  if (inForce !== undefined && inForce.billingContent === billingContent) return { state, outputs: [], rejected: null };

  const outputs: ProjectedRecord<'switchyard.cdrs'>[] = [];
  if (inForce !== undefined) outputs.push(recordOf(creditCdrOf(inForce.cdr, session.lastUpdated), session, cause, 'credit'));
  outputs.push(recordOf(cdr, session, cause, 'cdr'));
  const issued = state.issued.set(session.id, { revision, cdr, billingContent });
  return { state: { ...state, issued }, outputs, rejected: null };
}

function recordOf(cdr: CdrObject, session: TrackedSession, cause: OcppEvent, role: string): ProjectedRecord<'switchyard.cdrs'> {
  const owner = session.binding.owner;
  const key = partyKey(owner, cdr.id);
  const value: CdrRecord = { envelope: outputEnvelope(cause, key, 'cdrs', role), payload: cdrPayloadOf(cdr, owner, session) };
  return { key, value, flags: session.anomalies };
}
