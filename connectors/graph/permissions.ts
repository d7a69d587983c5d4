/**
 * The Microsoft Graph application permissions the product uses - exactly these, each with why - and the
 * least-privileged one each operation of the connector needs, so a 403 can say which permission to grant
 * instead of "access denied". The README's permission table and `hardmatch doctor` read this list.
 * Sources: each API's permission table in GDC api-reference/v1.0/api/*.md (user-list, user-update,
 * directory-deleteditems-list/-delete/-restore, user-list-transitivememberof,
 * rbacapplication-list-roleeligibilityschedules, domain-list, organization-get,
 * onpremisesdirectorysynchronization-get, directoryobject-checkmembergroups).
 */

export interface GraphRequestInfo {
  readonly method: string;
  /** Path below the version segment, with or without its query string. */
  readonly path: string;
}

export interface PermissionUse {
  readonly permission: string;
  /** What the product does with it, for the README and doctor. */
  readonly why: string;
}

/** Every application permission the app registration needs, least privileged for what it does. */
export const APP_PERMISSIONS: readonly PermissionUse[] = [
  {
    permission: 'User.Read.All',
    why: "read users and their on-premises attributes (v1.0, and onPremisesObjectIdentifier on beta), find who holds an ImmutableID among active and soft-deleted users, list provisioning errors, read a user's memberships",
  },
  {
    permission: 'User.ReadWrite.All',
    why: 'the match itself: set or clear onPremisesImmutableId, and change a userPrincipalName (federated-domain workaround)',
  },
  {
    permission: 'User.DeleteRestore.All',
    why: 'permanently delete a soft-deleted user holding the ImmutableID (the synced-duplicate and deleted-holder playbooks), restore a user from the recycle bin (undo)',
  },
  {
    permission: 'GroupMember.Read.All',
    why: 'check membership of the requesters and approvers groups at each action, and find the role-assignable groups a user is in',
  },
  {
    permission: 'RoleManagement.Read.Directory',
    why: 'read the directory roles a user holds (their names, not only that one is held) and PIM eligibility, direct or through a group: the 2026 hard-match hardening',
  },
  {
    permission: 'Domain.Read.All',
    why: 'tell federated from managed domains and find the onmicrosoft.com domain',
  },
  {
    permission: 'Organization.Read.All',
    why: "the tenant's directory sync status, last sync and last password sync times",
  },
  {
    permission: 'OnPremDirectorySynchronization.Read.All',
    why: "the tenant's sync features (hard-match takeover block, soft match); Microsoft documents no app-only support, some tenants allow it - when refused the checks say what to verify by hand",
  },
];

/**
 * Not granted to the app on purpose: clearing a stale onPremisesObjectIdentifier (the hardening's
 * recovery, `PATCH /beta/users/{id}`) is an administrator's decision, made by a Global or Hybrid
 * Identity Administrator with this permission (reference/graph.md; ADSyncTools
 * Clear-ADSyncToolsOnPremisesAttribute).
 */
export const OBJECT_IDENTIFIER_RECOVERY = {
  permission: 'User-OnPremisesSyncBehavior.ReadWrite.All',
  roles: 'Global Administrator or Hybrid Identity Administrator',
} as const;

const RULES: readonly { method: RegExp; path: RegExp; permission: string }[] = [
  { method: /^POST$/, path: /^\/users\/[^/]+\/checkMemberGroups/, permission: 'GroupMember.Read.All' },
  { method: /^(PATCH|POST)$/, path: /^\/users(\/|$)/, permission: 'User.ReadWrite.All' },
  { method: /^GET$/, path: /^\/users(\/|$|\?)/, permission: 'User.Read.All' },
  { method: /^GET$/, path: /^\/directory\/deletedItems/, permission: 'User.Read.All' },
  { method: /^(DELETE|POST)$/, path: /^\/directory\/deletedItems/, permission: 'User.DeleteRestore.All' },
  {
    method: /^GET$/,
    path: /^\/directory\/onPremisesSynchronization/,
    permission: 'OnPremDirectorySynchronization.Read.All',
  },
  { method: /^GET$/, path: /^\/domains/, permission: 'Domain.Read.All' },
  { method: /^GET$/, path: /^\/organization/, permission: 'Organization.Read.All' },
  { method: /^GET$/, path: /^\/roleManagement\//, permission: 'RoleManagement.Read.Directory' },
];

/** The permission `request` needs, or undefined for an operation the connector does not know. */
export const permissionFor = (request: GraphRequestInfo | undefined): string | undefined => {
  if (request === undefined) return undefined;
  const path = request.path.replace(/^\/?(v1\.0|beta)(?=\/)/, '').replace(/^(?!\/)/, '/');
  const method = request.method.toUpperCase();
  return RULES.find((r) => r.method.test(method) && r.path.test(path))?.permission;
};
