import type { EventBus } from '../../core/bus/event-bus.ts';
import { followFromStart } from '../../core/bus/follow-from-start.ts';
import { topics } from '../../core/bus/topic-catalogue.ts';
import type { Clock } from '../../core/clock.ts';
import { SwitchyardError } from '../../core/errors.ts';
import type { ChargerRegistration, RegistrationRequest } from './charger-registration.ts';
import { registrationFromWire, registrationToWire } from './charger-wire.ts';
import { hashPassword } from './password-hash.ts';
import type { Serde } from '../../core/serde/serde.ts';

export interface ChargerRegistry {
  /** Resolves once every registration present at start has been read back from the topic. */
  readonly ready: Promise<void>;
  get(chargerId: string): ChargerRegistration | undefined;
  list(): ChargerRegistration[];
  put(chargerId: string, request: RegistrationRequest): Promise<ChargerRegistration>;
  /** Returns false when the charger was not registered. */
  remove(chargerId: string): Promise<boolean>;
  close(): Promise<void>;
}

export interface ChargerRegistryDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Each edge instance reads the whole topic under its own group, so every instance sees every charger. */
  readonly instanceId: string;
}

/**
 * The charger registry, kept as events on the compacted topic switchyard.chargers and mirrored into
 * memory: the handshake path never waits on I/O to look a charger up. Writes go to the topic first and
 * land in memory as soon as they are durable, so an instance that answered a PUT sees its own write;
 * other instances see it through their subscription.
 */
export async function openChargerRegistry(deps: ChargerRegistryDeps): Promise<ChargerRegistry> {
  const { bus, serde, clock } = deps;
  const chargers = new Map<string, ChargerRegistration>();
  const group = `switchyard.edge.registry.${deps.instanceId}`;

  const followed = await followFromStart({
    bus,
    topic: topics.chargers,
    group,
    handle: async (record) => {
      if (record.value === null) chargers.delete(record.key);
      else chargers.set(record.key, registrationFromWire(await serde.decode(topics.chargers, record.value)));
    },
  });

  return {
    ready: followed.ready,
    get: (chargerId) => chargers.get(chargerId),
    list: () => [...chargers.values()].sort((a, b) => a.chargerId.localeCompare(b.chargerId)),
    async put(chargerId, request) {
      const now = clock.now();
      const registration: ChargerRegistration = {
        chargerId,
        securityProfile: request.securityProfile,
        password: request.password === undefined ? null : await hashPassword(request.password),
        certificateIdentity: request.certificateIdentity ?? null,
        allowed: request.allowed,
        bootPolicy: request.bootPolicy,
        quirkRules: request.quirkRules,
        labels: request.labels,
        createdAt: chargers.get(chargerId)?.createdAt ?? now,
        updatedAt: now,
      };
      const value = await serde.encode(topics.chargers, registrationToWire(registration, { eventId: deps.newId(), instanceId: deps.instanceId }));
      await appendOrThrow(bus, chargerId, value);
      chargers.set(chargerId, registration);
      return registration;
    },
    async remove(chargerId) {
      if (!chargers.has(chargerId)) return false;
      await appendOrThrow(bus, chargerId, null);
      chargers.delete(chargerId);
      return true;
    },
    close: () => followed.close(),
  };
}

async function appendOrThrow(bus: EventBus, chargerId: string, value: Uint8Array | null): Promise<void> {
  try {
    await bus.append([{ topic: topics.chargers, key: chargerId, value }]);
  } catch (error) {
    throw new SwitchyardError('registry.write-failed', `could not store charger ${chargerId}`, {
      retriable: true,
      cause: error,
    });
  }
}
