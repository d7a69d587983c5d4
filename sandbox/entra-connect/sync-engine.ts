/**
 * The matching rules Entra Connect applies in a sync cycle, per reference/entra-connect.md: for each AD
 * user in scope, hard match on the source anchor, else restore a soft-deleted holder, else soft match,
 * else report InvalidSoftMatch, else provision; then soft-delete synced users whose AD object left scope.
 * Refusals become export errors (as Connect reports them), never exceptions.
 *
 * The 2026 hardening (EDD fundamentals/whats-new.md, "security hardening to prevent user account
 * takeover"; reference/graph.md): no match - hard or soft - onto a cloud user that holds or is eligible
 * for a privileged directory role (directly or through a role-assignable group), or whose
 * onPremisesObjectIdentifier is already set. The export error carries Microsoft's text.
 */
import { guidToImmutableId } from '../../core/immutable-id.ts';
import type {
  ExportError,
  OnPremUser,
  SourceAnchor,
  SyncScope,
  TenantSyncFeatures,
} from '../../core/models.ts';
import type { CloudSyncTarget, DirectorySyncSource, SyncCloudUser, SyncedAttributes } from './targets.ts';

export type ObjectOutcome =
  | 'hard-matched'
  | 'soft-matched'
  | 'restored'
  | 'created'
  | 'updated'
  | 'unchanged'
  | 'export-error'
  | 'staged';

export interface CycleReport {
  readonly outcomes: ReadonlyMap<string, ObjectOutcome>;
  readonly softDeleted: readonly string[];
  readonly exportErrors: readonly ExportError[];
  readonly imported: number;
}

export interface CycleInput {
  readonly cloud: CloudSyncTarget;
  readonly ad: DirectorySyncSource;
  readonly scope: SyncScope;
  readonly sourceAnchor: SourceAnchor;
  /** Staging mode: everything is evaluated, nothing is written. */
  readonly exportEnabled: boolean;
  /** Single-object sync: only this DN, and no deletion sweep. */
  readonly onlyDn?: string;
  /** Whether password hash sync reports with the cycle (false: its heartbeat is stalled). Default true. */
  readonly passwordSyncRunning?: boolean;
  readonly now: Date;
}

const lower = (s: string | null | undefined): string => (s ?? '').toLowerCase();

/** Microsoft's export error text for the hardening (quoted verbatim; people search for it). */
export const HARDENING_TEXT =
  'Hard match operation blocked due to security hardening. Review OnPremisesObjectIdentifier mapping.';

/** Why the hardening refuses matching onto cloud user `c`, or null when it does not. */
const hardeningRefusal = async (
  cloud: CloudSyncTarget,
  c: SyncCloudUser,
): Promise<'object-identifier' | 'privileged' | null> => {
  if (c.onPremisesObjectIdentifier !== null) return 'object-identifier';
  return (await cloud.isPrivileged(c.id)) ? 'privileged' : null;
};
const isUnder = (dn: string, container: string): boolean =>
  lower(dn) === lower(container) || lower(dn).endsWith(`,${lower(container)}`);

/** Whether a DN is inside the OU filter (a parent OU includes its children; exclusions win). */
export const dnInScope = (dn: string, scope: SyncScope): boolean =>
  scope.inclusions.some((c) => isUnder(dn, c)) && !scope.exclusions.some((c) => isUnder(dn, c));

export const anchorOf = (user: OnPremUser, sourceAnchor: SourceAnchor): string =>
  sourceAnchor === 'mS-DS-ConsistencyGuid' && user.consistencyGuid !== null
    ? user.consistencyGuid
    : guidToImmutableId(user.objectGuid);

const primarySmtp = (proxies: readonly string[]): string | null =>
  proxies.find((p) => p.startsWith('SMTP:'))?.slice(5) ?? null;
const smtpAddresses = (u: SyncCloudUser): string[] => [
  ...u.proxyAddresses.filter((p) => /^smtp:/i.test(p)).map((p) => lower(p.slice(5))),
  ...(u.mail === null ? [] : [lower(u.mail)]),
];

