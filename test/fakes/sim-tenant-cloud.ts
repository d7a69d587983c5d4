/**
 * TEMPORARY: CloudDirectory over the Graph simulator's SimTenant, in process, until connectors/graph's
 * createGraphDirectory lands (then the job tests use it against the Graph simulator over HTTP). It applies
 * SimTenant's own Graph rules (uniqueness, on-prem mastered, federated) and maps its errors to the codes
 * the Graph connector uses. Every write is appended to `writes` so tests can count them.
 */
import { DomainError, type ErrorCode } from '../../core/errors.ts';
import type { CloudUser, ImmutableId } from '../../core/models.ts';
import type {
  CloudDirectory,
  CloudMatchContext,
  ImmutableIdHolders,
  WriteReceipt,
} from '../../core/ports.ts';
import { GRAPH_MESSAGES, SimTenantError, type SimTenant, type SimUser } from '../../sandbox/graph/tenant.ts';

export interface CloudWrite {
  readonly op: 'setImmutableId' | 'setUserPrincipalName' | 'permanentlyDeleteUser';
  readonly userId: string;
  readonly value: unknown;
  readonly requestId: string;
}

export const toCloudUser = (u: SimUser): CloudUser => ({
  id: u.id,
  userPrincipalName: u.userPrincipalName,
  displayName: u.displayName,
  mail: u.mail,
  proxyAddresses: [...u.proxyAddresses],
  accountEnabled: u.accountEnabled,
  onPremisesImmutableId: u.onPremisesImmutableId,
  onPremisesSyncEnabled: u.onPremisesSyncEnabled,
  onPremisesLastSyncDateTime: u.onPremisesLastSyncDateTime,
  onPremisesDistinguishedName: u.onPremisesDistinguishedName,
  onPremisesSamAccountName: u.onPremisesSamAccountName,
  onPremisesUserPrincipalName: u.onPremisesUserPrincipalName,
  onPremisesObjectIdentifier: u.onPremisesObjectIdentifier,
  onPremisesProvisioningErrors: u.onPremisesProvisioningErrors.map((e) => ({ ...e })),
  deletedDateTime: u.deletedDateTime,
});

const mapError = (e: unknown, requestId: string): Error => {
  if (!(e instanceof SimTenantError)) return e instanceof Error ? e : new Error(String(e));
  const code: ErrorCode =
    e.status === 404
      ? 'CLOUD.NOT_FOUND'
      : e.message === GRAPH_MESSAGES.onPremMastered
        ? 'LINK.ON_PREM_MASTERED'
        : e.code === 'ObjectConflict' && e.target === 'onPremisesImmutableId'
          ? 'LINK.IMMUTABLE_ID_IN_USE'
          : 'CLOUD.BAD_REQUEST';
  return new DomainError(code, e.message, { requestId, details: { holderId: e.holderId ?? null } });
};

export class SimTenantCloud implements CloudDirectory {
  readonly tenant: SimTenant;
  readonly writes: CloudWrite[] = [];
  #n = 0;

  constructor(tenant: SimTenant) {
    this.tenant = tenant;
  }

