import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { SwitchyardError } from '../../errors.ts';
import { brokerLacksApi, busError } from './kafka-errors.ts';

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded, KafkaJSNonRetriableError, KafkaJSServerDoesNotSupportApiKey } =
  kafkajs;

describe('busError', () => {
  const refused = new KafkaJSConnectionError('connect ECONNREFUSED 127.0.0.1:9092');
  // given what kafkajs threw, then the port's error says whether trying again can help
  const table: ReadonlyArray<readonly [string, unknown, boolean]> = [
    ['a retriable kafkajs error (broker unreachable)', refused, true],
    ['kafkajs giving up after its own retries', new KafkaJSNumberOfRetriesExceeded(refused, { retryCount: 5, retryTime: 100 }), true],
    ['a non-retriable kafkajs error', new KafkaJSNonRetriableError('invalid topic'), false],
    ['an unknown error (a bug)', new TypeError('undefined is not a function'), false],
    ['something that is not an Error', 'boom', false],
  ];

  for (const [description, thrown, retriable] of table) {
    it(`${description}: retriable=${retriable}`, () => {
      const error = busError('bus.append_failed', 'append failed', thrown);

      expect(error).toBeInstanceOf(SwitchyardError);
      expect(error.code).toBe('bus.append_failed');
      expect(error.retriable).toBe(retriable);
      expect(error.cause).toBe(thrown);
    });
  }

  it('passes a SwitchyardError through unchanged', () => {
    const original = new SwitchyardError('bus.group_active', 'busy', { retriable: false });

    expect(busError('bus.seek_failed', 'seek failed', original)).toBe(original);
  });
});

describe('brokerLacksApi', () => {
  const refusal = new KafkaJSServerDoesNotSupportApiKey('not supported', { apiKey: 19, apiName: 'CreateTopics' });
  // given an error, when asking about an API, then it is recognised as "the broker lacks it" or not
  const table: ReadonlyArray<readonly [string, unknown, string, boolean]> = [
    ['the refusal itself', refusal, 'CreateTopics', true],
    ['the refusal wrapped by the retrier', Object.assign(new KafkaJSNonRetriableError(refusal), { cause: refusal }), 'CreateTopics', true],
    ['a refusal of another API', refusal, 'DescribeGroups', false],
    ['an unrelated error', new KafkaJSConnectionError('refused'), 'CreateTopics', false],
  ];

  for (const [description, error, apiName, expected] of table) {
    it(`${description} (${apiName}): ${expected}`, () => {
      expect(brokerLacksApi(error, apiName)).toBe(expected);
    });
  }
});
