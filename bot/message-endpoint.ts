/**
 * POST /api/messages, in the order that costs an outsider the least: the Authorization header must be
 * there (401 before a byte of the body is read), the body is read by http-body.ts (415 / 413), checked
 * by activity-schema.ts (400), and only then handed to the adapter, whose JWT validation decides.
 * Every refusal is one small JSON answer and one structured log line (never a stack trace); anything
 * unexpected is a 500 with a generic message, so no single request can stop the process.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Activity, InvokeResponse, TurnContext } from 'botbuilder';
import { TeamsAdapter } from '@microsoft/teams-ai';
import type { Logger } from '../config/logger.ts';
import { checkActivity } from './activity-schema.ts';
import { discardBody, readJsonBody, type BodyLimits } from './http-body.ts';
import { firstLine, withLibraryConsole } from './library-console.ts';

/** TeamsAdapter with the adapter's own activity entry point, so the edge owns the HTTP answer. */
export class EdgeAdapter extends TeamsAdapter {
  handle(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export interface MessageEndpointOptions {
  readonly adapter: EdgeAdapter;
  readonly authenticated: boolean;
  readonly limits: BodyLimits;
  readonly log: Logger;
  readonly logic: (context: TurnContext) => Promise<void>;
}

/** jsonwebtoken's errors (rethrown as they are by botframework-connector) and its AuthenticationError. */
const isAuthenticationFailure = (e: unknown): boolean => {
  if (!(e instanceof Error)) return false;
  if (['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError'].includes(e.name)) return true;
  const status = (e as { statusCode?: unknown }).statusCode;
  return e.constructor.name === 'AuthenticationError' || status === 401 || status === 403;
};

const answer = (res: ServerResponse, status: number, body: unknown, close = false): void => {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(text === '' ? {} : { 'content-type': 'application/json; charset=utf-8' }),
    'content-length': Buffer.byteLength(text),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(text);
};

const errorBody = (code: string, message: string) => ({ error: { code, message } });

export const createMessageEndpoint = (o: MessageEndpointOptions) => {
  const refuse = (
    req: IncomingMessage,
    res: ServerResponse,
    r: { status: number; code: string; message: string; reason?: string; close?: boolean },
  ): void => {
    o.log.warn(
      { status: r.status, code: r.code, reason: r.reason ?? r.message, remote: req.socket.remoteAddress },
      'request refused',
    );
    answer(res, r.status, errorBody(r.code, r.message), r.close === true);
  };
  const unauthorized = { status: 401, code: 'UNAUTHORIZED', message: 'The request is not authenticated.' };

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const authHeader = req.headers.authorization ?? '';
      if (o.authenticated && !/^Bearer [^\s]+$/.test(authHeader)) {
        const whole = await discardBody(req, o.limits.drainBytes);
        return refuse(req, res, { ...unauthorized, reason: 'no Bearer token', close: !whole });
      }
      const body = await readJsonBody(req, o.limits);
      if (!body.ok) return refuse(req, res, body);
      const checked = checkActivity(body.text);
      if (!checked.ok)
        return refuse(req, res, { status: 400, code: 'INPUT.INVALID', message: checked.message });
      const activity = checked.activity as unknown as Activity;
      const invoke = await withLibraryConsole(
        (level, text) =>
          o.log.debug({ library: 'botbuilder', level, text: firstLine(text) }, 'library output'),
        () => o.adapter.handle(o.authenticated ? authHeader : '', activity, o.logic),
      );
      answer(res, invoke?.status ?? 200, invoke?.body);
    } catch (e) {
      if (isAuthenticationFailure(e))
        return refuse(req, res, { ...unauthorized, reason: `token refused: ${(e as Error).message}` });
      o.log.error({ err: e }, 'request failed');
      if (!res.headersSent) answer(res, 500, errorBody('INTERNAL', 'The bot could not handle this request.'));
    }
  };
};
