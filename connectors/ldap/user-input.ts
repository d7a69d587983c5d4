/**
 * The input rules both OnPremDirectory implementations (LDAP and in-memory) apply before touching a
 * directory, so bad input gets the same clear INPUT.INVALID / CONFIG.INVALID from either, and nothing
 * hostile reaches a filter or a DN unchecked.
 */
import { DomainError, invalidInput } from '../../core/errors.ts';
import { normaliseGuid } from '../../core/immutable-id.ts';
import type { NewOnPremUser, OnPremUserKey } from '../../core/ports.ts';
import { parseDn } from './dn.ts';

/** Type-ahead results are capped: a picker shows a handful, and a wide search is a cheap DoS. */
export const MAX_SEARCH_RESULTS = 50;
export const MAX_PREFIX_LENGTH = 256;
/** AD's page size limit (MaxPageSize); Samba does not enforce it, so we page ourselves. */
export const DEFAULT_PAGE_SIZE = 1000;

// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/;
// sAMAccountName may not contain these (and is at most 20 characters for users).
const SAM_FORBIDDEN = /["/\\[\]:;|=,+*?<>@]/;

const plainText = (what: string, value: string, max: number): string => {
  if (value.length > max)
    throw invalidInput(`${what} is too long (${value.length} characters, at most ${max})`);
  if (CONTROL_CHARS.test(value)) throw invalidInput(`${what} contains a control character`);
  return value;
};

/** The prefix to search for, or null when there is nothing to search (empty after trimming). */
export const searchPrefix = (prefix: string): string | null => {
  const p = plainText('the search text', prefix.trim(), MAX_PREFIX_LENGTH);
  return p === '' ? null : p;
};

export const searchLimit = (limit: number): number =>
  Number.isFinite(limit) ? Math.min(Math.max(Math.trunc(limit), 1), MAX_SEARCH_RESULTS) : MAX_SEARCH_RESULTS;

/** Validate a DN given by a person or a card (INPUT.INVALID when it is not one). */
export const checkDn = (dn: string, what = 'the distinguished name'): string => {
  plainText(what, dn, 4096);
  parseDn(dn);
  return dn.trim();
};

/** The key with its value checked and normalised (GUIDs to canonical form). */
export const checkKey = (key: OnPremUserKey): OnPremUserKey => {
  switch (key.kind) {
    case 'dn':
      return { kind: 'dn', value: checkDn(key.value) };
    case 'guid':
      return { kind: 'guid', value: normaliseGuid(key.value) };
    case 'sam':
      return { kind: 'sam', value: plainText('the sAMAccountName', key.value.trim(), 256) };
    case 'upn':
      return { kind: 'upn', value: plainText('the userPrincipalName', key.value.trim(), 1024) };
  }
};

/** Validate a new user; a password is refused unless the transport is encrypted. */
export const checkNewUser = (spec: NewOnPremUser, secureTransport: boolean): void => {
  checkDn(spec.ouDn, 'the OU');
  if (spec.cn.trim() === '') throw invalidInput('the common name (cn) is empty');
  plainText('the common name (cn)', spec.cn, 64);
  plainText('the sAMAccountName', spec.samAccountName, 20);
  if (spec.samAccountName.trim() === '' || SAM_FORBIDDEN.test(spec.samAccountName))
    throw invalidInput(`the sAMAccountName '${spec.samAccountName}' is empty or has a character AD forbids`);
  plainText('the userPrincipalName', spec.userPrincipalName, 1024);
  if (!/^[^@\s]+@[^@\s]+$/.test(spec.userPrincipalName))
    throw invalidInput(`the userPrincipalName '${spec.userPrincipalName}' is not of the form name@domain`);
  for (const [what, v] of [
    ['givenName', spec.givenName],
    ['sn', spec.surname],
    ['displayName', spec.displayName],
    ['mail', spec.mail],
  ] as const)
    if (v !== null) plainText(`the ${what}`, v, 256);
  spec.proxyAddresses.forEach((p) => plainText('a proxyAddress', p, 1123));
  if (spec.password !== null && !secureTransport)
    throw new DomainError(
      'CONFIG.INVALID',
      'Refusing to send a password over an unencrypted LDAP connection: use ldaps:// or LDAP_STARTTLS=true, or create the user without a password (disabled).',
    );
};

/** unicodePwd wants the password in double quotes, UTF-16LE. */
export const encodeUnicodePwd = (password: string): Buffer => Buffer.from(`"${password}"`, 'utf16le');

/** userAccountControl: NORMAL_ACCOUNT, plus ACCOUNTDISABLE and PASSWD_NOTREQD without a password. */
export const UAC_ENABLED = 512;
export const UAC_DISABLED_NO_PASSWORD = 546;
