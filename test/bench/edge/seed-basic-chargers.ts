import { ulid } from 'ulid';
import type { EventBus } from '../../../services/core/bus/event-bus.ts';
import { topics } from '../../../services/core/bus/topic-catalogue.ts';
import type { Serde } from '../../../services/core/serde/serde.ts';
import { registrationToWire } from '../../../services/edge/registry/charger-wire.ts';
import { hashPassword } from '../../../services/edge/registry/password-hash.ts';

const appendBatch = 1_000;

/**
 * Writes security profile 1 registrations straight onto switchyard.chargers, as the registry would, before
 * the edge starts. One scrypt hash is shared by all of them: hashing thousands would only slow the setup.
 */
export async function seedBasicChargers(deps: { bus: EventBus; serde: Serde }, chargerIds: readonly string[], password: string): Promise<void> {
  const hash = await hashPassword(password);
  const now = Date.now();
  for (let start = 0; start < chargerIds.length; start += appendBatch) {
    const requests = await Promise.all(
      chargerIds.slice(start, start + appendBatch).map(async (chargerId) => ({
        topic: topics.chargers,
        key: chargerId,
        value: await deps.serde.encode(
          topics.chargers,
          registrationToWire(
            {
              chargerId,
              securityProfile: 1,
              password: hash,
              certificateIdentity: null,
              allowed: true,
              bootPolicy: 'accept',
              quirkRules: [],
              labels: {},
              createdAt: now,
              updatedAt: now,
            },
            { eventId: ulid(now), instanceId: 'bench-seed' },
          ),
        ),
      })),
    );
    await deps.bus.append(requests);
  }
}
