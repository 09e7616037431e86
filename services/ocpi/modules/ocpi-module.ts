import type { Router } from 'express';
import type { InterfaceRole, OcpiVersionId } from '../partners/partner.ts';

/** One entry of our version details: module id, our interface role, and where it is mounted. */
export interface OcpiModuleEndpoint {
  readonly identifier: string;
  readonly role: InterfaceRole;
  readonly versions: readonly OcpiVersionId[];
}

/**
 * A functional module: its endpoint entries and a router mounted at /ocpi/{version}/{identifier}.
 * Requests reach the router authenticated (`authenticatedPartner(response)`) and with the version in
 * `response.locals.ocpiVersion`; thrown OcpiErrors become envelopes.
 */
export interface OcpiModule {
  readonly endpoint: OcpiModuleEndpoint;
  readonly router: Router;
}
