/**
 * The LDAP connector against a real Samba AD DC: the shared contract over LDAPS, then what only a real
 * server shows - bytes as Samba reports them, transports, credentials, outages and a DC restart.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { LdapConfig } from '../../config/config.ts';
import { createLdapDirectory, type LdapDirectory } from '../../connectors/ldap/ldap-directory.ts';
import type { OnPremDirectory } from '../../core/ports.ts';
import { directoryFixture } from '../contract/directory-fixture.ts';
import { codeOf, defineOnPremDirectoryContract } from '../contract/on-prem-directory.contract.ts';
import { TEST_DC, ldapConfig, startDc, stopDc } from './dc.ts';
import { TOOL_TIMEOUT_MS } from './seed.ts';

const dc = inject('samba');
const fixture = directoryFixture(dc.baseDn);
const config = (over: Partial<LdapConfig> = {}): LdapConfig => ldapConfig(dc, over);
const ldaps = (over: Partial<LdapConfig> = {}) => config({ url: dc.ldapsUrl, caFile: dc.caFile, ...over });

defineOnPremDirectoryContract('LDAP against Samba (LDAPS)', () => ({
  fixture,
  open: (options = {}) => Promise.resolve(createLdapDirectory(ldaps(), undefined, options)),
  close: (d: OnPremDirectory) => (d as LdapDirectory).close(),
}));

/** objectGUID of a user as Samba's own tools print it. */
const ldbsearchGuid = (sam: string): string => {
  const one = execFileSync(
    'ldbsearch',
    [
      '-H',
      dc.ldapUrl,
      `--simple-bind-dn=${dc.bindDn}`,
      `--password=${dc.password}`,
      '-b',
      dc.baseDn,
      `(sAMAccountName=${sam})`,
      'objectGUID',
    ],
    { encoding: 'utf8', timeout: TOOL_TIMEOUT_MS },
  );
  const m = /^objectGUID: (\S+)$/m.exec(one);
  if (m?.[1] === undefined) throw new Error(`ldbsearch printed no objectGUID for ${sam}`);
  return m[1];
};

