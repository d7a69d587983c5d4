/**
 * Who acts and where, from the activity: the one place the edge turns Bot Framework's activity into the
 * plain Origin the dialogs and use cases take. Ids are normalised here once.
 */
import type { TurnContext } from 'botbuilder';
import type { Origin, TeamsPerson } from '../app/ports.ts';
import { DomainError } from '../core/errors.ts';
import { correlationIdOf } from './correlation.ts';

/**
 * An Entra object id in the one form the product compares: trimmed, lower case. Teams sends them in
 * lower case, but a crafted activity could send ` <id> ` or upper case to pass for someone else.
 */
export const normaliseObjectId = (id: string): string => id.trim().toLowerCase();

/**
 * The acting person: the Entra object id Teams puts on every activity. Only in local mode (the
 * Playground without its own ids) does the channel's user id stand in for it.
 */
export const actorOf = (context: TurnContext, localMode: boolean): TeamsPerson => {
  const from = context.activity.from;
  const raw =
    typeof from.aadObjectId === 'string' && from.aadObjectId.trim() !== '' ? from.aadObjectId : undefined;
  const id = raw ?? (localMode && typeof from.id === 'string' ? from.id : undefined);
  if (id === undefined || id.trim() === '')
    throw new DomainError('APPROVAL.NOT_ALLOWED', 'Teams did not say who you are, so I cannot act on this.');
  const normal = normaliseObjectId(id);
  return {
    id: normal,
    name: typeof from.name === 'string' && from.name !== '' ? from.name : normal,
    teamsId: from.id,
  };
};

/**
 * The turn as the dialogs see it. `tenantId` is the tenant the guard accepted (configuration), never the
 * activity's own field, so leaving it out cannot move a rate limit to another bucket.
 */
export const originOf = (context: TurnContext, localMode: boolean, tenantId: string): Origin => ({
  correlationId: correlationIdOf(context),
  actor: actorOf(context, localMode),
  conversationId: context.activity.conversation.id,
  postId: context.activity.replyToId ?? null,
  tenantId,
});
