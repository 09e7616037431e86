import { describe, expect, it } from 'vitest';
import { credentialsDecision, type CredentialsDecision, type CredentialsMethod } from './credentials-rules.ts';

describe('credentialsDecision', () => {
  const table: readonly { given: 'PENDING' | 'REGISTERED'; when: CredentialsMethod; then: CredentialsDecision }[] = [
    { given: 'PENDING', when: 'GET', then: 'show' },
    { given: 'PENDING', when: 'POST', then: 'register' },
    { given: 'PENDING', when: 'PUT', then: 'method-not-allowed' },
    { given: 'PENDING', when: 'DELETE', then: 'method-not-allowed' },
    { given: 'REGISTERED', when: 'GET', then: 'show' },
    { given: 'REGISTERED', when: 'POST', then: 'method-not-allowed' },
    { given: 'REGISTERED', when: 'PUT', then: 'update' },
    { given: 'REGISTERED', when: 'DELETE', then: 'unregister' },
  ];
  it.each(table)('given a $given partner, when it sends $when, then $then', ({ given, when, then }) => {
    expect(credentialsDecision(when, given)).toBe(then);
  });
});
