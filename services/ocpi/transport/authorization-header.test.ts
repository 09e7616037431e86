import { describe, expect, it } from 'vitest';
import { authorizationHeader, presentedTokens } from './authorization-header.ts';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('presentedTokens', () => {
  it.each([
    { given: 'no header', header: undefined, then: [] },
    { given: 'an empty header', header: '', then: [] },
    { given: 'a Bearer header', header: 'Bearer abc', then: [] },
    { given: 'the word Token alone', header: 'Token ', then: [] },
    { given: 'a Base64 token (2.2.1)', header: `Token ${base64('example-token')}`, then: ['example-token', base64('example-token')] },
    { given: 'a lower-case scheme', header: `token ${base64('example-token')}`, then: ['example-token', base64('example-token')] },
    { given: 'a raw token that is not Base64 (2.1.1)', header: 'Token my.raw:token!', then: ['my.raw:token!'] },
    { given: 'a raw token that decodes to bytes that are not printable', header: 'Token abcd', then: ['abcd'] },
    { given: 'a raw base64url token like ours', header: 'Token x7Jd9QmZ2rW0aB4cD6eF8gH1iJ3kL5mN7oP9qR1sT3u', then: expect.arrayContaining(['x7Jd9QmZ2rW0aB4cD6eF8gH1iJ3kL5mN7oP9qR1sT3u']) },
    { given: 'two words after Token', header: 'Token one two', then: [] },
  ])('given $given, then the candidates are $then', ({ header, then }) => {
    expect(presentedTokens(header)).toEqual(then);
  });
});

describe('authorizationHeader', () => {
  it.each([
    { version: '2.2.1' as const, then: `Token ${base64('example-token')}` },
    { version: null, then: `Token ${base64('example-token')}` },
    { version: '2.1.1' as const, then: 'Token example-token' },
  ])('given version $version, then $then', ({ version, then }) => {
    expect(authorizationHeader('example-token', version)).toBe(then);
  });

  it('round-trips through presentedTokens', () => {
    expect(presentedTokens(authorizationHeader('a-token-with:colons', '2.2.1'))[0]).toBe('a-token-with:colons');
  });
});
