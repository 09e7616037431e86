import type { ConnectorStatus } from '../../core/events/generated-types.ts';
import type { EvseStatus } from '../ocpi/location-object.ts';

/**
 * OCPP connector status (the edge's common vocabulary: 1.6 Preparing, Charging, SuspendedEV,
 * SuspendedEVSE and Finishing, and 2.0.1 Occupied, all arrive as OCCUPIED) to OCPI EVSE status.
 */
export function ocpiStatusOf(status: ConnectorStatus): EvseStatus {
  switch (status) {
    case 'AVAILABLE':
      return 'AVAILABLE';
    case 'OCCUPIED':
      return 'CHARGING';
    case 'RESERVED':
      return 'RESERVED';
    case 'UNAVAILABLE':
      return 'INOPERATIVE';
    case 'FAULTED':
      return 'OUTOFORDER';
    case 'UNKNOWN':
      return 'UNKNOWN';
    default: {
      const unreachable: never = status;
      return unreachable;
    }
  }
}

/**
 * An OCPI EVSE is one OCPP EVSE, whose connectors report separately (2.0.1). The EVSE shows what a driver
 * can expect from it: in use if any connector is, then reserved, then usable, and only then broken.
 */
const precedence: readonly EvseStatus[] = ['CHARGING', 'RESERVED', 'AVAILABLE', 'BLOCKED', 'OUTOFORDER', 'INOPERATIVE', 'UNKNOWN'];

export function evseStatusOfConnectors(statuses: readonly EvseStatus[]): EvseStatus {
  return precedence.find((status) => statuses.includes(status)) ?? 'UNKNOWN';
}
