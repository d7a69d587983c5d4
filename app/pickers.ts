/**
 * The users behind the link card's pickers: type-ahead searches (Data.Query) and the static suggestions.
 * The query text is a prefix handed to the ports, which escape it for LDAP and OData.
 */
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { localPartOf, sameText, smtpAddresses } from '../core/user-values.ts';
import type { AppContext } from './context.ts';

/** Teams shows about 15 results; more only costs directory round trips. */
export const MAX_CHOICES = 15;
const MAX_QUERY = 64;

const clean = (q: string): string => q.trim().slice(0, MAX_QUERY);
const limitOf = (count: number): number => Math.max(1, Math.min(MAX_CHOICES, count));

/** AD users whose name, sAMAccountName, UPN or mail starts with the query; built-in accounts never. */
export const searchAdUsers = async (ctx: AppContext, query: string, count: number): Promise<OnPremUser[]> => {
  const q = clean(query);
  if (q === '') return [];
  const users = await ctx.onPrem.searchUsers(q, limitOf(count));
  return users.filter((u) => !u.isCriticalSystemObject);
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
export const searchCloudUsers = async (
  ctx: AppContext,
  query: string,
  count: number,
  partnerGuid: string | null,
): Promise<CloudUser[]> => {
  const partner =
    partnerGuid === null ? null : await ctx.onPrem.getUser({ kind: 'guid', value: partnerGuid });
  const q =
    clean(query) ||
    (partner?.userPrincipalName === null || partner === null ? '' : localPartOf(partner.userPrincipalName));
  if (q === '') return [];
  const limit = limitOf(count);
  const found = await ctx.cloud.searchUsers(q, limit * 2);
  return [...found]
    .map((u, i) => ({ u, i, r: rank(u, partner) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .slice(0, limit)
    .map(({ u }) => u);
};

/** Users with sync errors read for suggestions; more would slow every `link`. */
const MAX_ERROR_USERS = 10;

export interface Suggestions {
  readonly ad: readonly OnPremUser[];
  readonly cloud: readonly CloudUser[];
}

// Suggestions are a convenience: when a directory cannot be read they are simply left out.
const orEmpty = async <T>(ctx: AppContext, read: () => Promise<readonly T[]>): Promise<readonly T[]> => {
  try {
    return await read();
  } catch (e) {
    ctx.log.debug({ err: e }, 'picker suggestions skipped');
    return [];
  }
};

const adByAddress = async (
  ctx: AppContext,
  values: readonly (string | null)[],
): Promise<OnPremUser | null> => {
  for (const v of values) {
    if (v === null || !v.includes('@')) continue;
    const u = await ctx.onPrem.getUser({ kind: 'upn', value: v.replace(/^smtp:/i, '') });
    if (u !== null) return u;
  }
  return null;
};

const oneOrNone = async <T>(read: () => Promise<T | null>): Promise<readonly T[]> => {
  const v = await read();
  return v === null ? [] : [v];
};

/**
 * Static choices for the pickers: the likely partners of a user already chosen, then the users with
 * sync errors (the ones a helpdesk usually has to link) and the AD users and cloud-only twins they
 * conflict with. Cloud-only users come before synced ones.
 */
export const pickerSuggestions = async (
  ctx: AppContext,
  ad: OnPremUser | null,
  cloud: CloudUser | null,
): Promise<Suggestions> => {
  const errorUsers = (await orEmpty(ctx, () => ctx.cloud.listUsersWithProvisioningErrors())).slice(
    0,
    MAX_ERROR_USERS,
  );
  const adUpn = ad?.userPrincipalName ?? null;
  const errorAdLists = errorUsers.map((u) =>
    orEmpty(ctx, () =>
      oneOrNone(() =>
        adByAddress(ctx, [
          ...u.onPremisesProvisioningErrors.map((e) => e.value),
          u.userPrincipalName,
          u.mail,
        ]),
      ),
    ),
  );
  const [adPartners, cloudPartners, ...errorAds] = await Promise.all([
    cloud === null
      ? Promise.resolve([])
      : orEmpty(ctx, () => ctx.onPrem.searchUsers(localPartOf(cloud.userPrincipalName), MAX_CHOICES)),
    adUpn === null
      ? Promise.resolve([])
      : orEmpty(ctx, () => ctx.cloud.searchUsers(localPartOf(adUpn), MAX_CHOICES)),
    ...errorAdLists,
  ]);
  const conflictingAds = errorAds.flat();
  const twins = (
    await Promise.all(
      conflictingAds.map((a) =>
        a.userPrincipalName === null
          ? Promise.resolve([])
          : orEmpty(ctx, () => oneOrNone(() => ctx.cloud.getUser(a.userPrincipalName!))),
      ),
    )
  ).flat();
  const adUsers = [...adPartners, ...conflictingAds].filter((u) => !u.isCriticalSystemObject);
  const cloudRanked = [...cloudPartners, ...twins, ...errorUsers]
    .map((u, i) => ({ u, i, r: rank(u, ad) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ u }) => u);
  const unique = <T>(list: readonly T[], idOf: (u: T) => string) =>
    list.filter((c, i) => list.findIndex((d) => idOf(d) === idOf(c)) === i).slice(0, MAX_SUGGESTIONS);
  return {
    ad: unique(adUsers, (u) => u.objectGuid),
    cloud: unique(cloudRanked, (u) => u.id),
  };
};

const MAX_SUGGESTIONS = 25;
