/** A hand-written in-memory CloudDirectory for dialog and bot tests; `down` simulates an outage. */
import { DomainError } from '../../core/errors.ts';
import type {
  CloudUser,
  ImmutableId,
  OrganizationSyncStatus,
  RoleAssignment,
  TenantDomain,
  TenantSyncFeatures,
} from '../../core/models.ts';
import type {
  CloudDirectory,
  CloudMatchContext,
  ImmutableIdHolders,
  WriteReceipt,
} from '../../core/ports.ts';

const low = (s: string | null) => (s ?? '').toLowerCase();
const RECEIPT: WriteReceipt = { requestId: 'fake-request' };

export class MemoryCloud implements CloudDirectory {
  users: CloudUser[];
  deleted: CloudUser[];
  roles = new Map<string, RoleAssignment[]>();
  /** Group id -> member object ids (the approval groups). */
  groups = new Map<string, string[]>();
  domains: TenantDomain[] = [
    { id: 'contoso.com', authenticationType: 'Managed', isInitial: false, isVerified: true },
    { id: 'contoso.onmicrosoft.com', authenticationType: 'Managed', isInitial: true, isVerified: true },
  ];
  features: TenantSyncFeatures | null = {
    blockSoftMatchEnabled: false,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
    softMatchOnUpnEnabled: true,
    passwordSyncEnabled: true,
    allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled: false,
  };
  organization: OrganizationSyncStatus = {
    onPremisesSyncEnabled: true,
    onPremisesLastSyncDateTime: '2026-11-22T00:30:00Z',
    onPremisesLastPasswordSyncDateTime: '2026-11-22T00:58:00Z',
  };
  down = false;

  constructor(users: readonly CloudUser[], deleted: readonly CloudUser[] = []) {
    this.users = [...users];
    this.deleted = [...deleted];
  }

  private guard(): void {
    if (this.down)
      throw new DomainError('CLOUD.UNAVAILABLE', 'Microsoft Graph did not answer (503).', {
        retryable: true,
      });
  }

  searchUsers(prefix: string, limit: number): Promise<readonly CloudUser[]> {
    this.guard();
    const p = prefix.toLowerCase();
    const found = this.users.filter((u) =>
      [u.displayName, u.userPrincipalName, u.mail].some((v) => low(v).startsWith(p)),
    );
    const cloudOnly = (u: CloudUser) => (u.onPremisesSyncEnabled === true ? 1 : 0);
    return Promise.resolve([...found].sort((a, b) => cloudOnly(a) - cloudOnly(b)).slice(0, limit));
  }

  getUser(idOrUpn: string): Promise<CloudUser | null> {
    this.guard();
    const v = idOrUpn.toLowerCase();
    return Promise.resolve(
      this.users.find((u) => u.id === idOrUpn || low(u.userPrincipalName) === v) ?? null,
    );
  }

  getDeletedUser(id: string): Promise<CloudUser | null> {
    this.guard();
    return Promise.resolve(this.deleted.find((u) => u.id === id) ?? null);
  }

  findImmutableIdHolders(immutableId: ImmutableId): Promise<ImmutableIdHolders> {
    this.guard();
    const holds = (u: CloudUser) => u.onPremisesImmutableId === immutableId;
    return Promise.resolve({ active: this.users.filter(holds), deleted: this.deleted.filter(holds) });
  }

  async getMatchContext(
    cloudUserIdOrUpn: string,
    immutableId: ImmutableId | null,
    match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
  ): Promise<CloudMatchContext> {
    const cloudUser = await this.getUser(cloudUserIdOrUpn);
    if (cloudUser === null)
      throw new DomainError('CLOUD.NOT_FOUND', `No cloud user found for '${cloudUserIdOrUpn}'.`);
    const softMatchCandidates = this.users.filter(
      (u) =>
        (match.userPrincipalName !== null &&
          low(u.userPrincipalName) === match.userPrincipalName.toLowerCase()) ||
        (match.primarySmtp !== null && u.proxyAddresses.some((p) => p === `SMTP:${match.primarySmtp}`)),
    );
    return {
      cloudUser,
      holders:
        immutableId === null ? { active: [], deleted: [] } : await this.findImmutableIdHolders(immutableId),
      roles: this.roles.get(cloudUser.id) ?? [],
      domains: this.domains,
      features: this.features,
      softMatchCandidates,
      unread:
        this.features === null
          ? { features: { code: 'CLOUD.FORBIDDEN', message: 'Insufficient privileges (fake).' } }
          : {},
      entraIdP2: true,
    };
  }

  listDomains(): Promise<readonly TenantDomain[]> {
    this.guard();
    return Promise.resolve(this.domains);
  }
  getSyncFeatures(): Promise<TenantSyncFeatures | null> {
    this.guard();
    return Promise.resolve(this.features);
  }
  getOrganizationSyncStatus(): Promise<OrganizationSyncStatus> {
    this.guard();
    return Promise.resolve(this.organization);
  }
  listUsersWithProvisioningErrors(): Promise<readonly CloudUser[]> {
    this.guard();
    return Promise.resolve(this.users.filter((u) => u.onPremisesProvisioningErrors.length > 0));
  }
  isMemberOfGroup(userId: string, groupId: string): Promise<boolean> {
    this.guard();
    return Promise.resolve(this.groups.get(groupId)?.includes(userId) ?? false);
  }
  setImmutableId(userId: string, value: ImmutableId | null): Promise<WriteReceipt> {
    this.guard();
    this.users = this.users.map((u) => (u.id === userId ? { ...u, onPremisesImmutableId: value } : u));
    return Promise.resolve(RECEIPT);
  }
  setUserPrincipalName(userId: string, upn: string): Promise<WriteReceipt> {
    this.guard();
    this.users = this.users.map((u) => (u.id === userId ? { ...u, userPrincipalName: upn } : u));
    return Promise.resolve(RECEIPT);
  }
  permanentlyDeleteUser(deletedUserId: string): Promise<WriteReceipt> {
    this.guard();
    this.deleted = this.deleted.filter((u) => u.id !== deletedUserId);
    return Promise.resolve(RECEIPT);
  }
  restoreDeletedUser(deletedUserId: string): Promise<WriteReceipt> {
    this.guard();
    const user = this.deleted.find((u) => u.id === deletedUserId);
    if (user === undefined) throw new DomainError('CLOUD.NOT_FOUND', 'Microsoft Graph has no such object.');
    this.deleted = this.deleted.filter((u) => u.id !== deletedUserId);
    // As Entra does for a previously synced user: back cloud-only, ImmutableID kept.
    this.users = [...this.users, { ...user, deletedDateTime: null, onPremisesSyncEnabled: false }];
    return Promise.resolve(RECEIPT);
  }
}
