/**
 * The OnPremDirectory contract: what every implementation (LDAP against Samba, in-memory) must do, as one
 * suite defined for a subject. The subject's directory holds directoryFixture() and may be written to
 * (moves are undone; created users get unique names).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../../core/errors.ts';
import type { OnPremUser } from '../../core/models.ts';
import type { OnPremDirectory } from '../../core/ports.ts';
import { normaliseDn } from '../../connectors/ldap/dn.ts';
import { PAGING_USERS, type DirectoryFixture } from './directory-fixture.ts';

export interface DirectoryOptions {
  readonly pageSize?: number;
  readonly onPage?: (entries: number) => void;
}

export interface ContractSubject {
  readonly fixture: DirectoryFixture;
  /** A directory over the fixture; the suite closes it with `close`. Passwords must be allowed. */
  open(options?: DirectoryOptions): Promise<OnPremDirectory>;
  close(directory: OnPremDirectory): Promise<void>;
}

/** The error code a promise rejects with (fails the test when it resolves or throws something else). */
export const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (e) {
    if (isDomainError(e)) return e.code;
    throw e;
  }
  throw new Error('expected a DomainError, the call succeeded');
};

const sams = (users: readonly OnPremUser[]) => users.map((u) => u.samAccountName);
const collect = async (it: AsyncIterable<OnPremUser>) => {
  const out: OnPremUser[] = [];
  for await (const u of it) out.push(u);
  return out;
};
const hasHighByte = (guid: string) => Buffer.from(guid.replace(/-/g, ''), 'hex').some((b) => b >= 0x80);

