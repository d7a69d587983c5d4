/**
 * OnPremDirectory over LDAP (ldapts) against Active Directory: LDAPS, StartTLS or plain LDAP as
 * configured, one bound connection re-established after a DC restart, every operation bounded by
 * LDAP_TIMEOUT_MS, every user value escaped, every failure a DomainError.
 */
import { AndFilter, Attribute, Change, type Client, type Entry, type Filter } from 'ldapts';
import type { LdapConfig } from '../../config/config.ts';
import type { Logger } from '../../config/logger.ts';
import { DomainError } from '../../core/errors.ts';
import { immutableIdToBytes } from '../../core/immutable-id.ts';
import type { ImmutableId, OnPremUser } from '../../core/models.ts';
import type { NewOnPremUser, OnPremDirectory, OnPremUserKey } from '../../core/ports.ts';
import { escapeDnValue, normaliseDn, parseDn, formatDn } from './dn.ts';
import { toDomainError } from './ldap-errors.ts';
import { createLdapSession } from './ldap-session.ts';
import {
  BINARY_ATTRIBUTES,
  USER_ATTRIBUTES,
  allUsersFilter,
  equalityUserFilter,
  notCritical,
  prefixFilter,
  toOnPremUser,
} from './ldap-user.ts';
import {
  DEFAULT_PAGE_SIZE,
  UAC_DISABLED_NO_PASSWORD,
  UAC_ENABLED,
  checkDn,
  checkKey,
  checkNewUser,
  encodeUnicodePwd,
  searchLimit,
  searchPrefix,
} from './user-input.ts';

export interface LdapDirectoryOptions {
  /** Page size for OU listings (default 1,000, AD's MaxPageSize). */
  readonly pageSize?: number;
  /** Called with each page's entry count (tests use it to see that paging really happens). */
  readonly onPage?: (entries: number) => void;
}

/** The LDAP connector: the port plus close(). */
export interface LdapDirectory extends OnPremDirectory {
  /** Whether passwords may be sent (LDAPS or StartTLS). */
  readonly secure: boolean;
  close(): Promise<void>;
  /**
   * Write (or clear, with null) mS-DS-ConsistencyGuid as Entra Connect does on export; `value` is the
   * ImmutableID form. For the Entra Connect simulator against Samba, not for the product's own flows.
   */
  setConsistencyGuid(key: OnPremUserKey, value: ImmutableId | null): Promise<OnPremUser>;
}

const NO_SUCH_OBJECT = 32;
const ldapCode = (e: unknown): number | null => {
  const cause = e instanceof DomainError ? e.cause : e;
  return cause instanceof Error && 'code' in cause && typeof cause.code === 'number' ? cause.code : null;
};

/**
 * Create the LDAP connector. Nothing connects until the first call; `close()` unbinds.
 * @param config from config/config.ts (LDAP_* settings)
 */
