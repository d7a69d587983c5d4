/**
 * The simulated Microsoft Entra tenant: users (active and soft-deleted), domains, directory roles,
 * groups, the onPremisesSynchronization features, the organization's sync status and provisioning
 * errors. Two callers use it in process: the Graph simulator (HTTP, sandbox/graph/server.ts) and the
 * Entra Connect simulator (sandbox/entra-connect/), whose delta sync hard-matches, soft-matches,
 * provisions and soft-deletes through the methods below - the same rules Graph enforces apply to both.
 *
 * Records use Graph's property names. Returned records are live read-only views: never mutate them,
 * call a method. Every rule violation throws a {@link SimTenantError} carrying Graph's code and text.
 */
import { blankUser, stampFromAd, type StampContext } from './ad-stamp.ts';
import { TenantCatalog } from './tenant-catalog.ts';
import {
  GRAPH_MESSAGES,
  SimTenantError,
  type AdObjectForSync,
  type NewCloudUser,
  type SimProvisioningError,
  type SimUser,
  type UserPatch,
} from './tenant-types.ts';
import { UserIndex, domainOf, lower, type UserRecord } from './user-index.ts';

export * from './tenant-types.ts';
export type { SimTenantOptions } from './tenant-catalog.ts';

/** Holders of one ImmutableID. */
export interface SimHolders {
  readonly active: readonly SimUser[];
  readonly deleted: readonly SimUser[];
}

const IMMUTABLE_ID_RE = /^[A-Za-z0-9+/=]{1,60}$/;

export class SimTenant extends TenantCatalog {
  private readonly users = new UserIndex();
  private readonly stampContext: StampContext = {
    users: this.users,
    initialDomain: this.initialDomain,
    isVerifiedDomain: (domain) => this.getDomain(domain)?.isVerified === true,
    nowIso: () => this.nowIso(),
  };

  protected override requireActiveId(idOrUpn: string): string {
    return this.users.require(idOrUpn).id;
  }

  // ---- reads --------------------------------------------------------------------------------------

  /** Active users in creation order (the order the simulator pages them in). */
  listUsers(): readonly SimUser[] {
    return [...this.users.active.values()];
  }

  /** Soft-deleted users (the recycle bin), in deletion order. */
  listDeletedUsers(): readonly SimUser[] {
    return [...this.users.deleted.values()];
  }

  get userCount(): number {
    return this.users.active.size;
  }

  get deletedUserCount(): number {
    return this.users.deleted.size;
  }

  /** An active user by object id or UPN (case-insensitive), or undefined. */
  getUser(idOrUpn: string): SimUser | undefined {
    return this.users.get(idOrUpn);
  }

  /** A soft-deleted user by object id, or undefined. */
  getDeletedUser(id: string): SimUser | undefined {
    return this.users.deleted.get(lower(id));
  }

  /** Every user, active or soft-deleted, whose onPremisesImmutableId is exactly `immutableId` (case-sensitive). */
  findByImmutableId(immutableId: string): SimHolders {
    const ids = this.users.anchorHolders(immutableId);
    return {
      active: ids.flatMap((id) => this.users.active.get(id) ?? []),
      deleted: ids.flatMap((id) => this.users.deleted.get(id) ?? []),
    };
  }

  /** The active user holding a proxy address (`SMTP:x@y`, `smtp:x@y` or a bare `x@y`), or undefined. */
  findByProxyAddress(address: string): SimUser | undefined {
    const id = this.users.proxyHolder(address.includes(':') ? address : `smtp:${address}`);
    return id === undefined ? undefined : this.users.active.get(id);
  }

  /** Active users with at least one provisioning error. */
  listUsersWithProvisioningErrors(): readonly SimUser[] {
    return [...this.users.active.values()].filter((u) => u.onPremisesProvisioningErrors.length > 0);
  }

  // ---- writes -------------------------------------------------------------------------------------

