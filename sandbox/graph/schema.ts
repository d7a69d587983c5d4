/**
 * The two Graph surfaces the simulator serves, v1.0 and beta, each with its own property sets: what a
 * `$select` may name and what comes back without one. Properties Microsoft serves only on beta are left
 * out of v1.0 on purpose, so a connector that reads them from v1.0 fails here as it would in a tenant.
 *
 * Sources: the v1.0 user resource (GDC api-reference/v1.0/resources/user.md, "default properties");
 * `onPremisesObjectIdentifier` is not in the v1.0 schema and is served - and returned by default - by
 * /beta though undocumented (microsoft-graph-docs #22195, msgraph-sdk-powershell #3217);
 * `onPremisesLastPasswordSyncDateTime` of the organization is beta only (msgraph-sdk-powershell #3205).
 */
import { SimTenantError } from './tenant-types.ts';

export type GraphVersion = 'v1.0' | 'beta';

/** Properties Graph returns for a user without $select (the on-premises ones are never among them). */
const USER_DEFAULTS_V1 = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

const USER_PROPERTIES_V1 = [
  ...USER_DEFAULTS_V1,
  'mailNickname',
  'proxyAddresses',
  'accountEnabled',
  'createdDateTime',
  'deletedDateTime',
  'onPremisesImmutableId',
  'onPremisesSyncEnabled',
  'onPremisesLastSyncDateTime',
  'onPremisesDistinguishedName',
  'onPremisesSamAccountName',
  'onPremisesUserPrincipalName',
  'onPremisesDomainName',
  'onPremisesProvisioningErrors',
] as const;

/** Beta-only user properties (see the file comment). */
const USER_BETA_ONLY = ['onPremisesObjectIdentifier'] as const;

const ORG_V1 = ['id', 'displayName', 'onPremisesSyncEnabled', 'onPremisesLastSyncDateTime'] as const;
const ORG_BETA_ONLY = ['onPremisesLastPasswordSyncDateTime'] as const;

export interface EntitySchema {
  /** Graph's type name, for error messages. */
  readonly type: string;
  /** What `$select` may name on this surface. */
  readonly known: ReadonlySet<string>;
  /** What comes back without `$select`. */
  readonly defaults: readonly string[];
  /** Properties the other surface has and this one lacks (v1.0: the beta-only ones). */
  readonly otherSurfaceOnly: ReadonlySet<string>;
}

const schema = (
  type: string,
  known: readonly string[],
  defaults: readonly string[],
  otherOnly: readonly string[],
): EntitySchema => ({ type, known: new Set(known), defaults, otherSurfaceOnly: new Set(otherOnly) });

const USER: Readonly<Record<GraphVersion, EntitySchema>> = {
  'v1.0': schema('microsoft.graph.user', USER_PROPERTIES_V1, USER_DEFAULTS_V1, USER_BETA_ONLY),
  beta: schema(
    'microsoft.graph.user',
    [...USER_PROPERTIES_V1, ...USER_BETA_ONLY],
    [...USER_DEFAULTS_V1, ...USER_BETA_ONLY],
    [],
  ),
};

const ORGANIZATION: Readonly<Record<GraphVersion, EntitySchema>> = {
  'v1.0': schema('microsoft.graph.organization', ORG_V1, ORG_V1, ORG_BETA_ONLY),
  beta: schema(
    'microsoft.graph.organization',
    [...ORG_V1, ...ORG_BETA_ONLY],
    [...ORG_V1, ...ORG_BETA_ONLY],
    [],
  ),
};

export const userSchema = (version: GraphVersion): EntitySchema => USER[version];
export const organizationSchema = (version: GraphVersion): EntitySchema => ORGANIZATION[version];

/**
 * What v1.0 does with a `$select` of a property only beta has. UNCONFIRMED (reference/graph.md: "from
 * v1.0 it is refused or silently absent"): 'refused' answers 400 like any unknown property, 'ignored'
 * leaves it out of the answer. A property neither surface knows is always refused.
 */
export type BetaOnlyOnV1 = 'refused' | 'ignored';

/**
 * The `$select` list checked against `schema`, or null when absent. Returns the properties to project:
 * beta-only ones v1.0 ignores are dropped. The error text is Graph's OData wording for an unknown
 * property; whether directory objects name the type exactly so is UNCONFIRMED (the connector never
 * depends on the text).
 */
export const checkSelect = (
  query: URLSearchParams,
  s: EntitySchema,
  betaOnlyOnV1: BetaOnlyOnV1 = 'refused',
): string[] | null => {
  const raw = query.get('$select');
  if (raw === null) return null;
  const props = raw
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  const kept: string[] = [];
  for (const p of props) {
    if (s.known.has(p)) kept.push(p);
    else if (!(s.otherSurfaceOnly.has(p) && betaOnlyOnV1 === 'ignored'))
      throw new SimTenantError(
        400,
        'BadRequest',
        `Could not find a property named '${p}' on type '${s.type}'.`,
      );
  }
  return kept;
};
