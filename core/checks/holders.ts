/**
 * Who else holds the ImmutableID: active users, soft-deleted users, and the AD user's own synced duplicate
 * (guide 000's user@tenant.onmicrosoft.com). The guides check active users only; soft-deleted holders
 * are the usual reason a match "does nothing" (Entra restores the deleted user instead).
 */
import type { MatchFacts } from '../facts.ts';
import { scopeOf } from '../scope.ts';
import {
  activeHolders,
  anchorMismatches,
  describeUser,
  isOwnSync,
  unreadReason,
  userData,
} from './derive.ts';
import { check, type CheckResult } from './types.ts';

/**
 * Who holds the anchor is a safety fact: writing it while another user holds it fails at best and, for a
 * deleted holder, makes the sync restore the wrong account. Unread, it blocks.
 */
const unreadHolders = (facts: MatchFacts, deleted: boolean): CheckResult | null => {
  const unread = deleted ? facts.cloud.unread.deletedHolders : facts.cloud.unread.activeHolders;
  if (unread === undefined || facts.immutableId === null) return null;
  const where = deleted ? 'soft-deleted users (the recycle bin)' : 'active users';
  const verify = deleted
    ? `GET https://graph.microsoft.com/v1.0/directory/deletedItems/microsoft.graph.user?$filter=onPremisesImmutableId eq '${facts.immutableId}'&$count=true with the header ConsistencyLevel: eventual`
    : `GET https://graph.microsoft.com/v1.0/users?$filter=onPremisesImmutableId eq '${facts.immutableId}'&$count=true with the header ConsistencyLevel: eventual`;
  return check(
    deleted ? 'holder.deleted' : 'holder.active',
    'block',
    `Could not check the ${deleted ? 'deleted' : 'active'} users for the ImmutableID`,
    `The bot could not read which ${where} hold ${facts.immutableId} (${unreadReason(unread)}). It will not match without knowing: a holder makes the change fail or makes the sync bring back the wrong account. Fix what the error names (a refusal names the permission to grant) and check again; an administrator can look by hand with ${verify} in Graph Explorer.`,
    { immutableId: facts.immutableId, unread: { ...unread } },
  );
};

export const activeHolder = (facts: MatchFacts): CheckResult | null => {
  if (facts.immutableId === null) return null;
  const unread = unreadHolders(facts, false);
  if (unread !== null) return unread;
  const { foreign, cloudOnly, duplicates } = activeHolders(facts);
  const id = facts.immutableId;
  if (cloudOnly.length > 0) {
    return check(
      'holder.active',
      'block',
      'Another cloud user holds the ImmutableID',
      `${cloudOnly.map(describeUser).join(', ')} already holds ${id}; only one user can. Decide which cloud account is the person's real one, clear the ImmutableID of the other, then check again.`,
      { immutableId: id, holders: cloudOnly.map(userData) },
    );
  }
  if (foreign.length > 0) {
    return check(
      'holder.active',
      'block',
      'Another AD account syncs with this ImmutableID',
      `${foreign.map(describeUser).join(', ')} is synced from a different AD account (${foreign.map((u) => u.onPremisesDistinguishedName ?? u.onPremisesSamAccountName).join(', ')}) that has the same ImmutableID ${id}. Two AD accounts share one anchor, usually a copied mS-DS-ConsistencyGuid. An AD administrator must fix that first.`,
      { immutableId: id, holders: foreign.map(userData) },
    );
  }
  if (duplicates.length > 0) return null; // explained by holder.synced-duplicate
  return check(
    'holder.active',
    'pass',
    'No other active user holds the ImmutableID',
    `No other active cloud user holds ${id}.`,
    {
      immutableId: id,
    },
  );
};

/**
 * Deleted holders: warn. A soft-deleted user holding this anchor is normally this AD user's own former
 * cloud twin; left in place, the next sync restores it instead of linking the chosen user. Removing it is
 * the fix (the deleted-holder playbook), but it is irreversible, so the approver must see it. Block only when its on-premises
 * attributes name another AD account: then two AD accounts share the anchor and deleting fixes nothing.
 */
export const deletedHolder = (facts: MatchFacts): CheckResult | null => {
  if (facts.immutableId === null) return null;
  const unread = unreadHolders(facts, true);
  if (unread !== null) return unread;
  const deleted = facts.cloud.holders.deleted;
  const id = facts.immutableId;
  if (deleted.length === 0) {
    return check(
      'holder.deleted',
      'pass',
      'No deleted user holds the ImmutableID',
      `No user in the recycle bin holds ${id}.`,
      {
        immutableId: id,
      },
    );
  }
  const foreign = deleted.filter((u) => !isOwnSync(u, facts.adUser));
  if (foreign.length > 0) {
    return check(
      'holder.deleted',
      'block',
      'A deleted user from another AD account holds the ImmutableID',
      `${foreign.map(describeUser).join(', ')} is in the recycle bin and holds ${id}, but was synced from a different AD account (${foreign.map((u) => u.onPremisesDistinguishedName ?? u.onPremisesSamAccountName).join(', ')}). Two AD accounts share one anchor, usually a copied mS-DS-ConsistencyGuid; deleting that user permanently would not fix it. An AD administrator must fix the anchor first.`,
      { immutableId: id, holders: foreign.map(userData) },
    );
  }
  const list = deleted
    .map((u) => `${u.userPrincipalName} (deleted ${u.deletedDateTime ?? 'at an unknown time'})`)
    .join(', ');
  return check(
    'holder.deleted',
    'warn',
    'A deleted user holds the ImmutableID',
    `${list} is in the recycle bin and still holds ${id}. Left there, the sync would bring that deleted account back instead of linking the chosen one. The plan deletes it permanently: this cannot be undone, and anything only that account had (mail, files) is lost. If someone still needs it, restore and export it first.`,
    { immutableId: id, holders: deleted.map(userData) },
  );
};

