/**
 * Predictions and comparisons: what a plain sync would do on its own (soft match, reference/
 * entra-connect.md), and which of the cloud user's values the AD values will overwrite once linked.
 */
import type { MatchFacts } from '../facts.ts';
import type { CloudUser, OnPremUser } from '../models.ts';
import { domainOf, primarySmtp, sameText, smtpAddresses } from '../user-values.ts';
import { isLinked } from './derive.ts';
import { check, type CheckResult } from './types.ts';

export type SoftMatchOutcome = 'soft-match' | 'invalid-soft-match' | 'blocked' | 'admin-refused' | 'unknown';

export interface SoftMatchPrediction {
  readonly userId: string;
  readonly userPrincipalName: string;
  readonly chosen: boolean;
  readonly by: readonly ('upn' | 'smtp')[];
  readonly outcome: SoftMatchOutcome;
}

const words = (by: readonly ('upn' | 'smtp')[]): string =>
  by.map((b) => (b === 'upn' ? 'sign-in name' : 'email address')).join(' and ');

const addressesOf = (u: CloudUser): string[] => {
  const all = smtpAddresses(u.proxyAddresses);
  return all.length === 0 && u.mail !== null ? [u.mail.toLowerCase()] : all;
};

/** What a sync would do between the (new to Connect) AD user and each cloud user sharing its UPN/SMTP. */
export const predictSoftMatch = (facts: MatchFacts, ad: OnPremUser): SoftMatchPrediction[] => {
  const f = facts.cloud.features;
  const smtp = primarySmtp(ad.proxyAddresses, ad.mail);
  const chosen = facts.cloud.cloudUser;
  const candidates = new Map<string, CloudUser>([[chosen.id, chosen]]);
  for (const c of facts.cloud.softMatchCandidates) candidates.set(c.id, c);
  const out: SoftMatchPrediction[] = [];
  for (const c of candidates.values()) {
    const by: ('upn' | 'smtp')[] = [];
    // Without the tenant's settings, assume UPN soft match is on (the default since 2016) to warn early.
    if ((f?.softMatchOnUpnEnabled ?? true) && sameText(c.userPrincipalName, ad.userPrincipalName))
      by.push('upn');
    if (smtp !== null && addressesOf(c).includes(smtp)) by.push('smtp');
    if (by.length === 0) continue;
    const isChosen = c.id === chosen.id;
    const outcome: SoftMatchOutcome =
      c.onPremisesImmutableId !== null || c.onPremisesSyncEnabled === true
        ? 'invalid-soft-match'
        : f === null
          ? 'unknown'
          : f.blockSoftMatchEnabled
            ? 'blocked'
            : isChosen && facts.cloud.roles.length > 0
              ? 'admin-refused'
              : 'soft-match';
    out.push({ userId: c.id, userPrincipalName: c.userPrincipalName, chosen: isChosen, by, outcome });
  }
  return out;
};

export const softMatch = (facts: MatchFacts): CheckResult | null => {
  const ad = facts.adUser;
  if (ad === null || isLinked(facts)) return null;
  const chosen = facts.cloud.cloudUser;
  const { active, deleted } = facts.cloud.holders;
  // Soft match applies only to objects new to Entra Connect: an existing holder means it is known already.
  if (active.some((h) => h.id !== chosen.id) || deleted.length > 0) {
    return check(
      'match.soft-match',
      'pass',
      'No soft match possible',
      `${ad.samAccountName} is already known to Entra Connect (a cloud user, active or deleted, holds its ImmutableID), so a sync will not match it by name or address.`,
      { prediction: 'known-to-connect', predictions: [] },
    );
  }
  if (chosen.onPremisesImmutableId === facts.immutableId) {
    return check(
      'match.soft-match',
      'pass',
      'A sync hard-matches them',
      `${chosen.userPrincipalName} already holds ${ad.samAccountName}'s ImmutableID, so the next sync links them by hard match.`,
      { prediction: 'hard-match', predictions: [] },
    );
  }
  const predictions = predictSoftMatch(facts, ad);
  const data = { prediction: 'new-to-connect', predictions: predictions.map((p) => ({ ...p })) };
  const others = predictions.filter(
    (p) => !p.chosen && (p.outcome === 'soft-match' || p.outcome === 'unknown'),
  );
  const invalid = predictions.filter((p) => !p.chosen && p.outcome === 'invalid-soft-match');
  const mine = predictions.find((p) => p.chosen);
  if (others.length > 0 || invalid.length > 0) {
    const parts = [
      ...others.map((p) => `it would match ${p.userPrincipalName} instead (same ${words(p.by)})`),
      ...invalid.map(
        (p) =>
          `${p.userPrincipalName} shares its ${words(p.by)} but has another ImmutableID, so Entra Connect reports InvalidSoftMatch`,
      ),
    ];
    return check(
      'match.soft-match',
      'warn',
      'Sign-in name or address also used elsewhere',
      `Left to itself, a sync of ${ad.samAccountName}: ${parts.join('; ')}. The hard match decides which cloud user is linked, but the other account keeps the same sign-in name or address, which causes a duplicate-value sync error until someone changes or removes it.`,
      data,
    );
  }
  if (mine?.outcome === 'soft-match') {
    return check(
      'match.soft-match',
      'pass',
      'A sync would match these two anyway',
      `${chosen.userPrincipalName} has the same ${words(mine.by)} as ${ad.samAccountName}, so a plain sync would soft-match them. The hard match makes the link certain.`,
      data,
    );
  }
  if (mine?.outcome === 'unknown') {
    return check(
      'match.soft-match',
      'warn',
      'Soft match unknown',
      `${chosen.userPrincipalName} has the same ${words(mine.by)} as ${ad.samAccountName}, but the tenant's soft-match settings could not be read, so whether a plain sync would match them is unknown. The hard match links them either way.`,
      data,
    );
  }
  if (mine?.outcome === 'invalid-soft-match') {
    return check(
      'match.soft-match',
      'pass',
      'A sync alone reports InvalidSoftMatch',
      `${chosen.userPrincipalName} has the same ${words(mine.by)} as ${ad.samAccountName} but another ImmutableID, so a plain sync reports InvalidSoftMatch. The hard match replaces the ImmutableID and ends that error.`,
      data,
    );
  }
  return check(
    'match.soft-match',
    'pass',
    'No soft match expected',
    `A plain sync would not link ${ad.samAccountName} by name or address${mine === undefined ? '' : ` (${mine.outcome})`}; the hard match is needed.`,
    data,
  );
};

