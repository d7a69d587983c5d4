/**
 * How an AD user is asked for and read: the attribute list, the filters (built only from ldapts Filter
 * objects, so user text is always escaped), and the mapping of a search entry to OnPremUser.
 */
import {
  AndFilter,
  EqualityFilter,
  NotFilter,
  OrFilter,
  SubstringFilter,
  type Entry,
  type Filter,
} from 'ldapts';
import { bytesToGuid, bytesToImmutableId } from '../../core/immutable-id.ts';
import type { OnPremUser } from '../../core/models.ts';

/** Binary attributes in the server's canonical spelling (ldapts matches them case-sensitively). */
export const BINARY_ATTRIBUTES = ['objectGUID', 'mS-DS-ConsistencyGuid'];

export const USER_ATTRIBUTES = [
  'objectGUID',
  'mS-DS-ConsistencyGuid',
  'sAMAccountName',
  'userPrincipalName',
  'displayName',
  'givenName',
  'sn',
  'mail',
  'proxyAddresses',
  'userAccountControl',
  'isCriticalSystemObject',
];

const ACCOUNTDISABLE = 0x2;

/** Only user accounts: computers are objectClass=user too, but objectCategory=computer. */
export const userFilter = (): Filter[] => [
  new EqualityFilter({ attribute: 'objectCategory', value: 'person' }),
  new EqualityFilter({ attribute: 'objectClass', value: 'user' }),
];

/** Users that are no built-in or critical system object (Administrator, Guest, krbtgt...). */
export const notCritical = (): Filter =>
  new NotFilter({ filter: new EqualityFilter({ attribute: 'isCriticalSystemObject', value: 'TRUE' }) });

/** Type-ahead: prefix on displayName / sAMAccountName / UPN / mail, escaped by SubstringFilter. */
export const prefixFilter = (prefix: string): Filter =>
  new AndFilter({
    filters: [
      ...userFilter(),
      notCritical(),
      new OrFilter({
        filters: ['displayName', 'sAMAccountName', 'userPrincipalName', 'mail'].map(
          (attribute) => new SubstringFilter({ attribute, initial: prefix }),
        ),
      }),
    ],
  });

export const equalityUserFilter = (attribute: string, value: string | Buffer): Filter =>
  new AndFilter({ filters: [...userFilter(), new EqualityFilter({ attribute, value })] });

/** Every user (critical objects included: an OU listing should show what is really there). */
export const allUsersFilter = (): Filter => new AndFilter({ filters: userFilter() });

const pick = (entry: Entry, name: string): Entry[string] | undefined => {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(entry)) if (key.toLowerCase() === lower) return value;
  return undefined;
};

const strings = (v: Entry[string] | undefined): string[] => {
  if (v === undefined) return [];
  const list = Array.isArray(v) ? v : [v];
  return list.map((x) => (Buffer.isBuffer(x) ? x.toString('utf8') : x));
};

const single = (entry: Entry, name: string): string | null => strings(pick(entry, name))[0] ?? null;

const buffer = (entry: Entry, name: string): Buffer | null => {
  const v = pick(entry, name);
  const first = Array.isArray(v) ? v[0] : v;
  if (first === undefined) return null;
  return Buffer.isBuffer(first) ? first : Buffer.from(first, 'binary');
};

/** Map one search entry (requested with USER_ATTRIBUTES and BINARY_ATTRIBUTES) to the domain user. */
export const toOnPremUser = (entry: Entry): OnPremUser => {
  const guid = buffer(entry, 'objectGUID');
  if (guid === null) throw new Error(`entry ${entry.dn} has no objectGUID`);
  const consistency = buffer(entry, 'mS-DS-ConsistencyGuid');
  const uac = Number(single(entry, 'userAccountControl') ?? '0');
  return {
    dn: entry.dn,
    objectGuid: bytesToGuid(guid),
    consistencyGuid:
      consistency === null || consistency.length === 0 ? null : bytesToImmutableId(consistency),
    samAccountName: single(entry, 'sAMAccountName') ?? '',
    userPrincipalName: single(entry, 'userPrincipalName'),
    displayName: single(entry, 'displayName'),
    givenName: single(entry, 'givenName'),
    surname: single(entry, 'sn'),
    mail: single(entry, 'mail'),
    proxyAddresses: strings(pick(entry, 'proxyAddresses')),
    enabled: (uac & ACCOUNTDISABLE) === 0,
    isCriticalSystemObject: single(entry, 'isCriticalSystemObject')?.toUpperCase() === 'TRUE',
  };
};
