/**
 * `status <user>`: where a user stands with sync, what its ImmutableID points to, and what to do.
 * Parts read from the relay or the tenant may be unreachable; the card says so per part instead of failing.
 */
import { DomainError, isDomainError } from '../core/errors.ts';
import { immutableIdToGuid } from '../core/immutable-id.ts';
import type { CloudUser, OnPremUser, SchedulerStatus } from '../core/models.ts';
import { sourceAnchorOf } from '../core/user-values.ts';
import { renderStatusCard, type Readout } from '../cards/status-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { DialogDeps, TurnInfo } from './deps.ts';
import { onPremKeyOf } from './user-keys.ts';

export const readout = async <T>(read: () => Promise<T>): Promise<Readout<T>> => {
  try {
    return { ok: true, value: await read() };
  } catch (e) {
    // Only errors the product can explain are shown; anything else is a bug and goes to the error card.
    if (isDomainError(e)) return { ok: false, reason: e.message };
    throw e;
  }
};

// The user may be named by its cloud UPN / id, or by its AD account (then found through its anchor).
const findCloudUser = async (deps: DialogDeps, query: string): Promise<CloudUser> => {
  const direct = await deps.cloud.getUser(query);
  if (direct !== null) return direct;
  const ad = await deps.onPrem.getUser(onPremKeyOf(query));
  if (ad === null) throw new DomainError('CLOUD.NOT_FOUND', `No cloud user or AD user found for "${query}".`);
  const anchor = sourceAnchorOf(ad, deps.settings.sourceAnchor);
  const holders = await deps.cloud.findImmutableIdHolders(anchor);
  const holder = holders.active[0];
  if (holder === undefined)
    throw new DomainError(
      'CLOUD.NOT_FOUND',
      `AD user ${ad.samAccountName} (ImmutableID ${anchor}) has no cloud user yet: it has not synced, or it is outside the sync scope.${holders.deleted.length > 0 ? ' A deleted cloud user holds its ImmutableID.' : ''}`,
    );
  return holder;
};

const anchorTarget = (deps: DialogDeps, u: CloudUser): Promise<OnPremUser | null> => {
  if (u.onPremisesImmutableId === null) return Promise.resolve(null);
  // Connect writes objectGUID into mS-DS-ConsistencyGuid, so the anchor decodes to the objectGUID.
  return deps.onPrem.getUser({ kind: 'guid', value: immutableIdToGuid(u.onPremisesImmutableId) });
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

export const statusCard = async (
  deps: DialogDeps,
  turn: TurnInfo,
  query: string,
): Promise<AdaptiveCardJson> => {
  const user = await findCloudUser(deps, query);
  const relay = deps.relay;
  const [target, organization, scheduler] = await Promise.all([
    readout(() => anchorTarget(deps, user)),
    readout(() => deps.cloud.getOrganizationSyncStatus()),
    relay === null
      ? Promise.resolve<Readout<SchedulerStatus>>({ ok: false, reason: 'no relay agent is configured' })
      : readout(() => relay.getSchedulerStatus(turn.correlationId)),
  ]);
  return renderStatusCard({
    cloudUser: user,
    anchorTarget: target,
    organization,
    scheduler,
    advice: adviceFor(user, target, scheduler),
  });
};
