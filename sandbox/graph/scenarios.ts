/**
 * The cloud side of the named scenarios (the guides' stories) on a SimTenant. The AD facts come from
 * sandbox/scenarios-data.ts; ImmutableIDs are derived from their objectGUIDs with core/immutable-id.ts,
 * and synced users are created through SimTenant's sync methods, so duplicates and provisioning errors
 * arise the way real sync makes them.
 *
 * Every scenario is a state a real tenant can be in with its AD user inside the synced OUs: Entra
 * Connect has already processed that AD user, so it is linked (already-synced), duplicated (guide 000)
 * or in a sync error that the next cycle repeats - InvalidSoftMatch for a cloud user that still carries
 * another ImmutableID (guide 004's story), the 2026 hardening for an admin or a user with
 * onPremisesObjectIdentifier set, an ObjectConflict when the deleted holder cannot be restored (guide
 * 002). So `sync now` resolves none of them on its own.
 */
import { guidToImmutableId } from '../../core/immutable-id.ts';
import {
  SCENARIO_AD_DOMAIN,
  SCENARIO_DATA,
  SCENARIO_FEDERATED_SUFFIX,
  SCENARIO_UPN_SUFFIX,
  type AdScenarioUser,
  type ScenarioName,
} from '../scenarios-data.ts';
import { ROLE, type AdObjectForSync, type SimUser } from './tenant-types.ts';
import { SimTenant } from './tenant.ts';

/** Fixed ids of the sandbox's approval groups and people (stable across runs). */
export const SANDBOX_IDS = {
  requestersGroup: '0b6f3a52-5d7e-4c1a-9b2f-3e4d5c6b7a81',
  approversGroup: '1c7a4b63-6e8f-4d2b-8c3a-4f5e6d7c8b92',
  helpdeskUser: '2d8b5c74-7f9a-4e3c-9d4b-5a6f7e8d9ca3',
  seniorAdmin: '3e9c6d85-8a0b-4f4d-8e5c-6b7a8f9e0db4',
} as const;

/** The cloud users a scenario created, by role in the story. */
export interface ScenarioCloud {
  readonly name: ScenarioName;
  readonly adUser: AdScenarioUser;
  /** The ImmutableID the AD user yields (objectGUID anchor). */
  readonly immutableId: string;
  /** The cloud user a helpdesk person would pick. */
  readonly cloudUser: SimUser;
  /** Other users the story needs (the synced duplicate, the deleted holder...). */
  readonly others: Readonly<Record<string, SimUser>>;
}

/** What Entra Connect sends for a scenario's AD user. */
export const adForSync = (ad: AdScenarioUser): AdObjectForSync => ({
  immutableId: guidToImmutableId(ad.objectGuid),
  distinguishedName: ad.dn,
  samAccountName: ad.samAccountName,
  userPrincipalName: ad.userPrincipalName,
  displayName: ad.displayName,
  givenName: ad.givenName,
  surname: ad.surname,
  mail: ad.mail,
  proxyAddresses: ad.proxyAddresses,
  domainName: SCENARIO_AD_DOMAIN,
  objectGuid: ad.objectGuid,
});

const cloudTwin = (t: SimTenant, ad: AdScenarioUser, onPremisesImmutableId: string | null = null): SimUser =>
  t.createCloudUser({
    userPrincipalName: ad.userPrincipalName,
    displayName: ad.displayName,
    givenName: ad.givenName,
    surname: ad.surname,
    mail: ad.mail,
    proxyAddresses: [`SMTP:${ad.mail}`],
    onPremisesImmutableId,
  });

/**
 * The ImmutableID a cloud user kept from an account in a forest that no longer syncs (a migration): no AD
 * object has it, so Entra Connect reports InvalidSoftMatch for the new AD account with the same UPN.
 */
export const staleImmutableIdOf = (ad: AdScenarioUser): string =>
  guidToImmutableId(`0ff0ff0f${ad.objectGuid.slice(8)}`);

type Builder = (t: SimTenant, ad: AdScenarioUser) => { cloudUser: SimUser; others?: Record<string, SimUser> };

