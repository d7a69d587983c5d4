/**
 * Errors are shown here and nowhere else (CONVENTIONS.md rule 8). A known DomainError shows its message,
 * code and the correlation id; an outage shows which system cannot be reached; anything else shows a
 * generic message - never the exception's text, which may carry internals. Invoke activities get an
 * `application/vnd.microsoft.error` invoke response instead of a message.
 */
import { ActivityTypes, CardFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { isDomainError, type ErrorCode } from '../core/errors.ts';
import type { Logger } from '../config/logger.ts';
import { renderProblemCard, type ProblemView } from '../cards/problem-card.ts';
import { correlationIdOf } from './correlation.ts';

interface Outage {
  readonly title: string;
  readonly hint: string;
}

const AD: Outage = {
  title: "Can't reach Active Directory",
  hint: 'The domain controller did not answer. Nothing was changed. Try again in a minute; if it persists, ask an operator to check the LDAP connection.',
};
const CLOUD: Outage = {
  title: "Can't reach Microsoft Entra ID",
  hint: 'Microsoft Graph did not answer. Nothing was changed. Try again in a minute.',
};
const RELAY: Outage = {
  title: "Can't reach the relay agent on the Entra Connect server",
  hint: 'The relay agent did not answer. Nothing was changed. Ask an operator to check that the agent service is running.',
};

const OUTAGES: Partial<Record<ErrorCode, Outage>> = {
  'AD.UNAVAILABLE': AD,
  'AD.TIMEOUT': AD,
  'AD.BUSY': AD,
  'AD.INVALID_CREDENTIALS': {
    ...AD,
    hint: 'The bot could not sign in to AD. Ask an operator to check its LDAP account.',
  },
  'CLOUD.UNAVAILABLE': CLOUD,
  'CLOUD.THROTTLED': {
    ...CLOUD,
    hint: 'Microsoft Graph is throttling requests. Nothing was changed. Try again in a minute.',
  },
  'CLOUD.UNAUTHORIZED': {
    ...CLOUD,
    hint: "Graph refused the bot's credentials. Ask an operator to check the app registration.",
  },
  'RELAY.UNAVAILABLE': RELAY,
  'RELAY.TIMEOUT': RELAY,
  'RELAY.UNAUTHORIZED': {
    ...RELAY,
    hint: 'The relay agent refused the bot. Ask an operator to check RELAY_KEY on both sides.',
  },
  'STORE.UNAVAILABLE': { title: "Can't reach the bot's storage", hint: 'Try again in a minute.' },
};

/** What the person sees for `error`. Pure: used by the turn error handler and tests. */
export const describeError = (error: unknown, correlationId: string): ProblemView => {
  if (!isDomainError(error))
    return {
      title: 'Something went wrong',
      message: 'An unexpected error stopped this request. Nothing was changed.',
      hint: 'Try again; if it happens again, give the correlation id to an administrator.',
      code: 'INTERNAL',
      correlationId,
      requestId: null,
      style: 'attention',
    };
  const outage = OUTAGES[error.code];
  return {
    title: outage?.title ?? "That didn't work",
    message: error.message,
    hint: outage?.hint ?? '',
    code: error.code,
    correlationId,
    // The relay's request id is our correlation id: show it once.
    requestId: error.requestId === undefined || error.requestId === correlationId ? null : error.requestId,
    style: outage === undefined ? 'attention' : 'warning',
  };
};

/** HTTP-like status for an invoke error response. */
const statusOf = (error: unknown): number => {
  if (!isDomainError(error)) return 500;
  if (error.code === 'INPUT.INVALID' || error.code === 'IMMUTABLE_ID.INVALID') return 400;
  if (error.code.endsWith('.NOT_FOUND') || error.code === 'AD.NO_SUCH_OBJECT') return 404;
  return OUTAGES[error.code] === undefined ? 400 : 503;
};

/**
 * An invoke answered with an error the client shows: HTTP 200 carrying `application/vnd.microsoft.error`
 * and the status in the body, the Universal Actions form (Teams' "Universal Actions for Adaptive Cards"
 * response format), which Data.Query search answers use too.
 */
const invokeError = (statusCode: number, code: string, message: string): Partial<Activity> => ({
  type: ActivityTypes.InvokeResponse,
  value: {
    status: 200,
    body: { statusCode, type: 'application/vnd.microsoft.error', value: { code, message } },
  },
});

/** Names and verbs from outside, quoted in a message: short, and one line. */
const quoted = (value: unknown): string =>
  typeof value === 'string' ? `'${value.replace(/\s+/g, ' ').slice(0, 80)}'` : '(none)';

/**
 * The answer to an invoke no route took (botbuilder would send 501 with no body): a button of another
 * card or an older version, a data set or an invoke name this bot does not have. Nothing was run.
 */
export const answerUnhandledInvoke = async (context: TurnContext, log: Logger): Promise<void> => {
  const a = context.activity;
  if (a.type !== 'invoke') return;
  const verb = (a.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
  const dataset = (a.value as { dataset?: unknown } | undefined)?.dataset;
  log.warn({ correlationId: correlationIdOf(context), invoke: a.name, verb, dataset }, 'invoke not handled');
  if (a.name === 'adaptiveCard/action')
    return void (await context.sendActivity(
      invokeError(
        400,
        'INPUT.INVALID',
        `This button (${quoted(verb)}) is not one this bot knows. Nothing was changed.`,
      ),
    ));
  if (a.name === 'application/search')
    return void (await context.sendActivity(
      invokeError(400, 'INPUT.INVALID', `This bot has no search data set ${quoted(dataset)}.`),
    ));
  await context.sendActivity({
    type: ActivityTypes.InvokeResponse,
    value: {
      status: 501,
      body: {
        error: { code: 'NOT_IMPLEMENTED', message: `This bot does not handle the invoke ${quoted(a.name)}.` },
      },
    },
  });
};

/** The adapter's onTurnError: log with the correlation id, then tell the person in the right form. */
export const createTurnErrorHandler =
  (log: Logger) =>
  async (context: TurnContext, error: unknown): Promise<void> => {
    const correlationId = correlationIdOf(context);
    const view = describeError(error, correlationId);
    // A domain error is an expected refusal: its code and message, no stack. Anything else in full.
    if (isDomainError(error))
      log.warn(
        { code: error.code, message: error.message, correlationId, activityType: context.activity.type },
        'turn failed',
      );
    else log.error({ err: error, correlationId, activityType: context.activity.type }, 'turn failed');
    try {
      if (context.activity.type === 'message') {
        await context.sendActivity(
          MessageFactory.attachment(CardFactory.adaptiveCard(renderProblemCard(view))),
        );
      } else if (context.activity.type === 'invoke') {
        await context.sendActivity(
          invokeError(
            statusOf(error),
            view.code,
            `${view.title}: ${view.message} (correlation id ${correlationId})`,
          ),
        );
      }
      // Other activities (conversation updates, reactions) get no reply: nobody is waiting for one.
    } catch (sendError) {
      log.error({ err: sendError, correlationId }, 'could not report the error to the user');
    }
  };