export const attributes = (facts: MatchFacts): CheckResult | null => {
  const ad = facts.adUser;
  if (ad === null || isLinked(facts)) return null;
  const c = facts.cloud.cloudUser;
  const diffs: string[] = [];
  if (ad.userPrincipalName === null) {
    diffs.push(
      `the AD account has no UPN, so the cloud sign-in name ${c.userPrincipalName} will be replaced by one Entra makes up`,
    );
  } else {
    const domain = domainOf(ad.userPrincipalName);
    const verified = facts.cloud.domains.some((d) => d.isVerified && d.id.toLowerCase() === domain);
    const initial = facts.cloud.domains.find((d) => d.isInitial)?.id ?? 'onmicrosoft.com';
    if (!verified) {
      diffs.push(
        `the AD UPN ${ad.userPrincipalName} is not in a verified domain of the tenant, so the sign-in name becomes ...@${initial}`,
      );
    } else if (!sameText(ad.userPrincipalName, c.userPrincipalName)) {
      diffs.push(`the sign-in name changes from ${c.userPrincipalName} to ${ad.userPrincipalName}`);
    }
  }
  const adPrimary = primarySmtp(ad.proxyAddresses, ad.mail);
  const cloudPrimary = primarySmtp(c.proxyAddresses, c.mail);
  if (adPrimary === null && cloudPrimary !== null) {
    diffs.push(
      `the AD account has no email address while the cloud user has ${cloudPrimary}; add it in AD first`,
    );
  } else if (adPrimary !== cloudPrimary && adPrimary !== null) {
    diffs.push(`the primary email address changes from ${cloudPrimary ?? 'none'} to ${adPrimary}`);
  }
  // The mail attribute syncs on its own; it can disagree with the primary address in either directory.
  if (ad.mail !== null && c.mail !== null && !sameText(ad.mail, c.mail) && !sameText(ad.mail, adPrimary)) {
    diffs.push(`the mail attribute changes from ${c.mail} to ${ad.mail}`);
  }
  const adAll = new Set(smtpAddresses(ad.proxyAddresses));
  const lost = adAll.size === 0 ? [] : smtpAddresses(c.proxyAddresses).filter((a) => !adAll.has(a));
  if (lost.length > 0) diffs.push(`the mailbox loses the addresses ${lost.join(', ')} (not in AD)`);
  const data = {
    ad: {
      userPrincipalName: ad.userPrincipalName,
      primarySmtp: adPrimary,
      proxyAddresses: [...ad.proxyAddresses],
    },
    cloud: {
      userPrincipalName: c.userPrincipalName,
      primarySmtp: cloudPrimary,
      proxyAddresses: [...c.proxyAddresses],
    },
    differences: diffs,
  };
  if (diffs.length === 0) {
    return check(
      'match.attributes',
      'pass',
      'Names and addresses agree',
      `${ad.samAccountName} and ${c.userPrincipalName} have the same sign-in name and email addresses.`,
      data,
    );
  }
  return check(
    'match.attributes',
    'warn',
    'AD values will replace cloud values',
    `Once linked, AD is the source of truth and its values overwrite the cloud ones: ${diffs.join('; ')}. Fix them in AD first if they are wrong.`,
    data,
  );
};

export const MATCH_CHECKS = [softMatch, attributes] as const;
