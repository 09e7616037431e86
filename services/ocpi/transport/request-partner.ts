import type { Response } from 'express';
import type { OcpiVersionId, Partner } from '../partners/partner.ts';

/** Set by the token authentication middleware before any module router runs. */
export interface OcpiLocals {
  partner: Partner;
  ocpiVersion: OcpiVersionId;
}

export function authenticatedPartner(response: Response): Partner {
  const partner = (response.locals as Partial<OcpiLocals>).partner;
  if (partner === undefined) throw new Error('OCPI route reached without the token authentication middleware');
  return partner;
}

export function requestedVersion(response: Response): OcpiVersionId {
  const version = (response.locals as Partial<OcpiLocals>).ocpiVersion;
  if (version === undefined) throw new Error('OCPI route reached without a version');
  return version;
}
