import { Router } from 'express';
import { authenticatedPartner } from '../../transport/request-partner.ts';
import { answerPagedGet, requestedParties } from './paged-get.ts';
import type { SenderModuleDeps } from './sender-deps.ts';
import { partnerParties } from './served-parties.ts';
import type { BucketedIndex } from './bucketed-index.ts';
import { pageOfBuckets } from './page.ts';
import { bucketOfParties, type TokenPartyEntry } from './token-party-index.ts';

/**
 * GET list of Sessions or CDRs: only those of the requested CPO parties whose cdr_token belongs to one of
 * the partner's parties (an eMSP sees its own customers' charging, nobody else's).
 */
export function tokenPartyRouter(identifier: string, source: Pick<BucketedIndex<TokenPartyEntry>, 'bucket'>, deps: SenderModuleDeps): Router {
  const router = Router();
  router.get('/', (request, response) => {
    const owners = [...requestedParties(request, deps)];
    const viewer = [...partnerParties(authenticatedPartner(response))];
    const buckets = owners.flatMap((owner) => viewer.map((party) => source.bucket(bucketOfParties(owner, party))));
    answerPagedGet(request, response, { ...deps, identifier }, (query) => pageOfBuckets(buckets, query), (entry) => entry.objectJson);
  });
  return router;
}