  #write(op: CloudWrite['op'], userId: string, value: unknown, fn: () => void): Promise<WriteReceipt> {
    const requestId = `sim-${++this.#n}`;
    try {
      fn();
    } catch (e) {
      return Promise.reject(mapError(e, requestId));
    }
    this.writes.push({ op, userId, value, requestId });
    return Promise.resolve({ requestId });
  }

  searchUsers(prefix: string, limit: number) {
    const p = prefix.toLowerCase();
    return Promise.resolve(
      this.tenant
        .listUsers()
        .filter((u) => u.userPrincipalName.toLowerCase().startsWith(p))
        .slice(0, limit)
        .map(toCloudUser),
    );
  }
  getUser(idOrUpn: string) {
    const u = this.tenant.getUser(idOrUpn);
    return Promise.resolve(u === undefined ? null : toCloudUser(u));
  }
  getDeletedUser(id: string) {
    const u = this.tenant.getDeletedUser(id);
    return Promise.resolve(u === undefined ? null : toCloudUser(u));
  }
  findImmutableIdHolders(immutableId: ImmutableId): Promise<ImmutableIdHolders> {
    const h = this.tenant.findByImmutableId(immutableId);
    return Promise.resolve({ active: h.active.map(toCloudUser), deleted: h.deleted.map(toCloudUser) });
  }
  async getMatchContext(
    idOrUpn: string,
    immutableId: ImmutableId,
    match: { readonly userPrincipalName: string | null; readonly primarySmtp: string | null },
  ): Promise<CloudMatchContext> {
    const cloudUser = await this.getUser(idOrUpn);
    if (cloudUser === null) throw new DomainError('CLOUD.NOT_FOUND', `No cloud user found for '${idOrUpn}'.`);
    const candidates = this.tenant
      .listUsers()
      .filter(
        (u) =>
          (match.userPrincipalName !== null &&
            u.userPrincipalName.toLowerCase() === match.userPrincipalName.toLowerCase()) ||
          (match.primarySmtp !== null &&
            u.proxyAddresses.some((p) => p.toLowerCase() === `smtp:${match.primarySmtp}`)),
      );
    return {
      cloudUser,
      holders: await this.findImmutableIdHolders(immutableId),
      roles: await this.getUserRoles(cloudUser.id),
      domains: await this.listDomains(),
      features: await this.getSyncFeatures(),
      softMatchCandidates: candidates.map(toCloudUser),
    };
  }
  listDomains() {
    return Promise.resolve(
      this.tenant.listDomains().map((d) => ({
        id: d.id,
        authenticationType: d.authenticationType,
        isInitial: d.isInitial,
        isVerified: d.isVerified,
      })),
    );
  }
  getUserRoles(userId: string) {
    const catalog = this.tenant.roleCatalog();
    return Promise.resolve(
      this.tenant.getRoleAssignments(userId).map((a) => ({
        roleTemplateId: a.roleTemplateId,
        displayName:
          catalog.find((r) => r.roleTemplateId === a.roleTemplateId)?.displayName ?? a.roleTemplateId,
        kind: a.kind,
      })),
    );
  }
  getSyncFeatures() {
    const f = this.tenant.getSyncFeatures();
    return Promise.resolve({
      blockSoftMatchEnabled: f.blockSoftMatchEnabled,
      blockCloudObjectTakeoverThroughHardMatchEnabled: f.blockCloudObjectTakeoverThroughHardMatchEnabled,
      softMatchOnUpnEnabled: f.softMatchOnUpnEnabled,
      passwordSyncEnabled: f.passwordSyncEnabled,
    });
  }
  getOrganizationSyncStatus() {
    const o = this.tenant.getOrganization();
    return Promise.resolve({
      onPremisesSyncEnabled: o.onPremisesSyncEnabled,
      onPremisesLastSyncDateTime: o.onPremisesLastSyncDateTime,
      onPremisesLastPasswordSyncDateTime: o.onPremisesLastPasswordSyncDateTime,
    });
  }
  listUsersWithProvisioningErrors() {
    return Promise.resolve(this.tenant.listUsersWithProvisioningErrors().map(toCloudUser));
  }
  isMemberOfGroup(userId: string, groupId: string) {
    return Promise.resolve(this.tenant.isGroupMember(groupId, userId));
  }
  setImmutableId(userId: string, value: ImmutableId | null) {
    return this.#write('setImmutableId', userId, value, () =>
      this.tenant.patchUser(userId, { onPremisesImmutableId: value }),
    );
  }
  setUserPrincipalName(userId: string, upn: string, immutableId?: ImmutableId) {
    return this.#write('setUserPrincipalName', userId, { upn, immutableId }, () =>
      this.tenant.patchUser(userId, {
        userPrincipalName: upn,
        ...(immutableId === undefined ? {} : { onPremisesImmutableId: immutableId }),
      }),
    );
  }
  permanentlyDeleteUser(deletedUserId: string) {
    return this.#write('permanentlyDeleteUser', deletedUserId, null, () =>
      this.tenant.hardDeleteUser(deletedUserId),
    );
  }
}
