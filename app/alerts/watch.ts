/**
 * The sync-health watcher: one look per interval, by one bot instance at a time (the lease in the
 * store). A look reads the facts, evaluates every rule (core/alerts), writes what to remember before any
 * card moves, then brings each alert's record and card up to date - post once, update in place, say
 * when it resolved (core/alerts/lifecycle.ts). Cards go to the ops conversation through the Notifier.
 *
 * A card is posted under a claim in its record (compare-and-swap), so two instances never both post it,
 * also while the lease changes hands. A process that dies between posting and saving the message id
 * leaves a claim that goes stale after ten minutes; the card is then posted again - the one case where a
 * card can appear twice (at-least-once: an alert is never lost to a crash).
 */
import { randomUUID } from 'node:crypto';
import { evaluate, type Look } from '../../core/alerts/evaluate.ts';
import {
  alertView,
  mayClaimPost,
  nextRecord,
  viewDigest,
  type AlertRecord,
  type CardStep,
  type Mute,
} from '../../core/alerts/lifecycle.ts';
import { EMPTY_MEMORY, type AlertSettings, type AlertValue } from '../../core/alerts/types.ts';
import type { AppContext } from '../context.ts';
import { gatherWatchFacts } from './facts.ts';

/** What one look did (for logs and tests). */
export interface LookReport {
  readonly firing: readonly string[];
  readonly posted: readonly string[];
  readonly updated: readonly string[];
  readonly resolved: readonly string[];
}

/** Long enough to outlive a slow look; a stopping instance gives it up at once (releaseLease). */
export const leaseMs = (s: AlertSettings): number => 2 * s.intervalMs + 30_000;

const postCard = async (
  ctx: AppContext,
  settings: AlertSettings,
  record: AlertRecord,
  mute: Mute | null,
  repost: boolean,
): Promise<boolean> => {
  const now = ctx.clock.now();
  const old = record.post;
  const claimed = await ctx.alerts.update(record.id, (cur) =>
    cur !== null && cur.state === 'open' && cur.post?.postId === old?.postId && mayClaimPost(cur, now)
      ? { ...cur, posting: { by: ctx.instanceId, at: now.toISOString() } }
      : null,
  );
  if (claimed === null) return false;
  const view = alertView(claimed, mute);
  try {
    const postId = await ctx.notifier.post(settings.conversationId, ctx.render.alert(view));
    await ctx.alerts.update(record.id, (cur) =>
      cur === null
        ? null
        : {
            ...cur,
            post: { conversationId: settings.conversationId, postId, at: now.toISOString() },
            posting: null,
            shown: viewDigest(view),
          },
    );
  } catch (e) {
    ctx.log.warn({ err: e, alertId: record.id }, 'could not post an alert card; the next look tries again');
    await ctx.alerts.update(record.id, (cur) =>
      cur?.posting?.by === ctx.instanceId ? { ...cur, posting: null } : null,
    );
    return false;
  }
  if (repost && old?.postId != null)
    await updateCard(ctx, { ...claimed, post: old }, mute, true).catch(() => undefined);
  return true;
};

const updateCard = async (
  ctx: AppContext,
  record: AlertRecord,
  mute: Mute | null,
  continued = false,
): Promise<boolean> => {
  const post = record.post;
  if (post === null || post.postId === null) return false;
  const view = alertView(record, mute, continued);
  try {
    await ctx.notifier.update(post.conversationId, post.postId, ctx.render.alert(view));
  } catch (e) {
    ctx.log.warn({ err: e, alertId: record.id }, 'could not update an alert card; the next look tries again');
    return false;
  }
  if (!continued)
    await ctx.alerts.update(record.id, (cur) =>
      cur !== null &&
      cur.post?.postId === post.postId &&
      viewDigest(alertView(cur, mute)) === viewDigest(view)
        ? { ...cur, shown: viewDigest(view) }
        : null,
    );
  return true;
};

/** Bring one alert's record and card up to date with what this look found. */
export const applyAlert = async (
  ctx: AppContext,
  id: string,
  firing: AlertValue | null,
  look: Pick<Look, 'unsure'>,
  mutes: Readonly<Partial<Record<string, Mute>>>,
): Promise<{ readonly step: CardStep; readonly written: AlertRecord | null; readonly done: boolean }> => {
  const settings = ctx.alertSettings!;
  const now = ctx.clock.now();
  let step: CardStep = 'none';
  let mute: Mute | null = null;
  const written = await ctx.alerts.update(id, (cur) => {
    const kind = cur?.kind ?? firing?.kind;
    mute = kind === undefined ? null : (mutes[kind] ?? null);
    const next = nextRecord(cur, firing, { now, mute, unsure: kind !== undefined && look.unsure.has(kind) });
    step = next.step;
    return next.record;
  });
  const record = written ?? (step === 'none' ? null : await ctx.alerts.get(id));
  if (record === null || step === 'none') return { step, written, done: false };
  const done =
    step === 'update'
      ? await updateCard(ctx, record, mute)
      : await postCard(ctx, settings, record, mute, step === 'repost');
  return { step, written, done };
};

/** One look, if this instance holds the lease; null when the watcher is off or another instance watches. */
export const watchOnce = async (ctx: AppContext): Promise<LookReport | null> => {
  const settings = ctx.alertSettings;
  if (settings === null) return null;
  if (!(await ctx.alerts.claimLease(ctx.instanceId, ctx.clock.now(), leaseMs(settings)))) return null;
  const facts = await gatherWatchFacts(ctx, `alerts-${randomUUID()}`);
  // What to remember is written first: a look repeated after a crash then names the same alerts.
  let look: Look | null = null;
  await ctx.alerts.updateMemory((cur) => {
    look = evaluate(facts, cur ?? EMPTY_MEMORY, settings);
    return look.memory;
  });
  const seen = look as Look | null;
  if (seen === null) return null;
  const mutes = await ctx.alerts.mutes();
  const firing = new Map(seen.alerts.map((a) => [a.id, a]));
  const ids = [...new Set([...firing.keys(), ...(await ctx.alerts.openIds())])].sort();
  const posted: string[] = [];
  const updated: string[] = [];
  const resolved: string[] = [];
  for (const id of ids) {
    const r = await applyAlert(ctx, id, firing.get(id) ?? null, seen, mutes);
    if (r.done && (r.step === 'post' || r.step === 'repost')) posted.push(id);
    if (r.done && r.step === 'update') updated.push(id);
    if (r.written?.state === 'resolved') resolved.push(id);
  }
  const report = { firing: [...firing.keys()], posted, updated, resolved };
  if (posted.length + resolved.length > 0) ctx.log.info(report, 'sync-health look');
  return report;
};

/** A look in the background, never two at once in this process; errors are logged, never thrown. */
export const watchSoon = (ctx: AppContext, delayMs = 0): void => {
  if (ctx.alertSettings === null) return;
  ctx.background.once('alerts-look', delayMs, async () => {
    try {
      await watchOnce(ctx);
    } catch (e) {
      ctx.log.warn({ err: e }, 'sync-health look failed');
    }
  });
};
