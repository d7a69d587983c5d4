/**
 * `sync now`: a delta sync through the relay, for requesters without approval (it changes no
 * directory object, only carries AD's state across sooner), at most once per interval per tenant. The
 * last start is a Store document written with compare-and-swap, so two instances cannot both start one.
 */
import { nameOf } from '../core/approvals/request-service.ts';
import { DomainError } from '../core/errors.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { ApprovalDeps, TeamsPerson } from './approval-deps.ts';
import type { DialogDeps, TurnInfo } from './deps.ts';

interface LastSync {
  readonly at: string;
  readonly by: string;
}

const key = (tenantId: string): string => `ratelimit/sync-now/${tenantId || 'default'}`;

/** Claim the tenant's slot; returns the seconds to wait when it is taken. */
const claim = async (a: ApprovalDeps, tenantId: string, actor: TeamsPerson, now: Date): Promise<number> => {
  const doc = await a.store.get<LastSync>(key(tenantId));
  if (doc !== null) {
    const wait = Date.parse(doc.value.at) + a.syncNowIntervalMs - now.getTime();
    if (wait > 0) return Math.ceil(wait / 1000);
  }
  try {
    await a.store.put<LastSync>(key(tenantId), { at: now.toISOString(), by: actor.id }, doc?.etag ?? null);
    return 0;
  } catch (e) {
    // Someone else started one in between: that one counts.
    if (e instanceof DomainError && e.code === 'STORE.CONFLICT') return Math.ceil(a.syncNowIntervalMs / 1000);
    throw e;
  }
};

export const syncNow = async (
  deps: DialogDeps,
  a: ApprovalDeps,
  turn: TurnInfo & { readonly actor: TeamsPerson; readonly tenantId: string },
): Promise<AdaptiveCardJson> => {
  if (!(await a.membership.membershipOf(turn.actor)).isRequester)
    throw new DomainError('APPROVAL.NOT_ALLOWED', 'Only members of the requesters group can start a sync.');
  if (deps.relay === null)
    throw new DomainError(
      'RELAY.UNAVAILABLE',
      'No relay agent is configured, so the bot cannot start a sync.',
    );
  const wait = await claim(a, turn.tenantId, turn.actor, deps.clock.now());
  if (wait > 0)
    return renderNoticeCard(
      'Sync not started',
      `A sync was started less than ${Math.round(a.syncNowIntervalMs / 1000)} s ago. Try again in ${wait} s.`,
    );
  const started = await deps.relay.startDeltaSync(turn.correlationId);
  await a.audit.append({
    action: 'sync.delta-requested',
    actor: turn.actor.id,
    ...nameOf(turn.actor),
    requestId: turn.correlationId,
    target: null,
    outcome: 'ok',
    message: started.started ? 'Delta sync started.' : 'Joined a sync cycle already running.',
  });
  return renderNoticeCard(
    started.started ? 'Delta sync started' : 'A sync cycle is already running',
    started.started
      ? 'Entra Connect runs a delta sync now. Use sync status to follow it.'
      : 'Entra Connect is already syncing; your changes are carried by this or the next cycle.',
  );
};
