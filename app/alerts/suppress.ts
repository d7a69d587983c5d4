/**
 * Snooze (1 hour, 1 day, or until the situation changes) and Mute this kind, from an alert's card. For
 * members of the approvers group only, checked against Entra at the click, like an approval - never on
 * card data. Each is audited; the answer is the alert's card as it is now (it replaces the clicked one),
 * and every other card that the change affects is updated in place.
 */
import { nameOf } from '../../core/approvals/request-service.ts';
import { alertView, viewDigest, type AlertRecord, type Mute } from '../../core/alerts/lifecycle.ts';
import { DomainError } from '../../core/errors.ts';
import type { AppContext } from '../context.ts';
import type { CardJson, Origin } from '../ports.ts';

export type SnoozeSpan = '1h' | '1d' | 'changed';

const SPAN_MS: Readonly<Record<Exclude<SnoozeSpan, 'changed'>, number>> = {
  '1h': 3_600_000,
  '1d': 86_400_000,
};

const requireApprover = async (ctx: AppContext, origin: Origin, what: string): Promise<void> => {
  if (!(await ctx.membership.membershipOf(origin.actor)).isApprover)
    throw new DomainError('APPROVAL.NOT_ALLOWED', `Only members of the approvers group can ${what}.`);
};

const requireAlert = async (ctx: AppContext, alertId: string): Promise<AlertRecord> => {
  const r = await ctx.alerts.get(alertId);
  if (r === null) throw new DomainError('ALERT.NOT_FOUND', 'This alert is not known (any more).');
  return r;
};

/** The card of `record` as it is now; the clicked card (replaced by this answer) counts as shown. */
const answer = async (
  ctx: AppContext,
  origin: Origin,
  record: AlertRecord,
  mute: Mute | null,
): Promise<CardJson> => {
  const view = alertView(record, mute);
  if (record.post !== null && record.post.postId !== null && record.post.postId === origin.postId)
    await ctx.alerts.update(record.id, (cur) => (cur === null ? null : { ...cur, shown: viewDigest(view) }));
  return ctx.render.alert(view);
};

const audit = (ctx: AppContext, origin: Origin, action: string, target: string, message: string) =>
  ctx.audit.append({
    action,
    actor: origin.actor.id,
    ...nameOf(origin.actor),
    requestId: origin.correlationId,
    target,
    outcome: 'ok',
    message,
  });

export const snoozeAlert = async (
  ctx: AppContext,
  origin: Origin,
  alertId: string,
  span: SnoozeSpan,
): Promise<CardJson> => {
  await requireApprover(ctx, origin, 'snooze alerts');
  const now = ctx.clock.now();
  const by = { id: origin.actor.id, name: origin.actor.name };
  const written = await ctx.alerts.update(alertId, (cur) =>
    cur === null || cur.state !== 'open'
      ? null
      : {
          ...cur,
          snooze: {
            until: span === 'changed' ? null : new Date(now.getTime() + SPAN_MS[span]).toISOString(),
            signature: span === 'changed' ? cur.value.signature : null,
            by,
            at: now.toISOString(),
          },
        },
  );
  const record = written ?? (await requireAlert(ctx, alertId));
  const mute = (await ctx.alerts.mutes())[record.kind] ?? null;
  if (written === null) return ctx.render.alert(alertView(record, mute));
  await audit(
    ctx,
    origin,
    'alert.snoozed',
    alertId,
    span === 'changed' ? 'Snoozed until it changes.' : `Snoozed for ${span}.`,
  );
  return answer(ctx, origin, record, mute);
};

/** Mute (or unmute) the clicked alert's kind, and update every open card of that kind. */
export const muteAlertKind = async (
  ctx: AppContext,
  origin: Origin,
  alertId: string,
  muted: boolean,
): Promise<CardJson> => {
  await requireApprover(ctx, origin, muted ? 'mute alerts' : 'unmute alerts');
  const record = await requireAlert(ctx, alertId);
  const mute: Mute | null = muted
    ? { by: { id: origin.actor.id, name: origin.actor.name }, at: ctx.clock.now().toISOString() }
    : null;
  await ctx.alerts.setMute(record.kind, mute);
  await audit(
    ctx,
    origin,
    muted ? 'alert.muted' : 'alert.unmuted',
    record.kind,
    `${muted ? 'Muted' : 'Unmuted'} alerts of kind ${record.kind}.`,
  );
  for (const other of await ctx.alerts.open()) {
    if (other.kind !== record.kind || other.id === record.id || other.post?.postId == null) continue;
    const view = alertView(other, mute);
    try {
      await ctx.notifier.update(other.post.conversationId, other.post.postId, ctx.render.alert(view));
      await ctx.alerts.update(other.id, (cur) => (cur === null ? null : { ...cur, shown: viewDigest(view) }));
    } catch (e) {
      ctx.log.warn({ err: e, alertId: other.id }, 'could not update an alert card after a mute');
    }
  }
  return answer(ctx, origin, (await ctx.alerts.get(alertId)) ?? record, mute);
};

/**
 * Put `note` on the open alert whose card was clicked (a restart requested from it) and return that
 * card; null when the click was not on an open alert's card.
 */
export const noteOnClickedAlert = async (
  ctx: AppContext,
  origin: Origin,
  note: string,
): Promise<CardJson | null> => {
  if (origin.postId === null) return null;
  const clicked = (await ctx.alerts.open()).find((r) => r.post?.postId === origin.postId);
  if (clicked === undefined) return null;
  const written = await ctx.alerts.update(clicked.id, (cur) =>
    cur === null || cur.state !== 'open' ? null : { ...cur, note },
  );
  const mute = (await ctx.alerts.mutes())[clicked.kind] ?? null;
  return answer(ctx, origin, written ?? clicked, mute);
};
