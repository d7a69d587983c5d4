/**
 * The AD side of the named scenarios (the published guides' stories), as plain data, so the in-memory
 * directory, the Samba seeds and the Graph simulator's tenant agree on every fact. The cloud side
 * (sandbox/graph/scenarios.ts) derives ImmutableIDs from these objectGUIDs with core/immutable-id.ts.
 *
 * The shapes fit MemoryDirectorySeed (sandbox/memory-directory.ts): `{ ous, users }`.
 */

/** The sandbox AD domain (Samba realm CORP.EXAMPLE.TEST). */
export const SCENARIO_BASE_DN = 'DC=corp,DC=example,DC=test';
export const SCENARIO_AD_DOMAIN = 'corp.example.test';
/** UPN suffix of the users: a verified, managed domain of the tenant. */
export const SCENARIO_UPN_SUFFIX = 'contoso.com';
/** A verified domain federated with an on-prem IdP (ImmutableID changes only with the UPN workaround). */
export const SCENARIO_FEDERATED_SUFFIX = 'fabrikam.com';

/** OUs Entra Connect synchronises (the Entra Connect simulator's inclusion list). */
export const SYNCED_OUS = [`OU=Staff,${SCENARIO_BASE_DN}`, `OU=Admins,${SCENARIO_BASE_DN}`] as const;
/** The non-synced OU a user is parked in (synced-duplicate playbook, unlink). */
export const PARKING_OU = `OU=NoSync,${SCENARIO_BASE_DN}`;
export const SCENARIO_OUS = [...SYNCED_OUS, PARKING_OU] as const;

export interface AdScenarioUser {
  readonly dn: string;
  /** The OU the user lives in (its parent DN). */
  readonly ou: string;
  readonly samAccountName: string;
  readonly userPrincipalName: string;
  /** Canonical GUID string; the ImmutableID is guidToImmutableId(objectGuid). */
  readonly objectGuid: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly surname: string;
  readonly mail: string;
  readonly proxyAddresses: readonly string[];
}

export type ScenarioName =
  | 'guide-000-synced-duplicate'
  | 'guide-002-deleted-holder'
  | 'guide-004-simple'
  | 'federated-upn'
  | 'admin-role'
  | 'object-identifier-set'
  | 'already-synced';

export interface ScenarioData {
  readonly name: ScenarioName;
  /** What the story is, in a sentence a tester reads. */
  readonly summary: string;
  /** The one AD user the story is about. */
  readonly adUser: AdScenarioUser;
}

const user = (
  ou: string,
  sam: string,
  given: string,
  sur: string,
  objectGuid: string,
  suffix: string = SCENARIO_UPN_SUFFIX,
): AdScenarioUser => {
  const upn = `${sam}@${suffix}`;
  return {
    dn: `CN=${given} ${sur.replace(/,/g, '\\,')},${ou}`,
    ou,
    samAccountName: sam,
    userPrincipalName: upn,
    objectGuid,
    displayName: `${given} ${sur}`,
    givenName: given,
    surname: sur,
    mail: upn,
    proxyAddresses: [`SMTP:${upn}`, `smtp:${sam}@${SCENARIO_AD_DOMAIN}`],
  };
};

const STAFF = SYNCED_OUS[0];
const ADMINS = SYNCED_OUS[1];

export const SCENARIO_DATA: Readonly<Record<ScenarioName, ScenarioData>> = {
  'guide-000-synced-duplicate': {
    name: 'guide-000-synced-duplicate',
    summary:
      'A cloud-only mailbox user exists; the AD user with the same UPN already synced as a second user anna.berg@contoso.onmicrosoft.com.',
    adUser: user(STAFF, 'anna.berg', 'Anna', 'Berg', '00aa00aa-bb11-cc22-dd33-44ee44ee44ee'),
  },
  'guide-002-deleted-holder': {
    name: 'guide-002-deleted-holder',
    summary:
      "The AD user's ImmutableID is still held by a soft-deleted user (an earlier sync); its restore fails at every sync because the new cloud-only user has its UPN, and setting the ImmutableID on that user fails.",
    adUser: user(STAFF, 'bram.devries', 'Bram', 'de Vries', '59815f49-920b-4e9d-ad6c-82b53aa4c102'),
  },
  'guide-004-simple': {
    name: 'guide-004-simple',
    summary:
      'Guide 004: the cloud-only user still carries the ImmutableID of an account in a forest that no longer syncs, so every sync reports InvalidSoftMatch for the AD user with the same UPN: a hard match replaces it.',
    adUser: user(STAFF, 'carla.obrien', 'Carla', "O'Brien", '8be74422-b0d9-47ec-b861-e7de1a9cfb20'),
  },
  'federated-upn': {
    name: 'federated-upn',
    summary:
      'The cloud-only user is in a federated domain and carries an old ImmutableID (InvalidSoftMatch at every sync): it can only be replaced with the UPN round-trip workaround.',
    adUser: user(
      STAFF,
      'dirk.smit',
      'Dirk',
      'Smit',
      '3f2c9a71-6d4e-4b8a-9c1f-2e7d5a0b8c13',
      SCENARIO_FEDERATED_SUFFIX,
    ),
  },
  'admin-role': {
    name: 'admin-role',
    summary:
      'The cloud-only user is a Global Administrator (active) and eligible for User Administrator: Entra Connect refuses to match it (2026 hardening), and so does the review.',
    adUser: user(ADMINS, 'eva.admin', 'Eva', 'Admin', 'c7d1e2f3-a4b5-4c6d-8e7f-9a0b1c2d3e4f'),
  },
  'object-identifier-set': {
    name: 'object-identifier-set',
    summary:
      'The cloud-only user still has onPremisesObjectIdentifier set from an earlier link: the 2026 hardening blocks any match (Entra Connect reports it at every sync) until it is cleared.',
    adUser: user(STAFF, 'frank.visser', 'Frank', 'Visser', 'd2a4f6b8-1c3e-4a5b-9d7f-0e2c4a6b8d10'),
  },
  'already-synced': {
    name: 'already-synced',
    summary: 'The AD user is already synced and linked: nothing to do.',
    adUser: user(STAFF, 'gina.bakker', 'Gina', 'Bakker', 'e5b7c9d1-2f4a-4b6c-8d0e-1f3a5c7e9b21'),
  },
};

/** Every scenario's AD user and the OUs, in MemoryDirectorySeed's shape. */
export const scenarioAdSeed = (): {
  readonly ous: readonly string[];
  readonly users: readonly AdScenarioUser[];
} => ({
  ous: SCENARIO_OUS,
  users: Object.values(SCENARIO_DATA).map((s) => s.adUser),
});
