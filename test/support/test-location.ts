import { locationKind } from '../../services/roaming/ocpi/location-kind.ts';
import type { EvseStatus, OcpiLocation } from '../../services/roaming/ocpi/location-object.ts';

export interface TestEvse {
  /** Defaults to CP-1. */
  readonly charger?: string;
  readonly evse: number;
  /** Connector ids; defaults to one connector "1". */
  readonly connectors?: readonly string[];
  readonly status?: EvseStatus | string;
}

const connector = (id: string) => ({ id, standard: 'IEC_62196_T2', format: 'SOCKET', power_type: 'AC_3_PHASE', max_voltage: 400, max_amperage: 32 });

/** Location NL/SWY/LOC-1 in Amsterdam with the given EVSEs, accepted by the roaming admin rules at `at`. */
export function testLocation(evses: readonly TestEvse[], at: number): OcpiLocation {
  const accepted = locationKind.accept(
    {
      country_code: 'NL',
      party_id: 'SWY',
      id: 'LOC-1',
      publish: true,
      address: 'Stationsplein 1',
      city: 'Amsterdam',
      country: 'NLD',
      coordinates: { latitude: '52.37403', longitude: '4.88969' },
      time_zone: 'Europe/Amsterdam',
      evses: evses.map((evse) => ({
        connectors: (evse.connectors ?? ['1']).map(connector),
        switchyard: { charger_id: evse.charger ?? 'CP-1', evse_id: evse.evse },
        ...(evse.status === undefined ? {} : { status: evse.status }),
      })),
    },
    at,
  );
  if (!accepted.ok) throw new Error(accepted.problems.join('; '));
  return accepted.object;
}
