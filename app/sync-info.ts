/** `errors`, `sync status` and the Fix button's pair: read-only answers. */
import { DomainError } from '../core/errors.ts';
import { immutableIdToGuid } from '../core/immutable-id.ts';
import type {
  CloudUser,
  OnPremUser,
  OrganizationSyncStatus,
  RunProfileResult,
  SchedulerStatus,
} from '../core/models.ts';
import type { AppContext } from './context.ts';
import { readout, type Readout } from './readout.ts';

const LAST_RUNS = 5;

export const syncErrors = (ctx: AppContext): Promise<readonly CloudUser[]> =>
  ctx.cloud.listUsersWithProvisioningErrors();

export interface SyncStatus {
  readonly scheduler: SchedulerStatus;
  readonly runs: readonly RunProfileResult[];
  readonly organization: Readout<OrganizationSyncStatus>;
}

export const syncStatus = async (ctx: AppContext, correlationId: string): Promise<SyncStatus> => {
  const relay = ctx.relay;
  if (relay === null)
    throw new DomainError(
      'RELAY.UNAVAILABLE',
      'No relay agent is configured, so Entra Connect cannot be asked.',
    );
  const [scheduler, runs, organization] = await Promise.all([
    relay.getSchedulerStatus(correlationId),
    relay.getLastRunResults(correlationId, LAST_RUNS),
    readout(() => ctx.cloud.getOrganizationSyncStatus()),
  ]);
  return { scheduler, runs, organization };
};

const addressOf = (value: string | null): string | null =>
  value === null || !value.includes('@') ? null : value.replace(/^smtp:/i, '');

/**
 * The pair a Fix on a sync error proposes. A synced user whose UPN or address conflicts is usually the
 * duplicate that sync created (guide 000): the pair to link is its AD user (found through its
 * ImmutableID) and the cloud user that holds the conflicting value. A person still confirms both.
 */
export const fixPair = async (
  ctx: AppContext,
  cloudUserId: string,
): Promise<{ readonly ad: OnPremUser | null; readonly cloud: CloudUser }> => {
  const user = await ctx.cloud.getUser(cloudUserId);
  if (user === null) throw new DomainError('CLOUD.NOT_FOUND', 'That cloud user no longer exists.');
  const conflicts = user.onPremisesProvisioningErrors
    .map((e) => addressOf(e.value))
    .filter((v) => v !== null);
  let target: CloudUser = user;
  for (const value of conflicts) {
    const holder = await ctx.cloud.getUser(value);
    if (holder !== null && holder.id !== user.id) {
      target = holder;
      break;
    }
  }
  let ad: OnPremUser | null =
    user.onPremisesImmutableId === null
      ? null
      : await ctx.onPrem.getUser({ kind: 'guid', value: immutableIdToGuid(user.onPremisesImmutableId) });
  for (const value of [...conflicts, addressOf(user.userPrincipalName), addressOf(user.mail)]) {
    if (ad !== null) break;
    if (value !== null) ad = await ctx.onPrem.getUser({ kind: 'upn', value });
  }
  return { ad, cloud: target };
};
