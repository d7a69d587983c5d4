/**
 * The bot's full HTTP loop in local mode, as the Agents Playground uses it: an activity POSTed to
 * /api/messages without a token, and the reply POSTed back to the activity's serviceUrl (a stand-in
 * connector here). Invoke responses come back in the HTTP response itself.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../config/logger.ts';
import { startBotServer, type BotServer } from '../../../bot/server.ts';
import { VERBS } from '../../../cards/verbs.ts';
import { BOB_CLOUD, BOB_GUID, createWorld } from '../../fakes/world.ts';
import { testWorkflow } from '../../fakes/workflow.ts';

const TENANT = 'aaaaaaaa-1111-2222-3333-444444444444';
let connector: Server;
let connectorUrl: string;
let bot: BotServer;
const received: { url: string; body: any }[] = [];

beforeAll(async () => {
  connector = createServer((req, res) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', body: data === '' ? null : JSON.parse(data) });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: `r${received.length}` }));
    });
  });
  await new Promise<void>((r) => connector.listen(0, '127.0.0.1', () => r()));
  connectorUrl = `http://127.0.0.1:${(connector.address() as AddressInfo).port}/`;
  bot = await startBotServer({
    auth: { mode: 'local', host: '127.0.0.1', tenantId: TENANT },
    port: 0,
    workflow: testWorkflow(createWorld().deps),
    log: createLogger({ level: 'silent' }),
  });
});

afterAll(async () => {
  await bot.close();
  await new Promise<void>((r) => connector.close(() => r()));
});

const activity = (extra: Record<string, unknown>) => ({
  channelId: 'msteams',
  serviceUrl: connectorUrl,
  id: `in-${Math.random()}`,
  from: { id: '29:helpdesk', name: 'Helpdesk Harry' },
  recipient: { id: '28:bot', name: 'Hard Match' },
  conversation: { id: 'a:personal', conversationType: 'personal', tenantId: TENANT },
  channelData: { tenant: { id: TENANT } },
  ...extra,
});

const post = (body: unknown) =>
  fetch(`${bot.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-ms-agents-playground': 'true' },
    body: JSON.stringify(body),
  });

describe('local mode over HTTP', () => {
  it('a message gets its card posted back to the serviceUrl', async () => {
    received.length = 0;
    const res = await post(activity({ type: 'message', text: 'help' }));
    expect(res.status).toBe(200);
    const reply = received.find((r) => r.body?.type === 'message');
    expect(reply?.url).toMatch(/^\/v3\/conversations\/a%3Apersonal\/activities\//);
    expect(reply?.body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(reply?.body.attachments[0].content)).toContain('sync status');
  });

  it('Action.Execute answers with the next card in the HTTP response', async () => {
    received.length = 0;
    await post(activity({ type: 'message', text: `link ${BOB_GUID}` }));
    const sessionId = JSON.stringify(received.at(-1)?.body).match(/"sessionId":"([^"]+)"/)?.[1];
    expect(sessionId).toBeDefined();
    const res = await post(
      activity({
        type: 'invoke',
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: VERBS.linkReview,
            data: { sessionId, adUser: BOB_GUID, cloudUser: BOB_CLOUD },
          },
        },
      }),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: string; value: unknown };
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain('Review: Bob Lee');
  });
});
