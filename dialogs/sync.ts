/** `errors`, `sync status` and `convert`: read-only answers, one card each. */
import { DomainError } from '../core/errors.ts';
import { decodeAnchor } from '../core/immutable-id.ts';
import type { OnPremUser } from '../core/models.ts';
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

/**
 * Fix on a sync error: the link card for that cloud user, with the AD user pre-chosen when an AD user has
 * the conflicting value (or the cloud user's UPN or mail) as its UPN. A person still confirms the pair.
 */
export const fixCloudUser = async (deps: DialogDeps, cloudUserId: string): Promise<Step> => {
  const user = await deps.cloud.getUser(cloudUserId);
  if (user === null) throw new DomainError('CLOUD.NOT_FOUND', 'That cloud user no longer exists.');
  const candidates = [
    ...user.onPremisesProvisioningErrors.map((e) => e.value),
    user.userPrincipalName,
    user.mail,
  ];
  let ad: OnPremUser | null = null;
  for (const v of candidates) {
    if (v === null || !v.includes('@')) continue;
    ad = await deps.onPrem.getUser({ kind: 'upn', value: v.replace(/^smtp:/i, '') });
    if (ad !== null) break;
  }
  return openPickers(deps, ad, user, '');
};
