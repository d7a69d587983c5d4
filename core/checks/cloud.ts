/**
 * Checks on the chosen cloud user: already linked or synced, another ImmutableID, the 2026 hard-match
 * hardening (privileged roles, onPremisesObjectIdentifier), guests, federated sign-in domains.
 */
import type { MatchFacts } from '../facts.ts';
import { domainOf } from '../user-values.ts';
import { isLinked, unreadReason } from './derive.ts';
import { check, type CheckResult } from './types.ts';

/** Microsoft's error text for the 2026 hardening; people search for it, so it is quoted verbatim. */
export const HARDENING_ERROR =
  'Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.';

export const guest = ({ cloud }: MatchFacts): CheckResult | null =>
  cloud.cloudUser.userPrincipalName.includes('#EXT#')
    ? check(
        'cloud.guest',
        'block',
        'Guest account',
        `${cloud.cloudUser.userPrincipalName} is a guest from another organisation. Guests cannot be linked to an AD account; pick the person's member account.`,
        { userPrincipalName: cloud.cloudUser.userPrincipalName },
      )
    : null;

export const alreadyLinked = (facts: MatchFacts): CheckResult | null => {
  const user = facts.cloud.cloudUser;
  const ad = facts.adUser;
  if (ad === null || user.onPremisesImmutableId !== facts.immutableId) return null;
  const data = {
    userId: user.id,
    immutableId: facts.immutableId,
    synced: user.onPremisesSyncEnabled === true,
  };
  return isLinked(facts)
    ? check(
        'cloud.already-linked',
        'pass',
        'Already linked',
        `${user.userPrincipalName} is already synced from ${ad.samAccountName}. Nothing to do.`,
        data,
      )
    : check(
        'cloud.already-linked',
        'pass',
        'ImmutableID already set',
        `${user.userPrincipalName} already holds ${ad.samAccountName}'s ImmutableID; the next sync links them. The plan only runs that sync and verifies.`,
        data,
      );
};

export const alreadySynced = (facts: MatchFacts): CheckResult | null => {
  const user = facts.cloud.cloudUser;
  if (isLinked(facts)) return null;
  const data = {
    userId: user.id,
    onPremisesSyncEnabled: user.onPremisesSyncEnabled,
    onPremisesImmutableId: user.onPremisesImmutableId,
    onPremisesDistinguishedName: user.onPremisesDistinguishedName,
    onPremisesLastSyncDateTime: user.onPremisesLastSyncDateTime,
  };
  if (user.onPremisesSyncEnabled === true) {
    const from = user.onPremisesDistinguishedName ?? user.onPremisesSamAccountName ?? 'an unknown AD account';
    return check(
      'cloud.already-synced',
      'block',
      'Cloud user is already synced',
      `${user.userPrincipalName} is already synced from another AD account (${from}). Microsoft refuses to change the ImmutableID of a synced user. If that is the wrong AD account, an AD administrator must first take it out of the sync; then check again.`,
      data,
    );
  }
  if (user.onPremisesSyncEnabled === false) {
    return check(
      'cloud.already-synced',
      'warn',
      'Cloud user was synced before',
      `${user.userPrincipalName} was synced from AD once and is cloud-only now. Microsoft sometimes refuses to change such users ("originated within an external service"); if it does, the job stops before changing anything else and says so.`,
      data,
    );
  }
  return null;
};

/**
 * A cloud-only user with another ImmutableID: Graph accepts the overwrite and nothing is linked to the old
 * value (the user would be synced otherwise), so the plan overwrites it and keeps the old value for undo.
 */
export const otherImmutableId = (facts: MatchFacts): CheckResult | null => {
  const user = facts.cloud.cloudUser;
  const current = user.onPremisesImmutableId;
  if (current === null || user.onPremisesSyncEnabled === true || current === facts.immutableId) return null;
  return check(
    'cloud.other-immutable-id',
    'warn',
    'Cloud user has another ImmutableID',
    `${user.userPrincipalName} already carries the ImmutableID ${current}, which belongs to no synced AD account right now. The plan replaces it; the old value is kept so it can be put back before the sync. If an AD account with that old ImmutableID comes back into the sync later, it would have linked to this user.`,
    { userId: user.id, current, planned: facts.immutableId },
  );
};

/** Who may clear a stale onPremisesObjectIdentifier, and with what (reference/graph.md, 2026 hardening). */
export const OBJECT_IDENTIFIER_RECOVERY =
  'a Global or Hybrid Identity Administrator with the Microsoft Graph permission User-OnPremisesSyncBehavior.ReadWrite.All';

