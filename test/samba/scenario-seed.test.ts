import { afterAll, describe, expect, inject, it } from 'vitest';
import { createLdapDirectory } from '../../connectors/ldap/ldap-directory.ts';
import { guidToImmutableId } from '../../core/immutable-id.ts';
import { sourceAnchorOf } from '../../core/user-values.ts';
import { SCENARIO_DATA, scenarioAdSeed } from '../../sandbox/scenarios-data.ts';
import { ldapConfig } from './dc.ts';
import { seedWithGuids } from './seed.ts';

const dc = inject('samba');

describe('scenario AD data in Samba', () => {
  const directory = createLdapDirectory(ldapConfig(dc));
  afterAll(() => directory.close());

  it('keeps the scenarios objectGUIDs, so the simulated cloud side agrees on every ImmutableID', async () => {
    await seedWithGuids(
      { url: dc.ldapUrl, bindDn: dc.bindDn, password: dc.password },
      dc.dcDir,
      scenarioAdSeed(),
    );
    for (const { adUser } of Object.values(SCENARIO_DATA)) {
      const u = await directory.getUser({ kind: 'upn', value: adUser.userPrincipalName });
      expect(u).toMatchObject({ objectGuid: adUser.objectGuid, samAccountName: adUser.samAccountName });
      expect((await directory.getUser({ kind: 'guid', value: adUser.objectGuid }))?.dn).toBe(u?.dn);
      expect(sourceAnchorOf(u!, 'mS-DS-ConsistencyGuid')).toBe(guidToImmutableId(adUser.objectGuid));
      expect(u?.proxyAddresses).toEqual(expect.arrayContaining([...adUser.proxyAddresses]));
    }
  });
});
