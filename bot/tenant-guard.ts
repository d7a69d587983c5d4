/**
 * Single tenant, Teams only: activities from any other tenant or any other channel are refused before any
 * route runs. The tenant comes from the activity, which Bot Framework authentication has vouched for only
 * as far as the channel does: Teams sets it, but the other channels of the same Azure Bot (Web Chat and
 * Direct Line are on by default) carry genuine tokens and pass the client's own channelData through.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../config/logger.ts';

/**
 * The activity's tenant id: Teams puts it in channelData.tenant.id and conversation.tenantId. Null when
 * neither is a non-empty string, or when both are present and disagree (Teams never sends that).
 */
export const tenantOf = (context: TurnContext): string | null => {
  const channelData = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const present = [channelData?.tenant?.id, context.activity.conversation?.tenantId].filter(
    (id) => id !== undefined && id !== null,
  );
  const ids = new Set(present.map((id) => (typeof id === 'string' ? id.toLowerCase() : '')));
  const [id] = ids;
  return ids.size === 1 && id !== undefined && id !== '' ? id : null;
};

/** botbuilder's Channels.Msteams, as a string: Activity.channelId is typed string. */
const TEAMS = 'msteams';

export const tenantGuard = (expectedTenantId: string, log: Logger): Middleware => ({
  onTurn: async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    const { channelId, type } = context.activity;
    const tenant = tenantOf(context);
    if (channelId === TEAMS && tenant === expectedTenantId.toLowerCase()) return next();
    log.warn({ tenant, channelId, activityType: type }, 'activity from another tenant or channel refused');
    // No message to a foreign tenant; an invoke still needs an answer, and it is a refusal.
    if (type === 'invoke')
      await context.sendActivity({
        type: ActivityTypes.InvokeResponse,
        value: {
          status: 403,
          body: { error: { code: 'FORBIDDEN', message: 'This bot answers only its own tenant, in Teams.' } },
        },
      });
  },
});