export const objectIdentifier = (facts: MatchFacts): CheckResult | null => {
  const user = facts.cloud.cloudUser;
  // Synced users have it set by Entra Connect by design; the already-synced check explains those.
  if (user.onPremisesSyncEnabled === true) return null;
  const value = user.onPremisesObjectIdentifier;
  const unread = facts.cloud.unread.objectIdentifier;
  // Never a pass on a value that could not be read: the hardening would refuse at export, after the writes.
  if (unread !== undefined) {
    return check(
      'cloud.object-identifier',
      'warn',
      'onPremisesObjectIdentifier could not be read',
      `Since 2026 Microsoft refuses to hard match a cloud account whose onPremisesObjectIdentifier is set, and the bot could not read it for ${user.userPrincipalName} (${unreadReason(unread)}); Microsoft serves it only on Graph's beta endpoint. Before approving, an administrator checks it in Graph Explorer: GET https://graph.microsoft.com/beta/users/${user.id}?$select=onPremisesObjectIdentifier. Empty: the match can go ahead. A value: it must be cleared first by ${OBJECT_IDENTIFIER_RECOVERY}.`,
      { userId: user.id, unread: { ...unread } },
    );
  }
  if (value === null) {
    return check(
      'cloud.object-identifier',
      'pass',
      'No on-premises object mapping',
      `${user.userPrincipalName} is not mapped to any on-premises object, so Microsoft's 2026 hardening does not block the match.`,
      { userId: user.id },
    );
  }
  return check(
    'cloud.object-identifier',
    'block',
    'Blocked by Microsoft security hardening',
    `"${HARDENING_ERROR}" ${user.userPrincipalName} still carries onPremisesObjectIdentifier ${value} from an earlier link. ${OBJECT_IDENTIFIER_RECOVERY.replace(/^a/, 'A')} must confirm that link is gone for good and clear it (PATCH https://graph.microsoft.com/beta/users/${user.id} with {"onPremisesObjectIdentifier": null}, or Clear-ADSyncToolsOnPremisesAttribute). Then check again.`,
    { userId: user.id, onPremisesObjectIdentifier: value, errorText: HARDENING_ERROR },
  );
};

const describeRole = (r: MatchFacts['cloud']['roles'][number]): string =>
  `${r.displayName} (${r.kind}${r.viaGroup === undefined ? '' : `, through the group ${r.viaGroup}`})`;

export const privilegedRole = (facts: MatchFacts): CheckResult | null => {
  if (isLinked(facts)) return null;
  const user = facts.cloud.cloudUser;
  const { roles, unread, entraIdP2 } = facts.cloud;
  if (roles.length === 0) {
    const missing = unread.activeRoles ?? unread.eligibleRoles;
    if (missing !== undefined) {
      const which = unread.activeRoles !== undefined ? 'admin roles' : 'eligible (PIM) admin roles';
      return check(
        'cloud.privileged-role',
        'warn',
        `${which.replace(/^./, (c) => c.toUpperCase())} could not be read`,
        `Since 2026 Microsoft refuses to hard match an account that holds or is eligible for an admin role, and the bot could not read ${user.userPrincipalName}'s ${which} (${unreadReason(missing)}). Before approving, check in the Entra admin center under Users > ${user.userPrincipalName} > Assigned roles (active and eligible, including through groups) that there are none.`,
        { userId: user.id, unread: { ...missing }, entraIdP2 },
      );
    }
    return check(
      'cloud.privileged-role',
      'pass',
      'No admin roles',
      entraIdP2 === false
        ? `${user.userPrincipalName} holds no admin role. The tenant has no Microsoft Entra ID P2, so there is no Privileged Identity Management and no eligible role can exist: none, no P2.`
        : `${user.userPrincipalName} holds no admin role, active or eligible.`,
      { userId: user.id, entraIdP2 },
    );
  }
  const list = roles.map(describeRole).join(', ');
  return check(
    'cloud.privileged-role',
    'block',
    'Cloud user holds admin roles',
    `"${HARDENING_ERROR}" ${user.userPrincipalName} holds or is eligible for admin roles: ${list}. Since 2026 Microsoft refuses to hard match such accounts (it would let whoever controls AD take over an admin). A Privileged Role Administrator removes the roles, the match is run, then the roles are given back - or the admin keeps a separate cloud-only account.`,
    { userId: user.id, roles: roles.map((r) => ({ ...r })), errorText: HARDENING_ERROR },
  );
};

export const federatedUpn = (facts: MatchFacts): CheckResult | null => {
  if (isLinked(facts)) return null;
  const user = facts.cloud.cloudUser;
  const domain = domainOf(user.userPrincipalName);
  const d = facts.cloud.domains.find((x) => x.id.toLowerCase() === domain);
  if (d?.authenticationType !== 'Federated') return null;
  const initial = facts.cloud.domains.find((x) => x.isInitial)?.id ?? null;
  if (initial === null) {
    return check(
      'cloud.federated-upn',
      'block',
      'Federated domain, no onmicrosoft.com domain found',
      `${user.userPrincipalName} signs in through a federated domain (${d.id}), whose users' ImmutableID can only be changed by briefly moving them to the tenant's onmicrosoft.com domain - and the tenant's domain list did not include it. Check the app's permission to read domains.`,
      { domain: d.id },
    );
  }
  return check(
    'cloud.federated-upn',
    'warn',
    'Federated sign-in domain',
    `${user.userPrincipalName} signs in through the federated domain ${d.id}. Microsoft does not let the ImmutableID be changed directly there, so the plan renames the user to ${initial} for a moment and renames it back together with the ImmutableID. Sign-in may fail for a few seconds.`,
    { domain: d.id, initialDomain: initial },
  );
};

export const CLOUD_CHECKS = [
  guest,
  alreadyLinked,
  alreadySynced,
  otherImmutableId,
  objectIdentifier,
  privilegedRole,
  federatedUpn,
] as const;