const BUILDERS: Readonly<Record<ScenarioName, Builder>> = {
  'guide-000-synced-duplicate': (t, ad) => {
    const cloudUser = cloudTwin(t, ad);
    return { cloudUser, others: { syncedDuplicate: t.createSyncedUser(adForSync(ad)) } };
  },
  'guide-002-deleted-holder': (t, ad) => {
    // An earlier sync created the user from AD; then the AD user left the sync scope (soft delete).
    const old = t.createSyncedUser({ ...adForSync(ad), proxyAddresses: [] });
    const deletedHolder = t.softDeleteUser(old.id);
    return { cloudUser: cloudTwin(t, ad), others: { deletedHolder } };
  },
  'guide-004-simple': (t, ad) => ({ cloudUser: cloudTwin(t, ad, staleImmutableIdOf(ad)) }),
  'federated-upn': (t, ad) => ({ cloudUser: cloudTwin(t, ad, staleImmutableIdOf(ad)) }),
  'admin-role': (t, ad) => {
    const cloudUser = cloudTwin(t, ad);
    t.assignRole(cloudUser.id, ROLE.globalAdministrator, 'active');
    // Eligibility is PIM's: only a tenant with Entra ID P2 can have it.
    if (t.hasEntraIdP2) t.assignRole(cloudUser.id, ROLE.userAdministrator, 'eligible');
    return { cloudUser };
  },
  'object-identifier-set': (t, ad) => {
    const cloudUser = cloudTwin(t, ad);
    return { cloudUser: t.patchUser(cloudUser.id, { onPremisesObjectIdentifier: ad.objectGuid }) };
  },
  'already-synced': (t, ad) => ({ cloudUser: t.createSyncedUser(adForSync(ad)) }),
};

/**
 * Prepare a tenant the scenarios fit in: contoso.com (managed, default), fabrikam.com (federated), the
 * requester and approver groups with one member each, and a last sync an hour ago.
 */
export const prepareSandboxTenant = (tenant: SimTenant): SimTenant => {
  tenant.addDomain({ id: SCENARIO_UPN_SUFFIX, isDefault: true });
  tenant.addDomain({ id: SCENARIO_FEDERATED_SUFFIX, authenticationType: 'Federated' });
  tenant.createGroup('Hard Match Requesters', SANDBOX_IDS.requestersGroup);
  tenant.createGroup('Hard Match Approvers', SANDBOX_IDS.approversGroup);
  const helpdesk = tenant.createCloudUser({
    id: SANDBOX_IDS.helpdeskUser,
    userPrincipalName: `helpdesk@${SCENARIO_UPN_SUFFIX}`,
    displayName: 'Helpdesk Harry',
  });
  const senior = tenant.createCloudUser({
    id: SANDBOX_IDS.seniorAdmin,
    userPrincipalName: `senior.admin@${SCENARIO_UPN_SUFFIX}`,
    displayName: 'Senior Sam',
  });
  tenant.addGroupMember(SANDBOX_IDS.requestersGroup, helpdesk.id);
  tenant.addGroupMember(SANDBOX_IDS.approversGroup, senior.id);
  tenant.recordSyncCycle({ at: new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z') });
  return tenant;
};

/** Load one scenario's cloud side into a prepared tenant. */
export const loadScenario = (tenant: SimTenant, name: ScenarioName): ScenarioCloud => {
  const { adUser } = SCENARIO_DATA[name];
  const built = BUILDERS[name](tenant, adUser);
  return {
    name,
    adUser,
    immutableId: guidToImmutableId(adUser.objectGuid),
    cloudUser: built.cloudUser,
    others: built.others ?? {},
  };
};

/**
 * A prepared tenant with every scenario loaded (what the sandbox starts with). The sandbox's tenant has
 * Entra ID P2 unless `entraIdP2: false` (a bare SimTenant has none, like most small tenants).
 */
export const createScenarioTenant = (
  options: ConstructorParameters<typeof SimTenant>[0] = {},
): { readonly tenant: SimTenant; readonly scenarios: Readonly<Record<ScenarioName, ScenarioCloud>> } => {
  const tenant = prepareSandboxTenant(new SimTenant({ entraIdP2: true, ...options }));
  const names = Object.keys(SCENARIO_DATA) as ScenarioName[];
  const scenarios = Object.fromEntries(names.map((n) => [n, loadScenario(tenant, n)])) as Record<
    ScenarioName,
    ScenarioCloud
  >;
  return { tenant, scenarios };
};
