/** The sync-health alerts in chat: `alerts`, and the restart button of the heartbeat alert. */
import { noteOnClickedAlert } from '../app/alerts/suppress.ts';
import { alertsOverview } from '../app/alerts/overview.ts';
import type { AppContext } from '../app/context.ts';
import { requestSyncRestart, RESTART_INTERVAL_MS } from '../app/sync-restart.ts';
import { renderAlertsCard } from '../cards/alerts-card.ts';
import { formatTime } from '../cards/format.ts';
import { renderNoticeCard } from '../cards/notice-card.ts';
import type { AdaptiveCardJson } from '../cards/render.ts';
import type { Turn } from './turn.ts';

export const showAlerts = async (ctx: AppContext, turn: Turn): Promise<AdaptiveCardJson> =>
  renderAlertsCard(await alertsOverview(ctx.alerts, ctx.alertSettings), turn.conversationId);

/** Restart sync service: the answer replaces the clicked alert card (with a note), or is a notice. */
export const restartSync = async (ctx: AppContext, turn: Turn): Promise<AdaptiveCardJson> => {
  const r = await requestSyncRestart(ctx, turn);
  const note =
    r.kind === 'started'
      ? `Restart requested by ${turn.actor.name} at ${formatTime(ctx.clock.now().toISOString())}: the outcome follows in this conversation.`
      : `Not restarted: the sync service was restarted less than ${RESTART_INTERVAL_MS / 60_000} minutes ago. Try again in ${r.waitSeconds} s.`;
  return (
    (await noteOnClickedAlert(ctx, turn, note)) ??
    renderNoticeCard(
      r.kind === 'started' ? 'Restarting the sync service' : 'Sync service not restarted',
      note,
    )
  );
};
