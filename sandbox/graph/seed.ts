/**
 * A deterministic tenant generator: N users (1..100,000) from a seed, with the mix a real hybrid tenant
 * has - cloud-only and synced users, soft-deleted synced users, duplicates that sync created next to a
 * cloud-only user (guide 000), ImmutableIDs held by deleted users (guide 002), users in a federated
 * domain, admins (active, and eligible when the tenant has P2) and provisioning errors. Same seed, same
 * tenant, same ids. It also returns the AD side of every user that is synced now (`onPremUsers`), so a
 * sandbox's AD holds them and a sync cycle keeps them linked instead of soft-deleting them.
 */
import { bytesToImmutableId, guidToBytes } from '../../core/immutable-id.ts';
import {
  SCENARIO_AD_DOMAIN,
  SCENARIO_BASE_DN,
  SCENARIO_FEDERATED_SUFFIX,
  SCENARIO_UPN_SUFFIX,
} from '../scenarios-data.ts';
import { createPrng, type Prng } from './prng.ts';
import { prepareSandboxTenant } from './scenarios.ts';
import { ROLE, type AdObjectForSync } from './tenant-types.ts';
import { SimTenant } from './tenant.ts';

export interface SeedOptions {
  /** Users to create, active plus soft-deleted (1..100,000). */
  readonly users: number;
  readonly seed?: number;
  /** An existing (prepared) tenant to add to; default a new prepared tenant. */
  readonly tenant?: SimTenant;
}

/** How many of each kind the generator made (for benchmarks and sanity checks). */
/** An AD user the generated tenant syncs (in MemoryDirectory's seed shape). */
export interface SeededOnPremUser {
  readonly dn: string;
  readonly samAccountName: string;
  readonly objectGuid: string;
  readonly userPrincipalName: string;
  readonly displayName: string | null;
  readonly givenName: string | null;
  readonly surname: string | null;
  readonly mail: string | null;
  readonly proxyAddresses: readonly string[];
}

export interface SeedSummary {
  cloudOnly: number;
  synced: number;
  softDeleted: number;
  syncDuplicates: number;
  deletedHolders: number;
  admins: number;
}

const FIRST = [
  'Anna',
  'Bram',
  'Chloé',
  'Daan',
  'Émile',
  'Fatima',
  'Gert',
  'Hanna',
  'Ilse',
  'Joris',
  'Zoë',
  'Łukasz',
  'Siobhán',
  'Noah',
];
const LAST = [
  'Jansen',
  'de Vries',
  "O'Brien",
  'Bakker',
  'Visser',
  'Smit',
  'Meijer',
  'Müller',
  'Nakamura',
  'Ødegaard',
  'García',
  'Kowalski',
];

const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[Łł]/g, 'l')
    .replace(/[Øø]/g, 'o')
    .replace(/[^A-Za-z0-9]/g, '')
    .toLowerCase();

const adUser = (prng: Prng, i: number, suffix: string): AdObjectForSync & { sam: string } => {
  const given = prng.pick(FIRST);
  const sur = prng.pick(LAST);
  const sam = `${slug(given)}.${slug(sur)}${i}`;
  const upn = `${sam}@${suffix}`;
  const guid = prng.guid();
  return {
    sam,
    immutableId: bytesToImmutableId(guidToBytes(guid)),
    objectGuid: guid,
    distinguishedName: `CN=${given} ${sur} ${i},OU=Staff,${SCENARIO_BASE_DN}`,
    samAccountName: sam,
    userPrincipalName: upn,
    displayName: `${given} ${sur}`,
    givenName: given,
    surname: sur,
    mail: upn,
    proxyAddresses: [`SMTP:${upn}`],
    domainName: SCENARIO_AD_DOMAIN,
  };
};

/** Generate users into a tenant. Returns the tenant and what it contains. */
export const seedTenant = (
  options: SeedOptions,
): {
  readonly tenant: SimTenant;
  readonly summary: SeedSummary;
  readonly onPremUsers: readonly SeededOnPremUser[];
} => {
  if (!Number.isInteger(options.users) || options.users < 1 || options.users > 100_000) {
    throw new RangeError(`users must be 1..100000, got ${options.users}`);
  }
  const prng = createPrng(options.seed ?? 1);
  const tenant = options.tenant ?? prepareSandboxTenant(new SimTenant({ seed: options.seed ?? 1 }));
  const summary: SeedSummary = {
    cloudOnly: 0,
    synced: 0,
    softDeleted: 0,
    syncDuplicates: 0,
    deletedHolders: 0,
    admins: 0,
  };
  const onPremUsers: SeededOnPremUser[] = [];
  const syncedFrom = (ad: AdObjectForSync & { sam: string }): void => {
    tenant.createSyncedUser(ad);
    onPremUsers.push({
      dn: ad.distinguishedName,
      samAccountName: ad.samAccountName,
      objectGuid: ad.objectGuid ?? '',
      userPrincipalName: ad.userPrincipalName,
      displayName: ad.displayName ?? null,
      givenName: ad.givenName ?? null,
      surname: ad.surname ?? null,
      mail: ad.mail ?? null,
      proxyAddresses: ad.proxyAddresses ?? [],
    });
  };
  let made = 0;
  for (let i = 0; made < options.users; i++) {
    const suffix = prng.next() < 0.2 ? SCENARIO_FEDERATED_SUFFIX : SCENARIO_UPN_SUFFIX;
    const ad = adUser(prng, i, suffix);
    const cloud = () =>
      tenant.createCloudUser({
        userPrincipalName: ad.userPrincipalName,
        displayName: ad.displayName ?? null,
        givenName: ad.givenName ?? null,
        surname: ad.surname ?? null,
        mail: ad.mail ?? null,
        proxyAddresses: ad.proxyAddresses ?? [],
      });
    const roll = prng.next();
    if (roll < 0.4) {
      const u = cloud();
      summary.cloudOnly++;
      made++;
      const admin = prng.next();
      if (admin < 0.01) {
        tenant.assignRole(u.id, ROLE.globalAdministrator, 'active');
        summary.admins++;
      } else if (admin < 0.02) {
        tenant.assignRole(u.id, ROLE.userAdministrator, tenant.hasEntraIdP2 ? 'eligible' : 'active');
        summary.admins++;
      }
    } else if (roll < 0.88) {
      syncedFrom(ad);
      summary.synced++;
      made++;
    } else if (roll < 0.94) {
      tenant.softDeleteUser(tenant.createSyncedUser(ad).id);
      summary.softDeleted++;
      made++;
    } else if (roll < 0.97 && made + 2 <= options.users) {
      // Guide 000: a cloud-only mailbox, then sync provisions the AD user as a second (duplicate) user.
      cloud();
      syncedFrom(ad);
      summary.syncDuplicates++;
      made += 2;
    } else if (made + 2 <= options.users) {
      // Guide 002: an earlier synced user was soft-deleted and keeps the anchor; a cloud-only twin waits.
      tenant.softDeleteUser(tenant.createSyncedUser({ ...ad, proxyAddresses: [] }).id);
      cloud();
      summary.deletedHolders++;
      made += 2;
    }
  }
  return { tenant, summary, onPremUsers };
};
