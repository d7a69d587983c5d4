/**
 * Restart the sync service (Restart-Service ADSync through the relay's allow-listed `restart-service`):
 * Microsoft's fix for "Password Hash Synchronization heartbeat was skipped" (Learn:
 * how-to-connect-health-alert-catalog). For approvers only (checked live), at most once per interval per
 * tenant (the rate-limits repository: shared by every bot instance), audited when asked and when done.
 * The click is answered at once; the restart runs in the background, waits until the scheduler answers
 * again, and tells the outcome in the conversation. The relay refuses it while a cycle runs (the restart
 * would abort the cycle).
 *
 * Minimal on purpose (issue 18): the "restart the sync service" flow of issue 13 may replace it.
 */
import { nameOf } from '../core/approvals/request-service.ts';
import { DomainError, isDomainError } from '../core/errors.ts';
import type { SchedulerStatus } from '../core/models.ts';
import { watchSoon } from './alerts/watch.ts';
import type { AppContext } from './context.ts';
import type { Origin } from './ports.ts';

/** At most one restart per tenant in this time: a restart interrupts password sync and any cycle. */
export const RESTART_INTERVAL_MS = 10 * 60_000;

export interface RestartTiming {
  /** How long to wait for the scheduler to answer after the restart. */
  readonly waitMs: number;
  readonly pollMs: number;
}

export const RESTART_TIMING: RestartTiming = { waitMs: 120_000, pollMs: 2_000 };

export type RestartStart =
  { readonly kind: 'started' } | { readonly kind: 'too-soon'; readonly waitSeconds: number };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll the scheduler until it answers (the service is up again); RELAY.TIMEOUT after `waitMs`. */
const schedulerAnswers = async (
  ctx: AppContext,
  requestId: string,
  t: RestartTiming,
): Promise<SchedulerStatus> => {
  const deadline = Date.now() + t.waitMs;
  for (;;) {
    try {
      return await ctx.relay!.getSchedulerStatus(requestId);
    } catch (e) {
      if (!isDomainError(e) || Date.now() + t.pollMs > deadline)
        throw new DomainError(
          'RELAY.TIMEOUT',
          `The sync service was restarted, but its scheduler did not answer within ${Math.round(t.waitMs / 1000)} s: check the ADSync service on the Entra Connect server.`,
          { cause: e },
        );
      await sleep(t.pollMs);
    }
  }
};

/** The restart itself, then the wait, the audit and the message in the conversation. */
export const restartAndWait = async (
  ctx: AppContext,
  origin: Origin,
  t: RestartTiming = RESTART_TIMING,
): Promise<void> => {
  const started = Date.now();
  const entry = {
    actor: origin.actor.id,
    ...nameOf(origin.actor),
    requestId: origin.correlationId,
    target: 'ADSync',
  };
  try {
    await ctx.relay!.restartSyncService(origin.correlationId);
    await schedulerAnswers(ctx, origin.correlationId, t);
    const seconds = Math.round((Date.now() - started) / 1000);
    await ctx.audit.append({
      ...entry,
      action: 'sync.restarted',
      outcome: 'ok',
      message: `The scheduler answered again after ${seconds} s.`,
    });
    await ctx.notifier.post(
      origin.conversationId,
      ctx.render.notice(
        'Sync service restarted',
        `${origin.actor.name} restarted the ADSync service on the Entra Connect server; its scheduler answers again (after ${seconds} s). Password hash sync reports again within a few minutes: the alert resolves by itself then.`,
      ),
    );
    watchSoon(ctx);
  } catch (e) {
    const message = isDomainError(e) ? e.message : 'An unexpected error stopped the restart.';
    ctx.log.warn({ err: e }, 'sync service restart failed');
    await ctx.audit.append({ ...entry, action: 'sync.restarted', outcome: 'failed', message });
    await ctx.notifier
      .post(origin.conversationId, ctx.render.notice('Sync service not restarted', message))
      .catch((err: unknown) => ctx.log.warn({ err }, 'could not tell the restart outcome'));
  }
};

/** Check who asks and how often, audit the request, and start the restart in the background. */
export const requestSyncRestart = async (
  ctx: AppContext,
  origin: Origin,
  t: RestartTiming = RESTART_TIMING,
): Promise<RestartStart> => {
  if (!(await ctx.membership.membershipOf(origin.actor)).isApprover)
    throw new DomainError(
      'APPROVAL.NOT_ALLOWED',
      'Only members of the approvers group can restart the sync service.',
    );
  if (ctx.relay === null)
    throw new DomainError(
      'RELAY.UNAVAILABLE',
      'No relay agent is configured, so the bot cannot restart the sync service.',
    );
  const wait = await ctx.limits.claim(
    'sync-restart',
    origin.tenantId,
    origin.actor.id,
    ctx.clock.now(),
    RESTART_INTERVAL_MS,
  );
  if (wait > 0) return { kind: 'too-soon', waitSeconds: wait };
  await ctx.audit.append({
    action: 'sync.restart-requested',
    actor: origin.actor.id,
    ...nameOf(origin.actor),
    requestId: origin.correlationId,
    target: 'ADSync',
    outcome: 'ok',
    message: 'Restart of the ADSync service requested.',
  });
  ctx.background.once('sync-restart', 0, () => restartAndWait(ctx, origin, t));
  return { kind: 'started' };
};
