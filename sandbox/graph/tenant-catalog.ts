/**
 * The tenant-wide part of the simulated tenant: domains, directory roles, groups, the
 * onPremisesSynchronization features and the organization's sync status. SimTenant (tenant.ts) adds the
 * users on top; the split only keeps each file readable.
 */
import { createPrng, type Prng } from './prng.ts';
import {
  GRAPH_MESSAGES,
  ROLE_CATALOG,
  SimTenantError,
  type SimDomain,
  type SimGroup,
  type SimOrganization,
  type SimRoleAssignment,
  type SimRoleDefinition,
  type SimSyncFeatures,
} from './tenant-types.ts';

export interface SimTenantOptions {
  /** The tenant's initial (MOERA) domain; default `contoso.onmicrosoft.com`. */
  readonly initialDomain?: string;
  readonly organizationName?: string;
  /** Seed of the id generator, so the same seed yields the same object ids. Default 1. */
  readonly seed?: number;
  /** The clock used for created/deleted/sync times. Default: real time. */
  readonly now?: () => Date;
}

const lower = (s: string): string => s.toLowerCase();

export abstract class TenantCatalog {
  readonly initialDomain: string;
  private readonly prng: Prng;
  private readonly clock: () => Date;
  private readonly domains = new Map<string, SimDomain>();
  private readonly groups = new Map<string, SimGroup & { members: Set<string> }>();
  private readonly roleAssignments: SimRoleAssignment[] = [];
  private readonly roleObjectIds = new Map<string, string>();
  private organization: SimOrganization;
  private features: SimSyncFeatures = {
    blockSoftMatchEnabled: false,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
    softMatchOnUpnEnabled: true,
    passwordSyncEnabled: true,
    quarantineUponUpnConflictEnabled: false,
    quarantineUponProxyAddressesConflictEnabled: false,
  };

  constructor(options: SimTenantOptions = {}) {
    this.initialDomain = lower(options.initialDomain ?? 'contoso.onmicrosoft.com');
    this.prng = createPrng(options.seed ?? 1);
    this.clock = options.now ?? (() => new Date());
    this.domains.set(this.initialDomain, {
      id: this.initialDomain,
      authenticationType: 'Managed',
      isDefault: true,
      isInitial: true,
      isVerified: true,
    });
    this.organization = {
      id: this.prng.guid(),
      displayName: options.organizationName ?? 'Contoso',
      onPremisesSyncEnabled: null,
      onPremisesLastSyncDateTime: null,
      onPremisesLastPasswordSyncDateTime: null,
    };
  }

  /** The id of an active user (lower-case), or a 404 SimTenantError. */
  protected abstract requireActiveId(idOrUpn: string): string;

  /** A fresh object id from the tenant's deterministic generator. */
  newId(): string {
    return this.prng.guid();
  }

  /** The tenant clock as an ISO string (Graph's DateTimeOffset without fractional seconds). */
  nowIso(): string {
    return this.clock()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z');
  }

  /** Drop a permanently deleted principal from roles and groups. */
  protected forgetPrincipal(id: string): void {
    const kept = this.roleAssignments.filter((r) => r.principalId !== id);
    this.roleAssignments.splice(0, this.roleAssignments.length, ...kept);
    for (const g of this.groups.values()) g.members.delete(id);
  }

  /** Add (or replace) a domain. The initial domain stays Managed and initial. */
  addDomain(domain: {
    id: string;
    authenticationType?: 'Managed' | 'Federated';
    isVerified?: boolean;
    isDefault?: boolean;
  }): SimDomain {
    const d: SimDomain = {
      id: lower(domain.id),
      authenticationType: domain.authenticationType ?? 'Managed',
      isDefault: domain.isDefault ?? false,
      isInitial: lower(domain.id) === this.initialDomain,
      isVerified: domain.isVerified ?? true,
    };
    this.domains.set(d.id, d);
    return d;
  }

  listDomains(): readonly SimDomain[] {
    return [...this.domains.values()];
  }