describe('LDAP connector against Samba only', () => {
  const open: LdapDirectory[] = [];
  const make = (c: LdapConfig) => {
    const d = createLdapDirectory(c);
    open.push(d);
    return d;
  };
  afterAll(async () => Promise.all(open.map((d) => d.close())));

  it('reads objectGUID exactly as Samba reports it', async () => {
    const d = make(config());
    for (const sam of ['aarcher', 'bsmith', 'pg00001', 'pg01050']) {
      const u = await d.getUser({ kind: 'sam', value: sam });
      expect(u?.objectGuid).toBe(ldbsearchGuid(sam));
    }
  });

  it('writes and clears mS-DS-ConsistencyGuid as Entra Connect does', async () => {
    const d = make(config());
    const erin = await d.getUser({ kind: 'sam', value: 'estaged' });
    const anchor = Buffer.from(erin!.objectGuid.replace(/-/g, ''), 'hex').toString('base64');
    expect((await d.setConsistencyGuid({ kind: 'sam', value: 'estaged' }, anchor)).consistencyGuid).toBe(
      anchor,
    );
    expect((await d.getUser({ kind: 'guid', value: erin!.objectGuid }))?.consistencyGuid).toBe(anchor);
    expect((await d.setConsistencyGuid({ kind: 'dn', value: erin!.dn }, null)).consistencyGuid).toBeNull();
    expect((await d.setConsistencyGuid({ kind: 'dn', value: erin!.dn }, null)).consistencyGuid).toBeNull();
    expect(await codeOf(d.setConsistencyGuid({ kind: 'sam', value: 'nobody' }, anchor))).toBe(
      'AD.NO_SUCH_OBJECT',
    );
  });

  it('works over plain LDAP but refuses to send a password there', async () => {
    const d = make(config());
    expect((await d.searchUsers('Alice', 5)).map((u) => u.samAccountName)).toEqual(['aarcher']);
    const spec = {
      ouDn: fixture.staging,
      cn: 'Plain Pw',
      samAccountName: 'plainpw',
      userPrincipalName: 'plainpw@corp.example.test',
      givenName: null,
      surname: null,
      displayName: null,
      mail: null,
      proxyAddresses: [],
      password: 'Pa55word!x',
    };
    expect(await codeOf(d.createUser(spec))).toBe('CONFIG.INVALID');
    expect(await d.getUser({ kind: 'sam', value: 'plainpw' })).toBeNull();
  });

  it('verifies LDAPS against the CA file, and fails without it', async () => {
    expect((await make(ldaps()).getUser({ kind: 'sam', value: 'aarcher' }))?.samAccountName).toBe('aarcher');
    const untrusted = make(ldaps({ caFile: undefined }));
    expect(await codeOf(untrusted.searchUsers('Alice', 5))).toBe('AD.UNAVAILABLE');
  });

  it('upgrades with StartTLS and then may set a password', async () => {
    const d = make(config({ startTls: true, caFile: dc.caFile }));
    expect(d.secure).toBe(true);
    const u = await d.createUser({
      ouDn: fixture.staging,
      cn: 'StartTLS Pw',
      samAccountName: `stls${Date.now().toString(36).slice(-6)}`,
      userPrincipalName: `stls${Date.now()}@corp.example.test`,
      givenName: null,
      surname: null,
      displayName: null,
      mail: null,
      proxyAddresses: [],
      password: 'Pa55word!x',
    });
    expect(u.enabled).toBe(true);
  });

  it('maps a wrong password to AD.INVALID_CREDENTIALS', async () => {
    expect(await codeOf(make(config({ bindPassword: 'wrong' })).searchUsers('Alice', 5))).toBe(
      'AD.INVALID_CREDENTIALS',
    );
  });

  it('reports an unreachable DC as AD.UNAVAILABLE at once', async () => {
    const t0 = performance.now();
    expect(await codeOf(make(config({ url: 'ldap://127.0.0.11:1' })).searchUsers('Alice', 5))).toBe(
      'AD.UNAVAILABLE',
    );
    expect(performance.now() - t0).toBeLessThan(1_000);
  });

  describe('a DC that accepts but never answers', () => {
    let server: Server;
    const sockets: Socket[] = [];
    beforeAll(async () => {
      server = createServer((s) => sockets.push(s));
      await new Promise<void>((r) => server.listen(0, '127.0.0.11', r));
    });
    afterAll(async () => {
      sockets.forEach((s) => s.destroy());
      await new Promise((r) => server.close(r));
    });
    it('gives up within LDAP_TIMEOUT_MS with AD.TIMEOUT', async () => {
      const port = (server.address() as { port: number }).port;
      const t0 = performance.now();
      const d = make(config({ url: `ldap://127.0.0.11:${port}`, timeoutMs: 500 }));
      expect(await codeOf(d.searchUsers('Alice', 5))).toBe('AD.TIMEOUT');
      expect(performance.now() - t0).toBeLessThan(1_500);
    });
  });

  it('recovers after the DC restarts, and says AD.UNAVAILABLE while it is down', async () => {
    const d = make(ldaps());
    expect(await d.getUser({ kind: 'sam', value: 'aarcher' })).not.toBeNull();
    stopDc(TEST_DC);
    try {
      expect(await codeOf(d.getUser({ kind: 'sam', value: 'aarcher' }))).toBe('AD.UNAVAILABLE');
    } finally {
      startDc(TEST_DC);
    }
    expect((await d.getUser({ kind: 'sam', value: 'aarcher' }))?.samAccountName).toBe('aarcher');
    // And a restart between two calls is invisible to the caller.
    stopDc(TEST_DC);
    startDc(TEST_DC);
    expect((await d.searchUsers('Alice', 5)).map((u) => u.samAccountName)).toEqual(['aarcher']);
  });
});
