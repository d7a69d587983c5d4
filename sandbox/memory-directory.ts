/**
 * OnPremDirectory in memory, for the sandbox and for tests of dialogs and the Entra Connect simulator.
 * It behaves like the LDAP connector against AD (the shared contract suite runs against both): the same
 * input rules and errors, case-insensitive prefix search over displayName / sAMAccountName / UPN / mail
 * without critical system objects, the same paging, the same DN handling.
 *
 * Extras beyond the port (documented, for seeding and simulators):
 * - `seed(data)` / `addOu(dn)` / `addUser(seed)`: load OUs and users (e.g. the scenarios' AD facts).
 * - `setConsistencyGuid(key, value)`: write mS-DS-ConsistencyGuid the way Entra Connect does when the
 *   attribute is empty and the tenant anchors on it.
 * - `allUsers()`: a snapshot of every user.
 */
import { randomUUID } from 'node:crypto';
import { DomainError } from '../core/errors.ts';
import { immutableIdToBytes, normaliseGuid } from '../core/immutable-id.ts';
import type { ImmutableId, OnPremUser } from '../core/models.ts';
import type { NewOnPremUser, OnPremDirectory, OnPremUserKey } from '../core/ports.ts';
import {
  escapeDnValue,
  formatDn,
  isDnWithin,
  normaliseDn,
  parentDn,
  parseDn,
} from '../connectors/ldap/dn.ts';
import { adError } from '../connectors/ldap/ldap-errors.ts';
import {
  DEFAULT_PAGE_SIZE,
  checkDn,
  checkKey,
  checkNewUser,
  searchLimit,
  searchPrefix,
} from '../connectors/ldap/user-input.ts';

/** A user to load; omitted attributes are empty, objectGuid is generated when absent. */
export interface MemoryUserSeed {
  readonly dn: string;
  readonly samAccountName: string;
  readonly objectGuid?: string;
  /** base64 (ImmutableID form) or null. */
  readonly consistencyGuid?: ImmutableId | null;
  readonly userPrincipalName?: string | null;
  readonly displayName?: string | null;
  readonly givenName?: string | null;
  readonly surname?: string | null;
  readonly mail?: string | null;
  readonly proxyAddresses?: readonly string[];
  readonly enabled?: boolean;
  readonly isCriticalSystemObject?: boolean;
}

export interface MemoryDirectorySeed {
  /** OUs/containers, parents first. */
  readonly ous: readonly string[];
  readonly users: readonly MemoryUserSeed[];
}

export interface MemoryDirectoryOptions {
  readonly baseDn: string;
  /** Whether the simulated transport is encrypted (passwords refused when false). Default true. */
  readonly secure?: boolean;
  readonly pageSize?: number;
  readonly onPage?: (entries: number) => void;
  /** Add CN=Users with Administrator, Guest and krbtgt (critical objects), as a fresh domain has. Default true. */
  readonly builtIns?: boolean;
}

const startsWithCi = (v: string | null, p: string): boolean =>
  v !== null && v.toLocaleLowerCase('en-US').startsWith(p);
/** Run `fn` as a promise, so that input errors reject as the LDAP connector's do. */
const settle = <T>(fn: () => T): Promise<T> => new Promise((resolve) => resolve(fn()));
const eqCi = (a: string | null, b: string): boolean => a !== null && a.toLowerCase() === b.toLowerCase();

export class MemoryDirectory implements OnPremDirectory {
  readonly baseDn: string;
  readonly secure: boolean;
  readonly #pageSize: number;
  readonly #onPage: ((entries: number) => void) | undefined;
  /** normalised DN -> stored DN */
  readonly #containers = new Map<string, string>();
  /** normalised DN -> user */
  readonly #users = new Map<string, OnPremUser>();

