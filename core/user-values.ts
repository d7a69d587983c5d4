/**
 * Small pure readings of user values shared by gathering, checks and plans: the source anchor the tenant
 * sees, the primary SMTP address, UPN parts. Comparisons of addresses are case-insensitive (Exchange and
 * Entra treat them so); ImmutableIDs are compared exactly (they are case-sensitive).
 */
import { guidToImmutableId } from './immutable-id.ts';
import type { ImmutableId, OnPremUser, SourceAnchor } from './models.ts';

/**
 * The ImmutableID Entra sees for this AD user. With mS-DS-ConsistencyGuid as the anchor, Connect uses the
 * attribute when set and otherwise writes objectGUID into it - so ConsistencyGuid when set, else objectGUID.
 */
export const sourceAnchorOf = (
  user: Pick<OnPremUser, 'objectGuid' | 'consistencyGuid'>,
  anchor: SourceAnchor,
): ImmutableId =>
  anchor === 'mS-DS-ConsistencyGuid' && user.consistencyGuid !== null && user.consistencyGuid !== ''
    ? user.consistencyGuid
    : guidToImmutableId(user.objectGuid);

/**
 * The primary SMTP address: the proxyAddresses entry with upper-case `SMTP:` prefix; without one, `mail`
 * (Exchange-less tenants). Lower-cased, or null when there is neither.
 */
export const primarySmtp = (proxyAddresses: readonly string[], mail: string | null): string | null => {
  const primary = proxyAddresses.find((p) => p.startsWith('SMTP:'));
  const value = primary === undefined ? mail : primary.slice(5);
  const trimmed = value?.trim() ?? '';
  return trimmed === '' ? null : trimmed.toLowerCase();
};

/** All SMTP addresses (primary and secondary), lower-cased, without the prefix. */
export const smtpAddresses = (proxyAddresses: readonly string[]): string[] =>
  proxyAddresses
    .filter((p) => /^smtp:/i.test(p))
    .map((p) => p.slice(5).trim().toLowerCase())
    .filter((p) => p !== '');

/** The domain part of a UPN or address, lower-cased; null when there is no '@'. */
export const domainOf = (upnOrAddress: string | null): string | null => {
  if (upnOrAddress === null) return null;
  const at = upnOrAddress.lastIndexOf('@');
  return at < 0 ? null : upnOrAddress.slice(at + 1).toLowerCase();
};

/** The local part of a UPN or address; the whole value when there is no '@'. */
export const localPartOf = (upnOrAddress: string): string => {
  const at = upnOrAddress.lastIndexOf('@');
  return at < 0 ? upnOrAddress : upnOrAddress.slice(0, at);
};

export const sameText = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();
