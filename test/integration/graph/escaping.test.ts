import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildQuery, odataFilter } from '../../../connectors/graph/odata.ts';
import { startHarness, type Harness } from './harness.ts';

// Hostile values travel through the real SDK and HTTP; the simulator parses $filter like Graph does
// (URLSearchParams: a raw '+' becomes a space), so a missed escape shows up as a wrong answer here.
const PLUS_SLASH = 'a+b/c+d/e+f/g+h/i+j/kw==';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    tenant: (t) => {
      t.createCloudUser({ userPrincipalName: 'sean.obrien@contoso.com', displayName: "Seán O'Brien" });
      t.createCloudUser({
        userPrincipalName: 'zoe@contoso.com',
        displayName: 'Zoë Ødegaard',
        onPremisesImmutableId: PLUS_SLASH,
      });
      t.createCloudUser({
        userPrincipalName: "o'neil@contoso.com",
        displayName: 'Quote "Double" User',
        mail: "o'neil@contoso.com",
      });
    },
  });
});
afterAll(() => h.close());

describe('OData escaping', () => {
  it('doubles quotes and percent-encodes + / = and quotes in the query string', () => {
    expect(odataFilter`x eq ${"O'Brien"}`).toBe("x eq 'O''Brien'");
    expect(buildQuery({ $filter: odataFilter`id eq ${PLUS_SLASH}` })).toBe(
      '?$filter=id%20eq%20%27a%2Bb%2Fc%2Bd%2Fe%2Bf%2Fg%2Bh%2Fi%2Bj%2Fkw%3D%3D%27',
    );
  });

  it('finds the holder of an ImmutableID full of + / = (no silent empty answer)', async () => {
    const held = await h.dir.findImmutableIdHolders(PLUS_SLASH);
    expect(held.active.map((u) => u.userPrincipalName)).toEqual(['zoe@contoso.com']);
    const sent = h.sim.faults.stats.recent.filter((r) => r.rawUrl.includes('onPremisesImmutableId'));
    expect(sent.every((r) => r.rawUrl.includes('a%2Bb%2Fc') && !r.rawUrl.includes('a+b'))).toBe(true);
  });

  it("searches O'Brien, unicode and double quotes by prefix", async () => {
    expect((await h.dir.searchUsers("Seán O'B", 5)).map((u) => u.userPrincipalName)).toEqual([
      'sean.obrien@contoso.com',
    ]);
    expect((await h.dir.searchUsers('Zoë Ø', 5)).map((u) => u.userPrincipalName)).toEqual([
      'zoe@contoso.com',
    ]);
    expect((await h.dir.searchUsers('Quote "Dou', 5)).map((u) => u.userPrincipalName)).toEqual([
      "o'neil@contoso.com",
    ]);
  });

  it('an injection attempt is a literal prefix, not OData syntax', async () => {
    expect(await h.dir.searchUsers("x') or startswith(userPrincipalName,'", 5)).toEqual([]);
    expect(await h.dir.searchUsers("' or 1 eq 1 or '", 5)).toEqual([]);
  });

  it('soft-match candidates by a UPN and an address containing a quote', async () => {
    const s = h.scenarios['guide-004-simple'];
    const ctx = await h.dir.getMatchContext(s.cloudUser.id, s.immutableId, {
      userPrincipalName: "o'neil@contoso.com",
      primarySmtp: "o'neil@contoso.com",
    });
    expect(ctx.softMatchCandidates.map((u) => u.userPrincipalName)).toEqual(["o'neil@contoso.com"]);
  });

  it('reads a user whose UPN has a quote, by UPN in the path', async () => {
    expect((await h.dir.getUser("o'neil@contoso.com"))?.displayName).toBe('Quote "Double" User');
  });
});
