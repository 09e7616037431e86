import { describe, expect, it } from 'vitest';
import { recordedHeaders } from './recorded-headers.ts';

describe('recordedHeaders', () => {
  it.each([
    { given: 'an Authorization header', headers: { Authorization: 'Token c2VjcmV0', 'X-Request-ID': 'r1' }, then: { 'x-request-id': 'r1' } },
    { given: 'repeated and numeric values', headers: { 'set-cookie': ['a=1', 'b=2'], 'content-length': 42 }, then: { 'set-cookie': 'a=1, b=2', 'content-length': '42' } },
    { given: 'an absent value', headers: { 'x-total-count': undefined, link: '<u>; rel="next"' }, then: { link: '<u>; rel="next"' } },
  ])('given $given, then $then', ({ headers, then }) => {
    expect(recordedHeaders(headers)).toEqual(then);
  });
});
