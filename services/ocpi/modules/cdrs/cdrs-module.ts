import type { OcpiModule } from '../ocpi-module.ts';
import type { BucketedIndex } from '../paging/bucketed-index.ts';
import type { SenderModuleDeps } from '../paging/sender-deps.ts';
import type { TokenPartyEntry } from '../paging/token-party-index.ts';
import { tokenPartyRouter } from '../paging/token-party-router.ts';

/**
 * CDRs, SENDER (2.2.1): GET list, paginated, every CDR from switchyard.cdrs (a credit CDR is a record of
 * its own). The 2.1.1 CDR has another token and location shape, so 2.1.1 partners are not served.
 */
export function cdrsModule(deps: SenderModuleDeps & { readonly cdrs: Pick<BucketedIndex<TokenPartyEntry>, 'bucket'> }): OcpiModule {
  return {
    endpoint: { identifier: 'cdrs', role: 'SENDER', versions: ['2.2.1'] },
    router: tokenPartyRouter('cdrs', deps.cdrs, deps),
  };
}
