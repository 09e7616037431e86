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
  return {
    endpoint: { identifier: 'sessions', role: 'SENDER', versions: ['2.2.1'] },
    router: tokenPartyRouter('sessions', deps.sessions, deps),
  };
}
