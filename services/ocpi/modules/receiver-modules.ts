import { createEventIdGenerator } from '../../core/events/event-id.ts';
import { createCommandDispatcher } from '../../edge/commands/command-dispatcher.ts';
import { startCommandOutcomeWaiter } from '../../edge/commands/command-outcome-waiter.ts';
import { edgeDefaults } from '../../edge/edge-config.ts';
import type { OcpiLocation } from '../../roaming/ocpi/location-object.ts';
import { registerAuthorizeRoute } from '../authorization/authorize-route.ts';
import { commandTokenWindowMs } from '../../roaming/tokens/command-token-window.ts';
import { commandGrantStoreOn } from '../authorization/command-grant-store.ts';
import { createRealtimeAuthorization } from '../authorization/realtime-authorization-service.ts';
import type { PartnerClient } from '../client/partner-client.ts';
import type { OcpiDeps } from '../open-ocpi.ts';
import type { PartnerDirectory } from '../partners/partner-directory.ts';
import type { OcpiSharedState } from '../state/open-ocpi-state.ts';
import { chargingProfilesModule } from './chargingprofiles/chargingprofiles-module.ts';
import { commandsModule } from './commands/commands-module.ts';
import { reservationStoreOn } from './commands/reservation-store.ts';
import { openRunningSessions } from './commands/running-sessions.ts';
import type { OcpiModule } from './ocpi-module.ts';
import { tokensModule, type TokenStorePort } from './tokens/tokens-module.ts';

/** `instanceId` names the consumer groups of the command outcome waiter and the running sessions reader. */
export interface ReceiverModulesDeps extends Pick<OcpiDeps, 'bus' | 'serde' | 'clock' | 'logger' | 'admin' | 'config' | 'instanceId'> {
  readonly client: PartnerClient;
  readonly directory: PartnerDirectory;
  /** The roaming state: tokens are written through its store, commands find chargers in its Locations. */
  readonly tokens: TokenStorePort;
  readonly locations: { withId(id: string): OcpiLocation[]; list(): OcpiLocation[] };
  /** Reservations and command grants, shared with every OCPI instance. */
  readonly state: Pick<OcpiSharedState, 'reservations' | 'commandGrants'>;
}

export interface ReceiverModules {
  readonly modules: readonly OcpiModule[];
  close(): Promise<void>;
}

/** The outcome waiter reads the events topic this long after its last command (as the edge's does). */
const outcomeLingerMs = 60_000;
/** A command result that cannot be POSTed is tried again after 1 s, 2 s and 4 s. */
const resultRetry = { initialBackoffMs: 1_000, maxBackoffMs: 4_000, maxAttempts: 4 };

/**
 * The RECEIVER side: Tokens (written to switchyard.tokens), Commands and ChargingProfiles (sent like the
 * admin API's commands, through switchyard.ocpp.commands and this service's own outcome waiter, since the
 * edge may be another process; one dispatcher for both), and the admin route the edge's real-time
 * authorization calls.
 */
export async function openReceiverModules(deps: ReceiverModulesDeps): Promise<ReceiverModules> {
  const { bus, serde, clock, logger, instanceId } = deps;
  const generateId = createEventIdGenerator(clock);
  const sessions = await openRunningSessions({
    bus,
    serde,
    group: `switchyard.ocpi.running-sessions.${instanceId}`,
    onUndecodable: (key, error) => logger.error({ err: error, key }, 'a session record does not decode; STOP_SESSION cannot find it'),
  });
  await sessions.ready;
  // Its own consumer group: the edge's waiter in the same process reads the same topic for its own commands.
  const waiter = startCommandOutcomeWaiter({ bus, serde, instanceId: `${instanceId}.ocpi`, now: () => clock.now(), lingerMs: outcomeLingerMs });
  const grants = commandGrantStoreOn(deps.state.commandGrants, { clock, windowMs: commandTokenWindowMs });
  const dispatcher = createCommandDispatcher({
    bus,
    serde,
    clock,
    waiter,
    instanceId,
    newId: () => generateId(),
    deliveryWindowMs: edgeDefaults.commandDeliveryWindowMs,
  });
  const delivery = { client: deps.client, partnerOf: (partnerId: string) => deps.directory.byId(partnerId), retry: resultRetry };
  const commands = commandsModule({
    clock,
    logger,
    config: deps.config,
    dispatcher,
    answerTimeoutMs: deps.config.commandTimeoutMs,
    locations: deps.locations,
    sessions: { byId: (sessionId) => sessions.byId(sessionId) },
    tokens: deps.tokens,
    grants,
    reservations: reservationStoreOn(deps.state.reservations),
    delivery,
  });
  const chargingProfiles = chargingProfilesModule({
    clock,
    logger,
    config: deps.config,
    dispatcher,
    answerTimeoutMs: deps.config.commandTimeoutMs,
    locations: deps.locations,
    sessions,
    delivery,
  });
  registerAuthorizeRoute(deps.admin, {
    authorizer: createRealtimeAuthorization({ client: deps.client, directory: deps.directory, locations: deps.locations, config: deps.config, grants }),
  });
  return {
    modules: [tokensModule({ clock, tokens: deps.tokens }), commands, chargingProfiles],
    async close() {
      await commands.close();
      await chargingProfiles.close();
      await waiter.stop();
      await sessions.close();
    },
  };
}
