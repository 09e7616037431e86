import { describe, expect, it } from 'vitest';
import { parseBasicAuthorization } from './basic-credentials.ts';

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('parseBasicAuthorization', () => {
  it.each([
    // given the Authorization header; then the credentials (null: not Basic credentials)
    [undefined, null],
    ['', null],
    [`Bearer ${encode('CP-1:secret')}`, null],
    [`Basic ${encode('CP-1:secret')}`, { username: 'CP-1', password: 'secret' }],
    [`basic ${encode('CP-1:secret')}`, { username: 'CP-1', password: 'secret' }],
    [`Basic ${encode('CP-1:pass:with:colons')}`, { username: 'CP-1', password: 'pass:with:colons' }],
    [`Basic ${encode('CP-1:')}`, { username: 'CP-1', password: '' }],
    [`Basic ${encode('no-colon')}`, null],
    ['Basic not base64!', null],
  ])('reads %j as %j', (header, expected) => {
    expect(parseBasicAuthorization(header)).toEqual(expected);
  });
});
