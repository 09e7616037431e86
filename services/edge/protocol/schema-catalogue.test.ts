import { describe, expect, it } from 'vitest';
import { actionsOfDirection } from './actions.ts';
import { schemaValidator } from './schema-catalogue.ts';
import type { OcppVersion } from './versions.ts';

const rows = (['ocpp1.6', 'ocpp2.0.1'] as const).flatMap((version: OcppVersion) =>
  (['fromCharger', 'fromCsms'] as const).flatMap((direction) =>
    actionsOfDirection(version, direction).map((action) => ({ version, direction, action })),
  ),
);

describe('schemaValidator', () => {
  it.each(rows)('given $version $action ($direction) then both its request and response schemas compile', ({ version, action }) => {
    expect(schemaValidator(version, action, 'request')).toBeTypeOf('function');
    expect(schemaValidator(version, action, 'response')).toBeTypeOf('function');
  });

  it('given an action of no version then there is no schema', () => {
    expect(schemaValidator('ocpp1.6', 'TransactionEvent', 'request')).toBeUndefined();
  });
});
