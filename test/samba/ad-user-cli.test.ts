import { describe, expect, inject, it } from 'vitest';
import { guidToImmutableId } from '../../core/immutable-id.ts';
import { directoryFixture } from '../contract/directory-fixture.ts';
import { captureCli } from '../support/cli.ts';
import { ldapCliEnv } from './dc.ts';

const dc = inject('samba');
const fixture = directoryFixture(dc.baseDn);

const run = async (argv: string[], env: Record<string, string> = {}) => {
  const { code, out, err } = await captureCli(argv, { ...ldapCliEnv(dc), ...env });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('hardmatch ad-user against Samba', () => {
  it('prints the ConsistencyGuid as the ImmutableID when it is set', async () => {
    const r = await run(['ad-user', 'cconsist@corp.example.test', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { immutableId: string; sourceAnchor: string };
    expect(j).toMatchObject({
      immutableId: fixture.carolConsistencyGuid,
      sourceAnchor: 'mS-DS-ConsistencyGuid',
    });
  });

  it('falls back to objectGUID, and uses it outright when the anchor is objectGUID', async () => {
    const r = await run(['ad-user', 'CORP\\aarcher', '--json']);
    const j = JSON.parse(r.out) as { objectGuid: string; immutableId: string; dn: string };
    expect(j.immutableId).toBe(guidToImmutableId(j.objectGuid));
    const byGuid = await run(['ad-user', `{${j.objectGuid.toUpperCase()}}`, '--json']);
    expect((JSON.parse(byGuid.out) as { dn: string }).dn).toBe(j.dn);
    const carol = await run(['ad-user', 'cconsist', '--json'], { HM_SOURCE_ANCHOR: 'objectGUID' });
    const c = JSON.parse(carol.out) as { objectGuid: string; immutableId: string };
    expect(c.immutableId).toBe(guidToImmutableId(c.objectGuid));
  });

  it('prints a table by DN, and exits 1 / 2 for a missing user / bad input', async () => {
    const r = await run(['ad-user', `CN=Smith\\, Bob,${fixture.synced}`]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ImmutableID\s+\S{22}==$/m);
    expect((await run(['ad-user', 'nobody-here'])).code).toBe(1);
    expect((await run(['ad-user', 'x=', 'y'])).code).toBe(2);
    expect((await run(['ad-user', 'bad dn='])).code).toBe(2);
    expect((await run(['ad-user', 'x'], { LDAP_URL: '' })).code).toBe(2);
  });
});
