/** Checks on the AD user: system objects, disabled accounts, the anchor, Entra Connect's sync scope. */
import { DomainError } from '../errors.ts';
import type { MatchFacts } from '../facts.ts';
import { guidToImmutableId, immutableIdToGuid } from '../immutable-id.ts';
import { scopeOf } from '../scope.ts';
import { check, type CheckResult } from './types.ts';

export const criticalObject = ({ adUser: ad }: MatchFacts): CheckResult | null =>
  ad === null || !ad.isCriticalSystemObject
    ? null
    : check(
        'ad.critical-object',
        'block',
        'Built-in AD account',
        `${ad.samAccountName} is a built-in system account (like Administrator or krbtgt). Entra Connect never syncs these, and they must not be linked to a person's cloud account. Pick the person's own AD account.`,
        { dn: ad.dn, samAccountName: ad.samAccountName },
      );

export const disabled = ({ adUser: ad }: MatchFacts): CheckResult | null =>
  ad === null || ad.enabled
    ? null
    : check(
        'ad.disabled',
        'warn',
        'AD account is disabled',
        `${ad.samAccountName} is disabled in AD. Entra Connect copies that to the cloud: once linked, the cloud account is disabled too and the person cannot sign in. Enable the AD account first unless that is intended.`,
        { dn: ad.dn, enabled: false },
      );

/** Shows the ImmutableID the tenant will see, and where it comes from. */
export const anchor = (facts: MatchFacts): CheckResult | null => {
  const { adUser: ad, immutableId, sourceAnchor } = facts;
  if (ad === null || immutableId === null) return null;
  const fromConsistency = sourceAnchor === 'mS-DS-ConsistencyGuid' && ad.consistencyGuid !== null;
  let guid: string | null = null;
  try {
    guid = immutableIdToGuid(immutableId);
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
  }
  const data = {
    immutableId,
    anchorGuid: guid,
    sourceAnchor,
    source: fromConsistency ? 'mS-DS-ConsistencyGuid' : 'objectGUID',
    objectGuid: ad.objectGuid,
  };
  if (guid === null) {
    return check(
      'ad.anchor',
      'warn',
      'Unusual mS-DS-ConsistencyGuid',
      `${ad.samAccountName}'s mS-DS-ConsistencyGuid is not a 16-byte GUID (${immutableId}). Entra Connect still uses it as the anchor, so the plan uses it as it is; an AD administrator should confirm nobody copied a wrong value into it.`,
      data,
    );
  }
  const differs = fromConsistency && immutableId !== guidToImmutableId(ad.objectGuid);
  return check(
    'ad.anchor',
    'pass',
    `ImmutableID ${immutableId}`,
    differs
      ? `Entra Connect anchors ${ad.samAccountName} on mS-DS-ConsistencyGuid, which differs from its objectGUID (normal after a migration between forests). The cloud user must get ${immutableId}.`
      : `The cloud user must get ${immutableId}, the ${data.source} of ${ad.samAccountName} in the form Entra uses.`,
    { ...data, consistencyDiffersFromObjectGuid: differs },
  );
};

/** How to read Entra Connect's OU filtering by hand, when the relay could not. */
export const SCOPE_BY_HAND =
  'Synchronization Service Manager > Connectors > the AD connector > Properties > Configure Directory Partitions > Containers';

export const syncScope = (facts: MatchFacts): CheckResult | null => {
  const { adUser: ad, syncScope: scope } = facts;
  if (ad === null) return null;
  if (scope === null) {
    return check(
      'ad.sync-scope',
      'warn',
      'Sync scope unknown',
      `Entra Connect's sync scope could not be read through the relay agent, so the bot cannot confirm that ${ad.samAccountName}'s OU is synced; if it is not, the sync never links it and the job stops at its verification. Check on the Entra Connect server (${SCOPE_BY_HAND}) that ${ad.dn.slice(ad.dn.indexOf(',') + 1)} is ticked.`,
      { dn: ad.dn, syncScope: 'unknown' },
    );
  }
  const v = scopeOf(ad.dn, scope);
  const data = { dn: ad.dn, ...v };
  if (!v.inScope) {
    const why =
      v.matchedExclusion !== null
        ? `its OU is excluded (${v.matchedExclusion})`
        : 'its OU is not among the synced OUs';
    return check(
      'ad.sync-scope',
      'block',
      'AD account is not synced',
      `${ad.samAccountName} is outside Entra Connect's sync scope: ${why}. A sync would never link it. Move the account into a synced OU first (or pick the person's account that is in one), then check again.`,
      data,
    );
  }
  if (v.groupFilteringGroupDn !== null) {
    return check(
      'ad.sync-scope',
      'warn',
      'Sync also filters by group',
      `${ad.samAccountName}'s OU is synced, but Entra Connect also syncs only members of the group ${v.groupFilteringGroupDn}. Make sure the account is a member, or the sync will not link it.`,
      data,
    );
  }
  return check(
    'ad.sync-scope',
    'pass',
    'AD account is in sync scope',
    `${ad.samAccountName} is in an OU that Entra Connect syncs.`,
    data,
  );
};

export const AD_CHECKS = [criticalObject, disabled, anchor, syncScope] as const;
