import type { KafkaMessage } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { toBusRecord, toKafkaMessage } from './record-mapping.ts';

function fetched(overrides: Partial<KafkaMessage>): KafkaMessage {
  return {
    key: Buffer.from('cp-1'),
    value: Buffer.from([1, 2, 3]),
    timestamp: '1700000000000',
    attributes: 0,
    offset: '42',
    headers: {},
    ...overrides,
  } as KafkaMessage;
}

describe('toBusRecord', () => {
  it('decodes offsets, timestamps and the key as numbers and text', () => {
    const record = toBusRecord('t', 3, fetched({}));

    expect(record).toEqual({
      topic: 't',
      partition: 3,
      offset: 42,
      key: 'cp-1',
      value: new Uint8Array([1, 2, 3]),
      headers: {},
      timestamp: 1_700_000_000_000,
    });
  });

  // given a fetched message with this detail, then the record shows it like this
  const table: ReadonlyArray<readonly [string, Partial<KafkaMessage>, Partial<ReturnType<typeof toBusRecord>>]> = [
    ['a tombstone', { value: null }, { value: null }],
    ['a message without key (written by another client)', { key: null }, { key: '' }],
    ['a repeated header (Kafka allows it): the last value', { headers: { trace: [Buffer.from('a'), Buffer.from('b')] } }, { headers: { trace: 'b' } }],
    ['UTF-8 header values', { headers: { 'x-ü': Buffer.from('wert ✓') } }, { headers: { 'x-ü': 'wert ✓' } }],
  ];
  for (const [description, message, expected] of table) {
    it(description, () => {
      expect(toBusRecord('t', 0, fetched(message))).toMatchObject(expected);
    });
  }
});

describe('toKafkaMessage', () => {
  it('keeps an explicit timestamp and stamps the append time otherwise', () => {
    const value = new Uint8Array([9]);

    expect(toKafkaMessage({ topic: 't', key: 'k', value, timestamp: 5 }, 1, 100).timestamp).toBe('5');
    expect(toKafkaMessage({ topic: 't', key: 'k', value }, 1, 100)).toEqual({
      key: 'k',
      value: Buffer.from([9]),
      partition: 1,
      timestamp: '100',
      headers: {},
    });
  });

  it('appends a tombstone as a null value', () => {
    expect(toKafkaMessage({ topic: 't', key: 'k', value: null }, 0, 1).value).toBeNull();
  });
});
