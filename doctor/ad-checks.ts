/**
 * Doctor's Active Directory checks (read-only): the LDAP bind and a read, the configured source anchor
 * against a sample of AD users (mS-DS-ConsistencyGuid set or empty; where it differs from objectGUID,
 * which anchor the tenant's synced users carry), and the parking and new-user OUs: they exist and are
 * outside / inside Entra Connect's sync scope (read through the relay).
 */
import { isDomainError } from '../core/errors.ts';
import { guidToImmutableId } from '../core/immutable-id.ts';
import type { OnPremUser, SourceAnchor, SyncScope } from '../core/models.ts';
import type { CloudDirectory, OnPremDirectory } from '../core/ports.ts';
import { scopeOf } from '../core/scope.ts';
import { fail, pass, warn, type DoctorCheck } from './types.ts';

const SAMPLE = 20;
const SCOPE_BY_HAND =
  'Synchronization Service Manager > Connectors > the AD connector > Properties > Configure Directory Partitions > Containers';

export interface AdDoctorSettings {
  readonly url: string;
  readonly baseDn: string;
  readonly bindDn: string;
  readonly sourceAnchor: SourceAnchor;
  readonly parkingOuDn: string | null;
  readonly newUserOuDn: string | null;
}

const sampleUsers = async (ad: OnPremDirectory, roots: readonly string[]): Promise<OnPremUser[]> => {
  const out: OnPremUser[] = [];
  for (const root of roots) {
    for await (const u of ad.listUsersInOu(root)) {
      if (!u.isCriticalSystemObject) out.push(u);
      if (out.length >= SAMPLE) return out;
    }
  }
  return out;
};

/** Which anchor the cloud shows for users whose two candidate anchors differ (up to three looked up). */
const anchorInCloud = async (
  cloud: CloudDirectory,
  differing: readonly OnPremUser[],
): Promise<{ consistencyGuid: number; objectGuid: number }> => {
  const seen = { consistencyGuid: 0, objectGuid: 0 };
  for (const u of differing.slice(0, 3)) {
    const [byCg, byGuid] = await Promise.all([
      cloud.findImmutableIdHolders(u.consistencyGuid!),
      cloud.findImmutableIdHolders(guidToImmutableId(u.objectGuid)),
    ]);
    if (byCg.active.some((h) => h.onPremisesSyncEnabled === true)) seen.consistencyGuid++;
    if (byGuid.active.some((h) => h.onPremisesSyncEnabled === true)) seen.objectGuid++;
  }
  return seen;
};

const anchorCheck = async (
  users: readonly OnPremUser[],
  setting: SourceAnchor,
  cloud: CloudDirectory | null,
): Promise<DoctorCheck> => {
  const id = 'ad.source-anchor';
  if (users.length === 0) return warn(id, 'No AD users to sample.', 'Check LDAP_BASE_DN.');
  const set = users.filter((u) => u.consistencyGuid !== null);
  const differing = set.filter((u) => u.consistencyGuid !== guidToImmutableId(u.objectGuid));
  const counts = `${set.length} of ${users.length} sampled users have mS-DS-ConsistencyGuid set (${differing.length} differ from their objectGUID)`;
  if (differing.length > 0 && cloud !== null) {
    const seen = await anchorInCloud(cloud, differing).catch(() => null);
    const actual: SourceAnchor | null =
      seen === null
        ? null
        : seen.consistencyGuid > seen.objectGuid
          ? 'mS-DS-ConsistencyGuid'
          : seen.objectGuid > 0
            ? 'objectGUID'
            : null;
    if (actual !== null && actual !== setting)
      return fail(
        id,
        `${counts}, and the tenant's synced users carry the ${actual} value: Entra Connect anchors on ${actual}, not on HM_SOURCE_ANCHOR=${setting}.`,
        `Set HM_SOURCE_ANCHOR=${actual} (a wrong anchor would set ImmutableIDs no AD user has).`,
      );
    if (actual === setting)
      return pass(id, `${counts}; the tenant's synced users confirm HM_SOURCE_ANCHOR=${setting}.`);
  }
  if (setting === 'mS-DS-ConsistencyGuid' && set.length === 0)
    return warn(
      id,
      `${counts}. Entra Connect writes it at its first export when it anchors on it, so Connect probably anchors on objectGUID here (or lacks the permission to write it).`,
      'Check the Entra Connect wizard (View current configuration > Source anchor) and set HM_SOURCE_ANCHOR to it; for users without the attribute both give the same ImmutableID.',
    );
  if (setting === 'objectGUID' && differing.length > 0)
    return warn(
      id,
      `${counts}: those users would get a different ImmutableID if Entra Connect anchors on mS-DS-ConsistencyGuid.`,
      'Check the Entra Connect wizard (View current configuration > Source anchor) and set HM_SOURCE_ANCHOR to it.',
    );
  return pass(id, `${counts}; consistent with HM_SOURCE_ANCHOR=${setting}.`);
};