  /** Create a cloud-only user (onPremisesSyncEnabled null). Throws ObjectConflict on a taken UPN or address. */
  createCloudUser(spec: NewCloudUser): SimUser {
    this.requireVerifiedDomain(spec.userPrincipalName);
    this.users.requireFreeUpn(spec.userPrincipalName, undefined);
    for (const p of spec.proxyAddresses ?? []) this.users.requireFreeProxy(p, undefined);
    if (spec.onPremisesImmutableId != null)
      this.users.requireFreeAnchor(spec.onPremisesImmutableId, undefined);
    const user: UserRecord = {
      ...blankUser(spec.id ?? this.newId(), spec.userPrincipalName, this.nowIso()),
      displayName: spec.displayName ?? null,
      givenName: spec.givenName ?? null,
      surname: spec.surname ?? null,
      mail: spec.mail ?? null,
      proxyAddresses: [...(spec.proxyAddresses ?? [])],
      accountEnabled: spec.accountEnabled ?? true,
      onPremisesImmutableId: spec.onPremisesImmutableId ?? null,
      createdDateTime: spec.createdDateTime ?? this.nowIso(),
    };
    this.users.add(user);
    return user;
  }

  /**
   * Provision a new synced user from an AD object, as Entra Connect's export does when nothing matched.
   * Duplicate-attribute resiliency as in real sync: a UPN whose suffix is not a verified domain, or that
   * another user already has, becomes `<prefix>@<initial domain>` (then `<prefix>NNNN@...` if that is
   * taken too) - the duplicate of guide 000 - and a taken UPN adds a PropertyConflict provisioning
   * error; a taken proxy address is quarantined (dropped) with a ProxyAddress error. Throws
   * ObjectConflict if any user, active or soft-deleted, holds the ImmutableID: sync must restore or
   * match that user instead.
   */
  createSyncedUser(ad: AdObjectForSync): SimUser {
    this.users.requireFreeAnchor(ad.immutableId, undefined);
    const user: UserRecord = blankUser(this.newId(), ad.userPrincipalName, this.nowIso());
    stampFromAd(this.stampContext, user, ad, undefined);
    this.users.add(user);
    return user;
  }

  /**
   * Turn an existing cloud user into the synced counterpart of an AD object (a hard or soft match):
   * stamps the ImmutableID and the on-premises attributes and lets AD's values flow (UPN, names, mail,
   * proxyAddresses, with the conflict resiliency of {@link createSyncedUser}). Whether the match is
   * allowed (features, roles, hardening) is the caller's decision; this enforces uniqueness only.
   * Also used for a delta sync's attribute changes on an already linked user.
   */
  linkUser(cloudUserId: string, ad: AdObjectForSync): SimUser {
    const user = this.users.require(cloudUserId);
    this.users.requireFreeAnchor(ad.immutableId, user.id);
    this.users.remove(user);
    stampFromAd(this.stampContext, user, ad, user.id);
    this.users.add(user);
    return user;
  }

  /**
   * Graph's `PATCH /users/{id}` rules for the properties the product writes: on-premises mastered users
   * refuse onPremisesImmutableId/userPrincipalName changes; ImmutableIDs and UPNs are unique
   * (ObjectConflict naming the holder); UPN suffixes must be verified domains; and - behaviour from the
   * federated-sign-in guide, error text UNCONFIRMED - a user in a federated domain gets a new ImmutableID
   * only in the same PATCH as a UPN change.
   */
  patchUser(idOrUpn: string, patch: UserPatch): SimUser {
    const user = this.users.require(idOrUpn);
    const touchesMastered =
      patch.onPremisesImmutableId !== undefined || patch.userPrincipalName !== undefined;
    if (touchesMastered && user.onPremisesSyncEnabled === true) {
      throw new SimTenantError(400, 'Request_BadRequest', GRAPH_MESSAGES.onPremMastered);
    }
    const anchor = patch.onPremisesImmutableId;
    if (typeof anchor === 'string') {
      if (!IMMUTABLE_ID_RE.test(anchor)) {
        throw new SimTenantError(400, 'Request_BadRequest', GRAPH_MESSAGES.invalidImmutableId);
      }
      this.users.requireFreeAnchor(anchor, user.id);
      const federated = this.getDomain(domainOf(user.userPrincipalName))?.authenticationType === 'Federated';
      if (federated && patch.userPrincipalName === undefined && anchor !== user.onPremisesImmutableId) {
        throw new SimTenantError(400, 'Request_BadRequest', GRAPH_MESSAGES.federatedImmutableId, {
          target: 'onPremisesImmutableId',
        });
      }
    }
    if (patch.userPrincipalName !== undefined) {
      this.requireVerifiedDomain(patch.userPrincipalName);
      this.users.requireFreeUpn(patch.userPrincipalName, user.id);
    }
    this.users.remove(user);
    if (anchor !== undefined) user.onPremisesImmutableId = anchor;
    if (patch.userPrincipalName !== undefined) user.userPrincipalName = patch.userPrincipalName;
    if (patch.onPremisesObjectIdentifier !== undefined) {
      user.onPremisesObjectIdentifier = patch.onPremisesObjectIdentifier;
    }
    if (patch.displayName !== undefined) user.displayName = patch.displayName;
    this.users.add(user);
    return user;
  }

