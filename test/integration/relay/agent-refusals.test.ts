// Every request that is not authenticated, not allowed or not well-formed is refused with a clear JSON
// error and the right status - and the runner sees NO call.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OPERATIONS_PATH, signedHeaders } from '../../../relay/protocol.ts';
import { createWorld, type World } from './world.ts';
import { AGENT_ID, KEY, startHarness, type Harness } from './harness.ts';

let world: World;
let h: Harness;
beforeAll(async () => {
  world = createWorld();
  h = await startHarness(world.sim, { HM_RELAY_MAX_BODY_BYTES: '1024' });
});
afterAll(async () => {
  world.sim.close();
  await h.close();
});
beforeEach(() => {
  world.sim.calls.length = 0;
});

interface Send {
  op?: string;
  body?: string;
  signedBody?: string;
  key?: string;
  now?: Date;
  method?: string;
  drop?: string[];
  headers?: Record<string, string>;
  nonce?: string;
  path?: string;
}

const send = async (s: Send = {}) => {
  const path = s.path ?? `${OPERATIONS_PATH}/${s.op ?? 'scheduler-status'}`;
  const body = s.body ?? '{}';
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...signedHeaders({
      key: s.key ?? KEY,
      agentId: AGENT_ID,
      method: s.method ?? 'POST',
      path,
      body: s.signedBody ?? body,
      requestId: 'refusal-test',
      ...(s.now === undefined ? {} : { now: s.now }),
      ...(s.nonce === undefined ? {} : { nonce: s.nonce }),
    }),
    ...s.headers,
  };
  for (const d of s.drop ?? []) delete headers[d];
  const method = s.method ?? 'POST';
  const res = await fetch(`${h.agent.url}${path}`, {
    method,
    headers,
    ...(method === 'GET' || method === 'HEAD' ? {} : { body }),
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
};

describe('relay agent refusals (nothing runs)', () => {
  it('accepts a correctly signed request (the baseline the refusals differ from)', async () => {
    const ok = await send();
    expect(ok.status).toBe(200);
    expect(world.sim.calls).toHaveLength(1);
    world.sim.calls.length = 0;
  });

  it.each([
    ['wrong key', { key: 'w'.repeat(40) }, 401, 'RELAY.UNAUTHORIZED', /bad signature/],
    ['stale timestamp', { now: new Date(Date.now() - 6 * 60_000) }, 401, 'RELAY.UNAUTHORIZED', /stale/],
    ['future timestamp', { now: new Date(Date.now() + 6 * 60_000) }, 401, 'RELAY.UNAUTHORIZED', /stale/],
    [
      'tampered body',
      { op: 'run-results', signedBody: '{"count":1}', body: '{"count":50}' },
      401,
      'RELAY.UNAUTHORIZED',
      /digest/,
    ],
    [
      'missing signature',
      { drop: ['authorization'] },
      401,
      'RELAY.UNAUTHORIZED',
      /missing headers: authorization/,
    ],
    [
      'missing nonce and timestamp',
      { drop: ['x-hm-nonce', 'x-hm-timestamp'] },
      401,
      'RELAY.UNAUTHORIZED',
      /missing headers/,
    ],
    ['missing request id', { drop: ['x-hm-request-id'] }, 401, 'RELAY.UNAUTHORIZED', /x-hm-request-id/],
    [
      'unknown agent',
      { headers: { 'x-hm-agent': 'intruder' } },
      401,
      'RELAY.UNAUTHORIZED',
      /unknown agent|bad signature/,
    ],
    ['unknown operation', { op: 'invoke-expression' }, 404, 'RELAY.REFUSED', /allow-list/],
    ['unknown path', { path: '/v1/shell' }, 404, 'RELAY.REFUSED', /no such endpoint/],
    ['query string smuggling', { path: `${OPERATIONS_PATH}/delta-sync?x=1` }, 404, 'RELAY.REFUSED', /./],
    ['GET instead of POST', { method: 'GET' }, 405, 'RELAY.REFUSED', /POST/],
    [
      'oversized body',
      { op: 'single-object-sync', body: JSON.stringify({ distinguishedName: `CN=${'a'.repeat(2000)}` }) },
      413,
      'RELAY.REFUSED',
      /larger than 1024/,
    ],
    ['malformed JSON', { body: '{"count":' }, 400, 'INPUT.INVALID', /not valid JSON/],
    [
      'wrong content type',
      { headers: { 'content-type': 'text/plain' } },
      415,
      'INPUT.INVALID',
      /application\/json/,
    ],
    [
      'unexpected parameter',
      { op: 'delta-sync', body: '{"script":"Remove-Item C:\\\\"}' },
      400,
      'INPUT.INVALID',
      /script/,
    ],
    ['initial sync without confirm', { op: 'initial-sync', body: '{}' }, 400, 'INPUT.INVALID', /confirm/],
    ['count out of range', { op: 'run-results', body: '{"count":5000}' }, 400, 'INPUT.INVALID', /count/],
    [
      'DN with control characters',
      { op: 'single-object-sync', body: '{"distinguishedName":"CN=a\\n,DC=b"}' },
      400,
      'INPUT.INVALID',
      /control/,
    ],
  ] satisfies [string, Send, number, string, RegExp][])(
    '%s -> %i %s',
    async (_name, s, status, code, message) => {
      const res = await send(s);
      expect(res.status).toBe(status);
      expect(res.body.error?.code).toBe(code);
      expect(res.body.error?.message).toMatch(message);
      expect(world.sim.calls).toEqual([]);
    },
  );

  it('refuses a replayed request (same nonce) and runs the original only once', async () => {
    const nonce = 'replay-nonce-0123456789';
    expect((await send({ nonce })).status).toBe(200);
    const again = await send({ nonce });
    expect(again.status).toBe(401);
    expect(again.body.error?.message).toMatch(/replayed nonce/);
    expect(world.sim.calls).toHaveLength(1);
  });

  it('logs refusals with the reason but never the key or the signature', () => {
    const log = h.logs.join('');
    expect(log).toContain('bad signature');
    expect(log).toContain('"claimedRequestId":"refusal-test"');
    expect(log).not.toContain(KEY);
    expect(log).not.toMatch(/HM-HMAC [A-Za-z0-9+/=]{20,}/);
  });
});
