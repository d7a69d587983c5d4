/** Builders for domain users in tests: every field set, overrides by name. */
import { guidToImmutableId } from '../../core/immutable-id.ts';
import type { CloudUser, OnPremUser } from '../../core/models.ts';

export const onPremUser = (
  o: Partial<OnPremUser> & { samAccountName: string; objectGuid: string },
): OnPremUser => ({
  dn: `CN=${o.samAccountName},OU=Staff,DC=contoso,DC=com`,
  consistencyGuid: guidToImmutableId(o.objectGuid),
  userPrincipalName: `${o.samAccountName}@contoso.com`,
  displayName: o.samAccountName,
  givenName: null,
  surname: null,
  mail: `${o.samAccountName}@contoso.com`,
  proxyAddresses: [],
  enabled: true,
  isCriticalSystemObject: false,
  ...o,
});

export const cloudUser = (o: Partial<CloudUser> & { id: string; userPrincipalName: string }): CloudUser => ({
  displayName: o.userPrincipalName.split('@')[0] ?? null,
  mail: o.userPrincipalName,
  proxyAddresses: [`SMTP:${o.userPrincipalName}`],
  accountEnabled: true,
  onPremisesImmutableId: null,
  onPremisesSyncEnabled: null,
  onPremisesLastSyncDateTime: null,
  onPremisesDistinguishedName: null,
  onPremisesSamAccountName: null,
  onPremisesUserPrincipalName: null,
  onPremisesObjectIdentifier: null,
  onPremisesProvisioningErrors: [],
  deletedDateTime: null,
  ...o,
});
