import { describe, expect, it } from 'vitest';
import { priceSession, type PricedSession } from '../../services/pricing/price-session.ts';
import { parseTariff, type Tariff } from '../../services/pricing/tariff.ts';
import type { UsageSegment } from '../../services/pricing/usage.ts';
import { parking, rows, spec, type Use } from './support/pricing-rows.ts';

/**
 * Given a tariff and what a session consumed, when it is priced, then the totals are the ones worked out
 * by hand in each row's `checked` note (support/pricing-rows.ts).
 */

const minute = 60_000;

function tariff(fields: Record<string, unknown>): Tariff {
  return parseTariff(JSON.stringify({ country_code: 'DE', party_id: 'ALL', id: 'T', currency: 'EUR', last_updated: '2018-12-17T00:00:00Z', ...fields }));
}

/** Consecutive segments from `startIso`, each given as minutes and kWh. */
function usage(startIso: string, uses: readonly Use[]): { sessionStart: number; segments: UsageSegment[] } {
  const sessionStart = Date.parse(startIso);
  let at = sessionStart;
  const segments = uses.map((use) => {
    const segment: UsageSegment = {
      from: at,
      to: at + use.minutes * minute,
      energyWh: (use.kwh ?? 0) * 1000,
      charging: use.charging ?? true,
      powerKw: use.powerKw ?? null,
      currentA: use.currentA ?? null,
    };
    at = segment.to;
    return segment;
  });
  return { sessionStart, segments };
}

describe('priceSession', () => {
  it.each(rows)('$name', (row) => {
    const given = usage(row.start, row.uses);
    const priced = priceSession({ tariff: tariff(row.tariff), timeZone: row.timeZone ?? 'UTC', ...given });
    expect(priced.cost?.total).toEqual({ excl_vat: row.excl, incl_vat: row.incl });
  });

  it('measures a session without a tariff and gives it no cost', () => {
    const given = usage('2024-01-15T10:00:00Z', [{ minutes: 30, kwh: 4 }, { minutes: 30, kwh: 3.5 }, parking(15)]);
    const priced: PricedSession = priceSession({ tariff: null, timeZone: 'UTC', ...given });
    expect(priced).toEqual({
      chargingPeriods: [
        { start_date_time: '2024-01-15T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 7.5 }, { type: 'TIME', volume: 1 }] },
        { start_date_time: '2024-01-15T11:00:00Z', dimensions: [{ type: 'ENERGY', volume: 0 }, { type: 'PARKING_TIME', volume: 0.25 }] },
      ],
      totalEnergyKwh: 7.5,
      totalTimeHours: 1.25,
      totalParkingTimeHours: 0.25,
      cost: null,
    });
  });

  it('starts a charging period where a price changes, with the breakdown per dimension', () => {
    const given = usage('2024-01-15T16:30:00Z', [{ minutes: 60, kwh: 10 }, parking(30)]);
    const priced = priceSession({ tariff: tariff({ id: 'PEAK', ...spec.stepSize }), timeZone: 'UTC', ...given });
    expect(priced.chargingPeriods).toEqual([
      { start_date_time: '2024-01-15T16:30:00Z', dimensions: [{ type: 'ENERGY', volume: 5 }, { type: 'TIME', volume: 0.5 }], tariff_id: 'PEAK' },
      { start_date_time: '2024-01-15T17:00:00Z', dimensions: [{ type: 'ENERGY', volume: 5 }, { type: 'TIME', volume: 0.5 }], tariff_id: 'PEAK' },
      { start_date_time: '2024-01-15T17:30:00Z', dimensions: [{ type: 'ENERGY', volume: 0 }, { type: 'PARKING_TIME', volume: 0.5 }], tariff_id: 'PEAK' },
    ]);
    // 30 min x 1.20 = 0.60, 30 min x 2.40 = 1.20, parking 30 min x 1.00 = 0.50 (already whole 900 s steps).
    expect(priced.cost).toEqual({
      total: { excl_vat: 2.3, incl_vat: 2.3 },
      fixed: { excl_vat: 0, incl_vat: 0 },
      energy: { excl_vat: 0, incl_vat: 0 },
      time: { excl_vat: 1.8, incl_vat: 1.8 },
      parking: { excl_vat: 0.5, incl_vat: 0.5 },
    });
  });

  it('refuses a tariff that is not an OCPI 2.2.1 tariff, naming the field', () => {
    expect(() => tariff({ elements: [{ price_components: [{ type: 'ENERGY', price: -1, step_size: 1 }] }] })).toThrow(/elements\.0\.price_components\.0\.price/);
  });
});
