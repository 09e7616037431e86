import { describe, expect, it } from 'vitest';
import { formatReport, routeApiPath } from './route-address.ts';

describe('routeApiPath', () => {
  it.each<{ route: string; then: string }>([
    { route: 'default', then: '/routes/default' },
    { route: 'group/wave-1', then: '/routes/groups/wave-1' },
    { route: 'charger/CP-1', then: '/routes/chargers/CP-1' },
    { route: 'charger/A@B', then: '/routes/chargers/A%40B' },
  ])('given $route then $then', ({ route, then }) => {
    expect(routeApiPath(route)).toBe(then);
  });

  it.each(['groups/x', 'group/', 'group/a/b', 'everything'])('given %s then it says how routes are named', (route) => {
    expect(() => routeApiPath(route)).toThrow('say default, group/<name> or charger/<id>');
  });
});

describe('formatReport', () => {
  it('given routes then one aligned line each, built-in primary and no differences spelled out', () => {
    expect(
      formatReport([
        { routeKey: 'default', primary: null, observers: [], chargers: 0, mirrored: 0, differencesByAction: {} },
        { routeKey: 'group/wave-1', primary: 'legacy', observers: ['next'], chargers: 12, mirrored: 3400, differencesByAction: { Authorize: 2, BootNotification: 12 } },
      ]),
    ).toBe(
      [
        'ROUTE         PRIMARY     OBSERVERS  CHARGERS  MIRRORED  DIFFERENCES',
        'default       (built-in)  -          0         0         -',
        'group/wave-1  legacy      next       12        3400      Authorize=2 BootNotification=12',
        '',
      ].join('\n'),
    );
  });
});
