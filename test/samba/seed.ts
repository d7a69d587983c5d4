/**
 * Seeding a Samba DC over LDAP: recreate the fixture's root OU (tree delete, then add OUs and users
 * sequentially on one connection - parallel connections were slower on Samba), and add users with a
 * chosen objectGUID through the local sam.ldb (Samba refuses objectGUID on an LDAP add, and the relax
 * control is not registered over LDAP; `ldbadd --controls=relax:0` on the DC's own database accepts it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Attribute, Client, Control } from 'ldapts';
import type { MemoryDirectorySeed, MemoryUserSeed } from '../../sandbox/memory-directory.ts';

export interface SambaConnection {
  readonly url: string;
  readonly bindDn: string;
  readonly password: string;
}

const TREE_DELETE = '1.2.840.113556.1.4.805';
const NO_SUCH_OBJECT = 32;

const userAttributes = (u: MemoryUserSeed): Attribute[] => {
  const cn = /^CN=((?:\\.|[^,])+)/i.exec(u.dn)?.[1] ?? u.samAccountName;
  const attrs = [
    new Attribute({ type: 'objectClass', values: ['top', 'person', 'organizationalPerson', 'user'] }),
    new Attribute({ type: 'cn', values: [cn.replace(/\\(.)/g, '$1')] }),
    new Attribute({ type: 'sAMAccountName', values: [u.samAccountName] }),
    new Attribute({ type: 'userAccountControl', values: ['546'] }),
  ];
  const add = (type: string, v: string | null | undefined) => {
    if (v !== null && v !== undefined) attrs.push(new Attribute({ type, values: [v] }));
  };
  add('userPrincipalName', u.userPrincipalName);
  add('displayName', u.displayName);
  add('givenName', u.givenName);
  add('sn', u.surname);
  add('mail', u.mail);
  if (u.proxyAddresses !== undefined && u.proxyAddresses.length > 0)
    attrs.push(new Attribute({ type: 'proxyAddresses', values: [...u.proxyAddresses] }));
  if (u.consistencyGuid !== undefined && u.consistencyGuid !== null)
    attrs.push(
      new Attribute({ type: 'mS-DS-ConsistencyGuid', values: [Buffer.from(u.consistencyGuid, 'base64')] }),
    );
  return attrs;
};

/** Delete `root` with everything below it (no error when it is absent). */
export const treeDelete = async (client: Client, root: string): Promise<void> => {
  try {
    await client.del(root, new Control(TREE_DELETE, { critical: true }));
  } catch (e) {
    if (!(e instanceof Error && 'code' in e && e.code === NO_SUCH_OBJECT)) throw e;
  }
};

/** Run `fn` on one bound connection, unbinding afterwards whatever happens. */
const withClient = async <T>(conn: SambaConnection, fn: (client: Client) => Promise<T>): Promise<T> => {
  const client = new Client({ url: conn.url, timeout: 30_000, connectTimeout: 5_000 });
  try {
    await client.bind(conn.bindDn, conn.password);
    return await fn(client);
  } finally {
    await client.unbind().catch(() => undefined);
  }
};

/**
 * Replace everything below `root` with `data` (OUs parents first; `root` must be data.ous[0]).
 * Users given an objectGuid are refused here: use addUsersWithGuids for those.
 */
export const seedOverLdap = async (
  conn: SambaConnection,
  root: string,
  data: MemoryDirectorySeed,
): Promise<void> =>
  withClient(conn, async (client) => {
    await treeDelete(client, root);
    for (const ou of data.ous) await client.add(ou, { objectClass: ['top', 'organizationalUnit'] });
    for (const u of data.users) {
      if (u.objectGuid !== undefined) throw new Error(`${u.dn}: objectGuid needs addUsersWithGuids`);
      await client.add(u.dn, userAttributes(u));
    }
  });

/**
 * Samba's tools run synchronously, which blocks the test worker's event loop: vitest's own timeouts
 * cannot fire then, so a tool waiting on a database lock would hold the run silently. Bound each one.
 */
export const TOOL_TIMEOUT_MS = 60_000;

const ldifValue = (v: string): string => `:: ${Buffer.from(v, 'utf8').toString('base64')}`;

/**
 * Add users with fixed objectGUIDs (e.g. scenario data whose cloud side expects them) straight into the
 * DC's sam.ldb while it runs (the mdb backend allows a second process). Parents must exist.
 */
