import { cdrsProjection } from './cdrs/cdrs-projection.ts';
import type { OutputTopic, Projection } from './runtime/projection.ts';
import { sessionsProjection, type SessionsSettings } from './sessions/sessions-projection.ts';

/**
 * The pure projections behind the sessions and CDR projectors, by projector name: the live consumer and
 * `switchyard replay rebuild` build them from here, so a rebuild runs exactly the live code.
 */
export const projections = {
  sessions: sessionsProjection,
  cdrs: cdrsProjection,
} as const satisfies Readonly<Record<string, (settings: SessionsSettings) => Projection<unknown, OutputTopic>>>;

export type ProjectionName = keyof typeof projections;

export const projectionNames = Object.keys(projections) as readonly ProjectionName[];

export function isProjectionName(name: string): name is ProjectionName {
  return Object.hasOwn(projections, name);
}
