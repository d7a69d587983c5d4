/**
 * Drives the real teams-ai Application through botbuilder's TestAdapter with the hand-written port fakes:
 * messages, Action.Submit, Action.Execute and Data.Query invokes as Teams sends them.
 */
import { ActivityTypes, TestAdapter, type Activity } from 'botbuilder';
import { createLogger } from '../../../config/logger.ts';
import { createApp } from '../../../bot/app.ts';
import { createTurnErrorHandler } from '../../../bot/errors.ts';
import { tenantGuard } from '../../../bot/tenant-guard.ts';
import { createWorld, type World } from '../../fakes/world.ts';
import { testRuntime } from '../../fakes/workflow.ts';

export const TENANT = '11111111-1111-1111-1111-111111111111';

export interface Harness extends World {
  readonly adapter: TestAdapter;
  /** Send a message (text or Action.Submit value); returns what the bot sent. */
  send(text: string, extra?: Partial<Activity>): Promise<Partial<Activity>[]>;
  submit(value: Record<string, unknown>): Promise<Partial<Activity>[]>;
  /** Action.Execute; returns the invoke response body. */
  execute(verb: string, data: Record<string, unknown>, extra?: Partial<Activity>): Promise<InvokeBody>;
  /** Data.Query; returns the invoke response body. */
  search(dataset: string, queryText: string, data?: Record<string, unknown>): Promise<InvokeBody>;
}

/** A card element or action, loosely typed for assertions. */
export interface CardNode {
  readonly type?: string;
  readonly id?: string;
  readonly value?: string;
  readonly title?: string;
  readonly verb?: string;
  readonly style?: string;
  readonly data?: Record<string, unknown>;
  readonly choices?: { title: string; value: string }[];
  readonly 'choices.data'?: { dataset: string };
}

export interface CardJson {
  readonly body: CardNode[];
  readonly actions: CardNode[];
}

export interface InvokeBody {
  readonly statusCode?: number;
  readonly type?: string;
  readonly value?: any;
}

const base = (conversationId: string): Partial<Activity> => ({
  channelId: 'msteams',
  from: { id: '29:requester', name: 'Rita Requester', aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000001' },
  recipient: { id: '28:bot', name: 'Hard Match' },
  conversation: {
    id: conversationId,
    isGroup: false,
    conversationType: 'personal',
    tenantId: TENANT,
    name: '',
  },
  channelData: { tenant: { id: TENANT } },
  serviceUrl: 'http://127.0.0.1:1/',
});

export const createHarness = (options: { conversationId?: string; world?: World } = {}): Harness => {
  const world = options.world ?? createWorld();
  const log = createLogger({ level: 'silent' });
  const { runtime } = testRuntime(world.deps);
  const app = createApp(runtime.ctx, { typing: false, localMode: false, tenantId: TENANT });
  const adapter = new TestAdapter(async (context) => {
    await app.run(context);
  });
  adapter.onTurnError = createTurnErrorHandler(log);
  adapter.use(tenantGuard(TENANT, log));
  const conv = options.conversationId ?? 'a:personal';

  const run = async (activity: Partial<Activity>): Promise<Partial<Activity>[]> => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({ ...base(conv), ...activity });
    return adapter.activeQueue.splice(0).filter((a) => a.type !== ActivityTypes.Typing);
  };
  const invokeBody = (sent: Partial<Activity>[]): InvokeBody => {
    const r = sent.find((a) => a.type === ActivityTypes.InvokeResponse);
    if (r === undefined) throw new Error(`no invoke response; sent: ${JSON.stringify(sent)}`);
    return (r.value as { body: InvokeBody }).body;
  };

  return {
    ...world,
    adapter,
    send: (text, extra = {}) => run({ type: ActivityTypes.Message, text, ...extra }),
    submit: (value) => run({ type: ActivityTypes.Message, value }),
    execute: async (verb, data, extra = {}) =>
      invokeBody(
        await run({
          type: ActivityTypes.Invoke,
          name: 'adaptiveCard/action',
          value: { action: { type: 'Action.Execute', verb, data } },
          ...extra,
        }),
      ),
    search: async (dataset, queryText, data) =>
      invokeBody(
        await run({
          type: ActivityTypes.Invoke,
          name: 'application/search',
          value: {
            kind: 'search',
            queryText,
            queryOptions: { skip: 0, top: 15 },
            dataset,
            ...(data === undefined ? {} : { data }),
          },
        }),
      ),
  };
};

/** The Adaptive Card of a sent message activity. */
export const cardOf = (a: Partial<Activity> | undefined): CardJson => {
  const att = a?.attachments?.[0];
  if (att?.contentType !== 'application/vnd.microsoft.card.adaptive')
    throw new Error(`not a card: ${JSON.stringify(a)}`);
  return att.content as CardJson;
};

/**
 * Every text of a card (TextBlocks, facts, choices, action titles) joined, for assertions: as a person
 * reads it, so the backslash escapes that keep card text from being markdown (cards/plain-text.ts) are
 * taken out again.
 */
export const textOf = (card: unknown): string => {
  const out: string[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) n.forEach(walk);
    else if (n !== null && typeof n === 'object') {
      const o = n as Record<string, unknown>;
      for (const k of ['text', 'title', 'value', 'label']) if (typeof o[k] === 'string') out.push(o[k]);
      Object.values(o).forEach(walk);
    }
  };
  walk(card);
  return out.join('\n').replace(/\\([!-/:-@[-`{-~])/g, '$1');
};