  getDomain(name: string): SimDomain | undefined {
    return this.domains.get(lower(name));
  }

  /** The role templates the simulator knows. */
  roleCatalog(): readonly SimRoleDefinition[] {
    return ROLE_CATALOG;
  }

  /** Give a user an active or eligible (PIM) directory role. */
  assignRole(userId: string, roleTemplateId: string, kind: 'active' | 'eligible'): void {
    const principalId = this.requireActiveId(userId);
    if (!ROLE_CATALOG.some((r) => r.roleTemplateId === roleTemplateId)) {
      throw new SimTenantError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(roleTemplateId));
    }
    const exists = this.roleAssignments.some(
      (r) => r.principalId === principalId && r.roleTemplateId === roleTemplateId && r.kind === kind,
    );
    if (!exists) this.roleAssignments.push({ principalId, roleTemplateId, kind });
  }

  removeRole(userId: string, roleTemplateId: string, kind: 'active' | 'eligible'): void {
    const i = this.roleAssignments.findIndex(
      (r) => r.principalId === lower(userId) && r.roleTemplateId === roleTemplateId && r.kind === kind,
    );
    if (i >= 0) this.roleAssignments.splice(i, 1);
  }

  /** Every role assignment in the tenant, active and eligible. */
  listRoleAssignments(): readonly SimRoleAssignment[] {
    return this.roleAssignments;
  }

  /** A user's role assignments, active and eligible. */
  getRoleAssignments(userId: string): readonly SimRoleAssignment[] {
    return this.roleAssignments.filter((r) => r.principalId === lower(userId));
  }

  /** Whether a user holds or is eligible for a privileged role (blocks soft match, and hard match since 2026). */
  hasPrivilegedRole(userId: string): boolean {
    return this.getRoleAssignments(userId).some(
      (a) => ROLE_CATALOG.find((r) => r.roleTemplateId === a.roleTemplateId)?.privileged === true,
    );
  }

  /** The object id of the activated directoryRole for a template (Graph's directoryRole.id differs from the template id). */
  directoryRoleObjectId(roleTemplateId: string): string {
    let id = this.roleObjectIds.get(roleTemplateId);
    if (id === undefined) {
      id = this.newId();
      this.roleObjectIds.set(roleTemplateId, id);
    }
    return id;
  }

  createGroup(displayName: string, id?: string): SimGroup {
    const group = { id: lower(id ?? this.newId()), displayName, members: new Set<string>() };
    this.groups.set(group.id, group);
    return { id: group.id, displayName };
  }

  addGroupMember(groupId: string, userId: string): void {
    const group = this.groups.get(lower(groupId));
    if (group === undefined)
      throw new SimTenantError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(groupId));
    group.members.add(this.requireActiveId(userId));
  }

  getGroup(groupId: string): SimGroup | undefined {
    const g = this.groups.get(lower(groupId));
    return g === undefined ? undefined : { id: g.id, displayName: g.displayName };
  }

  isGroupMember(groupId: string, userId: string): boolean {
    return this.groups.get(lower(groupId))?.members.has(lower(userId)) ?? false;
  }

  getSyncFeatures(): SimSyncFeatures {
    return this.features;
  }

  /** Change features (an admin's `Update-MgDirectoryOnPremiseSynchronization`). */
  setSyncFeatures(changes: Partial<SimSyncFeatures>): SimSyncFeatures {
    this.features = { ...this.features, ...changes };
    return this.features;
  }

  getOrganization(): SimOrganization {
    return this.organization;
  }

  /** Mark directory sync on and stamp the last sync (and password sync) time - called at the end of each cycle. */
  recordSyncCycle(options: { at?: string; passwordSync?: boolean } = {}): SimOrganization {
    const at = options.at ?? this.nowIso();
    this.organization = {
      ...this.organization,
      onPremisesSyncEnabled: true,
      onPremisesLastSyncDateTime: at,
      onPremisesLastPasswordSyncDateTime:
        options.passwordSync === false ? this.organization.onPremisesLastPasswordSyncDateTime : at,
    };
    return this.organization;
  }
}
