import type { Middleware, TurnContext } from 'botbuilder';
import type { Logger } from '../config/logger.ts';
import { correlationIdOf } from './correlation.ts';

/**
 * One structured log line per turn with its correlation id, the activity kind and the time it took:
 * the line an operator finds from the correlation id on an error card. Never the message text.
 */
export const turnLog = (log: Logger): Middleware => ({
  onTurn: async (context: TurnContext, next: () => Promise<void>): Promise<void> => {
    const t0 = performance.now();
    const a = context.activity;
    try {
      await next();
    } finally {
      log.info(
        {
          correlationId: correlationIdOf(context),
          type: a.type,
          name: a.name,
          conversationType: a.conversation?.conversationType,
          ms: Math.round(performance.now() - t0),
        },
        'turn',
      );
    }
  },
});