/** AD users in scope, each once (an OU listed twice or nested inclusions must not double it). */
const usersInScope = async (input: CycleInput): Promise<OnPremUser[]> => {
  if (input.onlyDn !== undefined) {
    const u = await input.ad.getUserByDn(input.onlyDn);
    return u !== null && dnInScope(u.dn, input.scope) && !u.isCriticalSystemObject ? [u] : [];
  }
  const seen = new Map<string, OnPremUser>();
  for (const ou of input.scope.inclusions)
    for await (const u of input.ad.listUsersInOu(ou))
      if (!u.isCriticalSystemObject && dnInScope(u.dn, input.scope)) seen.set(u.objectGuid, u);
  return [...seen.values()];
};

// A user without a UPN gets sAMAccountName@<initial domain>, as Connect's default rules do.
const attributesOf = (u: OnPremUser, immutableId: string, initialDomain: string): SyncedAttributes => ({
  immutableId,
  objectGuid: u.objectGuid,
  distinguishedName: u.dn,
  samAccountName: u.samAccountName,
  userPrincipalName: u.userPrincipalName ?? `${u.samAccountName}@${initialDomain}`,
  displayName: u.displayName,
  givenName: u.givenName,
  surname: u.surname,
  mail: u.mail,
  proxyAddresses: u.proxyAddresses,
  accountEnabled: u.enabled,
});

/** Runs one cycle (or one object) against the targets. */
export const runSyncCycle = async (input: CycleInput): Promise<CycleReport> => {
  const { cloud } = input;
  const [features, domains, deleted] = await Promise.all([
    cloud.getSyncFeatures(),
    cloud.listDomains(),
    cloud.listDeletedUsers(),
  ]);
  let active = [...(await cloud.listActiveUsers())];
  const initial = domains.find((d) => d.isInitial)?.id ?? 'contoso.onmicrosoft.com';
  const outcomes = new Map<string, ObjectOutcome>();
  const exportErrors: ExportError[] = [];
  const inScopeAnchors = new Set<string>();
  const users = await usersInScope(input);
  const fail = (dn: string, errorType: string, message: string): ObjectOutcome => {
    exportErrors.push({ distinguishedName: dn, errorType, message });
    return 'export-error';
  };

  for (const u of users) {
    const anchor = anchorOf(u, input.sourceAnchor);
    inScopeAnchors.add(anchor);
    if (input.exportEnabled && input.sourceAnchor === 'mS-DS-ConsistencyGuid' && u.consistencyGuid === null)
      await input.ad.writeConsistencyGuid?.(u.dn, anchor);
    let outcome: ObjectOutcome;
    try {
      outcome = await matchOne(u, anchor, { input, features, active, deleted, initial, fail });
    } catch (e) {
      // A write the tenant refused (a uniqueness conflict...) is an export error of this object, as in
      // Connect; the cycle goes on with the next object.
      const code = (e as { code?: unknown }).code;
      outcome = fail(
        u.dn,
        typeof code === 'string' ? code : 'ExportFailure',
        e instanceof Error ? e.message : String(e),
      );
    }
    outcomes.set(u.dn, outcome);
    // Later users must see what earlier ones changed (a created UPN, a consumed soft-match candidate).
    if (outcome !== 'unchanged' && outcome !== 'export-error' && outcome !== 'staged')
      active = [...(await cloud.listActiveUsers())];
  }

  const softDeleted: string[] = [];
  if (input.onlyDn === undefined) {
    for (const c of active) {
      if (c.onPremisesSyncEnabled !== true || c.onPremisesImmutableId === null) continue;
      if (inScopeAnchors.has(c.onPremisesImmutableId)) continue;
      if (input.exportEnabled) await cloud.softDeleteUser(c.id);
      softDeleted.push(c.id);
    }
    if (input.exportEnabled)
      await cloud.setLastSyncDateTime(input.now.toISOString(), input.passwordSyncRunning ?? true);
  }
  return { outcomes, softDeleted, exportErrors, imported: users.length };
};

