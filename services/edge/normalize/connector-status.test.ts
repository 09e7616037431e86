import { describe, expect, it } from 'vitest';
import type { OcppVersion } from '../protocol/versions.ts';
import { commonConnectorStatus } from './connector-status.ts';

describe('commonConnectorStatus', () => {
  it.each<{ version: OcppVersion; given: string; then: string }>([
    { version: 'ocpp1.6', given: 'Available', then: 'Available' },
    { version: 'ocpp1.6', given: 'Preparing', then: 'Occupied' },
    { version: 'ocpp1.6', given: 'Charging', then: 'Occupied' },
    { version: 'ocpp1.6', given: 'SuspendedEVSE', then: 'Occupied' },
    { version: 'ocpp1.6', given: 'SuspendedEV', then: 'Occupied' },
    { version: 'ocpp1.6', given: 'Finishing', then: 'Occupied' },
    { version: 'ocpp1.6', given: 'Reserved', then: 'Reserved' },
    { version: 'ocpp1.6', given: 'Unavailable', then: 'Unavailable' },
    { version: 'ocpp1.6', given: 'Faulted', then: 'Faulted' },
    { version: 'ocpp2.0.1', given: 'Available', then: 'Available' },
    { version: 'ocpp2.0.1', given: 'Occupied', then: 'Occupied' },
    { version: 'ocpp2.0.1', given: 'Reserved', then: 'Reserved' },
    { version: 'ocpp2.0.1', given: 'Unavailable', then: 'Unavailable' },
    { version: 'ocpp2.0.1', given: 'Faulted', then: 'Faulted' },
  ])('given $version $given then $then', ({ version, given, then }) => {
    expect(commonConnectorStatus(version, given)).toBe(then);
  });

  it('given a 1.6-only status reported over 2.0.1 then it is a bug, not a guess', () => {
    expect(() => commonConnectorStatus('ocpp2.0.1', 'Charging')).toThrow('no common status');
  });
});
