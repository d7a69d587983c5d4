/**
 * Doctor's Microsoft Graph checks, all read-only and each tried for real: the credential and the token
 * (which app, tenant and cloud), every read the product relies on (a 403 names the permission to grant),
 * the two write permissions from the token's `roles` claim (they cannot be tried without writing),
 * Entra ID P2, /beta, the app-only read of the sync features and the advanced-query form.
 */
import type { GraphConfig } from '../config/config.ts';
import type { DomainError } from '../core/errors.ts';
import { isDomainError } from '../core/errors.ts';
import type { TokenClaims } from '../connectors/graph/auth.ts';
import {
  EVENTUAL,
  type GraphHttp,
  type GraphPage,
  type GraphSurface,
} from '../connectors/graph/graph-http.ts';
import { APP_PERMISSIONS } from '../connectors/graph/permissions.ts';
import { fail, pass, warn, type DoctorCheck } from './types.ts';

type Probe = { ok: true; value: unknown } | { ok: false; error: DomainError };

const probe = async (fn: () => Promise<unknown>): Promise<Probe> => {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (isDomainError(e)) return { ok: false, error: e };
    throw e;
  }
};

const CLOUDS: Readonly<Record<string, string>> = {
  'graph.microsoft.com': 'global',
  'graph.microsoft.us': 'US Government (L4)',
  'dod-graph.microsoft.us': 'US Government (L5, DoD)',
  'microsoftgraph.chinacloudapi.cn': 'China (21Vianet)',
};
const cloudOf = (baseUrl: string): string => {
  const host = new URL(baseUrl).host;
  return CLOUDS[host] ?? `custom endpoint ${host}`;
};

const CREDENTIAL: Readonly<Record<GraphConfig['auth']['kind'], string>> = {
  'managed-identity': 'managed identity',
  certificate: 'client certificate',
  secret: 'client secret',
  'static-token': 'static sandbox token',
};

const GRANT = (permission: string, appId: string | null) =>
  `In the Entra admin center > App registrations > ${appId ?? 'the app'} > API permissions, add the Microsoft Graph application permission ${permission} and grant admin consent.`;

export interface GraphDoctorSettings {
  /** A group the product checks membership of (requesters or approvers), for the GroupMember probe. */
  readonly groupId: string | null;
}

const tokenCheck = (config: GraphConfig, claims: TokenClaims): DoctorCheck => {
  const cloud = cloudOf(config.baseUrl);
  if (claims.kind === 'opaque')
    return pass('graph.token', `A ${CREDENTIAL[config.auth.kind]} for ${config.baseUrl} (${cloud}).`);
  const expected =
    config.auth.kind === 'secret' || config.auth.kind === 'certificate' ? config.auth.tenantId : null;
  const who = `App ${claims.appId ?? '?'} in tenant ${claims.tenantId ?? '?'}, cloud ${cloud}, by ${CREDENTIAL[config.auth.kind]} (token for ${claims.audience ?? '?'}, valid until ${claims.expiresAt ?? '?'})`;
  if (
    expected !== null &&
    claims.tenantId !== null &&
    claims.tenantId.toLowerCase() !== expected.toLowerCase()
  )
    return fail(
      'graph.token',
      `${who}, but AZURE_TENANT_ID is ${expected}.`,
      'Set AZURE_TENANT_ID to the tenant the app belongs to.',
    );
  return pass('graph.token', `${who}.`);
};

/** Whether the token grants `permission`: true / false from its roles claim, null when it does not say. */
const granted = (claims: TokenClaims, permission: string): boolean | null =>
  claims.kind === 'opaque' ? null : (claims.roles?.includes(permission) ?? null);

const readCheck = (permission: string, why: string, result: Probe, claims: TokenClaims): DoctorCheck => {
  const id = `graph.permission.${permission}`;
  if (result.ok) return pass(id, `Present: ${why}.`);
  const e = result.error;
  if (e.code === 'CLOUD.FORBIDDEN')
    return fail(
      id,
      `Missing: Graph refused the read (${e.message}) - needed to ${why}.`,
      GRANT(permission, claims.appId),
    );
  return fail(
    id,
    `Could not be tried: ${e.message} [${e.code}].`,
    'Fix the error above and run doctor again.',
  );
};

const writeCheck = (permission: string, why: string, claims: TokenClaims): DoctorCheck => {
  const id = `graph.permission.${permission}`;
  const has = granted(claims, permission);
  if (has === true) return pass(id, `Granted (in the token's roles): ${why}.`);
  if (has === false)
    return fail(
      id,
      `Missing from the token's roles: the app could not ${why}.`,
      GRANT(permission, claims.appId),
    );
  if (claims.kind === 'opaque')
    return pass(id, `The sandbox's static token carries every permission: ${why}.`);
  return warn(
    id,
    `Cannot be tried without writing, and the token does not list its permissions: needed to ${why}.`,
    `Check that ${permission} is granted with admin consent under the app's API permissions.`,
  );
};

interface Reads {
  readonly http: GraphHttp;
  get(path: string, headers?: Readonly<Record<string, string>>, surface?: GraphSurface): Promise<Probe>;
}

/** The reads each permission allows, tried for real (read-only). */
const permissionProbes = async (r: Reads, users: Probe, userId: string | null, groupId: string | null) => ({
  'User.Read.All': users,
  'GroupMember.Read.All':
    userId === null
      ? null
      : await probe(() =>
          r.http.write('POST', `/users/${userId}/checkMemberGroups`, {
            groupIds: [groupId ?? '00000000-0000-0000-0000-000000000000'],
          }),
        ),
  'RoleManagement.Read.Directory': await r.get('/roleManagement/directory/roleAssignments?$top=1'),
  'Domain.Read.All': await r.get('/domains?$select=id'),
  'Organization.Read.All': await r.get('/organization?$select=id'),
});

