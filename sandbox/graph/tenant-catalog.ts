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
  type SimEffectiveRole,
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
  /**
   * Whether the tenant has Microsoft Entra ID P2 (or ID Governance): PIM - and so eligible role
   * assignments - exists only then. Default false, as in most small tenants; the PIM endpoints answer
   * AadPremiumLicenseRequired without it.
   */
  readonly entraIdP2?: boolean;
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
  private p2: boolean;
  private features: SimSyncFeatures = {
    blockSoftMatchEnabled: false,
    blockCloudObjectTakeoverThroughHardMatchEnabled: false,
    softMatchOnUpnEnabled: true,
    passwordSyncEnabled: true,
    quarantineUponUpnConflictEnabled: false,
    quarantineUponProxyAddressesConflictEnabled: false,
    // The 2026 hardening's tenant bypass, off by default (Graph changelog: added to
    // onPremisesDirectorySynchronizationFeature; EDD how-to-connect-install-existing-tenant.md).
    allowOnPremUpdateOfOnPremisesObjectIdentifierEnabled: false,
  };

  constructor(options: SimTenantOptions = {}) {
    this.initialDomain = lower(options.initialDomain ?? 'contoso.onmicrosoft.com');
    this.prng = createPrng(options.seed ?? 1);
    this.clock = options.now ?? (() => new Date());
    this.p2 = options.entraIdP2 ?? false;
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

  /** Whether the tenant has Entra ID P2 (PIM); see SimTenantOptions.entraIdP2. */
  get hasEntraIdP2(): boolean {
    return this.p2;
  }

  /** Licence the tenant for P2 or take it away (eligible assignments then stay, unreadable, as in Entra). */
  setEntraIdP2(on: boolean): void {
    this.p2 = on;
  }

  /**
   * Give a user, or a role-assignable group, an active or eligible (PIM) directory role. Eligibility is
   * PIM's, so a tenant without P2 refuses it the way Graph does.
   */
  assignRole(principal: string, roleTemplateId: string, kind: 'active' | 'eligible'): void {
    const group = this.groups.get(lower(principal));
    if (group !== undefined && !group.isAssignableToRole) {
      // Simulator wording: Graph refuses role assignments to groups created without isAssignableToRole.
      throw new SimTenantError(400, 'Request_BadRequest', `Group ${group.id} is not role-assignable.`);
    }
    const principalId = group?.id ?? this.requireActiveId(principal);
    if (!ROLE_CATALOG.some((r) => r.roleTemplateId === roleTemplateId)) {
      throw new SimTenantError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(roleTemplateId));
    }
    if (kind === 'eligible' && !this.p2)
      throw new SimTenantError(400, 'AadPremiumLicenseRequired', GRAPH_MESSAGES.premiumLicenseRequired);
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

  /** A principal's own role assignments, active and eligible. */
  getRoleAssignments(principalId: string): readonly SimRoleAssignment[] {
    return this.roleAssignments.filter((r) => r.principalId === lower(principalId));
  }

  /** A user's roles: its own and those of the role-assignable groups it is a member of. */
  effectiveRoles(userId: string): readonly SimEffectiveRole[] {
    const own = this.getRoleAssignments(userId).map((a) => ({ ...a, viaGroupId: null }));
    const viaGroups = this.groupsOf(userId)
      .filter((g) => g.isAssignableToRole)
      .flatMap((g) => this.getRoleAssignments(g.id).map((a) => ({ ...a, viaGroupId: g.id })));
    return [...own, ...viaGroups];
  }

  /**
   * Whether a user holds or is eligible for a privileged role, directly or through a role-assignable
   * group (blocks soft match, and hard match since the 2026 hardening: EDD fundamentals/whats-new.md).
   */
  hasPrivilegedRole(userId: string): boolean {
    return this.effectiveRoles(userId).some(
      (a) => ROLE_CATALOG.find((r) => r.roleTemplateId === a.roleTemplateId)?.privileged === true,
    );
  }

  /** The groups a user is a direct member of (role-assignable groups cannot be nested). */
  groupsOf(userId: string): readonly SimGroup[] {
    return [...this.groups.values()]
      .filter((g) => g.members.has(lower(userId)))
      .map((g) => ({ id: g.id, displayName: g.displayName, isAssignableToRole: g.isAssignableToRole }));
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

  createGroup(displayName: string, id?: string, options: { isAssignableToRole?: boolean } = {}): SimGroup {
    const group = {
      id: lower(id ?? this.newId()),
      displayName,
      isAssignableToRole: options.isAssignableToRole ?? false,
      members: new Set<string>(),
    };
    this.groups.set(group.id, group);
    return { id: group.id, displayName, isAssignableToRole: group.isAssignableToRole };
  }

  addGroupMember(groupId: string, userId: string): void {
    const group = this.groups.get(lower(groupId));
    if (group === undefined)
      throw new SimTenantError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(groupId));
    group.members.add(this.requireActiveId(userId));
  }

  getGroup(groupId: string): SimGroup | undefined {
    const g = this.groups.get(lower(groupId));
    return g === undefined
      ? undefined
      : { id: g.id, displayName: g.displayName, isAssignableToRole: g.isAssignableToRole };
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

  /** Password hash sync's own heartbeat (it runs apart from the sync cycles): the last password sync time. */
  recordPasswordSync(at: string = this.nowIso()): SimOrganization {
    this.organization = { ...this.organization, onPremisesLastPasswordSyncDateTime: at };
    return this.organization;
  }
}
