/**
 * A small, hand-checkable day of two stations (CP-1, CP-2) plus one other charger (CP-3), 2026-11-20 UTC.
 * The expected KPI values are worked out in test/history/kpi-views.test.ts next to their assertions.
 */
import type { OcppEvent } from '../../../services/core/events/generated-types.ts';
import {
  authorizationDecided,
  booted,
  commandAnswered,
  connected,
  disconnected,
  statusChanged,
  transactionEnded,
  transactionStarted,
} from './ocpp-events.ts';

export const scenarioDay = '2026-11-20';
const at = (time: string): number => Date.parse(`${scenarioDay}T${time}:00.000Z`);
const hour = 3_600_000;

export function kpiScenario(): OcppEvent[] {
  const cp1 = (time: string, occurred?: string) => ({
    charger: 'CP-1',
    at: at(time),
    ...(occurred === undefined ? {} : { occurredAt: at(occurred) }),
  });
  const cp2 = (time: string, occurred?: string) => ({
    charger: 'CP-2',
    at: at(time),
    ...(occurred === undefined ? {} : { occurredAt: at(occurred) }),
  });
  return [
    // Connectivity: CP-1 08:00-09:00 and 10:00-still open; CP-2 07:00-09:00.
    connected(cp1('08:00'), 'conn-1a'),
    disconnected(cp1('09:00'), 'conn-1a', hour),
    connected(cp1('10:00'), 'conn-1b'),
    connected(cp2('07:00'), 'conn-2a'),
    disconnected(cp2('09:00'), 'conn-2a', 2 * hour),

    // Firmware: CP-1 upgraded from 1.4.2 to 1.5.0; CP-2 still on 1.4.2; CP-3 is another model.
    booted(cp1('08:00'), 'Alpitronic', 'HYC300', '1.4.2'),
    booted(cp1('10:00'), 'Alpitronic', 'HYC300', '1.5.0'),
    booted(cp2('07:00'), 'Alpitronic', 'HYC300', '1.4.2'),
    booted({ charger: 'CP-3', at: at('07:30') }, 'ABB', 'Terra 54', '1.8.0'),

    // Sessions: CP-1 evse 1 twice (10 kWh, 7.5 kWh), CP-1 evse 2 once (22 kWh), CP-2 evse 1 still running.
    transactionStarted(cp1('08:10'), '1', 1, 1_000),
    transactionEnded(cp1('08:50'), '1', 11_000),
    transactionStarted(cp1('10:10'), '2', 1, 11_000),
    transactionEnded(cp1('11:00'), '2', 18_500),
    transactionStarted(cp1('08:20'), '3', 2, 0),
    transactionEnded(cp1('09:20'), '3', 22_000),
    transactionStarted(cp2('08:15'), '4', 1, 500),

    // Faults: CP-1 evse 1 detected after 60 s, reset remotely, cleared after 30 min; CP-2 evse 1 detected
    // after 120 s, reported twice, cleared after 60 min without a command; CP-1 evse 2 still faulted.
    statusChanged(cp1('09:00', '08:59'), 1, 'FAULTED', 'GroundFailure'),
    commandAnswered(cp1('09:20'), 'Reset', 'ACCEPTED', 'cmd-1'),
    statusChanged(cp1('09:30'), 1, 'AVAILABLE'),
    statusChanged(cp2('10:00', '09:58'), 1, 'FAULTED', 'PowerMeterFailure'),
    statusChanged(cp2('10:05'), 1, 'FAULTED', 'PowerMeterFailure'),
    statusChanged(cp2('11:00'), 1, 'AVAILABLE'),
    statusChanged(cp1('11:30', '11:30'), 2, 'FAULTED', 'OverCurrentFailure'),
    // A Reset the charger rejected does not count as a remote fix.
    commandAnswered(cp2('10:30'), 'Reset', 'REJECTED', 'cmd-2'),

    // Authorizations: CP-1 two accepted and one invalid; CP-2 one blocked and one invalid (same token twice).
    authorizationDecided(cp1('08:09'), 'TOKEN-1', 'ACCEPTED'),
    authorizationDecided(cp1('10:09'), 'TOKEN-1', 'ACCEPTED'),
    authorizationDecided(cp1('10:30'), 'TOKEN-X', 'INVALID'),
    authorizationDecided(cp2('08:14'), 'TOKEN-B', 'BLOCKED'),
    authorizationDecided(cp2('08:16'), 'TOKEN-B', 'INVALID'),
  ];
}
