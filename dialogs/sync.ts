/** `errors`, `sync status` and `convert`: read-only answers, one card each. */
import { DomainError } from '../core/errors.ts';
import { decodeAnchor, immutableIdToGuid } from '../core/immutable-id.ts';
import type { CloudUser, OnPremUser } from '../core/models.ts';
import { renderConvertCard } from '../cards/convert-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import { renderSyncErrorsCard } from '../cards/sync-errors-card.ts';
import { renderSyncStatusCard } from '../cards/sync-status-card.ts';
import type { DialogDeps, TurnInfo } from './deps.ts';
import { openPickers, type Step } from './link.ts';
import { readout } from './status.ts';

const LAST_RUNS = 5;

export const syncErrorsCard = async (deps: DialogDeps): Promise<AdaptiveCardJson> =>
  renderSyncErrorsCard(await deps.cloud.listUsersWithProvisioningErrors());

export const syncStatusCard = async (deps: DialogDeps, turn: TurnInfo): Promise<AdaptiveCardJson> => {
  const relay = deps.relay;
  if (relay === null)
    throw new DomainError(
      'RELAY.UNAVAILABLE',
      'No relay agent is configured, so Entra Connect cannot be asked.',
    );
  const [scheduler, runs, organization] = await Promise.all([
    relay.getSchedulerStatus(turn.correlationId),
    relay.getLastRunResults(turn.correlationId, LAST_RUNS),
    readout(() => deps.cloud.getOrganizationSyncStatus()),
  ]);
  return renderSyncStatusCard({ scheduler, runs, organization });
};

export const convertCard = (value: string): AdaptiveCardJson => renderConvertCard(decodeAnchor(value));

const addressOf = (value: string | null): string | null =>
  value === null || !value.includes('@') ? null : value.replace(/^smtp:/i, '');

/**
 * Fix on a sync error. A synced user whose UPN or address conflicts is usually the duplicate that sync
 * created (guide 000): the pair to link is its AD user (found through its ImmutableID) and the cloud user
 * that holds the conflicting value. A person still confirms both on the link card.
 */
export const fixCloudUser = async (deps: DialogDeps, cloudUserId: string): Promise<Step> => {
  const user = await deps.cloud.getUser(cloudUserId);
  if (user === null) throw new DomainError('CLOUD.NOT_FOUND', 'That cloud user no longer exists.');
  const conflicts = user.onPremisesProvisioningErrors
    .map((e) => addressOf(e.value))
    .filter((v) => v !== null);
  let target: CloudUser = user;
  for (const value of conflicts) {
    const holder = await deps.cloud.getUser(value);
    if (holder !== null && holder.id !== user.id) {
      target = holder;
      break;
    }
  }
  let ad: OnPremUser | null =
    user.onPremisesImmutableId === null
      ? null
      : await deps.onPrem.getUser({ kind: 'guid', value: immutableIdToGuid(user.onPremisesImmutableId) });
  for (const value of [...conflicts, addressOf(user.userPrincipalName), addressOf(user.mail)]) {
    if (ad !== null) break;
    if (value !== null) ad = await deps.onPrem.getUser({ kind: 'upn', value });
  }
  return openPickers(deps, ad, target, '');
};
