import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../services/core/clock.ts';
import { createEnvelopeBuilder } from '../../services/core/events/envelope.ts';
import { hashCredentialsToken } from '../../services/ocpi/partners/credentials-token.ts';
import { openPartnerDirectory } from '../../services/ocpi/partners/open-partner-directory.ts';
import type { PartnerDirectory } from '../../services/ocpi/partners/partner-directory.ts';
import type { Partner } from '../../services/ocpi/partners/partner.ts';
import { openOcpiWorld, type OcpiWorld } from './support/ocpi-harness.ts';

const partner = (id: string, token: string, overrides: Partial<Partner> = {}): Partner => ({
  id,
  status: 'REGISTERED',
  incomingTokenHash: hashCredentialsToken(token),
  outgoingToken: `their-token-${id}`,
  versionsUrl: 'https://emsp.example/ocpi/versions',
  version: '2.2.1',
  endpoints: [{ identifier: 'cdrs', role: 'RECEIVER', url: 'https://emsp.example/ocpi/2.2.1/cdrs' }],
  roles: [{ role: 'EMSP', country_code: 'DE', party_id: id.slice(-3).toUpperCase(), business_details: { name: id, website: 'https://emsp.example' } }],
  createdAt: 1_000,
  updatedAt: 1_000,
  ...overrides,
});

describe('the partner directory on switchyard.ocpi.partners', () => {
  let world: OcpiWorld;
  const open: PartnerDirectory[] = [];

  beforeEach(async () => {
    world = await openOcpiWorld();
  });
  afterEach(async () => {
    for (const directory of open.splice(0)) await directory.close();
    await world.cleanup();
  });

  async function directory(instanceId: string): Promise<PartnerDirectory> {
    const opened = await openPartnerDirectory({
      bus: world.bus,
      serde: world.serde,
      envelopeOf: createEnvelopeBuilder({ clock: systemClock, source: { service: 'ocpi', instanceId } }),
      instanceId,
      onUndecodable: () => undefined,
    });
    open.push(opened);
    await opened.ready;
    return opened;
  }

  it('given partners written and a token rotated, when another instance starts, then it finds them by id, live token and party', async () => {
    const first = await directory('one');
    await first.put(partner('partner-abc', 'token-1'));
    await first.put(partner('partner-xyz', 'token-2', { status: 'PENDING', roles: [] }));
    await first.put(partner('partner-abc', 'token-1-rotated', { updatedAt: 2_000 }));
    await first.put(partner('partner-old', 'token-3', { status: 'UNREGISTERED', roles: [{ role: 'EMSP', country_code: 'DE', party_id: 'OLD', business_details: { name: 'old' } }] }));

    const second = await directory('two');
    for (const view of [first, second]) {
      expect(view.list().map((found) => found.id)).toEqual(['partner-abc', 'partner-old', 'partner-xyz']);
      expect(view.byId('partner-abc')).toEqual(partner('partner-abc', 'token-1-rotated', { updatedAt: 2_000 }));
      expect(view.byIncomingToken('token-1')).toBeUndefined();
      expect(view.byIncomingToken('token-1-rotated')?.id).toBe('partner-abc');
      expect(view.byIncomingToken('token-2')?.status).toBe('PENDING');
      expect(view.byIncomingToken('token-3')).toBeUndefined();
      expect(view.byParty('DE', 'ABC')?.id).toBe('partner-abc');
      expect(view.byParty('DE', 'OLD')).toBeUndefined();
    }
  });

  it('given a listener, when another instance writes, then the change arrives', async () => {
    const reader = await directory('reader');
    const seen = new Promise<Partner>((resolve) => reader.onChange(resolve));
    const writer = await directory('writer');
    await writer.put(partner('partner-new', 'token-new'));
    expect((await seen).id).toBe('partner-new');
    expect(reader.byIncomingToken('token-new')?.id).toBe('partner-new');
  });
});
