/**
 * The AD data the OnPremDirectory contract runs on, loaded into Samba (test/samba/seed.ts) and into
 * the in-memory directory (MemoryDirectory.seed) alike. Everything lives below one root OU so a test
 * run can delete and recreate it in one tree delete.
 */
import type { MemoryDirectorySeed, MemoryUserSeed } from '../../sandbox/memory-directory.ts';

export const PAGING_USERS = 1050;

export interface DirectoryFixture extends MemoryDirectorySeed {
  readonly root: string;
  readonly synced: string;
  readonly syncedSub: string;
  readonly notSynced: string;
  readonly staging: string;
  readonly paging: string;
  /** The ConsistencyGuid (ImmutableID form) seeded on carol; its bytes include values >= 0x80. */
  readonly carolConsistencyGuid: string;
}

/** Build the fixture for a domain's base DN. */
export const directoryFixture = (baseDn: string, domain = 'corp.example.test'): DirectoryFixture => {
  const root = `OU=HardMatch Tests,${baseDn}`;
  const synced = `OU=Synced,${root}`;
  const syncedSub = `OU=Sub,${synced}`;
  const notSynced = `OU=Not Synced,${root}`;
  const staging = `OU=Staging,${root}`;
  const paging = `OU=Paging,${root}`;
  const carolConsistencyGuid = Buffer.from('f0e1d2c3b4a5968778695a4b3c2d1e0f', 'hex').toString('base64');
  const person = (
    ou: string,
    cn: string,
    sam: string,
    given: string,
    sn: string,
    display: string,
    extra: Partial<MemoryUserSeed> = {},
  ): MemoryUserSeed => ({
    dn: `CN=${cn},${ou}`,
    samAccountName: sam,
    userPrincipalName: `${sam}@${domain}`,
    givenName: given,
    surname: sn,
    displayName: display,
    mail: `${sam}@contoso.test`,
    proxyAddresses: [`SMTP:${sam}@contoso.test`, `smtp:${sam}@contoso.mail.test`],
    enabled: false,
    ...extra,
  });
  const users: MemoryUserSeed[] = [
    person(synced, 'Alice Archer', 'aarcher', 'Alice', 'Archer', 'Alice Archer'),
    person(synced, 'Smith\\, Bob', 'bsmith', 'Bob', 'Smith', 'Smith, Bob'),
    person(synced, 'Zoë Ångström', 'zangstrom', 'Zoë', 'Ångström', 'Zoë Ångström'),
    person(synced, 'Star Name', 'starname', 'Star', 'Name', 'Star*Name (test)'),
    person(syncedSub, 'Carol Consistent', 'cconsist', 'Carol', 'Consistent', 'Carol Consistent', {
      consistencyGuid: carolConsistencyGuid,
    }),
    person(notSynced, 'Dave Parked', 'dparked', 'Dave', 'Parked', 'Dave Parked'),
    person(staging, 'Erin Staged', 'estaged', 'Erin', 'Staged', 'Erin Staged'),
  ];
  for (let i = 1; i <= PAGING_USERS; i++) {
    const n = String(i).padStart(5, '0');
    users.push({
      dn: `CN=Paging User ${n},${paging}`,
      samAccountName: `pg${n}`,
      displayName: `Paging User ${n}`,
      enabled: false,
    });
  }
  return {
    root,
    synced,
    syncedSub,
    notSynced,
    staging,
    paging,
    carolConsistencyGuid,
    ous: [root, synced, syncedSub, notSynced, staging, paging],
    users,
  };
};
