import type { Logger } from 'pino';
import type { Clock } from '../../../core/clock.ts';
import type { CommandDispatcher } from '../../../edge/commands/command-dispatcher.ts';
import type { OcpiLocation } from '../../../roaming/ocpi/location-object.ts';
import type { OcpiConfig } from '../../ocpi-config.ts';
import type { OcpiModule } from '../ocpi-module.ts';
import type { ResultDeliveryDeps } from './result-delivery.ts';

/**
 * What a module needs that turns an eMSP request into a charger command and POSTs the outcome to the
 * eMSP's response_url (commands, chargingprofiles).
 */
export interface ChargerRequestDeps {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Pick<OcpiConfig, 'cpoRoles'>;
  readonly dispatcher: CommandDispatcher;
  /** How long a charger may take to answer once the command is sent. */
  readonly answerTimeoutMs: number;
  readonly locations: { withId(id: string): readonly OcpiLocation[] };
  readonly delivery: ResultDeliveryDeps;
}

export interface ChargerRequestModule extends OcpiModule {
  /** Waits for the requests still on their way to a charger or to a response_url. */
  close(): Promise<void>;
}
