import { describe, expect, it } from 'vitest';
import { MemoryDirectory } from '../../../sandbox/memory-directory.ts';
import { directoryFixture } from '../../contract/directory-fixture.ts';
import { codeOf, defineOnPremDirectoryContract } from '../../contract/on-prem-directory.contract.ts';
import { SCENARIO_BASE_DN, SCENARIO_DATA, scenarioAdSeed } from '../../../sandbox/scenarios-data.ts';

const BASE = 'DC=corp,DC=example,DC=test';
const fixture = directoryFixture(BASE);
const seeded = (options: { pageSize?: number; onPage?: (n: number) => void; secure?: boolean } = {}) => {
  const d = new MemoryDirectory({ baseDn: BASE, ...options });
  d.seed(fixture);
  return d;
};

defineOnPremDirectoryContract('in-memory', () => ({
  fixture,
  open: (options = {}) => Promise.resolve(seeded(options)),
  close: () => Promise.resolve(),
}));

describe('MemoryDirectory extras', () => {
  it('writes and clears mS-DS-ConsistencyGuid the way Entra Connect does', async () => {
    const d = seeded();
    const alice = await d.getUser({ kind: 'sam', value: 'aarcher' });
    const anchor = Buffer.from(alice!.objectGuid.replace(/-/g, ''), 'hex').toString('base64');
    d.setConsistencyGuid({ kind: 'guid', value: alice!.objectGuid }, anchor);
    expect((await d.getUser({ kind: 'sam', value: 'aarcher' }))?.consistencyGuid).toBe(anchor);
    d.setConsistencyGuid({ kind: 'dn', value: alice!.dn }, null);
    expect((await d.getUser({ kind: 'sam', value: 'aarcher' }))?.consistencyGuid).toBeNull();
    expect(() => d.setConsistencyGuid({ kind: 'sam', value: 'aarcher' }, 'short')).toThrow(/ImmutableID/);
    expect(() => d.setConsistencyGuid({ kind: 'sam', value: 'nobody' }, null)).toThrow(/no object/);
  });

  it('keeps seeded objectGUIDs and refuses duplicates', () => {
    const d = new MemoryDirectory({ baseDn: BASE });
    d.seed({
      ous: [`OU=X,${BASE}`],
      users: [
        {
          dn: `CN=A,OU=X,${BASE}`,
          samAccountName: 'a',
          objectGuid: '{00112233-4455-6677-8899-AABBCCDDEEFF}',
        },
      ],
    });
    expect(d.allUsers().find((u) => u.samAccountName === 'a')?.objectGuid).toBe(
      '00112233-4455-6677-8899-aabbccddeeff',
    );
    expect(() =>
      d.addUser({
        dn: `CN=B,OU=X,${BASE}`,
        samAccountName: 'b',
        objectGuid: '00112233-4455-6677-8899-aabbccddeeff',
      }),
    ).toThrow(/already exists/);
    expect(() => d.addOu(`OU=Y,OU=Missing,${BASE}`)).toThrow(/does not exist/);
  });

  it('has the built-in accounts a fresh domain has, as critical objects', async () => {
    const d = new MemoryDirectory({ baseDn: BASE });
    expect((await d.getUser({ kind: 'sam', value: 'krbtgt' }))?.isCriticalSystemObject).toBe(true);
    expect(await d.searchUsers('krb', 5)).toEqual([]);
  });

  it('refuses a password when its transport is not secure, like plain LDAP', async () => {
    const d = seeded({ secure: false });
    const spec = {
      ouDn: fixture.synced,
      cn: 'P',
      samAccountName: 'p1',
      userPrincipalName: 'p1@corp.example.test',
      givenName: null,
      surname: null,
      displayName: null,
      mail: null,
      proxyAddresses: [],
      password: 'x',
    };
    expect(await codeOf(d.createUser(spec))).toBe('CONFIG.INVALID');
    expect(await d.getUser({ kind: 'sam', value: 'p1' })).toBeNull();
  });
});

describe('MemoryDirectory with the scenarios AD data', () => {
  it('loads sandbox/scenarios-data.ts with its objectGUIDs', async () => {
    const d = new MemoryDirectory({ baseDn: SCENARIO_BASE_DN });
    d.seed(scenarioAdSeed());
    for (const { adUser } of Object.values(SCENARIO_DATA)) {
      const u = await d.getUser({ kind: 'guid', value: adUser.objectGuid });
      expect(u?.userPrincipalName).toBe(adUser.userPrincipalName);
      expect(await d.ouExists(adUser.ou)).toBe(true);
    }
  });
});