  constructor(options: MemoryDirectoryOptions) {
    this.baseDn = formatDn(parseDn(options.baseDn));
    this.secure = options.secure ?? true;
    this.#pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    this.#onPage = options.onPage;
    this.#containers.set(normaliseDn(this.baseDn), this.baseDn);
    if (options.builtIns ?? true) {
      this.addOu(`CN=Users,${this.baseDn}`);
      for (const sam of ['Administrator', 'Guest', 'krbtgt'])
        this.addUser({
          dn: `CN=${sam},CN=Users,${this.baseDn}`,
          samAccountName: sam,
          isCriticalSystemObject: true,
          enabled: sam === 'Administrator',
        });
    }
  }

  /** Load OUs then users. */
  seed(data: MemoryDirectorySeed): void {
    data.ous.forEach((ou) => this.addOu(ou));
    data.users.forEach((u) => this.addUser(u));
  }

  /** Add an OU or container; its parent must exist (AD.PARENT_MISSING), idempotent for an existing OU. */
  addOu(dn: string): void {
    const key = normaliseDn(dn);
    if (this.#containers.has(key)) return;
    const parent = parentDn(dn);
    if (parent === null || !this.#containers.has(normaliseDn(parent)))
      throw adError('AD.PARENT_MISSING', dn, 'create');
    this.#containers.set(key, formatDn(parseDn(dn)));
  }

  /** Add a user as given (no input rules beyond DN syntax and uniqueness): for seeding. */
  addUser(seed: MemoryUserSeed): OnPremUser {
    const dn = formatDn(parseDn(seed.dn));
    const parent = parentDn(dn);
    if (parent === null || !this.#containers.has(normaliseDn(parent)))
      throw adError('AD.PARENT_MISSING', dn, 'create');
    this.#assertUnique(dn, seed.samAccountName, seed.userPrincipalName ?? null);
    const objectGuid = normaliseGuid(seed.objectGuid ?? randomUUID());
    if (this.#find((u) => u.objectGuid === objectGuid) !== null)
      throw adError('AD.ALREADY_EXISTS', `objectGUID ${objectGuid}`, 'create');
    const user: OnPremUser = {
      dn,
      objectGuid,
      consistencyGuid: seed.consistencyGuid ?? null,
      samAccountName: seed.samAccountName,
      userPrincipalName: seed.userPrincipalName ?? null,
      displayName: seed.displayName ?? null,
      givenName: seed.givenName ?? null,
      surname: seed.surname ?? null,
      mail: seed.mail ?? null,
      proxyAddresses: [...(seed.proxyAddresses ?? [])],
      enabled: seed.enabled ?? true,
      isCriticalSystemObject: seed.isCriticalSystemObject ?? false,
    };
    this.#users.set(normaliseDn(dn), user);
    return user;
  }

  /**
   * Write (or clear) mS-DS-ConsistencyGuid, as Entra Connect does on export. `value` is the ImmutableID
   * form (base64 of the 16 bytes). Throws AD.NO_SUCH_OBJECT for an unknown user.
   */
  setConsistencyGuid(key: OnPremUserKey, value: ImmutableId | null): OnPremUser {
    if (value !== null) immutableIdToBytes(value);
    const user = this.#lookup(checkKey(key));
    if (user === null) throw adError('AD.NO_SUCH_OBJECT', key.value, 'modify');
    const updated = { ...user, consistencyGuid: value };
    this.#users.set(normaliseDn(user.dn), updated);
    return updated;
  }

  /** Every user, built-ins included, in insertion order. */
  allUsers(): readonly OnPremUser[] {
    return [...this.#users.values()];
  }

  searchUsers(prefix: string, limit: number): Promise<readonly OnPremUser[]> {
    return settle(() => {
      const p = searchPrefix(prefix)?.toLocaleLowerCase('en-US');
      if (p === undefined) return [];
      const found = [...this.#users.values()]
        .filter((u) => !u.isCriticalSystemObject)
        .filter((u) =>
          [u.displayName, u.samAccountName, u.userPrincipalName, u.mail].some((v) => startsWithCi(v, p)),
        )
        .slice(0, searchLimit(limit));
      return found.sort((a, b) => a.samAccountName.localeCompare(b.samAccountName));
    });
  }

  getUser(key: OnPremUserKey): Promise<OnPremUser | null> {
    return settle(() => {
      return this.#lookup(checkKey(key));
    });
  }

  async *listUsersInOu(ouDn: string): AsyncIterable<OnPremUser> {
    const dn = checkDn(ouDn, 'the OU');
    if (!(await this.ouExists(dn)))
      throw new DomainError('AD.NO_SUCH_OBJECT', `Active Directory has no OU ${dn}.`);
    const all = [...this.#users.values()].filter((u) => !u.isCriticalSystemObject && isDnWithin(u.dn, dn));
    for (let i = 0; i < all.length; i += this.#pageSize) {
      const page = all.slice(i, i + this.#pageSize);
      this.#onPage?.(page.length);
      yield* page;
    }
  }

  moveUser(dn: string, targetOuDn: string): Promise<OnPremUser> {
    return settle(() => {
      const from = checkDn(dn);
      const target = checkDn(targetOuDn, 'the target OU');
      const user = this.#users.get(normaliseDn(from));
      if (user === undefined) throw adError('AD.NO_SUCH_OBJECT', from, 'move');
      const newDn = `${formatDn(parseDn(from).slice(0, 1))},${formatDn(parseDn(target))}`;
      if (normaliseDn(newDn) === normaliseDn(from)) return user;
      if (!this.#containers.has(normaliseDn(target))) throw adError('AD.PARENT_MISSING', from, 'move');
      if (this.#users.has(normaliseDn(newDn)) || this.#containers.has(normaliseDn(newDn)))
        throw adError('AD.ALREADY_EXISTS', newDn, 'move');
      this.#users.delete(normaliseDn(from));
      const moved = { ...user, dn: newDn };
      this.#users.set(normaliseDn(newDn), moved);
      return moved;
    });
  }

  createUser(spec: NewOnPremUser): Promise<OnPremUser> {
    return settle(() => {
      checkNewUser(spec, this.secure);
      return this.addUser({
        dn: `CN=${escapeDnValue(spec.cn)},${formatDn(parseDn(spec.ouDn))}`,
        samAccountName: spec.samAccountName,
        userPrincipalName: spec.userPrincipalName,
        displayName: spec.displayName,
        givenName: spec.givenName,
        surname: spec.surname,
        mail: spec.mail,
        proxyAddresses: spec.proxyAddresses,
        enabled: spec.password !== null,
      });
    });
  }

  ouExists(ouDn: string): Promise<boolean> {
    return settle(() => {
      return this.#containers.has(normaliseDn(checkDn(ouDn, 'the OU')));
    });
  }

  #find(pred: (u: OnPremUser) => boolean): OnPremUser | null {
    for (const u of this.#users.values()) if (pred(u)) return u;
    return null;
  }

  #lookup(key: OnPremUserKey): OnPremUser | null {
    switch (key.kind) {
      case 'dn':
        return this.#users.get(normaliseDn(key.value)) ?? null;
      case 'guid':
        return this.#find((u) => u.objectGuid === key.value);
      case 'sam':
        return this.#find((u) => eqCi(u.samAccountName, key.value));
      case 'upn':
        return this.#find((u) => eqCi(u.userPrincipalName, key.value));
    }
  }

  // AD keeps DN, sAMAccountName and UPN unique within the domain.
  #assertUnique(dn: string, sam: string, upn: string | null): void {
    if (this.#users.has(normaliseDn(dn)) || this.#containers.has(normaliseDn(dn)))
      throw adError('AD.ALREADY_EXISTS', dn, 'create');
    if (this.#find((u) => eqCi(u.samAccountName, sam)) !== null)
      throw adError('AD.ALREADY_EXISTS', `sAMAccountName ${sam}`, 'create');
    // A duplicate UPN is a constraint violation (19) in AD 2012 R2+ and Samba, not entryAlreadyExists.
    if (upn !== null && this.#find((u) => eqCi(u.userPrincipalName, upn)) !== null)
      throw adError('AD.CONSTRAINT', `userPrincipalName ${upn}`, 'create');
  }
}
