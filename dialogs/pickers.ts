/**
 * The type-ahead data sets behind the link card's pickers (Data.Query). The query text is a prefix
 * handed to the ports, which escape it for LDAP and OData.
 */
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { localPartOf, sameText, smtpAddresses } from '../core/user-values.ts';
import { adChoice, cloudChoice, type PickerChoice } from '../cards/link-card.ts';
import type { DialogDeps } from './deps.ts';

/** Teams shows about 15 results; more only costs directory round trips. */
export const MAX_CHOICES = 15;
const MAX_QUERY = 64;

const clean = (q: string): string => q.trim().slice(0, MAX_QUERY);
const limitOf = (count: number): number => Math.max(1, Math.min(MAX_CHOICES, count));

/** AD users whose name, sAMAccountName, UPN or mail starts with the query; built-in accounts never. */
export const searchAdChoices = async (
  deps: DialogDeps,
  query: string,
  count: number,
): Promise<PickerChoice[]> => {
  const q = clean(query);
  if (q === '') return [];
  const users = await deps.onPrem.searchUsers(q, limitOf(count));
  return users.filter((u) => !u.isCriticalSystemObject).map(adChoice);
};

/** The cloud user is a likely partner of the AD user: same UPN, mail or one of its SMTP addresses. */
export const isLikelyPartner = (ad: OnPremUser, u: CloudUser): boolean => {
  const adAddresses = new Set([
    ...smtpAddresses(ad.proxyAddresses),
    ad.mail?.toLowerCase(),
    ad.userPrincipalName?.toLowerCase(),
  ]);
  return (
    sameText(ad.userPrincipalName, u.userPrincipalName) ||
    sameText(ad.mail, u.mail) ||
    [u.userPrincipalName.toLowerCase(), u.mail?.toLowerCase(), ...smtpAddresses(u.proxyAddresses)].some(
      (a) => a !== undefined && adAddresses.has(a),
    )
  );
};

const rank = (u: CloudUser, partner: OnPremUser | null): number =>
  partner !== null && isLikelyPartner(partner, u)
    ? 0
    : u.onPremisesSyncEnabled !== true && u.onPremisesImmutableId === null
      ? 1
      : 2;

/**
 * Cloud users matching the query: likely partners of the chosen AD user first, then cloud-only users,
 * then the rest. With an empty query and a known AD user, its own name is the query (suggestions).
 */
export const searchCloudChoices = async (
  deps: DialogDeps,
  query: string,
  count: number,
  partnerGuid: string | null,
): Promise<PickerChoice[]> => {
  const partner =
    partnerGuid === null ? null : await deps.onPrem.getUser({ kind: 'guid', value: partnerGuid });
  const q =
    clean(query) ||
    (partner?.userPrincipalName === null || partner === null ? '' : localPartOf(partner.userPrincipalName));
  if (q === '') return [];
  const limit = limitOf(count);
  const found = await deps.cloud.searchUsers(q, limit * 2);
  return [...found]
    .map((u, i) => ({ u, i, r: rank(u, partner) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map(({ u }) => cloudChoice(u));
};
