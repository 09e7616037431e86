import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../services/core/events/envelope.ts';
import { createEventIdGenerator } from '../../services/core/events/event-id.ts';
import type { OcppEventPayloadBranches } from '../../services/core/events/generated-types.ts';
import { openUnion, wrapUnion } from '../../services/core/events/union.ts';

const start = Date.UTC(2026, 10, 21, 12, 0, 0);

describe('event ids', () => {
  it('are ULIDs carrying the clock time, strictly increasing within a millisecond and when the clock steps back', () => {
    const clock = fixedClock(start);
    const nextId = createEventIdGenerator(clock);
    const sameMillisecond = [nextId(), nextId(), nextId()];
    clock.advance(-5_000);
    const afterStepBack = nextId();

    for (const id of [...sameMillisecond, afterStepBack]) expect(isValid(id)).toBe(true);
    expect(decodeTime(sameMillisecond[0] as string)).toBe(start);
    expect([...sameMillisecond, afterStepBack]).toEqual([...sameMillisecond, afterStepBack].sort());
    expect(new Set([...sameMillisecond, afterStepBack]).size).toBe(4);
  });
});

describe('envelopes', () => {
  const source = { service: 'edge', instanceId: 'edge-7' };

  it.each([
    {
      given: 'only a key',
      fields: { key: 'CP-1' },
      then: { key: 'CP-1', occurred_at: null, source: { service: 'edge', instance_id: 'edge-7', connection_id: null }, correlation_id: null, causation_id: null },
    },
    {
      given: 'a charger time, connection, correlation and causation',
      fields: { key: 'CP-2', occurredAt: start - 500, connectionId: 'conn-1', correlationId: 'cmd-1', causationId: 'evt-0' },
      then: {
        key: 'CP-2',
        occurred_at: start - 500,
        source: { service: 'edge', instance_id: 'edge-7', connection_id: 'conn-1' },
        correlation_id: 'cmd-1',
        causation_id: 'evt-0',
      },
    },
  ])('given $given, stamps id and recorded time from the clock', ({ fields, then }) => {
    const buildEnvelope = createEnvelopeBuilder({ clock: fixedClock(start), source });
    const envelope = buildEnvelope(fields);
    expect(envelope).toEqual({ ...then, event_id: expect.any(String), recorded_at: start });
    expect(decodeTime(envelope.event_id)).toBe(start);
  });
});

describe('wrapped unions', () => {
  it('open into a kind and a value, and wrap back', () => {
    const status = { status: 'Installed', request_id: null };
    const wrapped = wrapUnion<OcppEventPayloadBranches, 'io.switchyard.ocpp.FirmwareStatusChanged'>('io.switchyard.ocpp.FirmwareStatusChanged', status);
    expect(wrapped).toEqual({ 'io.switchyard.ocpp.FirmwareStatusChanged': status });
    expect(openUnion<OcppEventPayloadBranches>(wrapped)).toEqual({ kind: 'io.switchyard.ocpp.FirmwareStatusChanged', value: status });
  });

  it('refuse a value that is not exactly one branch', () => {
    expect(() => openUnion<OcppEventPayloadBranches>({} as never)).toThrow(/exactly one branch/);
  });
});