interface MatchContext {
  readonly input: CycleInput;
  readonly features: TenantSyncFeatures;
  readonly active: readonly SyncCloudUser[];
  readonly deleted: readonly SyncCloudUser[];
  readonly initial: string;
  readonly fail: (dn: string, errorType: string, message: string) => ObjectOutcome;
}

const matchOne = async (u: OnPremUser, anchor: string, ctx: MatchContext): Promise<ObjectOutcome> => {
  const { input, features, active, deleted, fail } = ctx;
  const { cloud } = input;
  const write = input.exportEnabled;
  const holder = active.find((c) => c.onPremisesImmutableId === anchor);
  if (holder !== undefined) {
    if (holder.onPremisesSyncEnabled === true) {
      const attrs = attributesOf(u, anchor, ctx.initial);
      const changed =
        holder.onPremisesDistinguishedName !== u.dn ||
        lower(holder.onPremisesUserPrincipalName) !== lower(attrs.userPrincipalName);
      if (!changed) return 'unchanged';
      if (write) await cloud.updateSyncedUser(holder.id, attrs);
      return write ? 'updated' : 'staged';
    }
    if (features.blockCloudObjectTakeoverThroughHardMatchEnabled && holder.onPremisesSyncEnabled === null)
      return fail(
        u.dn,
        'InvalidHardMatch',
        'Another cloud created object with the same source anchor already exists in Azure Active Directory.',
      );
    if ((await hardeningRefusal(cloud, holder)) !== null)
      return fail(u.dn, 'InvalidHardMatch', HARDENING_TEXT);
    if (write) await cloud.linkUser(holder.id, attributesOf(u, anchor, ctx.initial));
    return write ? 'hard-matched' : 'staged';
  }
  const deletedHolder = deleted.find((c) => c.onPremisesImmutableId === anchor);
  if (deletedHolder !== undefined) {
    // "soft-deleted privileged users included" (reference/graph.md, the 2026 hardening): no restore-and-link.
    if (await cloud.isPrivileged(deletedHolder.id)) return fail(u.dn, 'InvalidHardMatch', HARDENING_TEXT);
    if (write) await cloud.restoreUser(deletedHolder.id, attributesOf(u, anchor, ctx.initial));
    return write ? 'restored' : 'staged';
  }
  const smtp = lower(primarySmtp(u.proxyAddresses) ?? u.mail);
  const upn = lower(u.userPrincipalName);
  const sameSmtp = (c: SyncCloudUser) => smtp !== '' && smtpAddresses(c).includes(smtp);
  const sameUpn = (c: SyncCloudUser) => upn !== '' && lower(c.userPrincipalName) === upn;
  if (!features.blockSoftMatchEnabled) {
    for (const c of active) {
      if (c.onPremisesImmutableId !== null || c.onPremisesSyncEnabled === true) continue;
      if (!(sameSmtp(c) || (features.softMatchOnUpnEnabled && sameUpn(c)))) continue;
      const refusal = await hardeningRefusal(cloud, c);
      if (refusal !== null)
        return fail(
          u.dn,
          refusal === 'privileged' ? 'AdminRoleConflict' : 'InvalidSoftMatch',
          `${HARDENING_TEXT} (soft match onto ${c.userPrincipalName})`,
        );
      if (write) await cloud.linkUser(c.id, attributesOf(u, anchor, ctx.initial));
      return write ? 'soft-matched' : 'staged';
    }
  }
  const other = active.find(
    (c) =>
      c.onPremisesImmutableId !== null && c.onPremisesImmutableId !== anchor && (sameSmtp(c) || sameUpn(c)),
  );
  if (other !== undefined)
    return fail(
      u.dn,
      'InvalidSoftMatch',
      `${other.userPrincipalName} has the same UserPrincipalName or proxy address but a different ImmutableID.`,
    );
  if (!write) return 'staged';
  await cloud.createSyncedUser(attributesOf(u, anchor, ctx.initial));
  return 'created';
};