const ouCheck = async (
  ad: OnPremDirectory,
  id: 'ad.parking-ou' | 'ad.new-user-ou',
  ou: string | null,
  scope: SyncScope | null,
): Promise<DoctorCheck> => {
  const parking = id === 'ad.parking-ou';
  const setting = parking ? 'HM_PARKING_OU' : 'HM_NEW_USER_OU';
  const use = parking
    ? 'replacing a synced duplicate parks the AD user there'
    : 'creating an AD account for a cloud-only user puts it there';
  if (ou === null)
    return warn(
      id,
      `${setting} is not set: ${parking ? 'replacing a synced duplicate' : 'creating an AD account for a cloud-only user'} cannot run.`,
      `Set ${setting} to ${parking ? 'an OU Entra Connect does not sync' : 'a synced OU'}.`,
    );
  let exists: boolean;
  try {
    exists = await ad.ouExists(ou);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return fail(
      id,
      `${ou} could not be looked up: ${e.message} [${e.code}].`,
      `Correct ${setting} (a DN like OU=Name,DC=corp,DC=example).`,
    );
  }
  if (!exists)
    return fail(id, `${setting} ${ou} does not exist in AD.`, `Create the OU or correct ${setting}.`);
  if (scope === null)
    return warn(
      id,
      `${ou} exists; whether it is ${parking ? 'outside' : 'inside'} the sync scope is unknown (the relay could not say).`,
      `Check it on the Entra Connect server (${SCOPE_BY_HAND}).`,
    );
  const inScope = scopeOf(ou, scope).inScope;
  if (parking === inScope)
    return fail(
      id,
      `${ou} is ${inScope ? 'inside' : 'outside'} Entra Connect's sync scope, but ${use}${parking ? ' to take it out of the sync' : ' so they get linked'}.`,
      parking
        ? `Exclude ${ou} from the sync or point ${setting} at an OU that is not synced.`
        : `Point ${setting} at a synced OU.`,
    );
  return pass(id, `${ou} exists and is ${inScope ? 'inside' : 'outside'} the sync scope (${use}).`);
};

export const adChecks = async (
  settings: AdDoctorSettings,
  ad: OnPremDirectory,
  cloud: CloudDirectory | null,
  scope: SyncScope | null,
): Promise<DoctorCheck[]> => {
  let users: OnPremUser[];
  try {
    // The sample comes from the synced OUs when the scope is known: those are the users that matter.
    const roots = scope === null || scope.inclusions.length === 0 ? [settings.baseDn] : scope.inclusions;
    users = (await sampleUsers(ad, roots)).filter((u) => scope === null || scopeOf(u.dn, scope).inScope);
  } catch (e) {
    if (!isDomainError(e)) throw e;
    return [
      fail(
        'ad.connect',
        `${settings.url} as ${settings.bindDn}: ${e.message} [${e.code}].`,
        e.code === 'AD.INVALID_CREDENTIALS'
          ? 'Check LDAP_BIND_DN and LDAP_BIND_PASSWORD.'
          : 'Check LDAP_URL (host, port 636/389), LDAP_CA_FILE and the firewall; see "Common errors" in the README.',
      ),
    ];
  }
  return [
    pass('ad.connect', `Bound to ${settings.url} as ${settings.bindDn}; read ${users.length} users.`),
    await anchorCheck(users, settings.sourceAnchor, cloud),
    await ouCheck(ad, 'ad.parking-ou', settings.parkingOuDn, scope),
    await ouCheck(ad, 'ad.new-user-ou', settings.newUserOuDn, scope),
  ];
};