  /** Move an active user to the recycle bin (what sync does when its AD object leaves the sync scope). */
  softDeleteUser(id: string): SimUser {
    const user = this.users.require(id);
    this.users.remove(user);
    this.users.active.delete(user.id);
    user.deletedDateTime = this.nowIso();
    this.users.deleted.set(user.id, user);
    this.users.addAnchor(user);
    return user;
  }

  /**
   * Restore a soft-deleted user. Sync does this when a deleted user's anchor comes back into scope (then
   * links it again); taken proxy addresses are dropped. `asAdmin`: Graph's
   * `POST /directory/deletedItems/{id}/restore` - a previously synced user comes back cloud-only
   * (onPremisesSyncEnabled false) keeping its ImmutableID, and a taken proxy address is an
   * ObjectConflict unless `autoReconcileProxyConflict`. A taken UPN is always an ObjectConflict.
   */
  restoreUser(id: string, asAdmin?: { readonly autoReconcileProxyConflict: boolean }): SimUser {
    const user = this.users.requireDeleted(id);
    this.users.requireFreeUpn(user.userPrincipalName, user.id);
    if (asAdmin !== undefined && !asAdmin.autoReconcileProxyConflict)
      for (const p of user.proxyAddresses) this.users.requireFreeProxy(p, user.id);
    this.users.removeAnchor(user);
    this.users.deleted.delete(user.id);
    user.deletedDateTime = null;
    user.proxyAddresses = user.proxyAddresses.filter((p) => this.users.proxyHolder(p) === undefined);
    if (asAdmin !== undefined && user.onPremisesSyncEnabled === true) user.onPremisesSyncEnabled = false;
    this.users.add(user);
    return user;
  }

  /** Permanently delete a soft-deleted user (`DELETE /directory/deletedItems/{id}`). Irreversible. */
  hardDeleteUser(id: string): void {
    const user = this.users.requireDeleted(id);
    this.users.removeAnchor(user);
    this.users.deleted.delete(user.id);
    this.forgetPrincipal(user.id);
  }

  /** Record a provisioning error on a user (as sync does for a conflict it could not resolve). */
  addProvisioningError(
    userId: string,
    error: Omit<SimProvisioningError, 'occurredDateTime'> & { readonly occurredDateTime?: string },
  ): void {
    const user = this.users.require(userId);
    const entry = { ...error, occurredDateTime: error.occurredDateTime ?? this.nowIso() };
    user.onPremisesProvisioningErrors = [...user.onPremisesProvisioningErrors, entry];
  }

  clearProvisioningErrors(userId: string): void {
    this.users.require(userId).onPremisesProvisioningErrors = [];
  }

  // ---- internals ----------------------------------------------------------------------------------

  private requireVerifiedDomain(upn: string): void {
    if (this.getDomain(domainOf(upn))?.isVerified !== true) {
      throw new SimTenantError(400, 'Request_BadRequest', GRAPH_MESSAGES.unverifiedDomain, {
        target: 'userPrincipalName',
      });
    }
  }
}
