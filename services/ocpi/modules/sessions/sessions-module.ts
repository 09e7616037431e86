import { ocpiStatus, OcpiError } from '../../transport/ocpi-status.ts';
import type { OcpiModule } from '../ocpi-module.ts';
import type { BucketedIndex } from '../paging/bucketed-index.ts';
import type { SenderModuleDeps } from '../paging/sender-deps.ts';
import type { TokenPartyEntry } from '../paging/token-party-index.ts';
import { tokenPartyRouter } from '../paging/token-party-router.ts';

/**
 * Sessions, SENDER (2.2.1): GET list, paginated, from the switchyard.sessions mirror. The 2.1.1 Session
 * embeds the whole Location and names the token differently, so 2.1.1 partners are not served.
 */
export function sessionsModule(deps: SenderModuleDeps & { readonly sessions: Pick<BucketedIndex<TokenPartyEntry>, 'bucket'> }): OcpiModule {
  const router = tokenPartyRouter('sessions', deps.sessions, deps);
  // Nothing acts on charging preferences at our EVSEs: the sessions chapter answers a PUT of them to an EVSE
  // without CHARGING_PREFERENCES_CAPABLE with HTTP 404 and 2001.
  router.put('/:sessionId/charging_preferences', () => {
    throw new OcpiError(ocpiStatus.invalidOrMissingParameters, 404, 'charging preferences are not supported at this EVSE');
  });
  return { endpoint: { identifier: 'sessions', role: 'SENDER', versions: ['2.2.1'] }, router };
}
