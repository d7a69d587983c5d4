import { createServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGraphDirectory } from '../../../connectors/graph/graph-directory.ts';
import { loadConfig } from '../../../config/config.ts';
import { rejection, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeEach(async () => {
  h = await startHarness({ maxRetries: 3 });
});
afterEach(() => h.close());

const simpleUpn = () => h.scenarios['guide-004-simple'].cloudUser.userPrincipalName;

describe('throttling and transient failures', () => {
  it('honours Retry-After on a 429 and then succeeds', async () => {
    h.sim.faults.enqueue({ kind: 429, retryAfterSeconds: 7, path: '/users/' });
    expect((await h.dir.getUser(simpleUpn()))?.userPrincipalName).toBe(simpleUpn());
    expect(h.sleeps).toEqual([7000]);
    expect(h.dir.http.stats.retries).toBe(1);
  });

  it('backs off exponentially on 503 / 504 without Retry-After, then succeeds', async () => {
    h.sim.faults.enqueue(
      { kind: 503, path: '/domains' },
      { kind: 504, path: '/domains' },
      { kind: 503, path: '/domains' },
    );
    expect((await h.dir.listDomains()).length).toBe(3);
    // base 500 ms doubling, jitter fixed at 0.75 by random() = 0.5
    expect(h.sleeps).toEqual([375, 750, 1500]);
  });

  it('gives up after GRAPH_MAX_RETRIES with CLOUD.THROTTLED and the last request id', async () => {
    for (let i = 0; i < 4; i++)
      h.sim.faults.enqueue({ kind: 429, retryAfterSeconds: 1, path: '/organization' });
    const e = await rejection(h.dir.getOrganizationSyncStatus());
    expect(e.code).toBe('CLOUD.THROTTLED');
    expect(e.retryable).toBe(true);
    expect(e.requestId).toBe(h.sim.faults.stats.recent.at(-1)!.requestId);
    expect(h.sleeps).toEqual([1000, 1000, 1000]);
    expect(h.sim.faults.pending).toBe(0);
  });

  it('gives up on a persistent 503 with CLOUD.UNAVAILABLE', async () => {
    for (let i = 0; i < 4; i++) h.sim.faults.enqueue({ kind: 503, path: '/organization' });
    await expect(h.dir.getOrganizationSyncStatus()).rejects.toMatchObject({
      code: 'CLOUD.UNAVAILABLE',
      retryable: true,
    });
  });

  it('retries a dropped connection, and reports CLOUD.UNAVAILABLE when it keeps dropping', async () => {
    h.sim.faults.enqueue({ kind: 'drop', path: '/organization' });
    expect((await h.dir.getOrganizationSyncStatus()).onPremisesSyncEnabled).toBe(true);
    expect(h.sleeps.length).toBe(1);
    for (let i = 0; i < 4; i++) h.sim.faults.enqueue({ kind: 'drop', path: '/organization' });
    await expect(h.dir.getOrganizationSyncStatus()).rejects.toMatchObject({ code: 'CLOUD.UNAVAILABLE' });
  });

  it('gives up on an endpoint that accepts and never answers, per attempt, instead of waiting minutes', async () => {
    // What a wedged proxy or a blocked simulator looks like: the TCP connection opens, no answer comes.
    const held: Socket[] = [];
    const silent = createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = silent.address() as AddressInfo;
      const sleeps: number[] = [];
      const dir = createGraphDirectory(
        { ...h.config, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 1 },
        undefined,
        {
          timing: {
            attemptTimeoutMs: 200,
            sleep: (ms) => {
              sleeps.push(ms);
              return Promise.resolve();
            },
          },
        },
      );
      const started = Date.now();
      const e = await rejection(dir.listDomains());
      expect(e.code).toBe('CLOUD.UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(dir.http.stats.roundTrips).toBe(2);
      expect(sleeps).toHaveLength(1);
      expect(held.length).toBeGreaterThanOrEqual(1);
    } finally {
      for (const s of held) s.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('retries only the throttled item inside a $batch, after its Retry-After', async () => {
    const s = h.scenarios['admin-role'];
    h.sim.faults.enqueue({ kind: 429, retryAfterSeconds: 3, path: '/domains', inBatch: true });
    const before = { http: h.sim.faults.stats.httpRequests, items: h.sim.faults.stats.batchItems };
    const ctx = await h.dir.getMatchContext(s.cloudUser.id, s.immutableId, {
      userPrincipalName: null,
      primarySmtp: null,
    });
    expect(ctx.domains.length).toBe(3);
    // two envelopes and the beta read of onPremisesObjectIdentifier
    expect(h.sim.faults.stats.httpRequests - before.http).toBe(3);
    // 8 items in the first envelope, only the throttled one in the second
    expect(h.sim.faults.stats.batchItems - before.items).toBe(9);
    expect(h.sleeps).toEqual([3000]);
  });

  it('a $batch item throttled beyond the budget fails as CLOUD.THROTTLED', async () => {
    const s = h.scenarios['admin-role'];
    for (let i = 0; i < 4; i++)
      h.sim.faults.enqueue({ kind: 429, retryAfterSeconds: 1, path: '/domains', inBatch: true });
    const e = await rejection(
      h.dir.getMatchContext(s.cloudUser.id, s.immutableId, { userPrincipalName: null, primarySmtp: null }),
    );
    expect(e.code).toBe('CLOUD.THROTTLED');
    expect(e.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('survives a random 30 % throttle rate on a whole conflict check', async () => {
    h.sim.faults.set({ throttleRate: 0.3, retryAfterSeconds: 1, seed: 5 });
    const dir = h.newDirectory({ maxRetries: 10 });
    const s = h.scenarios['guide-002-deleted-holder'];
    const ctx = await dir.getMatchContext(s.cloudUser.id, s.immutableId, {
      userPrincipalName: null,
      primarySmtp: null,
    });
    expect(ctx.holders.deleted.length).toBe(1);
    expect(h.sleeps.length).toBeGreaterThan(0);
  });
});

describe('authentication', () => {
  it('the simulator answers 401 InvalidAuthenticationToken without a bearer token', async () => {
    const res = await fetch(`${h.sim.url}/v1.0/users`);
    expect(res.status).toBe(401);
    const body = (await res.json()) as { error: { code: string; innerError: Record<string, string> } };
    expect(body.error.code).toBe('InvalidAuthenticationToken');
    expect(body.error.innerError['request-id']).toBe(res.headers.get('request-id'));
  });

  it('a wrong token maps to CLOUD.UNAUTHORIZED', async () => {
    const dir = h.newDirectory({ auth: { kind: 'static-token', token: 'wrong' } });
    await expect(dir.listDomains()).rejects.toMatchObject({ code: 'CLOUD.UNAUTHORIZED' });
  });

  it('refuses a static token for a non-loopback Graph URL, in config and again in the connector', () => {
    expect(() =>
      loadConfig({ GRAPH_BASE_URL: 'https://graph.microsoft.com', GRAPH_STATIC_TOKEN: 'x' }),
    ).toThrow(/GRAPH_STATIC_TOKEN/);
    expect(() =>
      createGraphDirectory({
        baseUrl: 'https://graph.microsoft.us',
        authorityHost: 'https://login.microsoftonline.us',
        maxRetries: 0,
        auth: { kind: 'static-token', token: 'x' },
      }),
    ).toThrow(expect.objectContaining({ code: 'CONFIG.INVALID' }));
  });

  it('never sends the token to a host other than the configured one (a foreign nextLink is refused)', () => {
    expect(() => h.dir.http.relative('https://evil.example/v1.0/users?$skiptoken=x')).toThrow(
      /outside the configured endpoint/,
    );
  });
});
