/**
 * `status <user>`: where a user stands with sync, what its ImmutableID points to, and what to do. Parts
 * read from the relay or the tenant may be unreachable; the answer says so per part instead of failing.
 */
import { DomainError } from '../core/errors.ts';
import { immutableIdToGuid } from '../core/immutable-id.ts';
import type { CloudUser, OnPremUser, OrganizationSyncStatus, SchedulerStatus } from '../core/models.ts';
import { sourceAnchorOf } from '../core/user-values.ts';
import type { AppContext } from './context.ts';
import { readout, type Readout } from './readout.ts';
import { onPremKeyOf } from './user-keys.ts';

export interface UserStatus {
  readonly cloudUser: CloudUser;
  /** The AD user the ImmutableID points to; null when none has that anchor or there is no ImmutableID. */
  readonly anchorTarget: Readout<OnPremUser | null>;
  readonly organization: Readout<OrganizationSyncStatus>;
  readonly scheduler: Readout<SchedulerStatus>;
  /** What to do next, one sentence each. */
  readonly advice: readonly string[];
}

// The user may be named by its cloud UPN / id, or by its AD account (then found through its anchor).
const findCloudUser = async (ctx: AppContext, query: string): Promise<CloudUser> => {
  const direct = await ctx.cloud.getUser(query);
  if (direct !== null) return direct;
  const ad = await ctx.onPrem.getUser(onPremKeyOf(query));
  if (ad === null) throw new DomainError('CLOUD.NOT_FOUND', `No cloud user or AD user found for "${query}".`);
  const anchor = sourceAnchorOf(ad, ctx.settings.sourceAnchor);
  const holders = await ctx.cloud.findImmutableIdHolders(anchor);
  const holder = holders.active[0];
  if (holder === undefined)
    throw new DomainError(
      'CLOUD.NOT_FOUND',
      `AD user ${ad.samAccountName} (ImmutableID ${anchor}) has no cloud user yet: it has not synced, or it is outside the sync scope.${holders.deleted.length > 0 ? ' A deleted cloud user holds its ImmutableID.' : ''}`,
    );
  return holder;
};

const anchorTarget = (ctx: AppContext, u: CloudUser): Promise<OnPremUser | null> => {
  if (u.onPremisesImmutableId === null) return Promise.resolve(null);
  // Connect writes objectGUID into mS-DS-ConsistencyGuid, so the anchor decodes to the objectGUID.
  return ctx.onPrem.getUser({ kind: 'guid', value: immutableIdToGuid(u.onPremisesImmutableId) });
};

/** What to do, from the state; the first sentence is the most important. */
export const adviceFor = (
  u: CloudUser,
  target: Readout<OnPremUser | null>,
  scheduler: Readout<SchedulerStatus>,
): string[] => {
  const advice: string[] = [];
  if (u.onPremisesProvisioningErrors.length > 0)
    advice.push(
      'Sync reports a conflict for this user. If an AD account belongs to the same person, press Link this user to match them.',
    );
  if (u.onPremisesSyncEnabled === true && u.onPremisesProvisioningErrors.length === 0)
    advice.push('Nothing to do: this user is synced from AD.');
  else if (u.onPremisesImmutableId === null)
    advice.push(
      `Cloud-only. To merge it with its AD account: press Link this user, or type link ‹ad user› ${u.userPrincipalName}.`,
    );
  else if (target.ok && target.value === null)
    advice.push(
      'Its ImmutableID points to no AD user. Link it to the right AD user: the plan replaces the ImmutableID.',
    );
  else if (target.ok && target.value !== null && u.onPremisesSyncEnabled !== true)
    advice.push(
      `Its ImmutableID points to ${target.value.samAccountName}, but it is not synced yet: check that the AD user is in the sync scope, then wait for the next sync (type sync status).`,
    );
  if (scheduler.ok && scheduler.value.stagingModeEnabled)
    advice.push('Entra Connect is in staging mode: nothing is exported until that changes.');
  if (!scheduler.ok)
    advice.push(
      'The relay agent on the Entra Connect server could not be reached: ask an operator to check it.',
    );
  return advice;
};

export const userStatus = async (
  ctx: AppContext,
  correlationId: string,
  query: string,
): Promise<UserStatus> => {
  const user = await findCloudUser(ctx, query);
  const relay = ctx.relay;
  const [target, organization, scheduler] = await Promise.all([
    readout(() => anchorTarget(ctx, user)),
    readout(() => ctx.cloud.getOrganizationSyncStatus()),
    relay === null
      ? Promise.resolve<Readout<SchedulerStatus>>({ ok: false, reason: 'no relay agent is configured' })
      : readout(() => relay.getSchedulerStatus(correlationId)),
  ]);
  return {
    cloudUser: user,
    anchorTarget: target,
    organization,
    scheduler,
    advice: adviceFor(user, target, scheduler),
  };
};