export const createLdapDirectory = (
  config: LdapConfig,
  logger?: Logger,
  options: LdapDirectoryOptions = {},
): LdapDirectory => {
  const session = createLdapSession(config, logger);
  const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
  const timeLimit = Math.max(1, Math.ceil(config.timeoutMs / 1000));
  const searchOptions = {
    attributes: USER_ATTRIBUTES,
    explicitBufferAttributes: BINARY_ATTRIBUTES,
    timeLimit,
  };

  /** Base-scope read; null when the base does not exist. */
  const readBase = async (op: 'read' | 'search', base: string, filter: Filter): Promise<Entry | null> => {
    try {
      const r = await session.run(op, base, (c) =>
        c.search(base, { ...searchOptions, scope: 'base', filter }),
      );
      return r.searchEntries[0] ?? null;
    } catch (e) {
      if (ldapCode(e) === NO_SUCH_OBJECT) return null;
      throw e;
    }
  };

  const findOne = async (filter: Filter, label: string): Promise<OnPremUser | null> => {
    const r = await session.run('read', label, (c) =>
      c.search(config.baseDn, { ...searchOptions, scope: 'sub', filter, sizeLimit: 2 }),
    );
    if (r.searchEntries.length > 1)
      throw new DomainError(
        'AD.CONSTRAINT',
        `More than one AD user has ${label}; use the DN or GUID instead.`,
      );
    const entry = r.searchEntries[0];
    return entry === undefined ? null : toOnPremUser(entry);
  };

  const getUser = async (raw: OnPremUserKey): Promise<OnPremUser | null> => {
    const key = checkKey(raw);
    switch (key.kind) {
      case 'dn': {
        const e = await readBase('read', key.value, allUsersFilter());
        return e === null ? null : toOnPremUser(e);
      }
      case 'guid': {
        // <GUID=...> is AD's extended DN syntax: exact bytes, no string filter that could mangle them.
        const e = await readBase('read', `<GUID=${key.value}>`, allUsersFilter());
        if (e === null) return null;
        const user = toOnPremUser(e);
        return user.objectGuid === key.value ? user : null;
      }
      case 'sam':
        return findOne(equalityUserFilter('sAMAccountName', key.value), `sAMAccountName ${key.value}`);
      case 'upn':
        return findOne(equalityUserFilter('userPrincipalName', key.value), `userPrincipalName ${key.value}`);
    }
  };

  const mustGet = async (dn: string): Promise<OnPremUser> => {
    const u = await getUser({ kind: 'dn', value: dn });
    if (u === null) throw new DomainError('AD.NO_SUCH_OBJECT', `Active Directory has no user ${dn}.`);
    return u;
  };

  const ouExists = async (ouDn: string): Promise<boolean> => {
    const dn = checkDn(ouDn, 'the OU');
    try {
      const r = await session.run('read', dn, (c) =>
        c.search(dn, { scope: 'base', attributes: ['objectClass'], timeLimit }),
      );
      const classes = [r.searchEntries[0]?.['objectClass'] ?? []].flat().map((v) => String(v).toLowerCase());
      return classes.some((c) => ['organizationalunit', 'container', 'domaindns'].includes(c));
    } catch (e) {
      if (ldapCode(e) === NO_SUCH_OBJECT) return false;
      throw e;
    }
  };

  async function* listUsersInOu(ouDn: string): AsyncIterable<OnPremUser> {
    const dn = checkDn(ouDn, 'the OU');
    if (!(await ouExists(dn)))
      throw new DomainError('AD.NO_SUCH_OBJECT', `Active Directory has no OU ${dn}.`);
    const filter = new AndFilter({ filters: [allUsersFilter(), notCritical()] });
    // Paged results are tied to one connection: no reconnect-and-retry in the middle of a listing.
    const pages = await session.run('search', dn, (c: Client) =>
      Promise.resolve(c.searchPaginated(dn, { ...searchOptions, scope: 'sub', filter, paged: { pageSize } })),
    );
    while (true) {
      let next;
      try {
        next = await pages.next();
      } catch (e) {
        throw toDomainError(e, 'search', dn);
      }
      if (next.done === true) return;
      // ldapts yields an extra empty page when the total is an exact multiple of the page size.
      if (next.value.searchEntries.length === 0) continue;
      options.onPage?.(next.value.searchEntries.length);
      for (const entry of next.value.searchEntries) yield toOnPremUser(entry);
    }
  }

  return {
    secure: session.secure,
    close: () => session.close(),
    getUser,
    ouExists,
    listUsersInOu,

    async searchUsers(prefix, limit) {
      const p = searchPrefix(prefix);
      if (p === null) return [];
      const size = searchLimit(limit);
      // sizeLimit lets the server stop at the first `size` matches (ldapts returns them with the
      // sizeLimitExceeded result); a paged search would make Samba collect every match first.
      const r = await session.run('search', config.baseDn, (c) =>
        c.search(config.baseDn, { ...searchOptions, scope: 'sub', filter: prefixFilter(p), sizeLimit: size }),
      );
      const found = r.searchEntries.slice(0, size).map(toOnPremUser);
      return found.sort((a, b) => a.samAccountName.localeCompare(b.samAccountName));
    },

    async setConsistencyGuid(key, value) {
      const bytes = value === null ? null : Buffer.from(immutableIdToBytes(value));
      const user = await getUser(key);
      if (user === null)
        throw new DomainError('AD.NO_SUCH_OBJECT', `Active Directory has no user ${key.value}.`);
      const modification = new Attribute({
        type: 'mS-DS-ConsistencyGuid',
        values: bytes === null ? [] : [bytes],
      });
      const operation = bytes === null ? 'delete' : 'replace';
      try {
        await session.run('modify', user.dn, (c) =>
          c.modify(user.dn, new Change({ operation, modification })),
        );
      } catch (e) {
        // Clearing an attribute that is already empty: nothing to do (noSuchAttribute, 16).
        if (!(bytes === null && ldapCode(e) === 16)) throw e;
      }
      return mustGet(user.dn);
    },

    async moveUser(dn, targetOuDn) {
      const from = checkDn(dn);
      const target = checkDn(targetOuDn, 'the target OU');
      const [rdn] = parseDn(from);
      const newDn = `${formatDn([rdn!])},${formatDn(parseDn(target))}`;
      if (normaliseDn(newDn) === normaliseDn(from)) return mustGet(from);
      await session.run('move', from, (c) => c.modifyDN(from, newDn));
      logger?.info({ from, to: newDn }, 'ad user moved');
      return mustGet(newDn);
    },

    async createUser(spec: NewOnPremUser) {
      checkNewUser(spec, session.secure);
      const dn = `CN=${escapeDnValue(spec.cn)},${formatDn(parseDn(spec.ouDn))}`;
      const attrs: Attribute[] = [
        new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
        new Attribute({ type: 'cn', values: [spec.cn] }),
        new Attribute({ type: 'sAMAccountName', values: [spec.samAccountName] }),
        new Attribute({ type: 'userPrincipalName', values: [spec.userPrincipalName] }),
      ];
      const optional: [string, string | null][] = [
        ['givenName', spec.givenName],
        ['sn', spec.surname],
        ['displayName', spec.displayName],
        ['mail', spec.mail],
      ];
      for (const [type, v] of optional)
        if (v !== null && v !== '') attrs.push(new Attribute({ type, values: [v] }));
      if (spec.proxyAddresses.length > 0)
        attrs.push(new Attribute({ type: 'proxyAddresses', values: [...spec.proxyAddresses] }));
      if (spec.password === null) {
        attrs.push(new Attribute({ type: 'userAccountControl', values: [String(UAC_DISABLED_NO_PASSWORD)] }));
      } else {
        attrs.push(new Attribute({ type: 'unicodePwd', values: [encodeUnicodePwd(spec.password)] }));
        attrs.push(new Attribute({ type: 'userAccountControl', values: [String(UAC_ENABLED)] }));
      }
      await session.run('create', dn, (c) => c.add(dn, attrs));
      logger?.info({ dn, sam: spec.samAccountName, withPassword: spec.password !== null }, 'ad user created');
      return mustGet(dn);
    },
  };
};
