/**
 * The least-privileged Microsoft Graph application permission each operation of the connector needs
 * (reference/graph.md "Permissions"), so a 403 can say which permission to grant instead of "access denied".
 */

export interface GraphRequestInfo {
  readonly method: string;
  /** Path below the version segment, with or without its query string. */
  readonly path: string;
}

const RULES: readonly { method: RegExp; path: RegExp; permission: string }[] = [
  { method: /^POST$/, path: /^\/users\/[^/]+\/checkMemberGroups/, permission: 'GroupMember.Read.All' },
  { method: /^(PATCH|POST)$/, path: /^\/users(\/|$)/, permission: 'User.ReadWrite.All' },
  { method: /^GET$/, path: /^\/users(\/|$|\?)/, permission: 'User.Read.All' },
  { method: /./, path: /^\/directory\/deletedItems/, permission: 'User.DeleteRestore.All' },
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
