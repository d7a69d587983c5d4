/**
 * Single tenant: activities from any other tenant are refused before any route runs. The tenant comes
 * from the activity, which Bot Framework authentication has already vouched for.
 */
import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import type { Logger } from '../config/logger.ts';

/** The activity's tenant id: Teams puts it in channelData.tenant.id and conversation.tenantId. */
export const tenantOf = (context: TurnContext): string | null => {
  const channelData = context.activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = channelData?.tenant?.id ?? context.activity.conversation?.tenantId;
  return typeof id === 'string' && id !== '' ? id.toLowerCase() : null;
};

export const tenantGuard = (expectedTenantId: string, log: Logger): Middleware => ({
  onTurn: async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    const tenant = tenantOf(context);
    if (tenant === expectedTenantId.toLowerCase()) return next();
    log.warn({ tenant, activityType: context.activity.type }, 'activity from another tenant refused');
    // No message to a foreign tenant; an invoke still needs an answer, and it is a refusal.
    if (context.activity.type === 'invoke')
      await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 403 } });
  },
});