export const addUsersWithGuids = (dcDir: string, users: readonly MemoryUserSeed[]): void => {
  if (users.length === 0) return;
  const blocks = users.map((u) => {
    if (u.objectGuid === undefined) throw new Error(`${u.dn}: no objectGuid`);
    const lines = [
      `dn${ldifValue(u.dn)}`,
      'objectClass: user',
      `sAMAccountName${ldifValue(u.samAccountName)}`,
    ];
    lines.push(`objectGUID: ${u.objectGuid}`, 'userAccountControl: 546');
    const opt: [string, string | null | undefined][] = [
      ['userPrincipalName', u.userPrincipalName],
      ['displayName', u.displayName],
      ['givenName', u.givenName],
      ['sn', u.surname],
      ['mail', u.mail],
    ];
    for (const [k, v] of opt) if (v !== null && v !== undefined) lines.push(`${k}${ldifValue(v)}`);
    for (const p of u.proxyAddresses ?? []) lines.push(`proxyAddresses${ldifValue(p)}`);
    if (u.consistencyGuid !== undefined && u.consistencyGuid !== null)
      lines.push(`mS-DS-ConsistencyGuid:: ${u.consistencyGuid}`);
    return lines.join('\n');
  });
  const samLdb = join(dcDir, 'private', 'sam.ldb');
  // A tree delete leaves tombstones that keep their objectGUID (as in AD): purge them, or the re-add of
  // the same GUID fails. A missing object is the usual case, so a failure here means nothing.
  for (const u of users)
    try {
      execFileSync(
        'ldbdel',
        ['-H', samLdb, '--controls=show_deleted:1', '--controls=relax:0', `<GUID=${u.objectGuid}>`],
        { stdio: 'ignore', timeout: TOOL_TIMEOUT_MS },
      );
    } catch (e) {
      // Not there is the usual case; a tool that hung is not.
      if ((e as { code?: unknown }).code === 'ETIMEDOUT') throw e;
    }
  const dir = mkdtempSync(join(tmpdir(), 'hm-seed-'));
  try {
    const file = join(dir, 'users.ldif');
    writeFileSync(file, `${blocks.join('\n\n')}\n`);
    execFileSync('ldbadd', ['-H', samLdb, '--controls=relax:0', file], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: TOOL_TIMEOUT_MS,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * Load data whose users carry fixed objectGUIDs (sandbox/scenarios-data.ts): each OU is recreated over
 * LDAP (tree delete, then add), the users go in through sam.ldb so their GUIDs are the ones the
 * simulated cloud side derived its ImmutableIDs from. OUs must be listed parents first.
 */
export const seedWithGuids = async (
  conn: SambaConnection,
  dcDir: string,
  data: MemoryDirectorySeed,
): Promise<void> => {
  await withClient(conn, async (client) => {
    for (const ou of [...data.ous].reverse()) await treeDelete(client, ou);
    for (const ou of data.ous) await client.add(ou, { objectClass: ['top', 'organizationalUnit'] });
  });
  addUsersWithGuids(dcDir, data.users);
};

const exists = async (client: Client, dn: string): Promise<boolean> => {
  try {
    await client.search(dn, { scope: 'base', attributes: ['1.1'] });
    return true;
  } catch (e) {
    if (e instanceof Error && 'code' in e && e.code === NO_SUCH_OBJECT) return false;
    throw e;
  }
};

const countUsers = async (client: Client, ou: string): Promise<number> => {
  let n = 0;
  const pages = client.searchPaginated(ou, {
    filter: '(objectClass=user)',
    attributes: ['1.1'],
    paged: { pageSize: 1000 },
  });
  for await (const page of pages) n += page.searchEntries.length;
  return n;
};

/**
 * Bring the contract fixture back to its initial state. The OUs tests write to are recreated every
 * run; the read-only paging OU (1,050 users) is kept when complete, because every tree delete leaves
 * a tombstone per object (as in AD) and re-adding a thousand users each run slows Samba down.
 */
export const seedFixture = async (
  conn: SambaConnection,
  f: { readonly root: string; readonly paging: string } & MemoryDirectorySeed,
  expectedPagingUsers: number,
): Promise<{ readonly added: number }> =>
  withClient(conn, async (client) => {
    let added = 0;
    const keepPaging =
      (await exists(client, f.paging)) && (await countUsers(client, f.paging)) === expectedPagingUsers;
    const topLevel = f.ous.filter(
      (ou) =>
        ou !== f.root && ou.endsWith(`,${f.root}`) && ou.split(',').length === f.root.split(',').length + 1,
    );
    for (const ou of topLevel) if (!(keepPaging && ou === f.paging)) await treeDelete(client, ou);
    for (const ou of f.ous)
      if (!(await exists(client, ou))) await client.add(ou, { objectClass: ['top', 'organizationalUnit'] });
    for (const u of f.users) {
      if (keepPaging && u.dn.endsWith(`,${f.paging}`)) continue;
      await client.add(u.dn, userAttributes(u));
      added++;
    }
    return { added };
  });
