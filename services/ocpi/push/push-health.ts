import type { PushModule } from './push-plan.ts';

/** A push stream to one partner: one per module, and the coalesced EVSE status PATCHes. */
export type PushChannel = PushModule | 'evse-statuses';

export interface PushFailure {
  readonly at: number;
  readonly reason: string;
  /** False when the partner refused the object and it went to the dead-letter topic. */
  readonly retriable: boolean;
}

/** One channel as the admin API shows it (GET /api/ocpi/partners). */
export interface ChannelHealth {
  readonly last_success_at: string | null;
  readonly last_failure: { readonly at: string; readonly reason: string; readonly retriable: boolean } | null;
  /** Changes not yet accepted by the partner (consumer lag, or pending EVSE statuses), as last measured. */
  readonly backlog: number | null;
}

export interface PartnerPushHealth {
  readonly channels: Partial<Record<PushChannel, ChannelHealth>>;
  /** The URL of the last CDR the partner accepted, from its Location header: where to GET it at the partner. */
  readonly last_cdr_location: string | null;
}

/** What the partners view (GET /api/ocpi/partners) asks about push; null when nothing pushes to the partner. */
export interface PushHealthSource {
  healthOf(partnerId: string): PartnerPushHealth | null;
}

const channelHealthSchema = {
  type: 'object',
  properties: {
    last_success_at: { type: ['string', 'null'], format: 'date-time' },
    last_failure: {
      type: ['object', 'null'],
      properties: { at: { type: 'string', format: 'date-time' }, reason: { type: 'string' }, retriable: { type: 'boolean', description: 'false: refused and dead-lettered' } },
    },
    backlog: { type: ['integer', 'null'], description: 'changes the partner has not accepted yet, as last measured' },
  },
} as const;

/** OpenAPI schema of PartnerPushHealth, for the partners view. */
export const partnerPushHealthSchema = {
  type: ['object', 'null'],
  description: 'Push health per channel (sessions, cdrs, locations, tariffs, evse-statuses); null when nothing is pushed to this partner',
  properties: {
    channels: { type: 'object', additionalProperties: channelHealthSchema },
    last_cdr_location: { type: ['string', 'null'], description: 'Location header of the last CDR the partner accepted' },
  },
} as const;

interface ChannelEvents {
  lastSuccessAt: number | null;
  lastFailure: PushFailure | null;
}

const iso = (at: number): string => new Date(at).toISOString();

/** Successes and failures as they happen, per partner and channel (backlogs are measured by the push). */
export class PushHealthBook {
  private readonly channels = new Map<string, ChannelEvents>();
  private readonly cdrLocations = new Map<string, string>();

  succeeded(partnerId: string, channel: PushChannel, at: number): void {
    this.eventsOf(partnerId, channel).lastSuccessAt = at;
  }

  failed(partnerId: string, channel: PushChannel, failure: PushFailure): void {
    this.eventsOf(partnerId, channel).lastFailure = failure;
  }

  cdrAccepted(partnerId: string, location: string): void {
    this.cdrLocations.set(partnerId, location);
  }

  healthOf(partnerId: string, backlogs: ReadonlyMap<PushChannel, number | null>): PartnerPushHealth {
    const channels: Partial<Record<PushChannel, ChannelHealth>> = {};
    for (const [channel, backlog] of backlogs) {
      const events = this.channels.get(keyOf(partnerId, channel));
      const success = events?.lastSuccessAt ?? null;
      const failure = events?.lastFailure ?? null;
      channels[channel] = {
        last_success_at: success === null ? null : iso(success),
        last_failure: failure === null ? null : { at: iso(failure.at), reason: failure.reason, retriable: failure.retriable },
        backlog,
      };
    }
    return { channels, last_cdr_location: this.cdrLocations.get(partnerId) ?? null };
  }

  private eventsOf(partnerId: string, channel: PushChannel): ChannelEvents {
    const key = keyOf(partnerId, channel);
    const existing = this.channels.get(key);
    if (existing !== undefined) return existing;
    const created: ChannelEvents = { lastSuccessAt: null, lastFailure: null };
    this.channels.set(key, created);
    return created;
  }
}

const keyOf = (partnerId: string, channel: PushChannel): string => `${partnerId}\u0000${channel}`;
