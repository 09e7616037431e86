import type { OcppVersion } from '../protocol/versions.ts';
import type { CommonConnectorStatus } from './domain-events.ts';

/** 1.6 reports the phases of a session (Preparing, Charging, Suspended*, Finishing); 2.0.1 says Occupied. */
const commonStatusByVersion: Readonly<Record<OcppVersion, Readonly<Record<string, CommonConnectorStatus>>>> = {
  'ocpp1.6': {
    Available: 'Available',
    Preparing: 'Occupied',
    Charging: 'Occupied',
    SuspendedEVSE: 'Occupied',
    SuspendedEV: 'Occupied',
    Finishing: 'Occupied',
    Reserved: 'Reserved',
    Unavailable: 'Unavailable',
    Faulted: 'Faulted',
  },
  'ocpp2.0.1': {
    Available: 'Available',
    Occupied: 'Occupied',
    Reserved: 'Reserved',
    Unavailable: 'Unavailable',
    Faulted: 'Faulted',
  },
};

/** The status was schema-validated, so an unknown one means the schema and this table disagree. */
export function commonConnectorStatus(version: OcppVersion, ocppStatus: string): CommonConnectorStatus {
  const status = commonStatusByVersion[version][ocppStatus];
  if (status === undefined) throw new Error(`no common status for ${version} connector status ${ocppStatus}`);
  return status;
}