const p2Check = (result: Probe): DoctorCheck => {
  if (result.ok)
    return pass(
      'graph.p2',
      'Microsoft Entra ID P2 (PIM) present: eligible admin roles are read and checked.',
    );
  if (result.error.code === 'CLOUD.LICENSE_REQUIRED')
    return pass(
      'graph.p2',
      'No Microsoft Entra ID P2 or ID Governance in this tenant (AadPremiumLicenseRequired): there is no PIM, so no eligible role can exist - the role check says "none, no P2".',
    );
  return warn(
    'graph.p2',
    `Unknown: the eligibility read failed (${result.error.message} [${result.error.code}]); every review warns that eligible roles could not be read.`,
    'Grant RoleManagement.Read.Directory (see its line).',
  );
};

const betaCheck = (result: Probe, baseUrl: string): DoctorCheck =>
  result.ok
    ? pass(
        'graph.beta',
        "Graph's beta endpoint answers: onPremisesObjectIdentifier and the last password sync time are read there.",
      )
    : warn(
        'graph.beta',
        `Graph's beta endpoint did not answer (${result.error.message} [${result.error.code}]): every review warns that onPremisesObjectIdentifier (2026 hardening) could not be read, and the last password sync shows as unknown.`,
        `Allow ${baseUrl}/beta/ through any proxy or firewall; the product reads only these two properties there.`,
      );

const featuresCheck = (result: Probe, claims: TokenClaims): DoctorCheck => {
  const p = 'OnPremDirectorySynchronization.Read.All';
  if (result.ok)
    return pass(
      'graph.sync-features',
      `Readable app-only (${p}): the tenant's hard-match takeover block and soft-match settings are checked.`,
    );
  const has = granted(claims, p);
  const effect = 'every review warns that the takeover block is unknown and says how to verify it by hand';
  if (has === false)
    return warn('graph.sync-features', `Refused: ${p} is not granted, so ${effect}.`, GRANT(p, claims.appId));
  return warn(
    'graph.sync-features',
    `Refused app-only (${result.error.message} [${result.error.code}])${has === true ? ` although ${p} is granted` : ''} - Microsoft documents no app-only support, and some tenants refuse it - so ${effect}.`,
    'Nothing to fix in the app; before approving, a Global Administrator checks blockCloudObjectTakeoverThroughHardMatchEnabled with Get-EntraDirSyncFeature.',
  );
};

const advancedCheck = (result: Probe): DoctorCheck =>
  result.ok
    ? pass(
        'graph.advanced-queries',
        'Advanced queries (ConsistencyLevel: eventual) work: holders among deleted users are found by filter.',
      )
    : result.error.code === 'CLOUD.UNSUPPORTED_QUERY'
      ? warn(
          'graph.advanced-queries',
          'The tenant refuses $filter on deleted users: each check pages through the whole recycle bin instead (correct, slower).',
          'Nothing to fix; expect slower checks in tenants with many deleted users.',
        )
      : fail(
          'graph.advanced-queries',
          `The deleted-users read failed: ${result.error.message} [${result.error.code}].`,
          'Fix the error above.',
        );

/** Every Graph check, in the order they are printed. */
export const graphChecks = async (
  config: GraphConfig,
  http: GraphHttp,
  settings: GraphDoctorSettings,
): Promise<DoctorCheck[]> => {
  let claims: TokenClaims;
  try {
    claims = await http.tokenClaims();
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return [
      fail(
        'graph.token',
        `No token: ${e.message} [${e.code}].`,
        'See "Common errors" in the README for the AADSTS code; fix the credential, then run doctor again.',
      ),
    ];
  }
  const r: Reads = {
    http,
    get: (path, headers = {}, surface = 'v1.0') => probe(() => http.get(path, headers, surface)),
  };
  const users = await r.get('/users?$top=1&$select=id');
  const first = users.ok ? ((users.value as GraphPage<{ id?: unknown }>).value[0]?.id ?? null) : null;
  const userId = typeof first === 'string' ? first : null;
  const probes = await permissionProbes(r, users, userId, settings.groupId);
  const checks: DoctorCheck[] = [tokenCheck(config, claims)];
  for (const { permission, why } of APP_PERMISSIONS) {
    if (permission === 'OnPremDirectorySynchronization.Read.All') continue; // graph.sync-features
    if (permission === 'User.ReadWrite.All' || permission === 'User.DeleteRestore.All') {
      checks.push(writeCheck(permission, why, claims));
      continue;
    }
    const result = probes[permission as keyof typeof probes];
    checks.push(
      result === null || result === undefined
        ? warn(
            `graph.permission.${permission}`,
            'Not tried: no user could be read to try it on.',
            'Grant User.Read.All first.',
          )
        : readCheck(permission, why, result, claims),
    );
  }
  checks.push(p2Check(await r.get('/roleManagement/directory/roleEligibilitySchedules?$top=1')));
  checks.push(
    userId === null
      ? warn('graph.beta', 'Not tried: no user could be read.', 'Grant User.Read.All first.')
      : betaCheck(
          await r.get(`/users/${userId}?$select=onPremisesObjectIdentifier`, {}, 'beta'),
          config.baseUrl,
        ),
  );
  checks.push(featuresCheck(await r.get('/directory/onPremisesSynchronization'), claims));
  checks.push(
    advancedCheck(
      await r.get(
        `/directory/deletedItems/microsoft.graph.user?$filter=${encodeURIComponent("onPremisesImmutableId eq 'AAAAAAAAAAAAAAAAAAAAAA=='")}&$count=true&$top=1&$select=id`,
        EVENTUAL,
      ),
    ),
  );
  return checks;
};
