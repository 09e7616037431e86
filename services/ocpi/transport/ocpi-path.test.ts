import { describe, expect, it } from 'vitest';
import { moduleOfPath } from './ocpi-path.ts';

describe('moduleOfPath', () => {
  it.each([
    { path: '/ocpi/versions', then: 'versions' },
    { path: '/ocpi/2.2.1', then: 'versions' },
    { path: '/ocpi/2.2.1/', then: 'versions' },
    { path: '/ocpi/2.2.1/credentials', then: 'credentials' },
    { path: '/ocpi/2.1.1/locations/LOC1/EVSE1?x=1', then: 'locations' },
    { path: '/ocpi/2.2.1/tariffs?offset=10', then: 'tariffs' },
    { path: '/elsewhere', then: null },
    { path: '/ocpi', then: null },
  ])('given $path, then $then', ({ path, then }) => {
    expect(moduleOfPath(path)).toBe(then);
  });
});
