import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../../config/logger.ts';
import { loadConfig } from '../../../config/config.ts';
import { resolveBotAuth } from '../../../bot/auth.ts';
import { startBotServer, type BotServer } from '../../../bot/server.ts';
import { createWorld } from '../../fakes/world.ts';
import { testWorkflow } from '../../fakes/workflow.ts';

// App and tenant ids are GUIDs: configuration refuses anything else.
const APP = '00000000-0000-0000-0000-00000000000a';
const TENANT = '11111111-1111-1111-1111-111111111111';
const envOf = (vars: Record<string, string>) => loadConfig(vars).env;
const log = createLogger({ level: 'silent' });
let server: BotServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('bot authentication modes', () => {
  it('local mode needs loopback and no app id; both refusals say why', () => {
    expect(resolveBotAuth(envOf({ HM_LOCAL_MODE: 'true' }))).toMatchObject({
      mode: 'local',
      host: '127.0.0.1',
    });
    expect(() => resolveBotAuth(envOf({ HM_LOCAL_MODE: 'true', BOT_HOST: '0.0.0.0' }))).toThrow(
      /only listens on loopback.*BOT_HOST is 0\.0\.0\.0/,
    );
    expect(() => resolveBotAuth(envOf({ HM_LOCAL_MODE: 'true', BOT_HOST: '10.1.2.3' }))).toThrow(
      /CONFIG|loopback/,
    );
    expect(() => resolveBotAuth(envOf({ HM_LOCAL_MODE: 'true', MICROSOFT_APP_ID: APP }))).toThrow(
      /cannot be combined with MICROSOFT_APP_ID/,
    );
  });

  it('without local mode an app id, a tenant and a secret are required', () => {
    expect(() => resolveBotAuth(envOf({}))).toThrow(/MICROSOFT_APP_ID: required/);
    expect(() => resolveBotAuth(envOf({ MICROSOFT_APP_ID: APP }))).toThrow(
      /MICROSOFT_APP_TENANT_ID: required/,
    );
    expect(() => resolveBotAuth(envOf({ MICROSOFT_APP_ID: APP, MICROSOFT_APP_TENANT_ID: TENANT }))).toThrow(
      /MICROSOFT_APP_PASSWORD/,
    );
    expect(
      resolveBotAuth(
        envOf({
          MICROSOFT_APP_ID: APP,
          MICROSOFT_APP_TENANT_ID: TENANT,
          MICROSOFT_APP_TYPE: 'UserAssignedMSI',
        }),
      ),
    ).toMatchObject({ mode: 'authenticated', appId: APP, tenantId: TENANT });
  });
});

describe('bot server', () => {
  const message = {
    type: 'message',
    text: 'help',
    channelId: 'msteams',
    id: '1',
    serviceUrl: 'http://127.0.0.1:9/',
    from: { id: 'u' },
    recipient: { id: 'b' },
    conversation: { id: 'c' },
  };

  it('with an app id, an unauthenticated POST /api/messages gets 401 and /healthz answers', async () => {
    const auth = resolveBotAuth(
      envOf({
        MICROSOFT_APP_ID: '00000000-0000-0000-0000-00000000000a',
        MICROSOFT_APP_PASSWORD: 'x',
        MICROSOFT_APP_TENANT_ID: '11111111-1111-1111-1111-111111111111',
      }),
    );
    server = await startBotServer({
      auth: { ...auth, host: '127.0.0.1' },
      port: 0,
      workflow: testWorkflow(createWorld().deps),
      log,
    });
    const res = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(message),
    });
    expect(res.status).toBe(401);
    const forged = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJhdWQiOiJ4In0.',
      },
      body: JSON.stringify(message),
    });
    expect(forged.status).toBe(401);
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({
      status: 'ok',
      mode: 'authenticated',
    });
  });

  it('local mode answers without a token, refuses another tenant, and listens on loopback only', async () => {
    server = await startBotServer({
      auth: { mode: 'local', host: '127.0.0.1', tenantId: 'aaaa' },
      port: 0,
      workflow: testWorkflow(createWorld().deps),
      log,
    });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const invoke = {
      ...message,
      type: 'invoke',
      name: 'application/search',
      value: { dataset: 'hm.ad-users', queryText: 'j' },
    };
    const foreign = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...invoke, channelData: { tenant: { id: 'bbbb' } } }),
    });
    expect(foreign.status).toBe(403);
    const own = await fetch(`${server.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...invoke, channelData: { tenant: { id: 'aaaa' } } }),
    });
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ type: 'application/vnd.microsoft.search.searchResponse' });
  });
});
