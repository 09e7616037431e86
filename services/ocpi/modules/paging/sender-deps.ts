import type { Clock } from '../../../core/clock.ts';
import type { OcpiConfig } from '../../ocpi-config.ts';

/** What every sender module needs besides its data: where it is published, whose it is, the page limit. */
export interface SenderModuleDeps {
  readonly clock: Clock;
  readonly config: Pick<OcpiConfig, 'publicUrl' | 'cpoRoles' | 'pageLimit'>;
}
