/**
 * The users of the simulated tenant and the uniqueness indexes Entra enforces: UPN and proxy addresses
 * among active users, ImmutableID among active AND soft-deleted users (a deleted user keeps its anchor,
 * which is why guide 002's "already in use" happens).
 */
import { GRAPH_MESSAGES, SimTenantError, type SimUser } from './tenant-types.ts';

export type Mutable<T> = { -readonly [K in keyof T]: T[K] };
export type UserRecord = Mutable<SimUser>;

export const lower = (s: string): string => s.toLowerCase();
export const domainOf = (upn: string): string => lower(upn.slice(upn.lastIndexOf('@') + 1));
export const prefixOf = (upn: string): string => upn.slice(0, upn.lastIndexOf('@'));
/** proxyAddresses are unique by address, whatever the prefix's case (SMTP: primary, smtp: secondary). */
export const proxyKey = (address: string): string => lower(address);

/** Graph's ObjectConflict naming the holder, when someone other than `selfId` holds the value. */
const conflictIfHeld = (
  holder: string | undefined,
  selfId: string | undefined,
  message: string,
  target: string,
): void => {
  if (holder !== undefined && holder !== selfId) {
    throw new SimTenantError(400, 'ObjectConflict', message, { target, holderId: holder });
  }
};

export class UserIndex {
  readonly active = new Map<string, UserRecord>();
  readonly deleted = new Map<string, UserRecord>();
  private readonly byUpn = new Map<string, string>();
  private readonly byProxy = new Map<string, string>();
  private readonly byAnchor = new Map<string, Set<string>>();

  get(idOrUpn: string): UserRecord | undefined {
    const byId = this.active.get(lower(idOrUpn));
    if (byId !== undefined) return byId;
    const id = this.byUpn.get(lower(idOrUpn));
    return id === undefined ? undefined : this.active.get(id);
  }

  require(idOrUpn: string): UserRecord {
    const user = this.get(idOrUpn);
    if (user === undefined) {
      throw new SimTenantError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(idOrUpn));
    }
    return user;
  }

  requireDeleted(id: string): UserRecord {
    const user = this.deleted.get(lower(id));
    if (user === undefined)
      throw new SimTenantError(404, 'Request_ResourceNotFound', GRAPH_MESSAGES.notFound(id));
    return user;
  }

  anchorHolders(anchor: string): readonly string[] {
    return [...(this.byAnchor.get(anchor) ?? [])];
  }

  upnHolder(upn: string): string | undefined {
    return this.byUpn.get(lower(upn));
  }

  proxyHolder(address: string): string | undefined {
    return this.byProxy.get(proxyKey(address));
  }

  requireFreeUpn(upn: string, selfId: string | undefined): void {
    conflictIfHeld(this.byUpn.get(lower(upn)), selfId, GRAPH_MESSAGES.upnConflict, 'userPrincipalName');
  }

  requireFreeProxy(address: string, selfId: string | undefined): void {
    const holder = this.byProxy.get(proxyKey(address));
    conflictIfHeld(holder, selfId, GRAPH_MESSAGES.proxyConflict, 'proxyAddresses');
  }

  requireFreeAnchor(anchor: string, selfId: string | undefined): void {
    const holder = this.anchorHolders(anchor).find((id) => id !== selfId);
    conflictIfHeld(holder, selfId, GRAPH_MESSAGES.immutableIdConflict, 'onPremisesImmutableId');
  }

  /** Add or re-add an active user to every index. */
  add(user: UserRecord): void {
    this.active.set(user.id, user);
    this.byUpn.set(lower(user.userPrincipalName), user.id);
    for (const p of user.proxyAddresses) this.byProxy.set(proxyKey(p), user.id);
    this.addAnchor(user);
  }

  /** Take an active user out of the value indexes (before changing indexed values); `active` keeps it. */
  remove(user: UserRecord): void {
    if (this.byUpn.get(lower(user.userPrincipalName)) === user.id)
      this.byUpn.delete(lower(user.userPrincipalName));
    for (const p of user.proxyAddresses) {
      if (this.byProxy.get(proxyKey(p)) === user.id) this.byProxy.delete(proxyKey(p));
    }
    this.removeAnchor(user);
  }

  addAnchor(user: UserRecord): void {
    if (user.onPremisesImmutableId === null) return;
    const set = this.byAnchor.get(user.onPremisesImmutableId) ?? new Set<string>();
    set.add(user.id);
    this.byAnchor.set(user.onPremisesImmutableId, set);
  }

  removeAnchor(user: UserRecord): void {
    if (user.onPremisesImmutableId === null) return;
    const set = this.byAnchor.get(user.onPremisesImmutableId);
    set?.delete(user.id);
    if (set?.size === 0) this.byAnchor.delete(user.onPremisesImmutableId);
  }
}
