/**
 * `sync now`: a delta sync through the relay, for requesters without approval (it changes no directory
 * object, only carries AD's state across sooner), at most once per interval per tenant - the tenant the
 * edge's guard accepted, never a value the activity chose.
 */
import { nameOf } from '../core/approvals/request-service.ts';
import { DomainError } from '../core/errors.ts';
import type { AppContext } from './context.ts';
import type { Origin } from './ports.ts';

export type SyncNowResult =
  | { readonly kind: 'started' | 'joined' }
  | { readonly kind: 'too-soon'; readonly waitSeconds: number; readonly intervalSeconds: number };

export const syncNow = async (ctx: AppContext, origin: Origin): Promise<SyncNowResult> => {
  if (!(await ctx.membership.membershipOf(origin.actor)).isRequester)
    throw new DomainError('APPROVAL.NOT_ALLOWED', 'Only members of the requesters group can start a sync.');
  const relay = ctx.relay;
  if (relay === null)
    throw new DomainError(
      'RELAY.UNAVAILABLE',
      'No relay agent is configured, so the bot cannot start a sync.',
    );
  const interval = ctx.workflow.syncNowIntervalMs;
  const wait = await ctx.limits.claim(
    'sync-now',
    origin.tenantId,
    origin.actor.id,
    ctx.clock.now(),
    interval,
  );
  if (wait > 0) return { kind: 'too-soon', waitSeconds: wait, intervalSeconds: Math.round(interval / 1000) };
  const started = await relay.startDeltaSync(origin.correlationId);
  await ctx.audit.append({
    action: 'sync.delta-requested',
    actor: origin.actor.id,
    ...nameOf(origin.actor),
    requestId: origin.correlationId,
    target: null,
    outcome: 'ok',
    message: started.started ? 'Delta sync started.' : 'Joined a sync cycle already running.',
  });
  return { kind: started.started ? 'started' : 'joined' };
};
