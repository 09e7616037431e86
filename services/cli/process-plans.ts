import { startEdge } from '../edge/main.ts';
import { startHistory } from '../history/main.ts';
import { startOcpi } from '../ocpi/main.ts';
import { projectorNamed, projectors } from '../projectors/main.ts';
import { startAnalystSqlEndpoint } from './analyst-sql-endpoint.ts';
import type { ProcessPlan } from './run-process.ts';

export type SingleService = 'edge' | 'ocpi' | 'history';

/**
 * `switchyard run`: consumers first, so they are ready before the edge lets chargers in; the edge last,
 * so it is the first to stop.
 */
export function allInOnePlan(): ProcessPlan {
  return {
    name: 'switchyard',
    layout: 'all-in-one',
    services: [
      ...Object.entries(projectors).map(([name, start]) => ({ name: `projector-${name}`, start })),
      { name: 'history', start: startHistory },
      { name: 'ocpi', start: startOcpi },
      { name: 'sql-endpoint', start: startAnalystSqlEndpoint },
      { name: 'edge', start: startEdge },
    ],
  };
}

export function singleServicePlan(service: SingleService): ProcessPlan {
  return { name: service, layout: 'single-service', services: [{ name: service, start: startOf(service) }] };
}

export function projectorPlan(name: string): ProcessPlan {
  const process = `projector-${name}`;
  return { name: process, layout: 'single-service', services: [{ name: process, start: projectorNamed(name) }] };
}

function startOf(service: SingleService) {
  switch (service) {
    case 'edge':
      return startEdge;
    case 'ocpi':
      return startOcpi;
    case 'history':
      return startHistory;
    default: {
      const unreachable: never = service;
      return unreachable;
    }
  }
}
