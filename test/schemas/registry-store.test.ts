import { describe, expect, it } from 'vitest';
import { RegistryStore } from '../../services/core/serde/registry-store.ts';

const record = (fields: readonly unknown[]) => JSON.stringify({ type: 'record', name: 'R', namespace: 'io.switchyard.test', fields });
const v1 = record([{ name: 'a', type: 'string' }]);
const v2 = record([{ name: 'a', type: 'string' }, { name: 'b', type: 'int', default: 0 }]);
const incompatible = record([{ name: 'a', type: 'string' }, { name: 'c', type: 'int' }]);

type Step = { readonly subject: string; readonly schema: string };

describe('registry store', () => {
  it.each<{ given: string; steps: readonly Step[]; then: readonly ({ id: number; version: number } | { failure: string })[] }>([
    { given: 'a first schema', steps: [{ subject: 's', schema: v1 }], then: [{ id: 1, version: 1 }] },
    {
      given: 'the same schema twice (whitespace aside)',
      steps: [
        { subject: 's', schema: v1 },
        { subject: 's', schema: JSON.stringify(JSON.parse(v1), null, 2) },
      ],
      then: [
        { id: 1, version: 1 },
        { id: 1, version: 1 },
      ],
    },
    {
      given: 'a compatible evolution',
      steps: [
        { subject: 's', schema: v1 },
        { subject: 's', schema: v2 },
      ],
      then: [
        { id: 1, version: 1 },
        { id: 2, version: 2 },
      ],
    },
    {
      given: 'one schema under two subjects',
      steps: [
        { subject: 's', schema: v1 },
        { subject: 't', schema: v1 },
      ],
      then: [
        { id: 1, version: 1 },
        { id: 1, version: 1 },
      ],
    },
    {
      given: 'an incompatible change',
      steps: [
        { subject: 's', schema: v1 },
        { subject: 's', schema: incompatible },
      ],
      then: [{ id: 1, version: 1 }, { failure: 'incompatible' }],
    },
    { given: 'text that is not Avro', steps: [{ subject: 's', schema: '{"type":"nope"}' }], then: [{ failure: 'invalid_schema' }] },
  ])('given $given', ({ steps, then }) => {
    const store = new RegistryStore();
    const outcomes = steps.map(({ subject, schema }) => {
      const outcome = store.register(subject, schema);
      return outcome.ok ? { id: outcome.registered.id, version: outcome.registered.version } : { failure: outcome.failure.kind };
    });
    expect(outcomes).toEqual(then);
  });

  it('restores from its snapshot with the same ids, versions and levels', () => {
    const store = new RegistryStore();
    store.register('s', v1);
    store.register('t', v2);
    store.setCompatibility('FULL', 't');
    const restored = new RegistryStore(JSON.parse(JSON.stringify(store.snapshot())));
    expect(restored.snapshot()).toEqual(store.snapshot());
    expect(restored.register('u', incompatible)).toMatchObject({ ok: true, registered: { id: 3, version: 1 } });
    expect(restored.subjectCompatibility('t')).toBe('FULL');
  });
});
