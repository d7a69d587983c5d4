import { randomUUID } from 'node:crypto';
import type { TurnContext } from 'botbuilder';

const KEY = Symbol('hm.correlationId');

/** The turn's correlation id: in every log line of the turn, on error cards and in relay audit. */
export const correlationIdOf = (context: TurnContext): string => {
  const existing: unknown = context.turnState.get(KEY);
  if (typeof existing === 'string') return existing;
  const id = randomUUID();
  context.turnState.set(KEY, id);
  return id;
};
