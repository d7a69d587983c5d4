/**
 * ldapts failures -> DomainError with a stable code and a message a helpdesk person can act on.
 * ldapts' ResultCodeError subclasses reset their prototype, so the numeric `code` is what we trust, not
 * `instanceof`. Socket-level failures (refused, reset, closed, timeouts) are recognised by their text.
 */
import { DomainError, type ErrorCode } from '../../core/errors.ts';

/** LDAP result codes (RFC 4511) the product distinguishes. */
export const LdapResult = {
  operationsError: 1,
  timeLimitExceeded: 3,
  sizeLimitExceeded: 4,
  strongAuthRequired: 8,
  noSuchAttribute: 16,
  constraintViolation: 19,
  attributeOrValueExists: 20,
  invalidAttributeSyntax: 21,
  noSuchObject: 32,
  invalidDnSyntax: 34,
  invalidCredentials: 49,
  insufficientAccessRights: 50,
  busy: 51,
  unavailable: 52,
  unwillingToPerform: 53,
  namingViolation: 64,
  objectClassViolation: 65,
  entryAlreadyExists: 68,
  other: 80,
} as const;

export type LdapOperation = 'connect' | 'bind' | 'search' | 'read' | 'move' | 'create' | 'modify';

const resultCode = (e: unknown): number | null => {
  if (e instanceof Error && 'code' in e && typeof e.code === 'number') return e.code;
  return null;
};

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** True for failures of the connection itself (the DC went away, restarted or never answered). */
export const isConnectionError = (e: unknown): boolean => {
  if (resultCode(e) !== null) return false;
  const code = e instanceof Error && 'code' in e ? String(e.code) : '';
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT'].includes(code))
    return true;
  return /Socket connection not established|Connection closed|Socket error|socket hang up|ECONNRESET|EPIPE/i.test(
    message(e),
  );
};

/** True when the request may not have reached the server, so even a write can be sent again. */
export const isNotSentError = (e: unknown): boolean =>
  /Socket connection not established/i.test(message(e)) ||
  (e instanceof Error && 'code' in e && ['ECONNREFUSED', 'EPIPE'].includes(String(e.code)));

export const isTimeoutError = (e: unknown): boolean =>
  resultCode(e) === null && /Connection timeout|Operation timed out/i.test(message(e));

const TEXT: Partial<Record<ErrorCode, (target: string, op: LdapOperation) => string>> = {
  'AD.NO_SUCH_OBJECT': (t) => `Active Directory has no object ${t}.`,
  'AD.INSUFFICIENT_RIGHTS': (t, op) =>
    `The service account is not allowed to ${op} ${t}; ask an AD admin to delegate that right.`,
  'AD.PARENT_MISSING': (t) => `The target OU of ${t} does not exist in Active Directory.`,
  'AD.ALREADY_EXISTS': (t) => `An object with the same name or unique attribute already exists: ${t}.`,
  'AD.BUSY': () => 'The domain controller is busy; try again in a moment.',
  'AD.UNAVAILABLE': () => 'The domain controller cannot be reached or is not serving requests.',
  'AD.INVALID_CREDENTIALS': () =>
    'The domain controller refused the service account credentials (LDAP_BIND_DN / LDAP_BIND_PASSWORD).',
  'AD.TIMEOUT': () => 'The domain controller did not answer in time (LDAP_TIMEOUT_MS).',
  'AD.CONSTRAINT': (t) => `Active Directory refused the change to ${t} (constraint violation).`,
};

const CODE_BY_RESULT: Readonly<Record<number, ErrorCode>> = {
  [LdapResult.noSuchObject]: 'AD.NO_SUCH_OBJECT',
  [LdapResult.insufficientAccessRights]: 'AD.INSUFFICIENT_RIGHTS',
  [LdapResult.entryAlreadyExists]: 'AD.ALREADY_EXISTS',
  [LdapResult.busy]: 'AD.BUSY',
  [LdapResult.unavailable]: 'AD.UNAVAILABLE',
  [LdapResult.invalidCredentials]: 'AD.INVALID_CREDENTIALS',
  [LdapResult.timeLimitExceeded]: 'AD.TIMEOUT',
  [LdapResult.constraintViolation]: 'AD.CONSTRAINT',
  [LdapResult.attributeOrValueExists]: 'AD.CONSTRAINT',
  [LdapResult.invalidAttributeSyntax]: 'AD.CONSTRAINT',
  [LdapResult.objectClassViolation]: 'AD.CONSTRAINT',
  [LdapResult.namingViolation]: 'AD.CONSTRAINT',
  [LdapResult.unwillingToPerform]: 'AD.CONSTRAINT',
};

const RETRYABLE = new Set<ErrorCode>(['AD.BUSY', 'AD.UNAVAILABLE', 'AD.TIMEOUT']);

/** Build the domain error for `code` with the standard message. */
export const adError = (
  code: ErrorCode,
  target: string,
  op: LdapOperation,
  cause?: unknown,
  extra?: Record<string, unknown>,
): DomainError => {
  const text = TEXT[code]?.(target, op) ?? `Active Directory ${op} failed for ${target}.`;
  const ldapCode = resultCode(cause);
  // The server's own text (e.g. "samAccountName 'x' already in use") helps whoever reads the log.
  const server = ldapCode === null ? {} : { ldapResultCode: ldapCode, serverMessage: message(cause) };
  return new DomainError(code, text, {
    retryable: RETRYABLE.has(code),
    cause,
    details: { operation: op, target, ...server, ...extra },
  });
};

/** Translate anything ldapts threw into a DomainError (DomainErrors pass through unchanged). */
export const toDomainError = (e: unknown, op: LdapOperation, target: string): DomainError => {
  if (e instanceof DomainError) return e;
  const rc = resultCode(e);
  if (rc !== null) {
    // modifyDN to a missing parent: AD and Samba answer 80 (other), some servers 32.
    if (op === 'move' && rc === LdapResult.other) return adError('AD.PARENT_MISSING', target, op, e);
    if (op === 'create' && rc === LdapResult.noSuchObject) return adError('AD.PARENT_MISSING', target, op, e);
    if (rc === LdapResult.strongAuthRequired)
      return new DomainError(
        'AD.INSUFFICIENT_RIGHTS',
        'The domain controller requires a signed or encrypted connection: use ldaps:// or LDAP_STARTTLS=true.',
        { cause: e, details: { operation: op, ldapResultCode: rc } },
      );
    const code = CODE_BY_RESULT[rc];
    if (code !== undefined) return adError(code, target, op, e);
    return new DomainError(
      'AD.CONSTRAINT',
      `Active Directory ${op} failed for ${target} (LDAP result ${rc}).`,
      {
        cause: e,
        details: { operation: op, target, ldapResultCode: rc },
      },
    );
  }
  if (isTimeoutError(e)) return adError('AD.TIMEOUT', target, op, e);
  if (isConnectionError(e)) return adError('AD.UNAVAILABLE', target, op, e);
  const msg = message(e);
  if (/certificate|self[- ]signed|TLS|SSL|handshake/i.test(msg))
    return new DomainError('AD.UNAVAILABLE', `The TLS connection to the domain controller failed: ${msg}`, {
      cause: e,
      details: { operation: op },
    });
  return new DomainError('AD.UNAVAILABLE', `Active Directory ${op} failed: ${msg}`, {
    cause: e,
    details: { operation: op, target },
  });
};
