import { describe, expect, it } from 'vitest';
import { redactCredentialsTokens, redactedToken } from './redact-tokens.ts';

describe('redactCredentialsTokens', () => {
  it.each([
    { given: 'a credentials request', module: 'credentials', body: '{"token":"secret","url":"u"}', then: `{"token":"${redactedToken}","url":"u"}` },
    { given: 'a credentials response envelope', module: 'credentials', body: '{"data":{"token":"secret"},"status_code":1000}', then: `{"data":{"token":"${redactedToken}"},"status_code":1000}` },
    { given: 'a credentials body that is not JSON', module: 'credentials', body: 'token=secret', then: redactedToken },
    { given: 'no body', module: 'credentials', body: null, then: null },
    { given: 'a command with a Token object', module: 'commands', body: '{"token":{"uid":"04A"}}', then: '{"token":{"uid":"04A"}}' },
    { given: 'a module that is not known', module: null, body: '{"token":"x"}', then: '{"token":"x"}' },
  ])('given $given, then $then', ({ module, body, then }) => {
    expect(redactCredentialsTokens(module, body)).toBe(then);
  });
});