export const defineOnPremDirectoryContract = (name: string, subject: () => ContractSubject): void => {
  describe(`OnPremDirectory contract: ${name}`, () => {
    let s: ContractSubject;
    let dir: OnPremDirectory;
    let f: DirectoryFixture;
    const byName = async (sam: string): Promise<OnPremUser> => {
      const u = await dir.getUser({ kind: 'sam', value: sam });
      if (u === null) throw new Error(`fixture user ${sam} missing`);
      return u;
    };

    beforeAll(async () => {
      s = subject();
      f = s.fixture;
      dir = await s.open();
    });
    afterAll(async () => s.close(dir));

    describe('searchUsers', () => {
      it('matches a prefix of displayName, sAMAccountName, UPN or mail, case-insensitively', async () => {
        expect(sams(await dir.searchUsers('alice arch', 10))).toEqual(['aarcher']);
        expect(sams(await dir.searchUsers('AARCH', 10))).toEqual(['aarcher']);
        expect(sams(await dir.searchUsers('zangstrom@corp', 10))).toEqual(['zangstrom']);
        expect(sams(await dir.searchUsers('cconsist@contoso.t', 10))).toEqual(['cconsist']);
        expect(sams(await dir.searchUsers('Smith, B', 10))).toEqual(['bsmith']);
        expect(sams(await dir.searchUsers('Zoë Å', 10))).toEqual(['zangstrom']);
        expect(sams(await dir.searchUsers('ZOË å', 10))).toEqual(['zangstrom']);
        expect(await dir.searchUsers('zoe', 10)).toEqual([]);
        expect(await dir.searchUsers('rcher', 10)).toEqual([]);
      });
      it('returns full users with both anchors', async () => {
        const [carol] = await dir.searchUsers('Carol', 5);
        expect(carol?.consistencyGuid).toBe(f.carolConsistencyGuid);
        expect(carol?.objectGuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
        expect(normaliseDn(carol!.dn)).toBe(normaliseDn(`CN=Carol Consistent,${f.syncedSub}`));
      });
      it('caps results at the limit (and at 50 whatever is asked)', async () => {
        expect(await dir.searchUsers('Paging User', 5)).toHaveLength(5);
        expect(await dir.searchUsers('Paging User', 10_000)).toHaveLength(50);
        expect(await dir.searchUsers('Paging User', 0)).toHaveLength(1);
      });
      it('never offers built-in or critical system objects', async () => {
        for (const p of ['Administrator', 'Admin', 'krbtgt', 'Guest'])
          expect(await dir.searchUsers(p, 10)).toEqual([]);
      });
      it('returns nothing for an empty or blank prefix', async () => {
        expect(await dir.searchUsers('', 10)).toEqual([]);
        expect(await dir.searchUsers('   ', 10)).toEqual([]);
      });
    });

    describe('getUser', () => {
      it('finds the same user by DN, sAMAccountName, UPN and objectGUID', async () => {
        const bob = await byName('bsmith');
        expect(bob.displayName).toBe('Smith, Bob');
        expect(bob.proxyAddresses).toEqual(
          expect.arrayContaining(['SMTP:bsmith@contoso.test', 'smtp:bsmith@contoso.mail.test']),
        );
        const keys = [
          { kind: 'dn', value: bob.dn },
          { kind: 'dn', value: bob.dn.toLowerCase().replace(/,/g, ', ').replace(/\\, /g, '\\,') },
          { kind: 'sam', value: 'BSMITH' },
          { kind: 'upn', value: bob.userPrincipalName! },
          { kind: 'guid', value: bob.objectGuid },
          { kind: 'guid', value: `{${bob.objectGuid.toUpperCase()}}` },
        ] as const;
        for (const key of keys) expect((await dir.getUser(key))?.objectGuid, key.value).toBe(bob.objectGuid);
      });
      it('round-trips binary GUIDs, bytes >= 0x80 included', async () => {
        const users = (await collect(dir.listUsersInOu(f.paging))).filter((u) => hasHighByte(u.objectGuid));
        expect(users.length).toBeGreaterThan(10);
        for (const u of users.slice(0, 20))
          expect((await dir.getUser({ kind: 'guid', value: u.objectGuid }))?.dn).toBe(u.dn);
      });
      it('reads mS-DS-ConsistencyGuid as its bytes in base64, null when empty', async () => {
        expect((await byName('cconsist')).consistencyGuid).toBe(f.carolConsistencyGuid);
        expect((await byName('aarcher')).consistencyGuid).toBeNull();
      });
      it('returns null for keys that name nobody', async () => {
        expect(await dir.getUser({ kind: 'sam', value: 'nobody-here' })).toBeNull();
        expect(await dir.getUser({ kind: 'upn', value: 'nobody@corp.example.test' })).toBeNull();
        expect(await dir.getUser({ kind: 'dn', value: `CN=Nobody,${f.synced}` })).toBeNull();
        expect(await dir.getUser({ kind: 'dn', value: f.synced })).toBeNull();
        expect(await dir.getUser({ kind: 'guid', value: '0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0' })).toBeNull();
      });
      it('refuses malformed keys with a clear error', async () => {
        expect(await codeOf(dir.getUser({ kind: 'guid', value: 'not-a-guid' }))).toBe('IMMUTABLE_ID.INVALID');
        expect(await codeOf(dir.getUser({ kind: 'dn', value: 'no equals sign' }))).toBe('INPUT.INVALID');
        expect(await codeOf(dir.getUser({ kind: 'sam', value: 'a\u0000b' }))).toBe('INPUT.INVALID');
      });
    });

    describe('listUsersInOu and ouExists', () => {
      it('lists an OU with its sub-OUs', async () => {
        expect(sams(await collect(dir.listUsersInOu(f.synced))).sort()).toEqual(
          ['aarcher', 'bsmith', 'cconsist', 'starname', 'zangstrom'].sort(),
        );
        expect(sams(await collect(dir.listUsersInOu(f.syncedSub)))).toEqual(['cconsist']);
      });
      it.each([
        [1000, [1000, 50]],
        [350, [350, 350, 350]],
      ])('pages %i at a time over %j', async (pageSize, expected) => {
        const pages: number[] = [];
        const paged = await s.open({ pageSize, onPage: (n) => pages.push(n) });
        try {
          const users = await collect(paged.listUsersInOu(f.paging));
          expect(users).toHaveLength(PAGING_USERS);
          expect(new Set(users.map((u) => u.objectGuid)).size).toBe(PAGING_USERS);
          expect(pages).toEqual(expected);
        } finally {
          await s.close(paged);
        }
      });
      it('refuses to list an OU that does not exist', async () => {
        expect(await codeOf(collect(dir.listUsersInOu(`OU=Missing,${f.root}`)))).toBe('AD.NO_SUCH_OBJECT');
      });
      it('tells existing OUs from missing ones and from users', async () => {
        expect(await dir.ouExists(f.notSynced)).toBe(true);
        expect(await dir.ouExists(f.notSynced.toUpperCase())).toBe(true);
        expect(await dir.ouExists(`OU=Missing,${f.root}`)).toBe(false);
        expect(await dir.ouExists((await byName('aarcher')).dn)).toBe(false);
      });
    });

    describe('moveUser', () => {
      it('moves a user out of scope and back, keeping its GUID', async () => {
        const alice = await byName('aarcher');
        const moved = await dir.moveUser(alice.dn, f.notSynced);
        expect(normaliseDn(moved.dn)).toBe(normaliseDn(`CN=Alice Archer,${f.notSynced}`));
        expect(moved.objectGuid).toBe(alice.objectGuid);
        expect((await dir.getUser({ kind: 'guid', value: alice.objectGuid }))?.dn).toBe(moved.dn);
        const back = await dir.moveUser(moved.dn, f.synced);
        expect(normaliseDn(back.dn)).toBe(normaliseDn(alice.dn));
      });
      it('moves a user whose CN has an escaped comma', async () => {
        const bob = await byName('bsmith');
        const moved = await dir.moveUser(bob.dn, f.staging);
        expect(moved.displayName).toBe('Smith, Bob');
        expect(normaliseDn((await dir.moveUser(moved.dn, f.synced)).dn)).toBe(normaliseDn(bob.dn));
      });
      it('treats a move to the current OU as done', async () => {
        const alice = await byName('aarcher');
        expect((await dir.moveUser(alice.dn, f.synced)).dn).toBe(alice.dn);
      });
      it('fails clearly for a missing target OU or user, changing nothing', async () => {
        const alice = await byName('aarcher');
        expect(await codeOf(dir.moveUser(alice.dn, `OU=Missing,${f.root}`))).toBe('AD.PARENT_MISSING');
        expect((await byName('aarcher')).dn).toBe(alice.dn);
        expect(await codeOf(dir.moveUser(`CN=Nobody,${f.synced}`, f.staging))).toBe('AD.NO_SUCH_OBJECT');
      });
    });

    describe('createUser', () => {
      const tag = Date.now().toString(36).slice(-6);
      const spec = (sam: string, password: string | null) => ({
        ouDn: f.synced,
        cn: `New, ${sam}`,
        samAccountName: sam,
        userPrincipalName: `${sam}@corp.example.test`,
        givenName: 'New',
        surname: sam,
        displayName: `New ${sam}`,
        mail: `${sam}@contoso.test`,
        proxyAddresses: [`SMTP:${sam}@contoso.test`],
        password,
      });
      it('creates a disabled user without a password, with every attribute', async () => {
        const u = await dir.createUser(spec(`nd${tag}`, null));
        expect(u).toMatchObject({
          samAccountName: `nd${tag}`,
          userPrincipalName: `nd${tag}@corp.example.test`,
          mail: `nd${tag}@contoso.test`,
          proxyAddresses: [`SMTP:nd${tag}@contoso.test`],
          displayName: `New nd${tag}`,
          givenName: 'New',
          surname: `nd${tag}`,
          enabled: false,
          consistencyGuid: null,
        });
        expect(normaliseDn(u.dn)).toBe(normaliseDn(`CN=New\\, nd${tag},${f.synced}`));
        expect(sams(await dir.searchUsers(`New nd${tag}`, 5))).toEqual([`nd${tag}`]);
      });
      it('creates an enabled user with a password', async () => {
        expect((await dir.createUser(spec(`np${tag}`, 'Pa55word!x'))).enabled).toBe(true);
      });
      it('refuses duplicates and missing OUs with clear codes', async () => {
        await dir.createUser(spec(`nx${tag}`, null));
        expect(await codeOf(dir.createUser({ ...spec(`nx${tag}`, null), cn: `Other ${tag}` }))).toBe(
          'AD.ALREADY_EXISTS',
        );
        const sameUpn = { ...spec(`ny${tag}`, null), userPrincipalName: `nx${tag}@corp.example.test` };
        expect(await codeOf(dir.createUser(sameUpn))).toBe('AD.CONSTRAINT');
        expect(
          await codeOf(dir.createUser({ ...spec(`nz${tag}`, null), ouDn: `OU=Missing,${f.root}` })),
        ).toBe('AD.PARENT_MISSING');
      });
      it('refuses invalid attributes before writing', async () => {
        expect(await codeOf(dir.createUser(spec('bad*sam', null)))).toBe('INPUT.INVALID');
        expect(await codeOf(dir.createUser({ ...spec(`nu${tag}`, null), userPrincipalName: 'no-at' }))).toBe(
          'INPUT.INVALID',
        );
        expect(await dir.getUser({ kind: 'sam', value: `nu${tag}` })).toBeNull();
      });
    });

    describe('hostile input', () => {
      const fields = (u: OnPremUser) => [u.displayName, u.samAccountName, u.userPrincipalName, u.mail];
      it.each([
        '*',
        '*)(uid=*',
        '*)(objectClass=*',
        'a*)(|(sAMAccountName=*',
        '\\',
        '\\2a',
        '(',
        ')',
        '*)',
        'é*',
        '😀',
      ])('search %j matches only literally', async (text) => {
        const found = await dir.searchUsers(text, 50);
        for (const u of found)
          expect(fields(u).some((v) => v?.toLowerCase().startsWith(text.toLowerCase()))).toBe(true);
        expect(found.length).toBeLessThan(5);
      });
      it('treats wildcards as literal characters', async () => {
        expect(sams(await dir.searchUsers('Star*', 10))).toEqual(['starname']);
        expect(sams(await dir.searchUsers('Star*Name (', 10))).toEqual(['starname']);
        expect(await dir.searchUsers('S*r', 10)).toEqual([]);
      });
      it('refuses NUL and oversized input with INPUT.INVALID', async () => {
        expect(await codeOf(dir.searchUsers('ali\u0000ce', 5))).toBe('INPUT.INVALID');
        expect(await codeOf(dir.searchUsers('a'.repeat(10_240), 5))).toBe('INPUT.INVALID');
        expect(await codeOf(dir.getUser({ kind: 'upn', value: `${'u'.repeat(10_240)}@x` }))).toBe(
          'INPUT.INVALID',
        );
        expect(await codeOf(dir.getUser({ kind: 'dn', value: `CN=${'x'.repeat(10_240)}` }))).toBe(
          'INPUT.INVALID',
        );
      });
      it('never widens an exact lookup', async () => {
        for (const value of ['*', 'aarcher)(sAMAccountName=*', 'a*', '\\2a'])
          expect(await dir.getUser({ kind: 'sam', value })).toBeNull();
        expect(await dir.getUser({ kind: 'upn', value: '*' })).toBeNull();
        expect(await dir.getUser({ kind: 'dn', value: `CN=*,${f.synced}` })).toBeNull();
      });
    });
  });
};
