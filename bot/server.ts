/**
 * The HTTP edge: restify with POST /api/messages (Bot Framework) and GET /healthz. Authentication is as
 * resolved by auth.ts; local mode additionally checks, after listening, that the socket is loopback.
 */
import type { AddressInfo } from 'node:net';
import restify from 'restify';
import type { TeamsAdapter } from '@microsoft/teams-ai';
import { createRuntime, type Runtime } from '../app/runtime.ts';
import { conversationRepository } from '../app/repositories/conversations.ts';
import { CARD_RENDERER } from '../cards/renderer.ts';
import type { Logger } from '../config/logger.ts';
import { DomainError } from '../core/errors.ts';
import { createApp } from './app.ts';
import { isLoopbackHost, type BotAuth } from './auth.ts';
import type { WorkflowInput } from './compose.ts';
import { conversationBook } from './conversations.ts';
import { createNotifier } from './notifier.ts';
import { answerUnhandledInvoke, createTurnErrorHandler } from './errors.ts';
import { createMessageEndpoint, EdgeAdapter } from './message-endpoint.ts';
import { tenantGuard } from './tenant-guard.ts';
import { turnLog } from './turn-log.ts';

export interface BotServerOptions {
  readonly auth: BotAuth;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** The ports, store and settings the workflow runs on (bot/compose.ts). */
  readonly workflow: WorkflowInput;
  readonly log: Logger;
  /**
   * Test seam, never set in production: the app-id check and the outbound token source of the adapter.
   * Unset, the adapter builds them from auth.options (MSAL against login.microsoftonline.com). Ignored in
   * local mode, so it cannot turn authentication on or off there.
   */
  readonly credentialsFactory?: ConstructorParameters<typeof TeamsAdapter>[1];
}

export interface BotServer {
  /** e.g. http://127.0.0.1:3978 */
  readonly url: string;
  readonly port: number;
  /** The workflow this server runs (tests wait on its background work). */
  readonly runtime: Runtime;
  close(): Promise<void>;
}

/** Bot Framework activities are small; Teams caps a message at about 28 KB. */
const MAX_BODY = 512 * 1024;

export const startBotServer = async (o: BotServerOptions): Promise<BotServer> => {
  const adapter =
    o.auth.mode === 'local' ? new EdgeAdapter({}) : new EdgeAdapter(o.auth.options, o.credentialsFactory);
  adapter.onTurnError = createTurnErrorHandler(o.log);
  adapter.use(turnLog(o.log));
  if (o.auth.tenantId !== null) adapter.use(tenantGuard(o.auth.tenantId, o.log));
  const botAppId = o.auth.mode === 'authenticated' ? o.auth.appId : '';
  const book = conversationBook(conversationRepository(o.workflow.store));
  const runtime = createRuntime({
    ...o.workflow,
    notifier: createNotifier(adapter, botAppId, book),
    render: CARD_RENDERER,
  });
  const app = createApp(runtime.ctx, {
    adapter,
    conversations: book,
    localMode: o.auth.mode === 'local',
    tenantId: o.auth.tenantId ?? 'default',
    ...(o.auth.mode === 'authenticated' ? { botAppId: o.auth.appId } : {}),
  });

  const server = restify.createServer({ name: 'hard-match', handleUncaughtExceptions: false });
  const messages = createMessageEndpoint({
    adapter,
    authenticated: o.auth.mode === 'authenticated',
    limits: { maxBytes: MAX_BODY, drainBytes: 4 * MAX_BODY },
    log: o.log,
    logic: async (context) => {
      if (!(await app.run(context))) await answerUnhandledInvoke(context, o.log);
    },
  });
  server.post('/api/messages', async (req: restify.Request, res: restify.Response) => messages(req, res));
  server.get('/healthz', (_req: restify.Request, res: restify.Response, next: restify.Next) => {
    res.send(200, { status: 'ok', mode: o.auth.mode });
    next();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.auth.host, () => resolve());
  });
  const address: AddressInfo = server.address();
  if (o.auth.mode === 'local' && !isLoopbackHost(address.address)) {
    server.close();
    throw new DomainError(
      'CONFIG.INVALID',
      `Local mode refused: listening on ${address.address}, not loopback.`,
    );
  }
  runtime.start();
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  o.log.info({ url: `http://${host}:${address.port}`, mode: o.auth.mode }, 'bot listening');
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    runtime,
    close: async () => {
      await runtime.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
      });
    },
  };
};
