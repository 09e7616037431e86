import type { Logger } from 'pino';
import type { EventBus } from '../../core/bus/event-bus.ts';
import type { Serde } from '../../core/serde/serde.ts';
import type { OcpiTariff } from '../../roaming/ocpi/tariff-object.ts';
import { cdrsModule } from './cdrs/cdrs-module.ts';
import { indexLocations, type LocationIndex, type LocationSource } from './locations/location-index.ts';
import { locationsModule } from './locations/locations-module.ts';
import type { OcpiModule } from './ocpi-module.ts';
import type { SenderModuleDeps } from './paging/sender-deps.ts';
import { openTokenPartyIndex, type TokenPartyIndex } from './paging/token-party-index.ts';
import { sessionsModule } from './sessions/sessions-module.ts';
import { tariffsModule } from './tariffs/tariffs-module.ts';

export interface SenderDataDeps {
  readonly bus: EventBus;
  readonly serde: Serde;
  readonly logger: Logger;
  /** Names the consumer groups of the session and CDR readers. */
  readonly instanceId: string;
  /** The roaming state's live Locations. */
  readonly locations: LocationSource;
}

/** What the sender modules page through, kept in paging order as it changes. */
export interface SenderData {
  readonly locations: LocationIndex;
  /** Latest per key from switchyard.sessions; tombstones remove. */
  readonly sessions: TokenPartyIndex;
  /** Every CDR from switchyard.cdrs (a credit CDR is a record of its own). */
  readonly cdrs: TokenPartyIndex;
  /** Resolves once sessions and CDRs present at start are read. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

export async function openSenderData(deps: SenderDataDeps): Promise<SenderData> {
  const indexOf = (topic: 'switchyard.sessions' | 'switchyard.cdrs', name: string) =>
    openTokenPartyIndex({
      bus: deps.bus,
      serde: deps.serde,
      topic,
      group: `switchyard.ocpi.${name}.${deps.instanceId}`,
      onUndecodable: (key, error) => deps.logger.error({ err: error, key, topic }, 'a record does not decode; the OCPI sender module skips it'),
    });
  const sessions = await indexOf('switchyard.sessions', 'sessions');
  const cdrs = await indexOf('switchyard.cdrs', 'cdrs');
  const locations = indexLocations(deps.locations);
  return {
    locations,
    sessions,
    cdrs,
    ready: Promise.all([sessions.ready, cdrs.ready]).then(() => undefined),
    async close() {
      locations.close();
      await cdrs.close();
      await sessions.close();
    },
  };
}

/** The four SENDER modules: Locations, Sessions, CDRs and Tariffs. */
export function senderModules(
  deps: SenderModuleDeps & { readonly data: SenderData; readonly locations: LocationSource; readonly tariffs: { list(): OcpiTariff[] } },
): OcpiModule[] {
  const { data } = deps;
  return [
    locationsModule({ ...deps, ordered: data.locations.index }),
    sessionsModule({ ...deps, sessions: data.sessions.index }),
    cdrsModule({ ...deps, cdrs: data.cdrs.index }),
    tariffsModule(deps),
  ];
}
