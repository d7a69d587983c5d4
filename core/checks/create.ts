/** Creating the AD account (the cloud user has none): can it be created, and what it means. */
import type { MatchFacts } from '../facts.ts';
import { samAccountNameFor } from '../playbooks/steps.ts';
import { scopeOf } from '../scope.ts';
import { SCOPE_BY_HAND } from './ad.ts';
import { check, type CheckResult } from './types.ts';

/** The configuration key an administrator sets to create AD accounts (named here so the hint is exact). */
export const NEW_USER_OU_SETTING = 'HM_NEW_USER_OU';

export const targetOu = (facts: MatchFacts): CheckResult | null => {
  if (facts.adUser !== null) return null;
  const ou = facts.newUserOuDn ?? null;
  if (ou === null) {
    return check(
      'create.target-ou',
      'block',
      'No OU configured for new AD accounts',
      `Creating the AD account needs a synced OU to create it in. An administrator sets ${NEW_USER_OU_SETTING} (for example OU=Staff,DC=corp,DC=example) and restarts the bot.`,
      { setting: NEW_USER_OU_SETTING },
    );
  }
  if (facts.syncScope === null) {
    return check(
      'create.target-ou',
      'warn',
      'OU for the new AD account, sync scope unknown',
      `The AD account is created in ${ou}, but Entra Connect's sync scope could not be read through the relay, so the bot cannot confirm that ${ou} is synced; if it is not, the new account is never linked. Check it on the Entra Connect server (${SCOPE_BY_HAND}).`,
      { setting: NEW_USER_OU_SETTING, newUserOuDn: ou, syncScope: 'unknown' },
    );
  }
  if (!scopeOf(ou, facts.syncScope).inScope) {
    return check(
      'create.target-ou',
      'block',
      'OU for new AD accounts is not synced',
      `${ou} is outside Entra Connect's sync scope, so an account created there would never be linked. An administrator points ${NEW_USER_OU_SETTING} at a synced OU.`,
      { setting: NEW_USER_OU_SETTING, newUserOuDn: ou },
    );
  }
  return check(
    'create.target-ou',
    'pass',
    'OU for the new AD account',
    `The AD account is created in ${ou}.`,
    { newUserOuDn: ou },
  );
};

export const collision = (facts: MatchFacts): CheckResult | null => {
  if (facts.adUser !== null) return null;
  const upn = facts.cloud.cloudUser.userPrincipalName;
  const sam = samAccountNameFor(upn);
  if (sam === '') {
    return check(
      'create.collision',
      'block',
      'No usable account name',
      `No AD logon name (sAMAccountName) can be made from ${upn}. Create the AD account by hand, then link it.`,
      { userPrincipalName: upn },
    );
  }
  const found = facts.adCollisions;
  if (found === undefined) return null;
  if (found.length === 0) {
    return check(
      'create.collision',
      'pass',
      'Names are free in AD',
      `No AD account uses ${upn} or the logon name ${sam} yet.`,
      {
        userPrincipalName: upn,
        samAccountName: sam,
      },
    );
  }
  return check(
    'create.collision',
    'block',
    'An AD account already uses these names',
    `${found.map((u) => `${u.samAccountName} (${u.dn})`).join(', ')} already uses the sign-in name ${upn} or the logon name ${sam}. The person probably has an AD account already: pick it as the AD user instead of creating one.`,
    {
      userPrincipalName: upn,
      samAccountName: sam,
      existing: found.map((u) => ({ dn: u.dn, samAccountName: u.samAccountName })),
    },
  );
};

export const password = (facts: MatchFacts): CheckResult | null => {
  if (facts.adUser !== null) return null;
  const phs = facts.cloud.features?.passwordSyncEnabled ?? null;
  const sync =
    phs === true
      ? 'The tenant syncs password hashes, so after the link the AD password replaces the cloud password.'
      : phs === false
        ? 'The tenant does not sync password hashes; sign-in keeps working as configured for the tenant.'
        : 'If the tenant syncs password hashes, the AD password replaces the cloud password after the link.';
  return check(
    'create.password',
    'warn',
    'New AD account needs a password',
    `The bot creates the AD account without a password, which leaves it disabled - and a linked disabled AD account disables the cloud sign-in at the next sync. ${sync} An AD administrator sets a password and enables the account right after it is created, and tells the person.`,
    { passwordSyncEnabled: phs },
  );
};

export const CREATE_CHECKS = [targetOu, collision, password] as const;