export const syncedDuplicate = (facts: MatchFacts): CheckResult | null => {
  const ad = facts.adUser;
  if (ad === null) return null;
  const mismatches = anchorMismatches(facts);
  if (mismatches.length > 0) {
    return check(
      'holder.synced-duplicate',
      'block',
      'Entra Connect uses a different anchor',
      `${mismatches.map(describeUser).join(', ')} is synced from ${ad.samAccountName} but with the ImmutableID ${mismatches.map((u) => u.onPremisesImmutableId ?? 'none').join(', ')}, not ${facts.immutableId ?? 'none'}. The configured source anchor (${facts.sourceAnchor}) does not match Entra Connect's. An administrator must correct HM_SOURCE_ANCHOR before any match.`,
      { expected: facts.immutableId, users: mismatches.map(userData), sourceAnchor: facts.sourceAnchor },
    );
  }
  const { duplicates } = activeHolders(facts);
  if (duplicates.length === 0) return null;
  if (duplicates.length > 1) {
    return check(
      'holder.synced-duplicate',
      'block',
      'Several synced copies',
      `${duplicates.map(describeUser).join(', ')} are all synced with ${ad.samAccountName}'s ImmutableID, which Entra should not allow. Ask an administrator to look at Entra Connect.`,
      { users: duplicates.map(userData) },
    );
  }
  const dup = duplicates[0]!;
  return check(
    'holder.synced-duplicate',
    'warn',
    'AD account already synced as a second cloud user',
    `${ad.samAccountName} is already synced as ${describeUser(dup)} - a duplicate of ${facts.cloud.cloudUser.userPrincipalName}. The plan moves the AD account out of the sync for a moment so Entra deletes the duplicate, deletes it permanently (irreversible: anything stored only there is lost), links the AD account to ${facts.cloud.cloudUser.userPrincipalName} and moves it back.`,
    { duplicate: userData(dup), immutableId: facts.immutableId },
  );
};

/** Replacing a synced duplicate parks the AD user in a non-synced OU: it must be configured and really outside the scope. */
export const parkingOu = (facts: MatchFacts): CheckResult | null => {
  if (facts.adUser === null || activeHolders(facts).duplicates.length === 0) return null;
  const ou = facts.parkingOuDn;
  if (ou === null) {
    return check(
      'config.parking-ou',
      'block',
      'No parking OU configured',
      'Removing a synced duplicate needs an OU that Entra Connect does not sync, to park the AD account in for a few minutes. An administrator sets HM_PARKING_OU to such an OU (for example OU=HardMatch Parking,DC=corp,DC=example) and restarts the bot.',
      { setting: 'HM_PARKING_OU' },
    );
  }
  if (facts.syncScope === null) {
    return check(
      'config.parking-ou',
      'warn',
      'Parking OU configured, sync scope unknown',
      `The AD account is parked in ${ou} while the duplicate is removed, but Entra Connect's sync scope could not be read through the relay, so the bot cannot confirm that ${ou} is not synced. Check it on the Entra Connect server (Synchronization Service Manager > Connectors > the AD connector > Configure Directory Partitions > Containers): ${ou} must be unticked. If it were synced, the duplicate would not be removed and the job stops at that step.`,
      { setting: 'HM_PARKING_OU', parkingOuDn: ou, syncScope: 'unknown' },
    );
  }
  if (scopeOf(ou, facts.syncScope).inScope) {
    return check(
      'config.parking-ou',
      'block',
      'Parking OU is synced',
      `The parking OU ${ou} is inside Entra Connect's sync scope, so parking the AD account there would not remove the duplicate. An administrator excludes it from the sync or sets HM_PARKING_OU to an OU that is not synced.`,
      { setting: 'HM_PARKING_OU', parkingOuDn: ou },
    );
  }
  return check(
    'config.parking-ou',
    'pass',
    'Parking OU configured',
    `The AD account is parked in ${ou} while the duplicate is removed.`,
    {
      parkingOuDn: ou,
    },
  );
};

export const HOLDER_CHECKS = [activeHolder, deletedHolder, syncedDuplicate, parkingOu] as const;
