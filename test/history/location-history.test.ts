import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topics } from '../../services/core/bus/topic-catalogue.ts';
import { openHistoryHarness, type HistoryHarness } from './support/history-harness.ts';
import { location } from './support/ocpi-records.ts';

const at = Date.parse('2026-11-19T08:00:00.000Z');

/** switchyard.locations through the bus and the history service: versions, and a deletion (a tombstone). */
describe('history archives the operator locations, so KPIs can be read per site', () => {
  let harness: HistoryHarness;

  beforeAll(async () => {
    harness = await openHistoryHarness();
    await harness.append(topics.locations, [location('DEPOT-1', at, [['CP-1', 1]]), location('DEPOT-2', at, [['CP-9', 1]])]);
    await harness.append(topics.locations, [location('DEPOT-1', at + 60_000, [['CP-1', 1], ['CP-1', 2]])]);
    await harness.bus.append([{ topic: topics.locations, key: 'NL/SWY/DEPOT-2', value: null }]);
    await harness.waitUntilArchived(topics.locations);
  });

  afterAll(async () => {
    await harness.close();
  });

  it('keeps every version, and marks the deleted location', async () => {
    expect(await harness.clickhouse.query('SELECT location_id, deleted, city FROM locations ORDER BY location_id, recorded_at')).toEqual([
      { location_id: 'DEPOT-1', deleted: false, city: 'Utrecht' },
      { location_id: 'DEPOT-1', deleted: false, city: 'Utrecht' },
      { location_id: 'DEPOT-2', deleted: false, city: 'Utrecht' },
      { location_id: 'DEPOT-2', deleted: true, city: '' },
    ]);
  });

  it('maps charger ports to the sites as the latest versions say', async () => {
    expect(await harness.clickhouse.query('SELECT location_id, location_name, evse_uid, charger_id, evse_id FROM charger_locations ORDER BY evse_uid')).toEqual([
      { location_id: 'DEPOT-1', location_name: 'Depot DEPOT-1', evse_uid: 'CP-1-1', charger_id: 'CP-1', evse_id: 1 },
      { location_id: 'DEPOT-1', location_name: 'Depot DEPOT-1', evse_uid: 'CP-1-2', charger_id: 'CP-1', evse_id: 2 },
    ]);
  });
});
