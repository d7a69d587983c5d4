import { describe, expect, it } from 'vitest';
import { toDomainError } from '../../../../connectors/ldap/ldap-errors.ts';

// ldapts' ResultCodeError: an Error with a numeric LDAP result code.
const ldapError = (code: number, message = 'server text') => Object.assign(new Error(message), { code });
const socketError = (code: string) => Object.assign(new Error(`connect ${code} 127.0.0.1:389`), { code });

describe('LDAP failures as domain errors', () => {
  it.each([
    [32, 'read', 'AD.NO_SUCH_OBJECT'],
    [50, 'modify', 'AD.INSUFFICIENT_RIGHTS'],
    [68, 'create', 'AD.ALREADY_EXISTS'],
    [51, 'read', 'AD.BUSY'],
    [52, 'read', 'AD.UNAVAILABLE'],
    [49, 'bind', 'AD.INVALID_CREDENTIALS'],
    [19, 'create', 'AD.CONSTRAINT'],
    [80, 'move', 'AD.PARENT_MISSING'],
    [32, 'create', 'AD.PARENT_MISSING'],
    [8, 'bind', 'AD.INSUFFICIENT_RIGHTS'],
    [3, 'search', 'AD.TIMEOUT'],
  ] as const)('result %i on %s -> %s', (rc, op, code) => {
    const e = toDomainError(ldapError(rc), op, 'CN=x');
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ ldapResultCode: rc, operation: op });
  });

  it('maps socket failures and timeouts, retryable', () => {
    for (const c of ['ECONNREFUSED', 'ECONNRESET', 'EPIPE'])
      expect(toDomainError(socketError(c), 'read', 'x')).toMatchObject({
        code: 'AD.UNAVAILABLE',
        retryable: true,
      });
    expect(toDomainError(new Error('Connection timeout'), 'bind', 'x').code).toBe('AD.TIMEOUT');
    expect(toDomainError(new Error('SearchRequest: Operation timed out'), 'search', 'x').code).toBe(
      'AD.TIMEOUT',
    );
    expect(
      toDomainError(new Error('self-signed certificate in certificate chain'), 'bind', 'x').message,
    ).toMatch(/TLS connection/);
  });
});
